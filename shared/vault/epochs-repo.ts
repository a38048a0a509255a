// Storage of vault epochs (header, header MAC, encrypted vault secret key, status) and of the
// genesis signatures. Every function runs on the caller's connection and may be called inside the
// caller's `db.transaction(...)`; the multi-statement ones open a nested transaction (a savepoint).
import { VaultError } from '../util/errors.js';
import type { VaultDb } from './db.js';
import { headerBytes, headerHash, parseHeaderJson, type VaultHeader } from './header.js';

export type EpochStatus = 'active' | 'pending' | 'retired';

export interface EpochRecord {
  epoch: number;
  header: VaultHeader;
  headerMac: Uint8Array;
  headerHash: string;
  /** null once the epoch is retired (the key is erased so retired kits open nothing). */
  encryptedVaultSecretKey: Uint8Array | null;
  status: EpochStatus;
  createdAt: string;
  activatedAt: string | null;
  retiredAt: string | null;
}

export interface VaultMeta {
  vaultId: string;
  name: string;
  createdAt: string;
}

interface EpochRow {
  epoch: number;
  header_json: string;
  header_mac: Buffer;
  header_hash: string;
  encrypted_vault_secret_key: Buffer | null;
  status: EpochStatus;
  created_at: string;
  activated_at: string | null;
  retired_at: string | null;
}

function toRecord(row: EpochRow): EpochRecord {
  const header = parseHeaderJson(row.header_json);
  if (header.epoch !== row.epoch || headerHash(header) !== row.header_hash) {
    throw new VaultError('corrupt-vault', `stored header of epoch ${row.epoch} does not match its epoch number or hash; restore the vault file from a backup`);
  }
  return {
    epoch: row.epoch,
    header,
    headerMac: new Uint8Array(row.header_mac),
    headerHash: row.header_hash,
    encryptedVaultSecretKey: row.encrypted_vault_secret_key ? new Uint8Array(row.encrypted_vault_secret_key) : null,
    status: row.status,
    createdAt: row.created_at,
    activatedAt: row.activated_at,
    retiredAt: row.retired_at,
  };
}

/** Stores the vault id, name and creation time (once, at creation). */
export function insertVaultMeta(db: VaultDb, meta: VaultMeta): void {
  const insert = db.prepare('INSERT INTO vault_meta (key, value) VALUES (?, ?)');
  db.transaction(() => {
    insert.run('vault_id', meta.vaultId);
    insert.run('name', meta.name);
    insert.run('created_at', meta.createdAt);
  })();
}

/** Returns the vault's id, name and creation time, or null in a file created but not yet set up. */
export function getVaultMeta(db: VaultDb): VaultMeta | null {
  const rows = db.prepare('SELECT key, value FROM vault_meta').all() as Array<{ key: string; value: string }>;
  const values = new Map(rows.map((row) => [row.key, row.value]));
  const vaultId = values.get('vault_id');
  if (vaultId === undefined) return null;
  return { vaultId, name: values.get('name') ?? '', createdAt: values.get('created_at') ?? '' };
}

