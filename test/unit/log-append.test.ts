// AuditLog over a real SQLite file: appends inside the caller's transaction, rollback, checks on
// who may write what, rejection of secret-looking fields, proofs, cosignatures and a clean verify.
import { afterEach, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { AuditLog } from '../../shared/log/audit-log.js';
import { signAct, verifyAct, actMessage } from '../../shared/log/act.js';
import { parseCheckpoint } from '../../shared/log/checkpoint.js';
import { cosignCheckpoint } from '../../shared/log/checkpoint.js';
import { custodianNoteName } from '../../shared/log/labels.js';
import { verifyConsistency, verifyInclusion } from '../../shared/log/merkle-verify.js';
import { parseNote, verifyNoteSignature } from '../../shared/log/note.js';
import { verifyVaultLog, issueCode } from '../../shared/log/verify.js';
import { findSecretField } from '../../shared/log/entry.js';
import { fromHex } from '../../shared/util/bytes.js';
import { isVaultError } from '../../shared/util/errors.js';
import { createCeremonyLog, createLog, openLogDatabase } from './log-fixture.js';
import type { LogFixture } from './log-fixture.js';

let fixture: LogFixture | undefined;
afterEach(() => {
  fixture?.db.close();
  fixture = undefined;
});

function errorOf(fn: () => unknown): { code: string; message: string } {
  try {
    fn();
  } catch (error) {
    if (isVaultError(error)) return { code: error.code, message: error.message };
    throw error;
  }
  throw new Error('expected a VaultError');
}

describe('AuditLog append', () => {
  it('stores entries, checkpoints and cosignatures of a ceremony', async () => {
    fixture = await createCeremonyLog();
    const { log, device, origin } = fixture;
    expect(log.size()).toBe(20);
    expect(log.getEntry(0)!.entry.type).toBe('vault.genesis');
    expect(log.getEntry(20)).toBeNull();
    expect(log.listEntries({ ceremony: 'cer-0001' }).map((stored) => stored.entry.type)).toContain('secret.revealed');
    expect(log.listEntries({ type: 'secret.revealed' }).map((stored) => stored.index)).toEqual([8, 9]);
    expect(log.listEntries({ from: 18, limit: 1 }).map((stored) => stored.index)).toEqual([18]);

    const latest = log.latestCheckpoint()!;
    expect(latest.size).toBe(20);
    const parsed = parseCheckpoint(latest.note);
    expect(parsed.origin).toBe(origin);
    expect(verifyNoteSignature(parsed.note.body, parsed.note.signatures[0]!, { name: origin, publicKey: device.publicKey })).toBe(true);
    expect(log.checkpointAt(5)!.size).toBe(5);
    expect(log.checkpointAt(21)).toBeNull();

    // Approvals at indexes 5 and 6 cosigned sizes 5 and 6.
    expect(log.cosignatures(5)).toHaveLength(1);
    expect(log.cosignatures(6)).toHaveLength(1);
    expect(log.cosignatures(7)).toHaveLength(0);
  });

  it('proves inclusion and consistency against stored checkpoints', async () => {
    fixture = await createCeremonyLog();
    const { log } = fixture;
    const root20 = fromHex(log.checkpointAt(20)!.rootHash);
    const root7 = fromHex(log.checkpointAt(7)!.rootHash);
    for (let index = 0; index < 20; index++) {
      const leaf = fromHex(log.getEntry(index)!.leafHash);
      expect(verifyInclusion(index, 20, leaf, log.inclusionProof(index, 20), root20), `entry ${index}`).toBe(true);
    }
    expect(verifyConsistency(7, 20, root7, root20, log.consistencyProof(7, 20))).toBe(true);
    expect(Buffer.from(log.rootAt(20)).equals(Buffer.from(root20))).toBe(true);
    expect(errorOf(() => log.inclusionProof(0, 21)).code).toBe('invalid-input');
  });

  it('rejects an append outside a transaction', async () => {
    fixture = await createLog();
    const { log } = fixture;
    const error = errorOf(() => log.append({ type: 'ceremony.closed', actor: 'device', ceremony: 'c', data: {}, sig: null }));
    expect(error.code).toBe('wrong-state');
    expect(log.size()).toBe(1);
  });

  it('leaves no trace when the caller rolls back', async () => {
    fixture = await createLog();
    const { db, log, deviceEntry } = fixture;
    expect(() =>
      db.transaction(() => {
        log.append({ type: 'ceremony.closed', actor: 'device', ceremony: 'c', data: {}, sig: null });
        throw new Error('state change failed');
      })(),
    ).toThrow('state change failed');
    expect(log.size()).toBe(1);
    expect(log.latestCheckpoint()!.size).toBe(1);
    deviceEntry('ceremony.closed', 'c', {});
    expect(log.size()).toBe(2);
    expect((await verifyVaultLog(db)).ok).toBe(true);
  });

  it('continues the tree after reopening the file', async () => {
    fixture = await createCeremonyLog();
    const { path, vaultId, origin, device } = fixture;
    fixture.db.close();
    const db = openLogDatabase(path);
    fixture.db = db;
    const log = new AuditLog(db, { vaultId, origin, device });
    db.transaction(() => log.append({ type: 'ceremony.closed', actor: 'device', ceremony: 'cer-0002', data: {}, sig: null }))();
    expect(log.size()).toBe(21);
    expect((await verifyVaultLog(db)).ok).toBe(true);
  });

  it('rejects the wrong first entry, bad signers and malformed entries', async () => {
    fixture = await createLog();
    const { db, log, keys, vaultId } = fixture;
    const append = (input: Parameters<AuditLog['append']>[0]) => errorOf(() => db.transaction(() => log.append(input))());
    const signed = (actor: 'alice' | 'carol', type: string, data: Record<string, unknown>, key = keys[actor].secretKey) => {
      const body = { type, actor, ceremony: 'c1', data };
      return { ...body, sig: signAct(vaultId, body, key) };
    };

    expect(append({ type: 'no.such.type', actor: 'device', ceremony: null, data: {}, sig: null }).code).toBe('invalid-input');
    expect(append({ type: 'ceremony.unsealed', actor: 'alice', ceremony: 'c1', data: {}, sig: null }).message).toMatch(/must be written by the device/);
    expect(append({ type: 'ceremony.cancelled', actor: 'alice', ceremony: 'c1', data: { reason: 'x' }, sig: null }).message).toMatch(/has no signature/);
    expect(append({ type: 'ceremony.closed', actor: 'device', ceremony: 'c1', data: {}, sig: 'AAAA' }).message).toMatch(/carry no signature/);
    expect(append(signed('alice', 'ceremony.cancelled', { reason: 'x' }, keys.bob.secretKey)).code).toBe('signature-invalid');
    const stranger = { type: 'ceremony.cancelled', actor: 'mallory', ceremony: 'c1', data: { reason: 'x' } };
    expect(append({ ...stranger, sig: signAct(vaultId, stranger, keys.alice.secretKey) }).code).toBe('not-permitted');
    expect(append({ type: 'vault.genesis', actor: 'device', ceremony: null, data: {}, sig: null }).code).toBe('wrong-state');
    expect(log.size()).toBe(1);

    // A valid act goes through.
    db.transaction(() => log.append(signed('alice', 'ceremony.cancelled', { reason: 'drill over' })))();
    expect(log.size()).toBe(2);
  });

  it('rejects a first entry that is not the genesis', async () => {
    fixture = await createLog();
    const db = new Database(':memory:');
    db.exec((await import('../../shared/log/schema.js')).LOG_SCHEMA_SQL);
    const log = new AuditLog(db, { vaultId: fixture.vaultId, origin: fixture.origin, device: fixture.device });
    expect(errorOf(() => db.transaction(() => log.append({ type: 'ceremony.closed', actor: 'device', ceremony: 'c', data: {}, sig: null }))()).code).toBe('wrong-state');
    db.close();
  });

  it('rejects a device signer named differently from the origin', async () => {
    fixture = await createLog();
    const { db, vaultId, origin, device } = fixture;
    expect(errorOf(() => new AuditLog(db, { vaultId, origin, device: { ...device, name: 'other' } })).code).toBe('invalid-input');
    expect(errorOf(() => new AuditLog(db, { vaultId, origin: 'breakglass-vault/other', device })).code).toBe('invalid-input');
  });

  it.each([
    ['secret', { secret: 'x' }],
    ['passphrase', { passphrase: 'x' }],
    ['nested password', { request: { password: 'x' } }],
    ['privateKey in a list', { systems: [{ privateKey: 'x' }] }],
    ['share bytes', { shares: ['x'] }],
    ['TOTP seed', { totpSeed: 'x' }],
    ['vault key', { vault_key: 'x' }],
    ['token', { token: 'x' }],
  ])('rejects data with a field named like a secret: %s', async (_case, data) => {
    fixture = await createLog();
    const { db, log, keys, vaultId } = fixture;
    const body = { type: 'ceremony.touched', actor: 'carol', ceremony: 'c1', data };
    const error = errorOf(() => db.transaction(() => log.append({ ...body, sig: signAct(vaultId, body, keys.carol.secretKey) }))());
    expect(error.code).toBe('invalid-input');
    expect(error.message).toMatch(/looks like secret material/);
    expect(error.message).not.toContain("'x'");
    expect(log.size()).toBe(1);
  });

  it('accepts the catalogue data fields', () => {
    expect(findSecretField({ credentialId: 'a', sealedHash: 'b', kind: 'password', ephemeralPublicKey: 'c', header: { commitments: [{ commitment: 'd' }], devicePublicKey: 'e' } })).toBeNull();
  });

  it('records an entry whose time goes backwards, and the verifier warns', async () => {
    fixture = await createLog();
    const { db, clock, deviceEntry } = fixture;
    deviceEntry('ceremony.closed', 'c1', {});
    clock.at -= 3_600_000;
    deviceEntry('ceremony.closed', 'c2', {});
    const report = await verifyVaultLog(db);
    expect(report.ok).toBe(true);
    const warning = report.issues.find((issue) => issueCode(issue) === 'time-backwards');
    expect(warning?.severity).toBe('warning');
    expect(warning?.index).toBe(2);
  });
});

describe('cosignatures', () => {
  it('rejects a line from a non-custodian or over another checkpoint', async () => {
    fixture = await createCeremonyLog();
    const { log, keys, vaultId } = fixture;
    const note3 = log.checkpointAt(3)!.note;
    const carolLine = cosignCheckpoint(note3, custodianNoteName(vaultId, 'carol'), keys.carol.secretKey);
    expect(errorOf(() => log.addCosignature(3, carolLine)).code).toBe('not-permitted');
    const aliceLine = cosignCheckpoint(note3, custodianNoteName(vaultId, 'alice'), keys.alice.secretKey);
    expect(errorOf(() => log.addCosignature(4, aliceLine)).code).toBe('signature-invalid');
    expect(errorOf(() => log.addCosignature(99, aliceLine)).code).toBe('not-found');
    log.addCosignature(3, aliceLine);
    log.addCosignature(3, aliceLine);
    expect(log.cosignatures(3)).toEqual([aliceLine]);
    expect(parseNote(`${note3}${aliceLine}\n`).signatures).toHaveLength(2);
  });
});

describe('act signatures', () => {
  it('sign with libsodium and verify over the labelled canonical act', async () => {
    fixture = await createLog();
    const { keys, vaultId } = fixture;
    const act = { type: 'ceremony.cancelled', actor: 'alice', ceremony: 'c1', data: { reason: 'x' } };
    const sig = signAct(vaultId, act, keys.alice.secretKey);
    expect(verifyAct(vaultId, act, sig, keys.alice.publicKey)).toBe(true);
    expect(verifyAct('other-vault', act, sig, keys.alice.publicKey)).toBe(false);
    expect(verifyAct(vaultId, { ...act, data: { reason: 'y' } }, sig, keys.alice.publicKey)).toBe(false);
    expect(verifyAct(vaultId, act, 'not base64', keys.alice.publicKey)).toBe(false);
    const message = new TextDecoder().decode(actMessage(vaultId, act));
    expect(message).toBe(`breakglass/v1/act\u0000{"actor":"alice","ceremony":"c1","data":{"reason":"x"},"type":"ceremony.cancelled","vaultId":"${vaultId}"}`);
  });
});

describe('verifier on a clean log', () => {
  it('reports no issue, inline and on worker threads', async () => {
    fixture = await createCeremonyLog();
    const inline = await verifyVaultLog(fixture.db, { workers: 0, expectedVaultId: fixture.vaultId, trustedDevicePublicKey: fixture.device.publicKey });
    expect(inline.issues).toEqual([]);
    expect(inline.ok).toBe(true);
    expect(inline.treeSize).toBe(20);
    expect(inline.checkedEntries).toBe(20);
    // 16 person acts, 2 approval cosignatures, 20 checkpoints, 2 stored cosignatures, 4 genesis signatures.
    expect(inline.checkedSignatures).toBe(44);
    const parallel = await verifyVaultLog(fixture.db, { workers: 2 });
    expect(parallel).toEqual(inline);
  });

  it('reports a foreign vault id and an untrusted device key', async () => {
    fixture = await createCeremonyLog();
    const report = await verifyVaultLog(fixture.db, { expectedVaultId: 'another', trustedDevicePublicKey: fixture.keys.alice.publicKey });
    expect(report.ok).toBe(false);
    expect(report.issues.map(issueCode)).toEqual(expect.arrayContaining(['vault-id-mismatch', 'device-key-mismatch']));
  });
});
