// Rekey: two-phase activation, old kits rejected after it, and interruption at each phase.
import { afterEach, describe, expect, it } from 'vitest';
import type { KitFile } from '../../shared/api/contract.js';
import { openCoreService } from '../../shared/service/index.js';
import { createTestVault, expectError, passphraseOf, PEOPLE, STANDARD_POLICY, unwrap, type TestVault } from '../helpers/vault-fixture.js';

let vault: TestVault | undefined;
afterEach(() => {
  vault?.cleanup();
  vault = undefined;
});

const REMAINING = PEOPLE.filter((p) => p.id !== 'rob');
const NEW_POLICY = { ...STANDARD_POLICY, groups: STANDARD_POLICY.groups.map((g) => ({ ...g, members: g.members.filter((m) => m !== 'rob') })) };
const newPassphrase = (id: string) => `new epoch passphrase of ${id}`;

async function approvedRekey(v: TestVault) {
  const c = unwrap(await v.service.unsealRequest({ signer: v.signer('cora'), kind: 'rekey', request: { ticket: 'CHG-7', reason: 'Rob left the company', severity: 'sev3', scope: [], durationMinutes: 30, policyId: 'standard' } }));
  unwrap(await v.service.unsealApprove({ ceremonyId: c.id, signer: v.signer('iris'), requestHash: c.requestHash }));
  const done = unwrap(await v.service.unsealApprove({ ceremonyId: c.id, signer: v.signer('rita'), requestHash: c.requestHash }));
  expect(done.state).toBe('unsealed');
  return c;
}

async function prepare(v: TestVault, ceremonyId: string) {
  return unwrap(await v.service.rekeyPrepare({ ceremonyId, people: REMAINING, policies: [NEW_POLICY], passphrases: Object.fromEntries(REMAINING.map((p) => [p.id, newPassphrase(p.id)])) }));
}

async function drillWithOldKits(v: TestVault) {
  const d = unwrap(await v.service.unsealRequest({ signer: v.signer('cora'), kind: 'drill', request: { ticket: 'DR-1', reason: 'drill', severity: 'sev4', scope: [], durationMinutes: 5, policyId: 'standard' } }));
  unwrap(await v.service.unsealApprove({ ceremonyId: d.id, signer: v.signer('sam'), requestHash: d.requestHash }));
  return unwrap(await v.service.unsealApprove({ ceremonyId: d.id, signer: v.signer('rob'), requestHash: d.requestHash }));
}

const signerFrom = (kits: Record<string, KitFile>, id: string) => ({ kit: kits[id]!.kit, passphrase: newPassphrase(id) });

