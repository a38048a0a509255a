// The audit log of one vault over its SQLite database: an append-only list of canonical entries
// forming an RFC 6962 Merkle tree, with a device-signed C2SP checkpoint stored for every tree size
// and custodian cosignatures per size. Invariant: `append` runs inside the caller's transaction, so
// a state change and the entry that records it commit together or not at all.
import type Database from 'better-sqlite3';
import type { EntryView } from '../api/contract.js';
import { VaultError } from '../util/errors.js';
import { equalBytes, fromBase64, toHex } from '../util/bytes.js';
import { createLogger } from '../util/logger.js';
import { verifyAct } from './act.js';
import { parseCheckpoint, signCheckpoint } from './checkpoint.js';
import type { DeviceSigner } from './checkpoint.js';
import { decodeEntry, encodeEntry, entryProblems, HEADER_ENTRY_TYPES } from './entry.js';
import type { EntryInput, LogEntry } from './entry.js';
import { genesisSignatureProblems, headerOfEntry, isCustodian, personPublicKey, preparedHeaderOfEntry, rekeyHeaderProblems } from './headers.js';
import type { VaultHeader } from './headers.js';
import { DEVICE_ACTOR, ENTRY_FORMAT_VERSION, custodianNoteName, originFor } from './labels.js';
import { leafHash, MerkleFrontier, MerkleTree } from './merkle.js';
import { parseSignatureLine, verifyNoteSignature } from './note.js';

const logger = createLogger('audit-log');

export interface AuditLogOptions {
  vaultId: string;
  /** Checkpoint origin, `breakglass-vault/<vaultId>`; also the device's signed-note key name. */
  origin: string;
  device: DeviceSigner;
  /** Clock for entry times; defaults to the system clock. */
  now?: () => Date;
}

export interface StoredCheckpoint {
  size: number;
  /** hex root hash of the tree of `size` entries. */
  rootHash: string;
  /** Signed-note text with the device signature. */
  note: string;
}

export interface AppendResult {
  index: number;
  /** hex RFC 6962 leaf hash of the entry bytes. */
  leafHash: string;
  checkpoint: StoredCheckpoint;
}

export interface StoredEntry {
  index: number;
  entry: LogEntry;
  /** hex leaf hash as stored. */
  leafHash: string;
}

export interface ListEntriesOptions {
  ceremony?: string;
  type?: string;
  /** First index to return. */
  from?: number;
  limit?: number;
}

interface EntryRow {
  idx: number;
  entry: Uint8Array;
  leaf_hash: Uint8Array;
}

interface CheckpointRow {
  size: number;
  root_hash: Uint8Array;
  note: string;
}

const HEADER_TYPES_SQL = HEADER_ENTRY_TYPES.map((type) => `'${type}'`).join(', ');
const DEFAULT_LIST_LIMIT = 1000;

export class AuditLog {
  readonly vaultId: string;
  readonly origin: string;
  private readonly device: DeviceSigner;
  private readonly now: () => Date;
  private readonly statements;
  private headerCache: { index: number; leaf: Uint8Array; header: VaultHeader } | null = null;

  constructor(
    private readonly db: Database.Database,
    options: AuditLogOptions,
  ) {
    if (options.origin !== originFor(options.vaultId)) {
      throw new VaultError('invalid-input', `checkpoint origin "${options.origin}" must be "${originFor(options.vaultId)}"`);
    }
    if (options.device.name !== options.origin) {
      throw new VaultError('invalid-input', `device signer name "${options.device.name}" must equal the checkpoint origin "${options.origin}"`);
    }
    this.vaultId = options.vaultId;
    this.origin = options.origin;
    this.device = options.device;
    this.now = options.now ?? (() => new Date());
    this.statements = {
      state: db.prepare<[], { size: number; frontier: Uint8Array }>('SELECT size, frontier FROM log_state WHERE id = 1'),
      maxIndex: db.prepare<[], { n: number | null }>('SELECT MAX(idx) AS n FROM log_entries'),
      time: db.prepare<[number], { time: string }>('SELECT time FROM log_entries WHERE idx = ?'),
      entry: db.prepare<[number], EntryRow>('SELECT idx, entry, leaf_hash FROM log_entries WHERE idx = ?'),
      lastHeaderEntry: db.prepare<[number], EntryRow>(`SELECT idx, entry, leaf_hash FROM log_entries WHERE type IN (${HEADER_TYPES_SQL}) AND idx < ? ORDER BY idx DESC LIMIT 1`),
      insertEntry: db.prepare('INSERT INTO log_entries (idx, type, time, actor, ceremony, entry, leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?)'),
      saveState: db.prepare('INSERT INTO log_state (id, size, frontier) VALUES (1, ?, ?) ON CONFLICT (id) DO UPDATE SET size = excluded.size, frontier = excluded.frontier'),
      insertCheckpoint: db.prepare('INSERT INTO log_checkpoints (size, root_hash, note) VALUES (?, ?, ?)'),
      checkpoint: db.prepare<[number], CheckpointRow>('SELECT size, root_hash, note FROM log_checkpoints WHERE size = ?'),
      latestCheckpoint: db.prepare<[], CheckpointRow>('SELECT size, root_hash, note FROM log_checkpoints ORDER BY size DESC LIMIT 1'),
      leafHashes: db.prepare<[number], { leaf_hash: Uint8Array }>('SELECT leaf_hash FROM log_entries WHERE idx < ? ORDER BY idx'),
      cosignature: db.prepare<[number, string], { line: string }>('SELECT line FROM log_cosignatures WHERE size = ? AND name = ?'),
      insertCosignature: db.prepare('INSERT INTO log_cosignatures (size, name, line) VALUES (?, ?, ?)'),
      cosignatures: db.prepare<[number], { line: string }>('SELECT line FROM log_cosignatures WHERE size = ? ORDER BY name'),
    };
  }

