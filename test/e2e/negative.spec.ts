// Rejections a user meets in the screens: a wrong passphrase, the kit of another vault, and an
// attestation by the person who retrieved. A reveal outside the ceremony's scope is never offered
// by the UI, and the core rejects it when the API is called directly. The vault is set up through
// the core to keep this spec short, but every rejected act goes through the page.
import { expect, test, type Page } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { PersonInput, PolicyInput, Result, RevealedSecret } from '../../shared/api/contract.js';
import { VaultHarness } from './harness.js';
import { createVaultThroughCore } from './core-setup.js';
import { startStaticServer, type StaticServer } from './static-server.js';
import { dismissError, expectError, expectNotice, fillSigner, must, navigateTo, ScreenRecorder, signerGroup } from './ui.js';

const RENDERER_DIST = path.resolve(import.meta.dirname, '..', '..', 'renderer', 'dist');

// The IC is also an incident-response custodian, so the attestation is rejected because they
// requested and retrieved, not merely because of their role.
const PEOPLE: PersonInput[] = [
  { id: 'ida', name: 'Ida Identity', roles: ['custodian'], function: 'identity' },
  { id: 'sam', name: 'Sam Security', roles: ['custodian'], function: 'security' },
  { id: 'rita', name: 'Rita Response', roles: ['custodian'], function: 'incident-response' },
  { id: 'ivy', name: 'Ivy Commander', roles: ['incident-commander', 'custodian'], function: 'incident-response' },
  { id: 'ada', name: 'Ada Auditor', roles: ['auditor'] },
];

const POLICIES: PolicyInput[] = [
  {
    id: 'standard',
    name: 'Standard',
    groupThreshold: 2,
    groups: [
      { function: 'identity', threshold: 1, members: ['ida'] },
      { function: 'security', threshold: 1, members: ['sam'] },
      { function: 'incident-response', threshold: 1, members: ['rita', 'ivy'] },
    ],
    resealLimitHours: 24,
    fastPath: false,
  },
];

const passphraseOf = (id: string): string => `${id} harbor violet kettle summit 83 prism`;

let server: StaticServer;
let harness: VaultHarness;
let foreign: VaultHarness;

test.beforeAll(async () => {
  server = await startStaticServer(RENDERER_DIST);
  harness = await VaultHarness.create('negative');
  foreign = await VaultHarness.create('foreign');
});

test.afterAll(async () => {
  await harness?.dispose();
  await foreign?.dispose();
  await server?.close();
});

async function invokeFromPage<T>(page: Page, method: string, input: unknown): Promise<Result<T>> {
  return page.evaluate(
    ([name, arg]) => (window.breakglass as unknown as Record<string, (input: unknown) => Promise<unknown>>)[name]?.(arg),
    [method, input] as const,
  ) as Promise<Result<T>>;
}

