// One test per ceremony rule, each asserting the specific error, so removing the rule fails it.
import { mkdtempSync, renameSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import type { CredentialView, PersonInput, PolicyInput, Result } from '../../shared/api/contract.js';
import { openCoreService } from '../../shared/service/index.js';
import { headerBytes, headerHash, parseHeaderJson } from '../../shared/vault/header.js';
import { advance, createTestVault, expectError, PEOPLE, STANDARD_POLICY, TEST_KDF, unwrap, type TestVault } from '../helpers/vault-fixture.js';

let vault: TestVault | undefined;
afterEach(() => {
  vault?.cleanup();
  vault = undefined;
});

async function deposit(v: TestVault, label: string): Promise<CredentialView> {
  return unwrap(await v.service.credentialDeposit({
    signer: v.signer('cora'),
    metadata: { label, system: label, account: 'admin', kind: 'password', owner: 'ops', runbook: 'rotate', tags: [] },
    secret: { kind: 'password', password: `secret-of-${label}` },
  }));
}

async function request(v: TestVault, scope: string[], kind: 'unseal' | 'drill' | 'rekey' = 'unseal') {
  return unwrap(await v.service.unsealRequest({ signer: v.signer('cora'), kind, request: { ticket: 'INC-1', reason: 'outage', severity: 'sev2', scope, durationMinutes: 30, policyId: 'standard' } }));
}

async function unsealWith(v: TestVault, scope: string[]) {
  const c = await request(v, scope);
  unwrap(await v.service.unsealApprove({ ceremonyId: c.id, signer: v.signer('iris'), requestHash: c.requestHash }));
  const done = unwrap(await v.service.unsealApprove({ ceremonyId: c.id, signer: v.signer('sara'), requestHash: c.requestHash }));
  expect(done.state).toBe('unsealed');
  return done;
}

describe('ceremony rules', () => {
  it('rejects a reveal outside the scope', async () => {
    vault = await createTestVault();
    const inScope = await deposit(vault, 'in');
    const outside = await deposit(vault, 'out');
    const c = await unsealWith(vault, [inScope.id]);
    const error = expectError(await vault.service.unsealReveal({ ceremonyId: c.id, credentialId: outside.id, mode: 'show', signer: vault.signer('cora') }));
    expect(error.code).toBe('out-of-scope');
    expect(error.message).toContain(outside.id);
  });

  it('rejects a reveal after the deadline and seals itself', async () => {
    vault = await createTestVault();
    const credential = await deposit(vault, 'db');
    const c = await unsealWith(vault, [credential.id]);
    advance(vault, 31);
    const error = expectError(await vault.service.unsealReveal({ ceremonyId: c.id, credentialId: credential.id, mode: 'show', signer: vault.signer('cora') }));
    expect(error.code).toBe('deadline-passed');
    const after = unwrap(await vault.service.ceremonyGet({ ceremonyId: c.id }));
    expect(after.state).toBe('expired');
    const entries = unwrap(await vault.service.logEntries({ ceremonyId: c.id, type: 'ceremony.sealed' }));
    expect(entries.map((e) => e.data['reason'])).toEqual(['deadline']);
  });

  it('rejects an approval reused after the request changed', async () => {
    vault = await createTestVault();
    const a = await deposit(vault, 'a');
    const b = await deposit(vault, 'b');
    const c = await request(vault, [a.id]);
    unwrap(await vault.service.unsealApprove({ ceremonyId: c.id, signer: vault.signer('iris'), requestHash: c.requestHash }));
    const amended = unwrap(await vault.service.unsealAmend({ ceremonyId: c.id, signer: vault.signer('cora'), request: { ticket: c.request.ticket, reason: c.request.reason, severity: c.request.severity, durationMinutes: c.request.durationMinutes, policyId: c.request.policyId, scope: [a.id, b.id] } }));
    expect(amended.requestHash).not.toBe(c.requestHash);
    expect(amended.approvals).toEqual([]);
    expect(amended.progress.groups.every((g) => g.approvedBy.length === 0)).toBe(true);
    const stale = expectError(await vault.service.unsealApprove({ ceremonyId: c.id, signer: vault.signer('sara'), requestHash: c.requestHash }));
    expect(stale.code).toBe('wrong-state');
    expect(stale.message).toContain('changed since you reviewed it');
    // The voided approval does not count: one fresh approval leaves the ceremony approving.
    const one = unwrap(await vault.service.unsealApprove({ ceremonyId: c.id, signer: vault.signer('sara'), requestHash: amended.requestHash }));
    expect(one.state).toBe('approving');
  });

  it('counts the same custodian once', async () => {
    vault = await createTestVault();
    const a = await deposit(vault, 'a');
    const c = await request(vault, [a.id]);
    unwrap(await vault.service.unsealApprove({ ceremonyId: c.id, signer: vault.signer('iris'), requestHash: c.requestHash }));
    const again = expectError(await vault.service.unsealApprove({ ceremonyId: c.id, signer: vault.signer('iris'), requestHash: c.requestHash }));
    expect(again.code).toBe('invalid-input');
    expect(again.message).toContain('already approved');
    expect(unwrap(await vault.service.ceremonyGet({ ceremonyId: c.id })).approvals).toHaveLength(1);
  });

  it('needs two functions, not two custodians of one', async () => {
    vault = await createTestVault();
    const a = await deposit(vault, 'a');
    const c = await request(vault, [a.id]);
    unwrap(await vault.service.unsealApprove({ ceremonyId: c.id, signer: vault.signer('iris'), requestHash: c.requestHash }));
    const both = unwrap(await vault.service.unsealApprove({ ceremonyId: c.id, signer: vault.signer('ivan'), requestHash: c.requestHash }));
    expect(both.state).toBe('approving');
    expect(both.progress.satisfied).toBe(false);
    expect(both.progress.missingFunctions).toEqual(['security', 'incident-response']);
    const reveal = expectError(await vault.service.unsealReveal({ ceremonyId: c.id, credentialId: a.id, mode: 'show', signer: vault.signer('cora') }));
    expect(reveal.code).toBe('wrong-state');
  });

  it('rejects an attestor who revealed', async () => {
    const people: PersonInput[] = [...PEOPLE.filter((p) => p.id !== 'cora'), { id: 'cora', name: 'Cora Commander', roles: ['incident-commander', 'custodian'], function: 'security' }];
    const policy: PolicyInput = { ...STANDARD_POLICY, groups: STANDARD_POLICY.groups.map((g) => (g.function === 'security' ? { ...g, members: ['sara', 'sam', 'cora'] } : g)) };
    vault = await createTestVault({ people, policies: [policy] });
    const a = await deposit(vault, 'a');
    const c = await unsealWith(vault, [a.id]);
    unwrap(await vault.service.unsealReveal({ ceremonyId: c.id, credentialId: a.id, mode: 'show', signer: vault.signer('cora') }));
    unwrap(await vault.service.unsealSeal({ ceremonyId: c.id, signer: vault.signer('cora') }));
    unwrap(await vault.service.resealWaive({ ceremonyId: c.id, credentialId: a.id, signer: vault.signer('cora'), reason: 'test' }));
    const error = expectError(await vault.service.resealAttest({ ceremonyId: c.id, signer: vault.signer('cora'), statement: 'dormant' }));
    expect(error.code).toBe('not-permitted');
    expect(error.message).toContain('revealed credentials');
  });

  it('rejects the incident commander as attestor', async () => {
    vault = await createTestVault();
    const a = await deposit(vault, 'a');
    const c = await unsealWith(vault, [a.id]);
    unwrap(await vault.service.unsealSeal({ ceremonyId: c.id, signer: vault.signer('cora') }));
    const error = expectError(await vault.service.resealAttest({ ceremonyId: c.id, signer: vault.signer('cora'), statement: 'dormant' }));
    expect(error.code).toBe('not-permitted');
  });

  it('refuses to close with an unrotated, unwaived credential', async () => {
    vault = await createTestVault();
    const a = await deposit(vault, 'a');
    const b = await deposit(vault, 'b');
    const c = await unsealWith(vault, [a.id, b.id]);
    unwrap(await vault.service.unsealReveal({ ceremonyId: c.id, credentialId: a.id, mode: 'show', signer: vault.signer('cora') }));
    unwrap(await vault.service.unsealReveal({ ceremonyId: c.id, credentialId: b.id, mode: 'copy', signer: vault.signer('cora') }));
    unwrap(await vault.service.unsealSeal({ ceremonyId: c.id, signer: vault.signer('cora') }));
    unwrap(await vault.service.resealWaive({ ceremonyId: c.id, credentialId: a.id, signer: vault.signer('cora'), reason: 'read-only' }));
    const attest = expectError(await vault.service.resealAttest({ ceremonyId: c.id, signer: vault.signer('rita'), statement: 'dormant' }));
    expect(attest.code).toBe('wrong-state');
    expect(attest.message).toContain(b.id);
    const close = expectError(await vault.service.resealClose({ ceremonyId: c.id }));
    expect(close.code).toBe('wrong-state');
    expect(close.message).toContain(b.id);
    const status = unwrap(await vault.service.vaultStatus({}));
    expect(status.state).toBe('sealed');
    expect(status.openExceptions.map((e) => e.ceremonyId)).toEqual([c.id]);
  });

  it('flags an open exception as overdue past the reseal limit', async () => {
    vault = await createTestVault();
    const a = await deposit(vault, 'a');
    const c = await unsealWith(vault, [a.id]);
    unwrap(await vault.service.unsealSeal({ ceremonyId: c.id, signer: vault.signer('cora') }));
    advance(vault, 24 * 60 + 1);
    const status = unwrap(await vault.service.vaultStatus({}));
    expect(status.openExceptions[0]?.overdue).toBe(true);
    expect(status.openExceptions[0]?.ageSeconds).toBe((24 * 60 + 1) * 60);
  });

  it('rejects a vendor without sponsor and records the sponsor on vendor acts', async () => {
    const withVendor: PersonInput[] = [...PEOPLE, { id: 'vic', name: 'Vic Vendor', roles: ['custodian'], function: 'vendor' }];
    const dir = mkdtempSync(join(tmpdir(), 'bg-vendor-'));
    const service = await openCoreService({ vaultPath: `${dir}/v.bgvault` });
    const error = expectError(await service.setupBegin({ name: 'v', people: withVendor, policies: [STANDARD_POLICY], kdf: TEST_KDF }));
    expect(error.message).toContain('vendor needs an internal sponsor');
    service.close();

    const sponsored: PersonInput[] = [...PEOPLE, { id: 'vic', name: 'Vic Vendor', roles: ['custodian'], function: 'vendor', sponsorId: 'iris' }];
    const policy: PolicyInput = { ...STANDARD_POLICY, groups: [...STANDARD_POLICY.groups, { function: 'vendor', threshold: 1, members: ['vic'] }] };
    vault = await createTestVault({ people: sponsored, policies: [policy] });
    const a = await deposit(vault, 'a');
    const c = await request(vault, [a.id]);
    unwrap(await vault.service.unsealApprove({ ceremonyId: c.id, signer: vault.signer('vic'), requestHash: c.requestHash }));
    const entries = unwrap(await vault.service.logEntries({ ceremonyId: c.id, type: 'ceremony.approved' }));
    expect(entries[0]?.actor).toBe('vic');
    expect(entries[0]?.data['sponsor']).toBe('iris');
  });

  it('requires a custodian signature to extend', async () => {
    vault = await createTestVault();
    const a = await deposit(vault, 'a');
    const c = await unsealWith(vault, [a.id]);
    const byIc = expectError(await vault.service.unsealExtend({ ceremonyId: c.id, signer: vault.signer('cora'), minutes: 15, reason: 'more time' }));
    expect(byIc.code).toBe('not-permitted');
    const extended = unwrap(await vault.service.unsealExtend({ ceremonyId: c.id, signer: vault.signer('rob'), minutes: 15, reason: 'more time' }));
    expect(extended.deadline).toBe(new Date(Date.parse(c.deadline!) + 15 * 60_000).toISOString());
  });

  it('only the requester reveals, and cancelling is a signed act', async () => {
    vault = await createTestVault();
    const a = await deposit(vault, 'a');
    const c = await unsealWith(vault, [a.id]);
    const byOther = expectError(await vault.service.unsealReveal({ ceremonyId: c.id, credentialId: a.id, mode: 'show', signer: vault.signer('iris') }));
    expect(byOther.code).toBe('not-permitted');
    const pending = await request(vault, [], 'drill');
    const cancelled = unwrap(await vault.service.unsealCancel({ ceremonyId: pending.id, signer: vault.signer('cora'), reason: 'wrong ticket' }));
    expect(cancelled.state).toBe('cancelled');
    const entries = unwrap(await vault.service.logEntries({ ceremonyId: pending.id, type: 'ceremony.cancelled' }));
    expect(entries[0]?.signed).toBe(true);
  });

  it('does not unseal when the header MAC fails', async () => {
    vault = await createTestVault();
    const a = await deposit(vault, 'a');
    const c = await request(vault, [a.id]);
    unwrap(await vault.service.unsealApprove({ ceremonyId: c.id, signer: vault.signer('iris'), requestHash: c.requestHash }));
    // An attacker edits the stored header (a policy's reseal limit) without the vault key.
    const raw = new Database(vault.vaultPath);
    const row = raw.prepare('SELECT header_json FROM epochs WHERE status = ?').get('active') as { header_json: string };
    const edited = parseHeaderJson(row.header_json);
    edited.policies[0]!.resealLimitHours = 999;
    // The attacker also recomputes the stored header hash; only the MAC needs the vault key.
    raw.prepare('UPDATE epochs SET header_json = ?, header_hash = ? WHERE status = ?').run(new TextDecoder().decode(headerBytes(edited)), headerHash(edited), 'active');
    raw.close();
    const error = expectError(await vault.service.unsealApprove({ ceremonyId: c.id, signer: vault.signer('sara'), requestHash: c.requestHash }));
    expect(error.code).toBe('header-mac-failed');
    expect(unwrap(await vault.service.ceremonyGet({ ceremonyId: c.id })).state).toBe('approving');
  });

  it('runs a drill that reveals nothing and records the last drill', async () => {
    vault = await createTestVault();
    const a = await deposit(vault, 'a');
    const drill = await request(vault, [], 'drill');
    unwrap(await vault.service.unsealApprove({ ceremonyId: drill.id, signer: vault.signer('ivan'), requestHash: drill.requestHash }));
    const done = unwrap(await vault.service.unsealApprove({ ceremonyId: drill.id, signer: vault.signer('rob'), requestHash: drill.requestHash }));
    expect(done.state).toBe('verified');
    const reveal = expectError(await vault.service.unsealReveal({ ceremonyId: drill.id, credentialId: a.id, mode: 'show', signer: vault.signer('cora') }));
    expect(reveal.code).toBe('not-permitted');
    const status = unwrap(await vault.service.vaultStatus({}));
    expect(status.state).toBe('dormant');
    expect(status.lastDrillByPolicy['standard']).toBe('2026-12-04T10:00:00.000Z');
    expect(status.lastDrillByPerson['ivan']).toBe('2026-12-04T10:00:00.000Z');
    expect(status.lastDrillByPerson['iris']).toBeNull();
    expect(unwrap(await vault.service.logEntries({ type: 'drill.verified' }))).toHaveLength(1);
  });

  it('rejects a drill scope and an unseal without scope', async () => {
    vault = await createTestVault();
    const a = await deposit(vault, 'a');
    const drill = expectError(await vault.service.unsealRequest({ signer: vault.signer('cora'), kind: 'drill', request: { ticket: 'D', reason: 'drill', severity: 'sev4', scope: [a.id], durationMinutes: 5, policyId: 'standard' } }));
    expect(drill.message).toContain('scope must be empty');
    const unseal = expectError(await vault.service.unsealRequest({ signer: vault.signer('cora'), kind: 'unseal', request: { ticket: 'D', reason: 'x', severity: 'sev4', scope: [], durationMinutes: 5, policyId: 'standard' } }));
    expect(unseal.message).toContain('at least one credential');
  });

  it('rejects a custodian as requester', async () => {
    vault = await createTestVault();
    const error = expectError(await vault.service.unsealRequest({ signer: vault.signer('iris'), kind: 'drill', request: { ticket: 'D', reason: 'x', severity: 'sev4', scope: [], durationMinutes: 5, policyId: 'standard' } }));
    expect(error.code).toBe('not-permitted');
  });

  it('seals everything on OS lock', async () => {
    vault = await createTestVault();
    const a = await deposit(vault, 'a');
    const c = await unsealWith(vault, [a.id]);
    await vault.service.sealAll('os-lock');
    expect(unwrap(await vault.service.ceremonyGet({ ceremonyId: c.id })).state).toBe('sealed');
    const reveal = expectError(await vault.service.unsealReveal({ ceremonyId: c.id, credentialId: a.id, mode: 'show', signer: vault.signer('cora') }));
    expect(reveal.code).toBe('wrong-state');
  });
});

describe('vault without its device key', () => {
  it('opens read-only and refuses changes', async () => {
    vault = await createTestVault();
    const a = await deposit(vault, 'a');
    vault.service.close();
    renameSync(`${vault.vaultPath}.device-key`, `${vault.vaultPath}.device-key.moved`);
    vault.service = await openCoreService({ vaultPath: vault.vaultPath });
    const status = unwrap(await vault.service.vaultStatus({}));
    expect(status.credentialCount).toBe(1);
    expect(unwrap(await vault.service.logVerify({})).ok).toBe(true);
    const before = status.logSize;
    const error = expectError(await vault.service.credentialRotate({ signer: vault.signer('cora'), credentialId: a.id, secret: { kind: 'password', password: 'new' } }));
    expect(error.code).toBe('not-permitted');
    expect(error.message).toContain('read-only');
    const after = unwrap(await vault.service.vaultStatus({}));
    expect(after.logSize).toBe(before);
    expect(unwrap(await vault.service.credentialList({}))[0]?.currentVersion).toBe(1);
  });
});

describe('service input parsing', () => {
  it('rejects wrongly typed input plainly', async () => {
    vault = await createTestVault();
    const service = vault.service as unknown as Record<string, (input: unknown) => Promise<Result<unknown>>>;
    const error = expectError(await service['unsealRequest']!({ signer: vault.signer('cora'), kind: 'pwn', request: null }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).not.toContain('correct horse');
    const nothing = expectError(await service['ceremonyGet']!(null));
    expect(nothing.code).toBe('invalid-input');
  });
});

describe('new kit passphrases', () => {
  it('rejects a weak passphrase at enrolment', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'bg-weak-'));
    const service = await openCoreService({ vaultPath: `${dir}/v.bgvault` });
    unwrap(await service.setupBegin({ name: 'Weak', people: PEOPLE, policies: [STANDARD_POLICY], kdf: TEST_KDF }));
    const error = expectError(await service.setupEnroll({ personId: 'iris', passphrase: 'iris1234' }));
    expect(error.code).toBe('invalid-input');
    expect(error.message).toContain('too weak');
    expect(error.message).not.toContain('iris1234');
    expect(unwrap(await service.setupEnroll({ personId: 'iris', passphrase: 'iris quartz meadow lantern orbit 47' })).fileName).toContain('iris');
    service.close();
  });
});
