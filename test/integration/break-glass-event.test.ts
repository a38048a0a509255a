// A whole break-glass event through the core service: request, cross-function approvals,
// reveals, systems touched, reseal with one rotation and one waiver, attestation by a third
// custodian, close; then the audit log and an exported bundle verify.
import { afterEach, describe, expect, it } from 'vitest';
import { advance, createTestVault, expectError, unwrap, type TestVault } from '../helpers/vault-fixture.js';

let vault: TestVault | undefined;
afterEach(() => vault?.cleanup());

describe('break-glass event', () => {
  it('runs from request to closed and verifies', async () => {
    vault = await createTestVault();
    const { service } = vault;
    const idp = unwrap(await service.credentialDeposit({
      signer: vault.signer('cora'),
      metadata: { label: 'IdP break-glass admin', system: 'idp', account: 'bg-admin', kind: 'password', owner: 'identity', runbook: 'Rotate in the IdP console', tags: ['tier0'], username: 'bg-admin', url: 'https://idp.example' },
      secret: { kind: 'password', password: 'idp-secret-Pa55!' },
    }));
    const cloud = unwrap(await service.credentialDeposit({
      signer: vault.signer('iris'),
      metadata: { label: 'Cloud root', system: 'cloud', account: 'root', kind: 'api-token', owner: 'security', runbook: 'Rotate token', tags: [] },
      secret: { kind: 'api-token', token: 'cloud-token-0123456789' },
    }));

    // Request and approvals by two functions.
    const requested = unwrap(await service.unsealRequest({ signer: vault.signer('cora'), kind: 'unseal', request: { ticket: 'INC-42', reason: 'IdP outage', severity: 'sev1', scope: [idp.id, cloud.id], durationMinutes: 60, policyId: 'standard' } }));
    expect(requested.state).toBe('approving');
    const afterFirst = unwrap(await service.unsealApprove({ ceremonyId: requested.id, signer: vault.signer('iris'), requestHash: requested.requestHash }));
    expect(afterFirst.state).toBe('approving');
    expect(afterFirst.progress.missingFunctions).toContain('security');
    const unsealed = unwrap(await service.unsealApprove({ ceremonyId: requested.id, signer: vault.signer('sara'), requestHash: requested.requestHash }));
    expect(unsealed.state).toBe('unsealed');
    expect(unsealed.deadline).toBe('2026-12-04T11:00:00.000Z');

    // Reveal and copy, then record what was touched.
    const shown = unwrap(await service.unsealReveal({ ceremonyId: requested.id, credentialId: idp.id, mode: 'show', signer: vault.signer('cora') }));
    expect(shown.secret).toEqual({ kind: 'password', password: 'idp-secret-Pa55!' });
    const copied = unwrap(await service.unsealReveal({ ceremonyId: requested.id, credentialId: cloud.id, mode: 'copy', signer: vault.signer('cora') }));
    expect(copied.secret).toEqual({ kind: 'api-token', token: 'cloud-token-0123456789' });
    unwrap(await service.unsealTouched({ ceremonyId: requested.id, signer: vault.signer('cora'), systems: [{ system: 'idp', action: 'restored SSO', note: 'admin console' }], controls: ['session recording on'] }));
    advance(vault, 10);
    unwrap(await service.unsealSeal({ ceremonyId: requested.id, signer: vault.signer('cora') }));

    // Reseal: one rotation, one waiver, attestation by a third custodian, close.
    unwrap(await service.resealRotate({ ceremonyId: requested.id, credentialId: idp.id, signer: vault.signer('cora'), secret: { kind: 'password', password: 'rotated-Pa55!' } }));
    unwrap(await service.resealWaive({ ceremonyId: requested.id, credentialId: cloud.id, signer: vault.signer('cora'), reason: 'token scoped read-only; rotation scheduled' }));
    const attested = unwrap(await service.resealAttest({ ceremonyId: requested.id, signer: vault.signer('rita'), statement: 'Access is dormant again' }));
    expect(attested.attestation?.by).toBe('rita');
    const closed = unwrap(await service.resealClose({ ceremonyId: requested.id }));
    expect(closed.state).toBe('closed');

    const status = unwrap(await service.vaultStatus({}));
    expect(status.state).toBe('dormant');
    const verify = unwrap(await service.logVerify({}));
    expect(verify.issues).toEqual([]);
    expect(verify.ok).toBe(true);

    const exported = unwrap(await service.logExport({ signer: vault.signer('aldo'), ceremonyId: requested.id }));
    const report = unwrap(await service.logVerifyBundle({ bundle: exported.bundle }));
    expect(report.issues).toEqual([]);
    expect(report.ok).toBe(true);
    for (const secret of ['idp-secret-Pa55!', 'rotated-Pa55!', 'cloud-token-0123456789', 'correct horse battery staple']) {
      expect(exported.bundle).not.toContain(secret);
      expect(exported.report).not.toContain(secret);
    }
    expect(expectError(await service.logExport({ signer: vault.signer('cora') })).code).toBe('not-permitted');
  });
});