/** Stores an epoch. Its header is written as canonical JSON, so the stored text is exactly what the MAC covers. */
export function insertEpoch(
  db: VaultDb,
  input: { header: VaultHeader; headerMac: Uint8Array; encryptedVaultSecretKey: Uint8Array; status: Exclude<EpochStatus, 'retired'>; createdAt?: string },
): void {
  const createdAt = input.createdAt ?? new Date().toISOString();
  const existing = db.prepare('SELECT epoch, status FROM epochs WHERE epoch = ? OR status = ?').get(input.header.epoch, input.status) as { epoch: number; status: EpochStatus } | undefined;
  if (existing) {
    throw new VaultError('wrong-state', existing.epoch === input.header.epoch
      ? `epoch ${input.header.epoch} is already stored in this vault file`
      : `epoch ${existing.epoch} is already ${existing.status}; finish or abandon it before storing epoch ${input.header.epoch} as ${input.status}`);
  }
  db.prepare(
    `INSERT INTO epochs (epoch, header_json, header_mac, header_hash, encrypted_vault_secret_key, status, created_at, activated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    input.header.epoch,
    new TextDecoder().decode(headerBytes(input.header)),
    Buffer.from(input.headerMac),
    headerHash(input.header),
    Buffer.from(input.encryptedVaultSecretKey),
    input.status,
    createdAt,
    input.status === 'active' ? createdAt : null,
  );
}

export function getEpoch(db: VaultDb, epoch: number): EpochRecord | null {
  const row = db.prepare('SELECT * FROM epochs WHERE epoch = ?').get(epoch) as EpochRow | undefined;
  return row ? toRecord(row) : null;
}

/** Returns the active epoch; throws VaultError('not-found') in a file with no active epoch. */
export function getActiveEpoch(db: VaultDb): EpochRecord {
  const row = db.prepare("SELECT * FROM epochs WHERE status = 'active'").get() as EpochRow | undefined;
  if (!row) throw new VaultError('not-found', 'this vault file has no active epoch: its setup was not finished; run the setup again');
  return toRecord(row);
}

/** Returns the epoch of a rekey waiting for kit confirmations, or null. */
export function getPendingEpoch(db: VaultDb): EpochRecord | null {
  const row = db.prepare("SELECT * FROM epochs WHERE status = 'pending'").get() as EpochRow | undefined;
  return row ? toRecord(row) : null;
}

export function listEpochs(db: VaultDb): EpochRecord[] {
  return (db.prepare('SELECT * FROM epochs ORDER BY epoch').all() as EpochRow[]).map(toRecord);
}

/**
 * Makes a pending epoch active and retires the previously active one: its encrypted vault secret
 * key and its credential seals are erased, so the old kits rebuild a key that opens nothing.
 */
export function activateEpoch(db: VaultDb, epoch: number, at: string = new Date().toISOString()): void {
  db.transaction(() => {
    const pending = db.prepare("SELECT epoch FROM epochs WHERE epoch = ? AND status = 'pending'").get(epoch);
    if (!pending) throw new VaultError('wrong-state', `epoch ${epoch} is not a pending rekey, so it cannot be activated`);
    const active = db.prepare("SELECT epoch FROM epochs WHERE status = 'active'").get() as { epoch: number } | undefined;
    if (active) {
      const missing = db.prepare(
        `SELECT count(*) AS n FROM credential_seals old WHERE old.epoch = ? AND NOT EXISTS
           (SELECT 1 FROM credential_seals new WHERE new.epoch = ? AND new.credential_id = old.credential_id AND new.version = old.version)`,
      ).get(active.epoch, epoch) as { n: number };
      if (missing.n > 0) throw new VaultError('wrong-state', `${missing.n} credential versions are not yet re-sealed for epoch ${epoch}; re-seal them before activating`);
      db.prepare('DELETE FROM credential_seals WHERE epoch = ?').run(active.epoch);
      db.prepare("UPDATE epochs SET status = 'retired', retired_at = ?, encrypted_vault_secret_key = NULL WHERE epoch = ?").run(at, active.epoch);
    }
    db.prepare("UPDATE epochs SET status = 'active', activated_at = ? WHERE epoch = ?").run(at, epoch);
  })();
}

/** Deletes a pending epoch (an abandoned rekey) with its seals and signatures. */
export function deletePendingEpoch(db: VaultDb, epoch: number): void {
  db.transaction(() => {
    const deleted = db.prepare("DELETE FROM epochs WHERE epoch = ? AND status = 'pending'").run(epoch);
    if (deleted.changes !== 1) throw new VaultError('wrong-state', `epoch ${epoch} is not a pending rekey, so it cannot be abandoned`);
  })();
}

export interface GenesisSignature {
  epoch: number;
  personId: string;
  signature: Uint8Array;
  signedAt: string;
}

export function insertGenesisSignature(db: VaultDb, input: GenesisSignature): void {
  db.prepare('INSERT INTO genesis_signatures (epoch, person_id, signature, signed_at) VALUES (?, ?, ?, ?)').run(input.epoch, input.personId, Buffer.from(input.signature), input.signedAt);
}

export function listGenesisSignatures(db: VaultDb, epoch: number): GenesisSignature[] {
  const rows = db.prepare('SELECT epoch, person_id, signature, signed_at FROM genesis_signatures WHERE epoch = ? ORDER BY person_id').all(epoch) as Array<{ epoch: number; person_id: string; signature: Buffer; signed_at: string }>;
  return rows.map((row) => ({ epoch: row.epoch, personId: row.person_id, signature: new Uint8Array(row.signature), signedAt: row.signed_at }));
}
