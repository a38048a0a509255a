// Row access for the service: epochs, credentials and ceremonies, over the tables of
// shared/vault/migrations.ts and shared/ceremony/schema.ts. Callers run writes inside a
// transaction together with the audit-log entry that records them.
import type { CeremonyKind, CeremonyState, CredentialMetadataInput, CredentialView, RequestInput } from '../api/contract.js';
import type { VaultDb } from '../vault/db.js';
import { parseHeaderJson, type VaultHeader } from '../vault/header.js';

export interface EpochRecord {
  epoch: number;
  header: VaultHeader;
  headerMac: Uint8Array;
  headerHash: string;
  encryptedVaultSecretKey: Uint8Array;
  status: 'active' | 'pending' | 'retired';
}

interface EpochRow {
  epoch: number;
  header_json: string;
  header_mac: Uint8Array;
  header_hash: string;
  encrypted_vault_secret_key: Uint8Array | null;
  status: EpochRecord['status'];
}

function toEpoch(row: EpochRow | undefined): EpochRecord | null {
  if (!row) return null;
  return {
    epoch: row.epoch,
    header: parseHeaderJson(row.header_json),
    headerMac: new Uint8Array(row.header_mac),
    headerHash: row.header_hash,
    encryptedVaultSecretKey: new Uint8Array(row.encrypted_vault_secret_key ?? new Uint8Array()),
    status: row.status,
  };
}

export function epochByStatus(db: VaultDb, status: EpochRecord['status']): EpochRecord | null {
  return toEpoch(db.prepare<[string], EpochRow>('SELECT * FROM epochs WHERE status = ? ORDER BY epoch DESC LIMIT 1').get(status));
}

export function insertEpoch(db: VaultDb, record: EpochRecord, at: string): void {
  db.prepare('INSERT INTO epochs (epoch, header_json, header_mac, header_hash, encrypted_vault_secret_key, status, created_at, activated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    record.epoch,
    JSON.stringify(record.header),
    record.headerMac,
    record.headerHash,
    record.encryptedVaultSecretKey,
    record.status,
    at,
    record.status === 'active' ? at : null,
  );
}

export function setEpochStatus(db: VaultDb, epoch: number, status: EpochRecord['status'], at: string): void {
  if (status === 'active') db.prepare('UPDATE epochs SET status = ?, activated_at = ? WHERE epoch = ?').run(status, at, epoch);
  else if (status === 'retired') db.prepare('UPDATE epochs SET status = ?, retired_at = ?, encrypted_vault_secret_key = NULL WHERE epoch = ?').run(status, at, epoch);
  else db.prepare('UPDATE epochs SET status = ? WHERE epoch = ?').run(status, epoch);
}

export function deleteEpoch(db: VaultDb, epoch: number): void {
  db.prepare('DELETE FROM credential_seals WHERE epoch = ?').run(epoch);
  db.prepare('DELETE FROM epochs WHERE epoch = ?').run(epoch);
}

export function insertGenesisSignature(db: VaultDb, epoch: number, personId: string, signature: Uint8Array, at: string): void {
  db.prepare('INSERT INTO genesis_signatures (epoch, person_id, signature, signed_at) VALUES (?, ?, ?, ?)').run(epoch, personId, signature, at);
}

// ---------- credentials ----------

interface CredentialRow {
  id: string;
  label: string;
  system: string;
  account: string;
  kind: CredentialView['kind'];
  owner: string;
  runbook: string;
  tags_json: string;
  url: string | null;
  username: string | null;
  created_at: string;
  created_by: string;
  current_version: number;
}

