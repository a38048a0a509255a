// The CLI walkthrough end to end. Each step is a real `breakglass` subprocess on a real SQLite vault.
// Steps: init, deposits, an unseal approved by two functions, reveals, touched systems and seal.
// Then the reseal (rotate one, waive one), attestation by a third custodian and close. Last, the
// evidence export, verification of the bundle and the vault, and the latest checkpoint.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestVault, passphraseFor, PEOPLE, runCli, type RunResult, type TestVault } from './cli-harness.js';

const ADMIN_PASSWORD = 'Tr0ub4dor&3-idp-admin';
const ROTATED_PASSWORD = 'n3w-idp-admin-after-incident';
const CLOUD_TOKEN = 'tok_live_9f8e7d6c5b4a';
const RECOVERY_CODES = ['alpha-1111', 'bravo-2222', 'charlie-3333'];
const SECRETS = [ADMIN_PASSWORD, ROTATED_PASSWORD, CLOUD_TOKEN, ...RECOVERY_CODES];

describe('breakglass CLI walkthrough', () => {
  let vault: TestVault;
  const stderrOfEveryStep: string[] = [];
  const ids: { password?: string; token?: string; codes?: string; ceremony?: string } = {};

  async function step(args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<RunResult> {
    const result = await runCli(args, options);
    stderrOfEveryStep.push(result.stderr);
    return result;
  }

  async function ok(args: string[], options: Parameters<typeof runCli>[1] = {}): Promise<RunResult> {
    const result = await step(args, options);
    expect(result.stderr, `breakglass ${args.slice(0, 2).join(' ')} failed`).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);
    return result;
  }

  beforeAll(async () => {
    vault = await createTestVault('breakglass-cli-walkthrough-');
    stderrOfEveryStep.push(vault.init.stderr);
  });

  afterAll(() => {
    if (vault) rmSync(vault.dir, { recursive: true, force: true });
  });

  it('init enrols everyone and writes one kit each', () => {
    expect(vault.vaultId).toMatch(/\S+/);
    for (const person of PEOPLE) expect(existsSync(vault.kit(person.id))).toBe(true);
    expect(vault.init.stderr).toContain('Deriving key from passphrase (Argon2id, 8 MiB)…');
  });

  it('status reports a dormant vault with the policy', async () => {
    const result = await ok(['status', '--vault', vault.vaultPath, '--json']);
    const status = JSON.parse(result.stdout) as { state: string; people: unknown[]; policies: Array<{ id: string; groupThreshold: number; groups: unknown[] }>; vaultId: string };
    expect(status.state).toBe('dormant');
    expect(status.vaultId).toBe(vault.vaultId);
    expect(status.people).toHaveLength(PEOPLE.length);
    expect(status.policies).toHaveLength(1);
    expect(status.policies[0]?.groupThreshold).toBe(2);
    expect(status.policies[0]?.groups).toHaveLength(3);

    const text = await ok(['status', '--vault', vault.vaultPath]);
    expect(text.stdout).toContain('State:        dormant');
  });

  it('kit verify opens a kit and checks its share', async () => {
    const result = await ok(['kit', 'verify', ...vault.signer('ida'), '--json']);
    const verified = JSON.parse(result.stdout) as { personId: string; vaultId: string; shares: Array<{ commitmentOk: boolean }> };
    expect(verified.personId).toBe('ida');
    expect(verified.vaultId).toBe(vault.vaultId);
    expect(verified.shares.length).toBeGreaterThan(0);
    expect(verified.shares.every((share) => share.commitmentOk)).toBe(true);
    expect(result.stderr).toContain('Deriving key from passphrase (Argon2id, 8 MiB)…');
  });

  it('deposit adds three credentials from stdin and a file', async () => {
    const password = await ok(
      ['deposit', ...vault.signer('ida'), '--kind', 'password', '--label', 'IdP emergency admin', '--system', 'okta', '--account', 'breakglass-admin', '--tag', 'tier0'],
      { input: `${ADMIN_PASSWORD}\n` },
    );
    ids.password = password.stdout.trim();

    const tokenFile = join(vault.dir, 'token.txt');
    writeFileSync(tokenFile, CLOUD_TOKEN, { mode: 0o600 });
    const token = await ok(['deposit', ...vault.signer('sam'), '--kind', 'api-token', '--label', 'Cloud root token', '--system', 'aws', '--secret-file', tokenFile]);
    ids.token = token.stdout.trim();

    const codes = await ok(
      ['deposit', ...vault.signer('rita'), '--kind', 'recovery-codes', '--label', 'Domain admin recovery codes', '--system', 'ad', '--secret-format', 'json'],
      { input: JSON.stringify({ codes: RECOVERY_CODES }) },
    );
    ids.codes = codes.stdout.trim();

    expect(new Set([ids.password, ids.token, ids.codes]).size).toBe(3);
    const list = await ok(['credential', 'list', '--vault', vault.vaultPath, '--json']);
    const credentials = JSON.parse(list.stdout) as Array<{ id: string; kind: string }>;
    expect(credentials.map((credential) => credential.kind).sort()).toEqual(['api-token', 'password', 'recovery-codes']);
  });

  it('unseal request by the incident commander prints the ceremony id', async () => {
    const result = await ok([
      'unseal', 'request', ...vault.signer('carol'),
      '--ticket', 'INC-4711', '--reason', 'IdP outage, admin console locked', '--severity', 'sev1',
      '--scope', `${ids.password ?? ''},${ids.token ?? ''}`, '--duration', '30',
    ]);
    ids.ceremony = result.stdout.trim();
    expect(ids.ceremony).toMatch(/\S+/);
    expect(result.stderr).toContain('INC-4711');

    const shown = await ok(['ceremony', 'show', ids.ceremony, '--vault', vault.vaultPath, '--json']);
    const ceremony = JSON.parse(shown.stdout) as { state: string; kind: string; request: { scope: string[]; durationMinutes: number } };
    expect(ceremony.state).toBe('approving');
    expect(ceremony.kind).toBe('unseal');
    expect([...ceremony.request.scope].sort()).toEqual([ids.password, ids.token].sort());
    expect(ceremony.request.durationMinutes).toBe(30);
  });

  it('two approvals from different functions unseal the vault', async () => {
    const ceremonyId = ids.ceremony ?? '';
    const shown = await ok(['ceremony', 'show', ceremonyId, '--vault', vault.vaultPath, '--json']);
    const { requestHash } = JSON.parse(shown.stdout) as { requestHash: string };

    const first = await ok(['unseal', 'approve', ceremonyId, ...vault.signer('ida'), '--request-hash', requestHash, '--json']);
    expect((JSON.parse(first.stdout) as { state: string }).state).toBe('approving');
    expect(first.stderr).toContain(requestHash);

    const second = await ok(['unseal', 'approve', ceremonyId, ...vault.signer('sam'), '--yes', '--json']);
    const ceremony = JSON.parse(second.stdout) as { state: string; deadline: string | null; approvals: Array<{ custodianId: string }> };
    expect(ceremony.state).toBe('unsealed');
    expect(ceremony.deadline).not.toBeNull();
    expect(ceremony.approvals.map((approval) => approval.custodianId)).toEqual(['ida', 'sam']);
    expect(second.stderr).toContain('UNSEALED');

    const status = await ok(['status', '--vault', vault.vaultPath, '--json']);
    expect((JSON.parse(status.stdout) as { state: string }).state).toBe('unsealed');
  });

  it('reveal prints exactly the secret on stdout', async () => {
    const ceremonyId = ids.ceremony ?? '';
    const password = await ok(['unseal', 'reveal', ceremonyId, ...vault.signer('carol'), '--credential', ids.password ?? '']);
    expect(password.stdout).toBe(`${ADMIN_PASSWORD}\n`);
    expect(password.stderr).not.toContain(ADMIN_PASSWORD);

    const token = await ok(['unseal', 'reveal', ceremonyId, ...vault.signer('carol'), '--credential', ids.token ?? '', '--json']);
    const revealed = JSON.parse(token.stdout) as { credentialId: string; version: number; secret: { kind: string; token: string }; logIndex: number };
    expect(revealed.secret).toEqual({ kind: 'api-token', token: CLOUD_TOKEN });
    expect(revealed.version).toBe(1);
    expect(revealed.logIndex).toBeGreaterThan(0);
  });

  it('touched records systems and controls, then seal ends the unseal', async () => {
    const ceremonyId = ids.ceremony ?? '';
    const touched = await ok([
      'unseal', 'touched', ceremonyId, ...vault.signer('carol'),
      '--touched', 'okta:reset admin MFA:for the locked-out admin',
      '--touched', 'aws:read CloudTrail',
      '--control', 'Alert on every admin login for 7 days',
      '--json',
    ]);
    const view = JSON.parse(touched.stdout) as { touched: Array<{ system: string; action: string; note: string }>; controls: string[] };
    expect(view.touched.map((item) => [item.system, item.action, item.note])).toEqual([
      ['okta', 'reset admin MFA', 'for the locked-out admin'],
      ['aws', 'read CloudTrail', ''],
    ]);
    expect(view.controls).toEqual(['Alert on every admin login for 7 days']);

    const sealed = await ok(['unseal', 'seal', ceremonyId, ...vault.signer('carol'), '--json']);
    expect((JSON.parse(sealed.stdout) as { state: string }).state).toBe('sealed');
  });

  it('reseal rotates one credential, waives the other, and a third custodian attests', async () => {
    const ceremonyId = ids.ceremony ?? '';
    const rotated = await ok(['reseal', 'rotate', ceremonyId, ...vault.signer('ivan'), '--credential', ids.password ?? '', '--json'], { input: ROTATED_PASSWORD });
    const afterRotate = JSON.parse(rotated.stdout) as { reseal: Array<{ credentialId: string; status: string; version?: number }> };
    expect(afterRotate.reseal.find((item) => item.credentialId === ids.password)).toMatchObject({ status: 'rotated', version: 2 });

    const waived = await ok(['reseal', 'waive', ceremonyId, ...vault.signer('sara'), '--credential', ids.token ?? '', '--reason', 'Token is scoped read-only and expires tonight', '--json']);
    const afterWaive = JSON.parse(waived.stdout) as { reseal: Array<{ credentialId: string; status: string }> };
    expect(afterWaive.reseal.find((item) => item.credentialId === ids.token)?.status).toBe('waived');

    const attested = await ok(['reseal', 'attest', ceremonyId, ...vault.signer('rita'), '--json']);
    const afterAttest = JSON.parse(attested.stdout) as { attestation: { by: string } | null };
    expect(afterAttest.attestation?.by).toBe('rita');

    const closed = await ok(['reseal', 'close', ceremonyId, '--vault', vault.vaultPath, '--json']);
    expect((JSON.parse(closed.stdout) as { state: string }).state).toBe('closed');

    const status = await ok(['status', '--vault', vault.vaultPath, '--json']);
    const final = JSON.parse(status.stdout) as { state: string; openExceptions: unknown[] };
    expect(final.state).toBe('dormant');
    expect(final.openExceptions).toEqual([]);
  });

  it('log export writes a bundle and an HTML report that verify', async () => {
    const bundlePath = join(vault.dir, 'evidence.json');
    const reportPath = join(vault.dir, 'evidence.html');
    await ok(['log', 'export', ...vault.signer('aude'), '--bundle', bundlePath, '--report', reportPath]);
    expect(readFileSync(reportPath, 'utf8')).toMatch(/<html/i);
    const bundleText = readFileSync(bundlePath, 'utf8');
    expect(() => JSON.parse(bundleText) as unknown).not.toThrow();

    const bundleCheck = await ok(['log', 'verify', '--bundle', bundlePath, '--json']);
    const bundleReport = JSON.parse(bundleCheck.stdout) as { ok: boolean; vaultId: string; issues: unknown[] };
    expect(bundleReport.ok).toBe(true);
    expect(bundleReport.vaultId).toBe(vault.vaultId);
    expect(bundleReport.issues).toEqual([]);

    const vaultCheck = await ok(['log', 'verify', '--vault', vault.vaultPath]);
    expect(vaultCheck.stdout).toMatch(/^Verified: audit log/m);

    for (const secret of SECRETS) {
      expect(bundleText).not.toContain(secret);
      expect(readFileSync(reportPath, 'utf8')).not.toContain(secret);
    }
  });

  it('log checkpoint prints the signed note and log entries list the acts', async () => {
    const checkpoint = await ok(['log', 'checkpoint', '--vault', vault.vaultPath]);
    const lines = checkpoint.stdout.split('\n');
    expect(lines[0]).toBe(`breakglass-vault/${vault.vaultId}`);
    expect(lines[1]).toMatch(/^\d+$/);
    expect(checkpoint.stdout).toMatch(/^— \S+ \S+$/m);

    const entries = await ok(['log', 'entries', '--vault', vault.vaultPath, '--json']);
    const types = (JSON.parse(entries.stdout) as Array<{ type: string }>).map((entry) => entry.type);
    for (const type of ['vault.genesis', 'credential.deposited', 'ceremony.requested', 'ceremony.approved', 'ceremony.unsealed', 'secret.revealed', 'ceremony.touched', 'reseal.rotated', 'reseal.waived', 'reseal.attested', 'ceremony.closed', 'evidence.exported']) {
      expect(types, `missing ${type}`).toContain(type);
    }
    for (const secret of SECRETS) expect(entries.stdout).not.toContain(secret);
  });

  it('no step wrote a secret or passphrase to stderr', () => {
    const allStderr = stderrOfEveryStep.join('\n');
    for (const secret of SECRETS) expect(allStderr).not.toContain(secret);
    for (const person of PEOPLE) expect(allStderr).not.toContain(passphraseFor(person.id));
  });
});
