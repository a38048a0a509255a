// Regression tests from the adversarial pass: ceremony rules that rest on editable rows of the
// vault file, and an approval that lands under a request hash the approver never reviewed.
// The core now checks these rows against the signed audit log, so each attack is refused.
import Database from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { loadSodium } from '../../shared/crypto/sodium.js';
import { fromBase64 } from '../../shared/util/bytes.js';
import { sealSecret } from '../../shared/vault/credentials.js';
import { parseHeaderJson } from '../../shared/vault/header.js';
import { advance, createTestVault, unwrap, type TestVault } from '../helpers/vault-fixture.js';

let vault: TestVault | undefined;
afterEach(() => {
  vault?.cleanup();
  vault = undefined;
});

const metadata = (label: string) => ({ label, system: 'sys', account: 'acct', kind: 'password' as const, owner: 'ops', runbook: 'rotate', tags: [] });
const request = (scope: string[], ticket = 'INC-1') => ({ ticket, reason: 'outage', severity: 'sev1' as const, scope, durationMinutes: 30, policyId: 'standard' });

async function deposit(v: TestVault, who: string, label: string, password: string): Promise<string> {
  return unwrap(await v.service.credentialDeposit({ signer: v.signer(who), metadata: metadata(label), secret: { kind: 'password', password } })).id;
}

async function unsealed(v: TestVault, scope: string[]): Promise<string> {
  const c = unwrap(await v.service.unsealRequest({ signer: v.signer('cora'), kind: 'unseal', request: request(scope) }));
  unwrap(await v.service.unsealApprove({ ceremonyId: c.id, signer: v.signer('iris'), requestHash: c.requestHash }));
  expect(unwrap(await v.service.unsealApprove({ ceremonyId: c.id, signer: v.signer('sara'), requestHash: c.requestHash })).state).toBe('unsealed');
  return c.id;
}

function edit(v: TestVault, sql: string, ...params: unknown[]): void {
  const db = new Database(v.vaultPath);
  try {
    db.prepare(sql).run(...params);
  } finally {
    db.close();
  }
}

describe('adversarial: ceremony integrity', () => {
  it('an approval started with the reviewed hash does not count for a request amended during its key derivation', async () => {
    vault = await createTestVault();
    const c = unwrap(await vault.service.unsealRequest({ signer: vault.signer('cora'), kind: 'drill', request: { ...request([]), severity: 'sev4' } }));
    const amend = vault.service.unsealAmend({ ceremonyId: c.id, signer: vault.signer('cora'), request: { ...request([], 'INC-1-CHANGED'), severity: 'sev4', durationMinutes: 1440 } });
    const approve = vault.service.unsealApprove({ ceremonyId: c.id, signer: vault.signer('iris'), requestHash: c.requestHash });
    const [amended, approved] = await Promise.all([amend, approve]);
    expect(amended.ok).toBe(true);
    const view = unwrap(await vault.service.ceremonyGet({ ceremonyId: c.id }));
    expect(view.request.ticket).toBe('INC-1-CHANGED');
    // Either the approval is refused as stale, or it is voided by the amendment: never counted.
    expect(approved.ok && view.approvals.some((a) => a.custodianId === 'iris')).toBe(false);
  });

  it('a scope widened in the vault file after approval does not let the commander reveal more', async () => {
    vault = await createTestVault();
    const inScope = await deposit(vault, 'cora', 'in scope', 'in-scope-value');
    const outOfScope = await deposit(vault, 'iris', 'out of scope', 'out-of-scope-value');
    const ceremonyId = await unsealed(vault, [inScope]);
    const stored = new Database(vault.vaultPath).prepare('SELECT request_json FROM ceremonies WHERE id = ?').get(ceremonyId) as { request_json: string };
    const widened = { ...(JSON.parse(stored.request_json) as Record<string, unknown>), scope: [inScope, outOfScope].sort() };
    edit(vault, 'UPDATE ceremonies SET request_json = ? WHERE id = ?', JSON.stringify(widened), ceremonyId);
    const reveal = await vault.service.unsealReveal({ ceremonyId, credentialId: outOfScope, mode: 'show', signer: vault.signer('cora') });
    expect(reveal.ok).toBe(false);
  });

  it('a deadline moved in the vault file does not keep an unseal open', async () => {
    vault = await createTestVault();
    const credentialId = await deposit(vault, 'cora', 'cred', 'deadline-value');
    const ceremonyId = await unsealed(vault, [credentialId]);
    edit(vault, 'UPDATE ceremonies SET deadline = ? WHERE id = ?', '2099-01-01T00:00:00.000Z', ceremonyId);
    advance(vault, 600);
    const reveal = await vault.service.unsealReveal({ ceremonyId, credentialId, mode: 'show', signer: vault.signer('cora') });
    expect(reveal.ok).toBe(false);
  });

  it('waiver and attestation rows inserted in the vault file do not close a ceremony, or log verify reports it', async () => {
    vault = await createTestVault();
    const credentialId = await deposit(vault, 'cora', 'cred', 'attest-value');
    const ceremonyId = await unsealed(vault, [credentialId]);
    unwrap(await vault.service.unsealReveal({ ceremonyId, credentialId, mode: 'show', signer: vault.signer('cora') }));
    unwrap(await vault.service.unsealSeal({ ceremonyId, signer: vault.signer('cora') }));
    edit(vault, "INSERT INTO ceremony_reseal (ceremony_id, credential_id, status, version, reason, by_person, at, log_index) VALUES (?, ?, 'waived', NULL, 'x', 'rita', 'x', 0)", ceremonyId, credentialId);
    edit(vault, "INSERT INTO ceremony_attestations (ceremony_id, by_person, statement, at, log_index) VALUES (?, 'rita', 'dormant', 'x', 0)", ceremonyId);
    const closed = await vault.service.resealClose({ ceremonyId });
    const report = unwrap(await vault.service.logVerify({}));
    expect(closed.ok && report.ok).toBe(false);
  });

  it('a sealed secret replaced in the vault file is not revealed as the deposited one', async () => {
    vault = await createTestVault();
    const credentialId = await deposit(vault, 'iris', 'cred', 'deposited-value');
    await loadSodium();
    const row = new Database(vault.vaultPath).prepare("SELECT header_json FROM epochs WHERE status = 'active'").get() as { header_json: string };
    const header = parseHeaderJson(row.header_json);
    const planted = sealSecret({ kind: 'password', password: 'planted-value' }, { vaultId: header.vaultId, epoch: header.epoch, credentialId, version: 1, kind: 'password' }, fromBase64(header.vaultPublicKey));
    edit(vault, 'UPDATE credential_seals SET sealed = ? WHERE credential_id = ?', planted, credentialId);
    const ceremonyId = await unsealed(vault, [credentialId]);
    const reveal = await vault.service.unsealReveal({ ceremonyId, credentialId, mode: 'show', signer: vault.signer('cora') });
    expect(reveal.ok && reveal.value.secret).not.toEqual({ kind: 'password', password: 'planted-value' });
  });
});