test('rejections shown to the user', async ({ page }) => {
  const kits = await createVaultThroughCore(harness, 'Acme negative', PEOPLE, POLICIES, passphraseOf);
  const foreignKits = await createVaultThroughCore(foreign, 'Other company', PEOPLE, POLICIES, passphraseOf);
  const kitBase64 = async (file: string): Promise<string> => (await readFile(file)).toString('base64');

  const idaSigner = { kit: await kitBase64(kits.ida ?? ''), passphrase: passphraseOf('ida') };
  const idp = must(
    await harness.core.credentialDeposit({
      signer: idaSigner,
      metadata: { label: 'IdP admin', system: 'okta', account: 'bg-admin', kind: 'password', owner: 'identity', runbook: 'reset in console', tags: [] },
      secret: { kind: 'password', password: 'idp-admin-secret-1' },
    }),
    'deposit IdP admin',
  );
  const pager = must(
    await harness.core.credentialDeposit({
      signer: idaSigner,
      metadata: { label: 'PagerDuty token', system: 'pagerduty', account: 'automation', kind: 'api-token', owner: 'sre', runbook: 'rotate in PagerDuty', tags: [] },
      secret: { kind: 'api-token', token: 'pd-token-secret-2' },
    }),
    'deposit PagerDuty token',
  );

  await harness.bind(page);
  const screens = new ScreenRecorder(page, 'negative-');
  await page.goto(server.url);
  await expect(page.getByTestId('vault-state')).toHaveText('Dormant');

  // ---------- wrong passphrase on a deposit ----------
  await navigateTo(page, 'Deposit');
  await page.getByLabel('Label', { exact: true }).fill('Domain admin');
  await page.getByLabel('System', { exact: true }).fill('ad');
  await page.getByLabel('Password', { exact: true }).fill('domain-admin-secret-3');
  const wrongPassphrase = 'not the right passphrase at all';
  await fillSigner(signerGroup(page, 'Depositor'), kits.ida ?? '', wrongPassphrase);
  await page.getByRole('button', { name: 'Deposit credential' }).click();
  await expectError(page, 'the passphrase does not open the kit of "ida", or the kit was modified; check the passphrase and try again');
  await expect(page.getByTestId('error-alert')).not.toContainText(wrongPassphrase);
  await screens.shot('wrong-passphrase');
  await dismissError(page);

  // ---------- unseal request by the IC, then a kit of another vault at approval ----------
  await navigateTo(page, 'Unseal');
  await page.getByLabel('Ticket').fill('INC-7');
  await page.getByLabel('Reason').fill('IdP outage');
  await page.getByLabel(/^IdP admin/).check();
  await fillSigner(signerGroup(page, 'Incident commander'), kits.ivy ?? '', passphraseOf('ivy'));
  await page.getByRole('button', { name: 'Sign and submit request' }).click();
  await expect(page.getByTestId('ceremony-state')).toHaveText('Awaiting approvals');

  const approver = signerGroup(page, 'Approve as custodian');
  await fillSigner(approver, foreignKits.ida ?? '', passphraseOf('ida'));
  await page.getByRole('button', { name: 'Approve and sign' }).click();
  await expectError(page, 'this kit belongs to vault "Other company"');
  await expectError(page, 'use the kit issued for this vault');
  await expect(page.getByTestId('progress-identity')).toContainText('0 of 1');
  await screens.shot('foreign-kit');
  await dismissError(page);

  // ---------- the requester cannot approve their own request ----------
  await fillSigner(approver, kits.ivy ?? '', passphraseOf('ivy'));
  await page.getByRole('button', { name: 'Approve and sign' }).click();
  await expectError(page, 'Ivy Commander requested ceremony');
  await dismissError(page);

  await fillSigner(approver, kits.ida ?? '', passphraseOf('ida'));
  await page.getByRole('button', { name: 'Approve and sign' }).click();
  await expectNotice(page, 'Approved by Ida Identity.');
  await fillSigner(approver, kits.sam ?? '', passphraseOf('sam'));
  await page.getByRole('button', { name: 'Approve and sign' }).click();
  await expect(page.getByTestId('ceremony-state')).toHaveText('Unsealed');

  // ---------- out of scope: not offered, and rejected when called directly ----------
  await expect(page.getByRole('button', { name: 'Reveal IdP admin' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Reveal PagerDuty token' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Copy PagerDuty token' })).toHaveCount(0);
  const status = must(await harness.core.vaultStatus({}), 'vaultStatus');
  const ceremonyId = status.unsealedCeremonyId ?? '';
  const outOfScope = await invokeFromPage<RevealedSecret>(page, 'unsealReveal', {
    ceremonyId,
    credentialId: pager.id,
    mode: 'show',
    signer: { kit: await kitBase64(kits.ivy ?? ''), passphrase: passphraseOf('ivy') },
  });
  expect(outOfScope.ok).toBe(false);
  if (!outOfScope.ok) {
    expect(outOfScope.error.code).toBe('out-of-scope');
    expect(outOfScope.error.message).toContain(`credential ${pager.id} is outside the scope of ceremony ${ceremonyId}`);
    expect(outOfScope.error.message).not.toContain('pd-token-secret-2');
  }

  // ---------- the IC retrieves, seals, waives; then tries to attest dormancy ----------
  const ic = signerGroup(page, 'Incident commander');
  await fillSigner(ic, kits.ivy ?? '', passphraseOf('ivy'));
  await page.getByRole('button', { name: 'Copy IdP admin' }).click();
  await expectNotice(page, 'IdP admin copied to the clipboard.');
  expect(harness.clipboard).toBe('idp-admin-secret-1');
  await fillSigner(ic, null, passphraseOf('ivy'));
  await page.getByRole('button', { name: 'Seal now' }).click();
  await expect(page.getByTestId('ceremony-state')).toHaveText('Sealed, reseal needed');

  await page.getByLabel('Resolution').selectOption('waive');
  await page.getByLabel('Waiver reason').fill('Account disabled instead of rotated.');
  await fillSigner(signerGroup(page, 'Signed by'), kits.ida ?? '', passphraseOf('ida'));
  await page.getByRole('button', { name: 'Sign waiver' }).click();
  await expectNotice(page, 'IdP admin waived.');

  const attestor = signerGroup(page, 'Attesting custodian');
  await fillSigner(attestor, kits.ivy ?? '', passphraseOf('ivy'));
  await page.getByRole('button', { name: 'Sign dormancy attestation' }).click();
  await expectError(page, /^Error: Ivy Commander (requested|revealed credentials in) ceremony /);
  await expectError(page, 'so they cannot attest its dormancy; ask a custodian who revealed nothing');
  await screens.shot('attest-by-retriever');
  await expect(page.getByRole('button', { name: 'Close ceremony' })).toBeDisabled();
  await dismissError(page);

  // A custodian who revealed nothing can attest, and the ceremony closes.
  await fillSigner(attestor, kits.rita ?? '', passphraseOf('rita'));
  await page.getByRole('button', { name: 'Sign dormancy attestation' }).click();
  await expectNotice(page, 'Dormancy attestation signed.');
  await page.getByRole('button', { name: 'Close ceremony' }).click();
  await expect(page.getByTestId('ceremony-state')).toHaveText('Closed');
  expect(idp.id).not.toBe(pager.id);
});