  /** Number of entries. */
  size(): number {
    return this.readFrontier().size;
  }

  /**
   * Appends one entry, its leaf, the new Merkle frontier and a device-signed checkpoint. Call it
   * inside your own `db.transaction(...)`, together with the state change the entry records. It
   * writes under a savepoint of its own, so a failure leaves nothing half-written. Person acts
   * must carry a valid signature by a person of the header in force (see `signAct`). Requires
   * `loadSodium()` to have completed. Throws VaultError: 'wrong-state' outside a transaction,
   * 'invalid-input' for a malformed entry, 'signature-invalid' or 'not-permitted' for a bad signer.
   */
  append(input: EntryInput): AppendResult {
    if (!this.db.inTransaction) {
      throw new VaultError('wrong-state', `audit entry ${input.type} must be appended inside the transaction that makes the change it records`);
    }
    const index = this.size();
    const previousTime = index > 0 ? (this.statements.time.get(index - 1)?.time ?? null) : null;
    const entry: LogEntry = {
      v: ENTRY_FORMAT_VERSION,
      type: input.type,
      time: this.now().toISOString(),
      actor: input.actor,
      ceremony: input.ceremony,
      data: input.data,
      sig: input.sig,
    };

    // Step 1: the entry must be well formed and signed by someone the header in force lists.
    const problems = entryProblems(entry);
    if (problems.length > 0) throw new VaultError('invalid-input', `audit entry ${entry.type} at index ${index} rejected: ${problems.map((problem) => problem.message).join('; ')}`);
    this.checkAuthority(entry, index);
    if (previousTime !== null && entry.time < previousTime) {
      logger.warn('entry time is before the previous entry (clock went backwards); recording it anyway', { index, type: entry.type });
    }

    // Step 2: leaf, frontier and checkpoint, written together under one savepoint.
    const bytes = encodeEntry(entry);
    const leaf = leafHash(bytes);
    const write = this.db.transaction((): StoredCheckpoint => {
      const frontier = this.readFrontier();
      if (frontier.size !== index) throw new VaultError('corrupt-vault', `audit log size changed during append at index ${index}`);
      frontier.append(leaf);
      const root = frontier.root();
      this.statements.insertEntry.run(index, entry.type, entry.time, entry.actor, entry.ceremony, bytes, leaf);
      this.statements.saveState.run(frontier.size, frontier.serialize());
      const note = signCheckpoint(this.device, this.origin, frontier.size, root);
      this.statements.insertCheckpoint.run(frontier.size, root, note);
      return { size: frontier.size, rootHash: toHex(root), note };
    });
    const checkpoint = write();
    logger.debug('entry appended', { index, type: entry.type });
    return { index, leafHash: toHex(leaf), checkpoint };
  }

  getEntry(index: number): StoredEntry | null {
    if (!Number.isSafeInteger(index) || index < 0) return null;
    return this.readEntryAt(index);
  }

  listEntries(options: ListEntriesOptions = {}): StoredEntry[] {
    const clauses = ['idx >= ?'];
    const params: Array<string | number> = [options.from ?? 0];
    if (options.ceremony !== undefined) {
      clauses.push('ceremony = ?');
      params.push(options.ceremony);
    }
    if (options.type !== undefined) {
      clauses.push('type = ?');
      params.push(options.type);
    }
    params.push(options.limit ?? DEFAULT_LIST_LIMIT);
    const rows = this.db.prepare<Array<string | number>, EntryRow>(`SELECT idx, entry, leaf_hash FROM log_entries WHERE ${clauses.join(' AND ')} ORDER BY idx LIMIT ?`).all(...params);
    return rows.map((row) => this.decodeRow(row));
  }