export function listCredentials(db: VaultDb): CredentialView[] {
  const rows = db.prepare<[], CredentialRow>('SELECT * FROM credentials ORDER BY label COLLATE NOCASE, id').all();
  const versions = db.prepare<[string], { version: number; deposited_by: string; deposited_at: string; deposit_epoch: number }>(
    'SELECT version, deposited_by, deposited_at, deposit_epoch FROM credential_versions WHERE credential_id = ? ORDER BY version',
  );
  return rows.map((row) => ({
    id: row.id,
    label: row.label,
    system: row.system,
    account: row.account,
    kind: row.kind,
    owner: row.owner,
    runbook: row.runbook,
    tags: JSON.parse(row.tags_json) as string[],
    ...(row.url !== null ? { url: row.url } : {}),
    ...(row.username !== null ? { username: row.username } : {}),
    currentVersion: row.current_version,
    createdAt: row.created_at,
    versions: versions.all(row.id).map((v) => ({ version: v.version, depositedBy: v.deposited_by, depositedAt: v.deposited_at, epoch: v.deposit_epoch })),
  }));
}

export function getCredential(db: VaultDb, id: string): CredentialView | null {
  return listCredentials(db).find((credential) => credential.id === id) ?? null;
}

export function insertCredential(db: VaultDb, id: string, metadata: CredentialMetadataInput, at: string, by: string): void {
  db.prepare('INSERT INTO credentials (id, label, system, account, kind, owner, runbook, tags_json, url, username, created_at, created_by, current_version) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1)').run(
    id, metadata.label, metadata.system, metadata.account, metadata.kind, metadata.owner, metadata.runbook, JSON.stringify(metadata.tags), metadata.url ?? null, metadata.username ?? null, at, by,
  );
}

export interface VersionInsert {
  credentialId: string;
  version: number;
  metadata: CredentialMetadataInput;
  epoch: number;
  sealed: Uint8Array;
  sealedHash: string;
  depositedBy: string;
  depositedAt: string;
  signature: Uint8Array;
  ceremonyId: string | null;
}

export function insertVersion(db: VaultDb, row: VersionInsert): void {
  db.prepare('INSERT INTO credential_versions (credential_id, version, metadata_json, deposit_epoch, sealed_hash, deposited_by, deposited_at, deposit_signature, ceremony_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    row.credentialId, row.version, JSON.stringify(row.metadata), row.epoch, row.sealedHash, row.depositedBy, row.depositedAt, row.signature, row.ceremonyId,
  );
  db.prepare('INSERT INTO credential_seals (credential_id, version, epoch, sealed) VALUES (?, ?, ?, ?)').run(row.credentialId, row.version, row.epoch, row.sealed);
  db.prepare('UPDATE credentials SET current_version = MAX(current_version, ?) WHERE id = ?').run(row.version, row.credentialId);
}

export function getSeal(db: VaultDb, credentialId: string, version: number, epoch: number): Uint8Array | null {
  const row = db.prepare<[string, number, number], { sealed: Uint8Array }>('SELECT sealed FROM credential_seals WHERE credential_id = ? AND version = ? AND epoch = ?').get(credentialId, version, epoch);
  return row ? new Uint8Array(row.sealed) : null;
}

export function sealsOfEpoch(db: VaultDb, epoch: number): Array<{ credentialId: string; version: number; kind: CredentialView['kind']; sealed: Uint8Array }> {
  return db.prepare<[number], { credential_id: string; version: number; kind: CredentialView['kind']; sealed: Uint8Array }>(
    'SELECT s.credential_id, s.version, c.kind, s.sealed FROM credential_seals s JOIN credentials c ON c.id = s.credential_id WHERE s.epoch = ? ORDER BY s.credential_id, s.version',
  ).all(epoch).map((row) => ({ credentialId: row.credential_id, version: row.version, kind: row.kind, sealed: new Uint8Array(row.sealed) }));
}

export function insertSeal(db: VaultDb, credentialId: string, version: number, epoch: number, sealed: Uint8Array): void {
  db.prepare('INSERT INTO credential_seals (credential_id, version, epoch, sealed) VALUES (?, ?, ?, ?)').run(credentialId, version, epoch, sealed);
}

// ---------- ceremonies ----------

