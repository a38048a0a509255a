// Builds a real audit log for the log tests. It uses a fresh better-sqlite3 file with
// LOG_SCHEMA_SQL, a real device key and four people with libsodium Ed25519 keys. The genesis header
// is signed by every person, and one complete unseal ceremony of signed acts follows (20 entries).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import { loadSodium } from '../../shared/crypto/sodium.js';
import { generateSigningKeyPair } from '../../shared/crypto/sign.js';
import type { SigningKeyPair } from '../../shared/crypto/sign.js';
import { signDetached } from '../../shared/crypto/sign.js';
import { genesisMessage, parseHeader } from '../../shared/vault/header.js';
import type { VaultHeader } from '../../shared/vault/header.js';
import { toBase64 } from '../../shared/util/bytes.js';
import { AuditLog } from '../../shared/log/audit-log.js';
import type { AppendResult } from '../../shared/log/audit-log.js';
import { signAct } from '../../shared/log/act.js';
import { cosignCheckpoint } from '../../shared/log/checkpoint.js';
import type { DeviceSigner } from '../../shared/log/checkpoint.js';
import { deviceSignerFromSecretKey } from '../../shared/log/device.js';
import { custodianNoteName, originFor } from '../../shared/log/labels.js';
import { LOG_SCHEMA_SQL } from '../../shared/log/schema.js';

export const PEOPLE = [
  { id: 'alice', name: 'Alice Identity', roles: ['custodian'], function: 'identity' },
  { id: 'bob', name: 'Bob Security', roles: ['custodian'], function: 'security' },
  { id: 'carol', name: 'Carol Commander', roles: ['incident-commander'], function: 'incident-response' },
  { id: 'dave', name: 'Dave Auditor', roles: ['auditor'] },
] as const;
export type PersonId = (typeof PEOPLE)[number]['id'];

export interface LogFixture {
  path: string;
  db: Database.Database;
  log: AuditLog;
  vaultId: string;
  origin: string;
  header: VaultHeader;
  device: DeviceSigner;
  deviceKey: SigningKeyPair;
  keys: Record<PersonId, SigningKeyPair>;
  ceremonyId: string;
  clock: { at: number; stepMs: number };
  /** Appends a signed act of `actor` in its own transaction. */
  act: (actor: PersonId, type: string, ceremony: string | null, data: Record<string, unknown>) => AppendResult;
  /** Appends a device entry in its own transaction. */
  deviceEntry: (type: string, ceremony: string | null, data: Record<string, unknown>) => AppendResult;
  /** Approval by a custodian: cosigns the latest checkpoint, stores the cosignature, logs the approval. */
  approve: (actor: PersonId, ceremony: string) => AppendResult;
}

export function openLogDatabase(path: string): Database.Database {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  return db;
}

/** Creates the database file and the log with its genesis entry only. */
export async function createLog(options: { dir?: string } = {}): Promise<LogFixture> {
  await loadSodium();
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'bg-log-'));
  const path = join(dir, 'vault.sqlite');
  const db = openLogDatabase(path);
  db.exec(LOG_SCHEMA_SQL);

  const vaultId = randomUUID();
  const origin = originFor(vaultId);
  const deviceKey = generateSigningKeyPair();
  const device = deviceSignerFromSecretKey(origin, deviceKey.secretKey);
  const keys = Object.fromEntries(PEOPLE.map((person) => [person.id, generateSigningKeyPair()])) as Record<PersonId, SigningKeyPair>;
  const header = parseHeader({
    format: 1,
    vaultId,
    name: 'Payments <prod> & "DR"',
    epoch: 1,
    createdAt: '2026-01-01T00:00:00.000Z',
    kdf: { alg: 'argon2id', memoryKiB: 8192, iterations: 1, parallelism: 1 },
    people: PEOPLE.map((person) => ({ ...person, roles: [...person.roles], publicKey: toBase64(keys[person.id].publicKey) })),
    policies: [{
      id: 'standard',
      name: 'Standard',
      groupThreshold: 2,
      groups: [
        { function: 'identity', threshold: 1, members: ['alice'] },
        { function: 'security', threshold: 1, members: ['bob'] },
      ],
      resealLimitHours: 24,
      fastPath: false,
    }],
    commitments: [],
    vaultPublicKey: toBase64(generateSigningKeyPair().publicKey),
    devicePublicKey: toBase64(device.publicKey),
    origin,
    previousHeaderHash: null,
  });

  const clock = { at: Date.parse('2026-02-01T09:00:00.000Z'), stepMs: 60_000 };
  const log = new AuditLog(db, { vaultId, origin, device, now: () => new Date((clock.at += clock.stepMs)) });
  const inTransaction = <T>(fn: () => T): T => db.transaction(fn)();

  const act = (actor: PersonId, type: string, ceremony: string | null, data: Record<string, unknown>) => {
    const body = { type, actor, ceremony, data };
    return inTransaction(() => log.append({ ...body, sig: signAct(vaultId, body, keys[actor].secretKey) }));
  };
  const deviceEntry = (type: string, ceremony: string | null, data: Record<string, unknown>) =>
    inTransaction(() => log.append({ type, actor: 'device', ceremony, data, sig: null }));
  const approve = (actor: PersonId, ceremony: string) => {
    const checkpoint = log.latestCheckpoint()!;
    const cosignature = cosignCheckpoint(checkpoint.note, custodianNoteName(vaultId, actor), keys[actor].secretKey);
    return inTransaction(() => {
      log.addCosignature(checkpoint.size, cosignature);
      const body = {
        type: 'ceremony.approved',
        actor,
        ceremony,
        data: { requestHash: 'ab'.repeat(32), policyId: 'standard', function: actor === 'alice' ? 'identity' : 'security', checkpoint: { size: checkpoint.size, rootHash: checkpoint.rootHash }, cosignature },
      };
      return log.append({ ...body, sig: signAct(vaultId, body, keys[actor].secretKey) });
    });
  };

  const genesisSignatures = PEOPLE.map((person) => ({ personId: person.id, signature: toBase64(signDetached(genesisMessage(header), keys[person.id].secretKey)) }));
  deviceEntry('vault.genesis', null, { header, genesisSignatures });
  return { path, db, log, vaultId, origin, header, device, deviceKey, keys, ceremonyId: 'cer-0001', clock, act, deviceEntry, approve };
}

