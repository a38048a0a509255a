// Row access for ceremonies, drills and rekeys over the tables of shared/ceremony/schema.ts
// (epochs and credentials have their repositories in shared/vault). Callers run writes inside a
// transaction together with the audit-log entry that records them.
import type { CeremonyKind, CeremonyState, RequestInput } from '../api/contract.js';
import type { VaultDb } from '../vault/db.js';
import { VaultError } from '../util/errors.js';

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

function parseRequest(row: CeremonyRow): RequestInput {
  try {
    return JSON.parse(row.request_json) as RequestInput;
  } catch {
    throw new VaultError('corrupt-vault', `the stored request of ceremony ${row.id} is damaged; run "log verify" and restore the vault file from a backup`);
  }
}

function toCeremony(row: CeremonyRow): CeremonyRecord {
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    epoch: row.epoch,
    requestedBy: row.requested_by,
    requestedAt: row.requested_at,
    request: parseRequest(row),
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

export function unsealedCeremonyIds(db: VaultDb): string[] {
  return db.prepare<[], { id: string }>("SELECT id FROM ceremonies WHERE state = 'unsealed'").all().map((row) => row.id);
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
    db.prepare(`UPDATE ceremonies SET ${column} = ? WHERE id = ?`).run(key === 'request' ? JSON.stringify(value) : (value), id);
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