export interface CeremonyRecord {
  id: string;
  kind: CeremonyKind;
  state: CeremonyState;
  epoch: number;
  requestedBy: string;
  requestedAt: string;
  request: RequestInput;
  requestHash: string;
  sessionPublicKey: Uint8Array;
  unsealedAt: string | null;
  deadline: string | null;
  sealedAt: string | null;
  closedAt: string | null;
}

interface CeremonyRow {
  id: string;
  kind: CeremonyKind;
  state: CeremonyState;
  epoch: number;
  requested_by: string;
  requested_at: string;
  request_json: string;
  request_hash: string;
  session_public_key: Uint8Array;
  unsealed_at: string | null;
  deadline: string | null;
  sealed_at: string | null;
  closed_at: string | null;
}

function toCeremony(row: CeremonyRow): CeremonyRecord {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    epoch: row.epoch,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    request: JSON.parse(row.request_json) as RequestInput,
    requestHash: row.request_hash,
    sessionPublicKey: new Uint8Array(row.session_public_key),
    unsealedAt: row.unsealed_at,
    deadline: row.deadline,
    sealedAt: row.sealed_at,
    closedAt: row.closed_at,
  };
}

export function getCeremony(db: VaultDb, id: string): CeremonyRecord | null {
  const row = db.prepare<[string], CeremonyRow>('SELECT * FROM ceremonies WHERE id = ?').get(id);
  return row ? toCeremony(row) : null;
}

export function listCeremonies(db: VaultDb): CeremonyRecord[] {
  return db.prepare<[], CeremonyRow>('SELECT * FROM ceremonies ORDER BY requested_at DESC, id').all().map(toCeremony);
}

export function insertCeremony(db: VaultDb, record: CeremonyRecord): void {
  db.prepare('INSERT INTO ceremonies (id, kind, state, epoch, requested_by, requested_at, request_json, request_hash, session_public_key) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
    record.id, record.kind, record.state, record.epoch, record.requestedBy, record.requestedAt, JSON.stringify(record.request), record.requestHash, record.sessionPublicKey,
  );
}

export function updateCeremony(db: VaultDb, id: string, fields: Partial<Pick<CeremonyRecord, 'state' | 'request' | 'requestHash' | 'unsealedAt' | 'deadline' | 'sealedAt' | 'closedAt'>>): void {
  const columns: Record<string, string> = { state: 'state', request: 'request_json', requestHash: 'request_hash', unsealedAt: 'unsealed_at', deadline: 'deadline', sealedAt: 'sealed_at', closedAt: 'closed_at' };
  for (const [key, value] of Object.entries(fields)) {
    const column = columns[key];
    if (!column) continue;
    db.prepare(`UPDATE ceremonies SET ${column} = ? WHERE id = ?`).run(key === 'request' ? JSON.stringify(value) : (value as string | null), id);
  }
}

export interface ApprovalRecord {
  custodianId: string;
  function: string;
  requestHash: string;
  at: string;
  logIndex: number;
  voided: boolean;
}

export function approvalsOf(db: VaultDb, ceremonyId: string): ApprovalRecord[] {
  return db.prepare<[string], { custodian_id: string; function: string; request_hash: string; at: string; log_index: number; voided: number }>(
    'SELECT custodian_id, function, request_hash, at, log_index, voided FROM ceremony_approvals WHERE ceremony_id = ? ORDER BY log_index',
  ).all(ceremonyId).map((row) => ({ custodianId: row.custodian_id, function: row.function, requestHash: row.request_hash, at: row.at, logIndex: row.log_index, voided: row.voided === 1 }));
}

export function insertApproval(db: VaultDb, ceremonyId: string, approval: Omit<ApprovalRecord, 'voided'>): void {
  db.prepare('INSERT INTO ceremony_approvals (ceremony_id, custodian_id, function, request_hash, at, log_index) VALUES (?, ?, ?, ?, ?, ?)').run(
    ceremonyId, approval.custodianId, approval.function, approval.requestHash, approval.at, approval.logIndex,
  );
}