/** Creates the log and runs one complete unseal ceremony through it: 20 entries in all. */
export async function createCeremonyLog(options: { dir?: string } = {}): Promise<LogFixture> {
  const fixture = await createLog(options);
  const { act, deviceEntry, approve, ceremonyId: c } = fixture;
  const deposit = (credentialId: string, label: string, version: number, ceremony: string | null) => ({
    credentialId, version, label, system: 'idp.example.com', account: `${label}-admin`, kind: 'password', sealedHash: 'cd'.repeat(32), ceremonyId: ceremony,
  });
  act('carol', 'credential.deposited', null, deposit('cred-idp', 'idp-root', 1, null));
  act('carol', 'credential.deposited', null, deposit('cred-aws', 'aws-root', 1, null));
  act('alice', 'credential.deposited', null, deposit('cred-hsm', 'hsm-pin', 1, null));
  const request = { ticket: 'INC-4242', reason: 'IdP outage <script>alert(1)</script>', severity: 'sev1', scope: ['cred-idp', 'cred-aws'], durationMinutes: 60, policyId: 'standard' };
  act('carol', 'ceremony.requested', c, { kind: 'unseal', request, requestHash: 'ab'.repeat(32), ephemeralPublicKey: toBase64(new Uint8Array(32)) });
  approve('alice', c);
  approve('bob', c);
  deviceEntry('ceremony.unsealed', c, { policyId: 'standard', approvers: ['alice', 'bob'], deadline: '2026-02-01T11:00:00.000Z' });
  act('carol', 'secret.revealed', c, { credentialId: 'cred-idp', version: 1, mode: 'show' });
  act('carol', 'secret.revealed', c, { credentialId: 'cred-aws', version: 1, mode: 'copy' });
  act('carol', 'ceremony.touched', c, { systems: [{ system: 'idp.example.com', action: 'restored SSO', note: 'rolled back config' }], controls: ['MFA re-enabled'] });
  act('bob', 'ceremony.extended', c, { minutes: 30, reason: 'rollback slow', deadline: '2026-02-01T11:30:00.000Z' });
  act('carol', 'ceremony.sealed', c, { reason: 'seal-now' });
  act('carol', 'credential.rotated', c, deposit('cred-idp', 'idp-root', 2, c));
  act('carol', 'reseal.rotated', c, { credentialId: 'cred-idp', version: 2 });
  act('carol', 'reseal.waived', c, { credentialId: 'cred-aws', reason: 'account disabled instead' });
  act('bob', 'reseal.attested', c, { statement: 'access is dormant again', revealedCredentials: ['cred-idp', 'cred-aws'] });
  deviceEntry('ceremony.closed', c, {});
  act('alice', 'credential.deposited', null, deposit('cred-db', 'db-root', 1, null));
  deviceEntry('drill.verified', 'cer-0002', { policyId: 'standard', approvers: ['alice', 'bob'] });
  return fixture;
}