  latestCheckpoint(): StoredCheckpoint | null {
    const row = this.statements.latestCheckpoint.get();
    return row ? { size: row.size, rootHash: toHex(row.root_hash), note: row.note } : null;
  }

  checkpointAt(size: number): StoredCheckpoint | null {
    const row = this.statements.checkpoint.get(size);
    return row ? { size: row.size, rootHash: toHex(row.root_hash), note: row.note } : null;
  }

  /**
   * Stores a custodian's cosignature line for the checkpoint of `size` after checking it: the key
   * name must be `breakglass-vault/<vaultId>/custodian/<personId>` of a custodian in the header in
   * force at that size, and the signature must verify over that checkpoint. Storing the same line
   * twice is a no-op. Throws VaultError('signature-invalid', 'not-found' or 'not-permitted').
   */
  addCosignature(size: number, line: string): void {
    const checkpoint = this.checkpointAt(size);
    if (!checkpoint) throw new VaultError('not-found', `no checkpoint of tree size ${size} to cosign`);
    let signature;
    try {
      signature = parseSignatureLine(line);
    } catch (error) {
      throw new VaultError('signature-invalid', `cosignature for tree size ${size} is malformed: ${(error as Error).message}`);
    }
    const prefix = custodianNoteName(this.vaultId, '');
    const personId = signature.name.startsWith(prefix) ? signature.name.slice(prefix.length) : '';
    const header = this.headerBefore(size);
    const person = header?.people.find((candidate) => candidate.id === personId);
    if (!person || !isCustodian(person)) {
      throw new VaultError('not-permitted', `cosignature key "${signature.name}" does not name a custodian of this vault`);
    }
    const body = parseCheckpoint(checkpoint.note).note.body;
    if (!verifyNoteSignature(body, signature, { name: signature.name, publicKey: personPublicKey(person) })) {
      throw new VaultError('signature-invalid', `cosignature of ${personId} does not verify over the checkpoint of tree size ${size}`);
    }
    const existing = this.statements.cosignature.get(size, signature.name);
    if (existing?.line === line) return;
    if (existing) throw new VaultError('invalid-input', `custodian ${personId} already cosigned tree size ${size} with a different signature`);
    this.statements.insertCosignature.run(size, signature.name, line);
  }

  /** Signature lines of custodians over the checkpoint of `size`, ordered by key name. */
  cosignatures(size: number): string[] {
    return this.statements.cosignatures.all(size).map((row) => row.line);
  }

  /** RFC 9162 inclusion proof of entry `index` in the tree of `size` entries. */
  inclusionProof(index: number, size: number): Uint8Array[] {
    return this.treeOf(size).inclusionProof(index, size);
  }

  /** RFC 9162 consistency proof from the tree of `size1` entries to the tree of `size2`. */
  consistencyProof(size1: number, size2: number): Uint8Array[] {
    return this.treeOf(size2).consistencyProof(size1, size2);
  }

  /** Root hash of the tree of `size` entries, recomputed from the stored leaf hashes. */
  rootAt(size: number): Uint8Array {
    return this.treeOf(size).root(size);
  }

  /** Header in force for the entry at `index` (that of the last header entry before it), or null. */
  headerBefore(index: number): VaultHeader | null {
    const row = this.statements.lastHeaderEntry.get(index);
    if (!row) return null;
    if (this.headerCache && this.headerCache.index === row.idx && equalBytes(this.headerCache.leaf, row.leaf_hash)) return this.headerCache.header;
    const header = headerOfEntry(this.decodeRow(row).entry);
    if (!header) return null;
    this.headerCache = { index: row.idx, leaf: row.leaf_hash, header };
    return header;
  }

  /** Header in force after the last entry, or null before genesis. */
  currentHeader(): VaultHeader | null {
    return this.headerBefore(this.size());
  }