export function voidApprovals(db: VaultDb, ceremonyId: string): void {
  db.prepare('UPDATE ceremony_approvals SET voided = 1 WHERE ceremony_id = ?').run(ceremonyId);
  deleteSessionShares(db, ceremonyId);
}

export function insertSessionShare(db: VaultDb, ceremonyId: string, custodianId: string, sealed: Uint8Array): void {
  db.prepare('INSERT INTO ceremony_shares (ceremony_id, custodian_id, sealed_share) VALUES (?, ?, ?)').run(ceremonyId, custodianId, sealed);
}

export function sessionSharesOf(db: VaultDb, ceremonyId: string): Array<{ custodianId: string; sealed: Uint8Array }> {
  return db.prepare<[string], { custodian_id: string; sealed_share: Uint8Array }>('SELECT custodian_id, sealed_share FROM ceremony_shares WHERE ceremony_id = ? ORDER BY rowid')
    .all(ceremonyId).map((row) => ({ custodianId: row.custodian_id, sealed: new Uint8Array(row.sealed_share) }));
}

export function deleteSessionShares(db: VaultDb, ceremonyId: string): void {
  db.prepare('DELETE FROM ceremony_shares WHERE ceremony_id = ?').run(ceremonyId);
}

export interface RevealRecord { credentialId: string; version: number; mode: 'show' | 'copy'; by: string; at: string; logIndex: number }

export function revealsOf(db: VaultDb, ceremonyId: string): RevealRecord[] {
  return db.prepare<[string], { credential_id: string; version: number; mode: 'show' | 'copy'; by_person: string; at: string; log_index: number }>(
    'SELECT credential_id, version, mode, by_person, at, log_index FROM ceremony_reveals WHERE ceremony_id = ? ORDER BY log_index',
  ).all(ceremonyId).map((row) => ({ credentialId: row.credential_id, version: row.version, mode: row.mode, by: row.by_person, at: row.at, logIndex: row.log_index }));
}

export function insertReveal(db: VaultDb, ceremonyId: string, reveal: RevealRecord): void {
  db.prepare('INSERT INTO ceremony_reveals (ceremony_id, credential_id, version, mode, by_person, at, log_index) VALUES (?, ?, ?, ?, ?, ?, ?)').run(
    ceremonyId, reveal.credentialId, reveal.version, reveal.mode, reveal.by, reveal.at, reveal.logIndex,
  );
}

export interface TouchedRecord { kind: 'system' | 'control'; system: string; action: string; note: string; at: string }

export function touchedOf(db: VaultDb, ceremonyId: string): TouchedRecord[] {
  return db.prepare<[string], TouchedRecord>('SELECT kind, system, action, note, at FROM ceremony_touched WHERE ceremony_id = ? ORDER BY rowid').all(ceremonyId);
}

export function insertTouched(db: VaultDb, ceremonyId: string, row: TouchedRecord, logIndex: number): void {
  db.prepare('INSERT INTO ceremony_touched (ceremony_id, kind, system, action, note, at, log_index) VALUES (?, ?, ?, ?, ?, ?, ?)').run(ceremonyId, row.kind, row.system, row.action, row.note, row.at, logIndex);
}

export interface ResealRecord { credentialId: string; status: 'rotated' | 'waived'; version: number | null; reason: string | null; by: string; at: string }

export function resealOf(db: VaultDb, ceremonyId: string): ResealRecord[] {
  return db.prepare<[string], { credential_id: string; status: 'rotated' | 'waived'; version: number | null; reason: string | null; by_person: string; at: string }>(
    'SELECT credential_id, status, version, reason, by_person, at FROM ceremony_reseal WHERE ceremony_id = ?',
  ).all(ceremonyId).map((row) => ({ credentialId: row.credential_id, status: row.status, version: row.version, reason: row.reason, by: row.by_person, at: row.at }));
}