describe('rekey', () => {
  it('activates only after every new kit is confirmed, then rejects old kits', async () => {
    vault = await createTestVault();
    const credential = unwrap(await vault.service.credentialDeposit({ signer: vault.signer('cora'), metadata: { label: 'HSM PIN', system: 'hsm', account: 'so', kind: 'password', owner: 'sec', runbook: 'r', tags: [] }, secret: { kind: 'password', password: 'hsm-pin-1234' } }));
    const c = await approvedRekey(vault);
    const { rekey, kits } = await prepare(vault, c.id);
    expect(rekey.newEpoch).toBe(2);
    expect(Object.keys(kits).sort()).toEqual(REMAINING.map((p) => p.id).sort());

    // Until activation the old epoch still works.
    expect((await drillWithOldKits(vault)).state).toBe('verified');
    for (const person of REMAINING.slice(0, -1)) unwrap(await vault.service.rekeyConfirm({ signer: signerFrom(kits, person.id) }));
    const early = expectError(await vault.service.rekeyActivate({}));
    expect(early.code).toBe('wrong-state');
    expect(early.message).toContain(REMAINING[REMAINING.length - 1]!.id);
    unwrap(await vault.service.rekeyConfirm({ signer: signerFrom(kits, REMAINING[REMAINING.length - 1]!.id) }));
    const status = unwrap(await vault.service.rekeyActivate({}));
    expect(status.epoch).toBe(2);
    expect(status.people.map((p) => p.id)).not.toContain('rob');

    // Old kits are rejected naming both epochs, and the removed custodian's kit opens nothing.
    const old = expectError(await vault.service.unsealRequest({ signer: vault.signer('cora'), kind: 'drill', request: { ticket: 'X', reason: 'x', severity: 'sev4', scope: [], durationMinutes: 5, policyId: 'standard' } }));
    expect(old.code).toBe('kit-old-epoch');
    expect(old.message).toContain('epoch 1');
    expect(old.message).toContain('epoch 2');
    expect(expectError(await vault.service.kitVerify(vault.signer('rob'))).code).toBe('kit-old-epoch');

    // New kits unseal, and the credential deposited before the rekey opens.
    const u = unwrap(await vault.service.unsealRequest({ signer: signerFrom(kits, 'cora'), kind: 'unseal', request: { ticket: 'INC-9', reason: 'outage', severity: 'sev1', scope: [credential.id], durationMinutes: 15, policyId: 'standard' } }));
    unwrap(await vault.service.unsealApprove({ ceremonyId: u.id, signer: signerFrom(kits, 'ivan'), requestHash: u.requestHash }));
    unwrap(await vault.service.unsealApprove({ ceremonyId: u.id, signer: signerFrom(kits, 'sam'), requestHash: u.requestHash }));
    const shown = unwrap(await vault.service.unsealReveal({ ceremonyId: u.id, credentialId: credential.id, mode: 'show', signer: signerFrom(kits, 'cora') }));
    expect(shown.secret).toEqual({ kind: 'password', password: 'hsm-pin-1234' });
    expect(unwrap(await vault.service.logVerify({})).issues).toEqual([]);
  });

  it('interrupted before prepare: the session key is gone and nothing changes', async () => {
    vault = await createTestVault();
    const c = await approvedRekey(vault);
    vault.service.close();
    vault.service = await openCoreService({ vaultPath: vault.vaultPath, now: () => new Date(vault!.clock.now) });
    const error = expectError(await vault.service.rekeyPrepare({ ceremonyId: c.id, people: REMAINING, policies: [NEW_POLICY], passphrases: Object.fromEntries(REMAINING.map((p) => [p.id, newPassphrase(p.id)])) }));
    expect(error.code).toBe('wrong-state');
    expect(error.message).toContain('session key');
    const status = unwrap(await vault.service.vaultStatus({}));
    expect(status.epoch).toBe(1);
    expect(status.pendingRekey).toBeNull();
    expect(unwrap(await vault.service.unsealSeal({ ceremonyId: c.id, signer: vault.signer('cora') })).state).toBe('verified');
  });

  it('interrupted during prepare: an incomplete request writes nothing', async () => {
    vault = await createTestVault();
    const c = await approvedRekey(vault);
    const before = unwrap(await vault.service.vaultStatus({})).logSize;
    const passphrases = Object.fromEntries(REMAINING.slice(1).map((p) => [p.id, newPassphrase(p.id)]));
    const error = expectError(await vault.service.rekeyPrepare({ ceremonyId: c.id, people: REMAINING, policies: [NEW_POLICY], passphrases }));
    expect(error.message).toContain(REMAINING[0]!.id);
    const status = unwrap(await vault.service.vaultStatus({}));
    expect(status.pendingRekey).toBeNull();
    expect(status.logSize).toBe(before);
    // The approved ceremony can still prepare once the request is complete.
    expect((await prepare(vault, c.id)).rekey.newEpoch).toBe(2);
  });

  it('interrupted during confirmations: resumes after a restart', async () => {
    vault = await createTestVault();
    const c = await approvedRekey(vault);
    const { kits } = await prepare(vault, c.id);
    unwrap(await vault.service.rekeyConfirm({ signer: signerFrom(kits, 'iris') }));
    vault.service.close();
    vault.service = await openCoreService({ vaultPath: vault.vaultPath, now: () => new Date(vault!.clock.now) });
    const pending = unwrap(await vault.service.vaultStatus({})).pendingRekey!;
    expect(pending.people.find((p) => p.id === 'iris')?.confirmed).toBe(true);
    expect(pending.people.filter((p) => !p.confirmed)).toHaveLength(REMAINING.length - 1);
    const again = expectError(await vault.service.rekeyConfirm({ signer: signerFrom(kits, 'iris') }));
    expect(again.message).toContain('already confirmed');
    for (const person of REMAINING.filter((p) => p.id !== 'iris')) unwrap(await vault.service.rekeyConfirm({ signer: signerFrom(kits, person.id) }));
    expect(unwrap(await vault.service.rekeyActivate({})).epoch).toBe(2);
  });

  it('abandoned: the pending epoch is deleted and old kits keep working', async () => {
    vault = await createTestVault();
    const c = await approvedRekey(vault);
    const { kits } = await prepare(vault, c.id);
    unwrap(await vault.service.rekeyConfirm({ signer: signerFrom(kits, 'sara') }));
    unwrap(await vault.service.rekeyAbandon({ signer: vault.signer('iris'), reason: 'wrong membership' }));
    const status = unwrap(await vault.service.vaultStatus({}));
    expect(status.pendingRekey).toBeNull();
    expect(status.epoch).toBe(1);
    expect((await drillWithOldKits(vault)).state).toBe('verified');
    const stale = expectError(await vault.service.kitVerify(signerFrom(kits, 'sara')));
    expect(stale.code).toBe('kit-invalid');
    expect(passphraseOf('sara')).not.toBe(newPassphrase('sara'));
    expect(unwrap(await vault.service.logVerify({})).issues).toEqual([]);
  });
});