  private treeOf(size: number): MerkleTree {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size()) {
      throw new VaultError('invalid-input', `tree size ${size} is outside the log (size ${this.size()})`);
    }
    const leaves = this.statements.leafHashes.all(size).map((row) => row.leaf_hash);
    if (leaves.length !== size) throw new VaultError('corrupt-vault', `audit log is missing entries below index ${size}; run log verify`);
    return new MerkleTree(leaves);
  }

  private readFrontier(): MerkleFrontier {
    const row = this.statements.state.get();
    const maxIndex = this.statements.maxIndex.get()?.n ?? null;
    const entries = maxIndex === null ? 0 : maxIndex + 1;
    if (!row) {
      if (entries !== 0) throw new VaultError('corrupt-vault', 'audit log has entries but no Merkle state; run log verify and restore the vault file from a backup');
      return MerkleFrontier.empty();
    }
    if (row.size !== entries) {
      throw new VaultError('corrupt-vault', `audit log Merkle state is for ${row.size} entries but the log holds ${entries}; run log verify`);
    }
    try {
      return MerkleFrontier.deserialize(row.size, row.frontier);
    } catch (error) {
      throw new VaultError('corrupt-vault', `audit log Merkle state is damaged: ${(error as Error).message}; run log verify`);
    }
  }

  private readEntryAt(index: number): StoredEntry | null {
    const row = this.statements.entry.get(index);
    return row ? this.decodeRow(row) : null;
  }

  private decodeRow(row: EntryRow): StoredEntry {
    try {
      return { index: row.idx, entry: decodeEntry(row.entry), leafHash: toHex(row.leaf_hash) };
    } catch (error) {
      throw new VaultError('corrupt-vault', `audit entry ${row.idx} is damaged (${(error as Error).message}); run log verify`);
    }
  }

  // Checks who may write the entry: the genesis entry opens the log, and every person act is signed
  // by a person of the header in force.
  private checkAuthority(entry: LogEntry, index: number): void {
    const header = index > 0 ? this.headerBefore(index) : null;
    if (index === 0 || entry.type === 'vault.genesis') {
      if (index !== 0 || entry.type !== 'vault.genesis') throw new VaultError('wrong-state', `the first audit entry must be vault.genesis (got ${entry.type} at index ${index})`);
      this.checkGenesis(entry);
      return;
    }
    if (!header) throw new VaultError('corrupt-vault', 'audit log has no genesis header; run log verify');
    if (entry.type === 'rekey.activated') {
      const next = this.parseHeaderOf(entry, index);
      const problems = rekeyHeaderProblems(header, next);
      if (problems.length > 0) throw new VaultError('invalid-input', `rekey.activated at index ${index} rejected: ${problems.join('; ')}`);
    }
    if (entry.actor === DEVICE_ACTOR) return;

    // A rekey confirmation is signed with the new kit's key, listed by the prepared next header.
    const signerHeader = entry.type === 'rekey.confirmed' ? this.preparedHeaderFor(entry, index) : header;
    const person = signerHeader.people.find((candidate) => candidate.id === entry.actor);
    if (!person) {
      throw new VaultError('not-permitted', `${entry.actor} is not a person of vault epoch ${header.epoch}, so their ${entry.type} cannot be logged`);
    }
    if (!verifyAct(this.vaultId, entry, entry.sig ?? '', personPublicKey(person))) {
      throw new VaultError('signature-invalid', `signature of ${entry.actor} on ${entry.type} does not verify; sign the act with the key of the kit in use`);
    }
  }

  private preparedHeaderFor(entry: LogEntry, index: number): VaultHeader {
    for (const stored of this.listEntries({ type: 'rekey.prepared', ...(entry.ceremony ? { ceremony: entry.ceremony } : {}) }).reverse()) {
      if (stored.index >= index) continue;
      const prepared = preparedHeaderOfEntry(stored.entry);
      if (prepared && prepared.epoch === entry.data['newEpoch']) return prepared;
    }
    throw new VaultError('not-permitted', `rekey.confirmed at index ${index} names no prepared epoch ${String(entry.data['newEpoch'])} of ceremony ${entry.ceremony ?? 'none'}`);
  }

  private checkGenesis(entry: LogEntry): void {
    const header = this.parseHeaderOf(entry, 0);
    if (header.vaultId !== this.vaultId) throw new VaultError('invalid-input', `genesis header is for vault ${header.vaultId}, not ${this.vaultId}`);
    if (!equalBytes(fromBase64(header.devicePublicKey, 'device public key'), this.device.publicKey)) {
      throw new VaultError('invalid-input', 'genesis header names a device public key other than the signer of this log');
    }
    const problems = genesisSignatureProblems(header, entry.data['genesisSignatures']);
    if (problems.length > 0) throw new VaultError('signature-invalid', `genesis entry rejected: ${problems.join('; ')}`);
  }

  private parseHeaderOf(entry: LogEntry, index: number): VaultHeader {
    try {
      const header = headerOfEntry(entry);
      if (header) return header;
    } catch (error) {
      throw new VaultError('invalid-input', `${entry.type} at index ${index} carries an invalid header: ${(error as Error).message}`);
    }
    throw new VaultError('invalid-input', `${entry.type} at index ${index} carries no header`);
  }
}

/** Converts a stored entry to the API's EntryView. */
export function toEntryView(stored: StoredEntry): EntryView {
  const { entry } = stored;
  return { index: stored.index, type: entry.type, time: entry.time, actor: entry.actor, ceremony: entry.ceremony, data: entry.data, signed: entry.sig !== null };
}