export function insertReseal(db: VaultDb, ceremonyId: string, row: ResealRecord, logIndex: number): void {
  db.prepare('INSERT INTO ceremony_reseal (ceremony_id, credential_id, status, version, reason, by_person, at, log_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(
    ceremonyId, row.credentialId, row.status, row.version, row.reason, row.by, row.at, logIndex,
  );
}

export function attestationOf(db: VaultDb, ceremonyId: string): { by: string; statement: string; at: string } | null {
  const row = db.prepare<[string], { by_person: string; statement: string; at: string }>('SELECT by_person, statement, at FROM ceremony_attestations WHERE ceremony_id = ?').get(ceremonyId);
  return row ? { by: row.by_person, statement: row.statement, at: row.at } : null;
}

export function insertAttestation(db: VaultDb, ceremonyId: string, by: string, statement: string, at: string, logIndex: number): void {
  db.prepare('INSERT INTO ceremony_attestations (ceremony_id, by_person, statement, at, log_index) VALUES (?, ?, ?, ?, ?)').run(ceremonyId, by, statement, at, logIndex);
}

export function insertDrill(db: VaultDb, ceremonyId: string, policyId: string, personId: string, at: string): void {
  db.prepare('INSERT INTO drills (ceremony_id, policy_id, person_id, at) VALUES (?, ?, ?, ?)').run(ceremonyId, policyId, personId, at);
}

export function lastDrills(db: VaultDb): { byPerson: Map<string, string>; byPolicy: Map<string, string> } {
  const byPerson = new Map(db.prepare<[], { person_id: string; at: string }>('SELECT person_id, MAX(at) AS at FROM drills GROUP BY person_id').all().map((row) => [row.person_id, row.at]));
  const byPolicy = new Map(db.prepare<[], { policy_id: string; at: string }>('SELECT policy_id, MAX(at) AS at FROM drills GROUP BY policy_id').all().map((row) => [row.policy_id, row.at]));
  return { byPerson, byPolicy };
}

// ---------- rekeys ----------

export interface RekeyRecord { ceremonyId: string; newEpoch: number; state: 'pending' | 'activated' | 'abandoned'; people: Array<{ id: string; confirmed: boolean }> }

export function pendingRekey(db: VaultDb): RekeyRecord | null {
  const row = db.prepare<[], { ceremony_id: string; new_epoch: number; state: RekeyRecord['state'] }>("SELECT ceremony_id, new_epoch, state FROM rekeys WHERE state = 'pending'").get();
  if (!row) return null;
  const people = db.prepare<[string], { person_id: string; confirmed: number }>('SELECT person_id, confirmed FROM rekey_people WHERE ceremony_id = ? ORDER BY person_id').all(row.ceremony_id)
    .map((person) => ({ id: person.person_id, confirmed: person.confirmed === 1 }));
  return { ceremonyId: row.ceremony_id, newEpoch: row.new_epoch, state: row.state, people };
}

export function insertRekey(db: VaultDb, ceremonyId: string, newEpoch: number, people: string[], at: string): void {
  db.prepare("INSERT INTO rekeys (ceremony_id, new_epoch, state, at) VALUES (?, ?, 'pending', ?)").run(ceremonyId, newEpoch, at);
  for (const person of people) db.prepare('INSERT INTO rekey_people (ceremony_id, person_id) VALUES (?, ?)').run(ceremonyId, person);
}

export function confirmRekeyPerson(db: VaultDb, ceremonyId: string, personId: string): void {
  db.prepare('UPDATE rekey_people SET confirmed = 1 WHERE ceremony_id = ? AND person_id = ?').run(ceremonyId, personId);
}

export function setRekeyState(db: VaultDb, ceremonyId: string, state: RekeyRecord['state']): void {
  db.prepare('UPDATE rekeys SET state = ? WHERE ceremony_id = ?').run(state, ceremonyId);
}
