// Storage of credentials (metadata readable while sealed), their versions (who deposited, the
// depositor's signature) and their seals (one sealed secret per version and epoch). Every function
// runs on the caller's connection and may be called inside the caller's `db.transaction(...)`.
import type { CredentialKind, CredentialMetadataInput, CredentialView } from '../api/contract.js';
import type { VaultDb } from './db.js';

export interface CredentialRecord extends CredentialMetadataInput {
  id: string;
  createdAt: string;
  createdBy: string;
  currentVersion: number;
}

export interface CredentialVersionRecord {
  credentialId: string;
  version: number;
  /** Metadata as the depositor signed it at this version. */
  metadata: CredentialMetadataInput;
  depositEpoch: number;
  sealedHash: string;
  depositedBy: string;
  depositedAt: string;
  depositSignature: Uint8Array;
  ceremonyId: string | null;
}

interface CredentialRow {
  id: string;
  label: string;
  system: string;
  account: string;
  kind: CredentialKind;
  owner: string;
  runbook: string;
  tags_json: string;
  url: string | null;
  username: string | null;
  created_at: string;
  created_by: string;
  current_version: number;
}

interface VersionRow {
  credential_id: string;
  version: number;
  metadata_json: string;
  deposit_epoch: number;
  sealed_hash: string;
  deposited_by: string;
  deposited_at: string;
  deposit_signature: Buffer;
  ceremony_id: string | null;
}

function toCredential(row: CredentialRow): CredentialRecord {
  const record: CredentialRecord = {
    id: row.id,
    label: row.label,
    system: row.system,
    account: row.account,
    kind: row.kind,
    owner: row.owner,
    runbook: row.runbook,
    tags: JSON.parse(row.tags_json) as string[],
    createdAt: row.created_at,
    createdBy: row.created_by,
    currentVersion: row.current_version,
  };
  if (row.url !== null) record.url = row.url;
  if (row.username !== null) record.username = row.username;
  return record;
}

function toVersion(row: VersionRow): CredentialVersionRecord {
  return {
    credentialId: row.credential_id,
    version: row.version,
    metadata: JSON.parse(row.metadata_json) as CredentialMetadataInput,
    depositEpoch: row.deposit_epoch,
    sealedHash: row.sealed_hash,
    depositedBy: row.deposited_by,
    depositedAt: row.deposited_at,
    depositSignature: new Uint8Array(row.deposit_signature),
    ceremonyId: row.ceremony_id,
  };
}

/** Inserts a new credential or replaces its metadata and current version. */
export function upsertCredential(db: VaultDb, record: CredentialRecord): void {
  db.prepare(
    `INSERT INTO credentials (id, label, system, account, kind, owner, runbook, tags_json, url, username, created_at, created_by, current_version)
     VALUES (@id, @label, @system, @account, @kind, @owner, @runbook, @tags_json, @url, @username, @created_at, @created_by, @current_version)
     ON CONFLICT (id) DO UPDATE SET label = excluded.label, system = excluded.system, account = excluded.account, owner = excluded.owner,
       runbook = excluded.runbook, tags_json = excluded.tags_json, url = excluded.url, username = excluded.username, current_version = excluded.current_version`,
  ).run({
    id: record.id,
    label: record.label,
    system: record.system,
    account: record.account,
    kind: record.kind,
    owner: record.owner,
    runbook: record.runbook,
    tags_json: JSON.stringify(record.tags),
    url: record.url ?? null,
    username: record.username ?? null,
    created_at: record.createdAt,
    created_by: record.createdBy,
    current_version: record.currentVersion,
  });
}

export function getCredential(db: VaultDb, id: string): CredentialRecord | null {
  const row = db.prepare('SELECT * FROM credentials WHERE id = ?').get(id) as CredentialRow | undefined;
  return row ? toCredential(row) : null;
}

export function listCredentials(db: VaultDb): CredentialRecord[] {
  return (db.prepare('SELECT * FROM credentials ORDER BY label, id').all() as CredentialRow[]).map(toCredential);
}

export function countCredentials(db: VaultDb): number {
  return (db.prepare('SELECT count(*) AS n FROM credentials').get() as { n: number }).n;
}

export function insertCredentialVersion(db: VaultDb, record: CredentialVersionRecord): void {
  db.prepare(
    `INSERT INTO credential_versions (credential_id, version, metadata_json, deposit_epoch, sealed_hash, deposited_by, deposited_at, deposit_signature, ceremony_id)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(record.credentialId, record.version, JSON.stringify(record.metadata), record.depositEpoch, record.sealedHash, record.depositedBy, record.depositedAt, Buffer.from(record.depositSignature), record.ceremonyId);
}

export function getCredentialVersion(db: VaultDb, credentialId: string, version: number): CredentialVersionRecord | null {
  const row = db.prepare('SELECT * FROM credential_versions WHERE credential_id = ? AND version = ?').get(credentialId, version) as VersionRow | undefined;
  return row ? toVersion(row) : null;
}

export function listCredentialVersions(db: VaultDb, credentialId: string): CredentialVersionRecord[] {
  return (db.prepare('SELECT * FROM credential_versions WHERE credential_id = ? ORDER BY version').all(credentialId) as VersionRow[]).map(toVersion);
}

export function insertSeal(db: VaultDb, input: { credentialId: string; version: number; epoch: number; sealed: Uint8Array }): void {
  db.prepare('INSERT INTO credential_seals (credential_id, version, epoch, sealed) VALUES (?, ?, ?, ?)').run(input.credentialId, input.version, input.epoch, Buffer.from(input.sealed));
}

export function getSeal(db: VaultDb, credentialId: string, version: number, epoch: number): Uint8Array | null {
  const row = db.prepare('SELECT sealed FROM credential_seals WHERE credential_id = ? AND version = ? AND epoch = ?').get(credentialId, version, epoch) as { sealed: Buffer } | undefined;
  return row ? new Uint8Array(row.sealed) : null;
}

/** Lists the (credential, version) pairs sealed for one epoch. */
export function listSealedVersions(db: VaultDb, epoch: number): Array<{ credentialId: string; version: number; kind: CredentialKind }> {
  const rows = db.prepare(
    `SELECT s.credential_id, s.version, c.kind FROM credential_seals s JOIN credentials c ON c.id = s.credential_id
     WHERE s.epoch = ? ORDER BY s.credential_id, s.version`,
  ).all(epoch) as Array<{ credential_id: string; version: number; kind: CredentialKind }>;
  return rows.map((row) => ({ credentialId: row.credential_id, version: row.version, kind: row.kind }));
}

/** Returns the contract's view of a credential (metadata and version list, no secret). */
export function credentialView(db: VaultDb, id: string): CredentialView | null {
  const record = getCredential(db, id);
  if (!record) return null;
  const { createdBy: _createdBy, ...rest } = record;
  return {
    ...rest,
    versions: listCredentialVersions(db, id).map((version) => ({ version: version.version, depositedBy: version.depositedBy, depositedAt: version.depositedAt, epoch: version.depositEpoch })),
  };
}
