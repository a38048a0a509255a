// Drill, rotation outside a ceremony, and rekey through the screens. A drill proves the quorum
// opens the vault and reveals nothing. A rekey issues new kits that every holder confirms before
// activation, after which an old kit is rejected with the epoch named.
import { expect, test } from '@playwright/test';
import path from 'node:path';
import type { PersonInput, PolicyInput } from '../../shared/api/contract.js';
import { createVaultThroughCore } from './core-setup.js';
import { VaultHarness } from './harness.js';
import { startStaticServer, type StaticServer } from './static-server.js';
import { expectError, expectNotice, fillSigner, must, navigateTo, ScreenRecorder, signerGroup } from './ui.js';

const RENDERER_DIST = path.resolve(import.meta.dirname, '..', '..', 'renderer', 'dist');

const PEOPLE: PersonInput[] = [
  { id: 'ida', name: 'Ida Identity', roles: ['custodian'], function: 'identity' },
  { id: 'sam', name: 'Sam Security', roles: ['custodian'], function: 'security' },
  { id: 'rita', name: 'Rita Response', roles: ['custodian'], function: 'incident-response' },
  { id: 'ivy', name: 'Ivy Commander', roles: ['incident-commander'] },
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
      { function: 'incident-response', threshold: 1, members: ['rita'] },
    ],
    resealLimitHours: 24,
    fastPath: false,
  },
];

const passphraseOf = (id: string): string => `${id} cobalt willow anchor 19 thistle`;
const newPassphraseOf = (id: string): string => `${id} epoch two saffron glacier 58 beacon`;

let server: StaticServer;
let harness: VaultHarness;

test.beforeAll(async () => {
  server = await startStaticServer(RENDERER_DIST);
  harness = await VaultHarness.create('drill-rekey');
});

test.afterAll(async () => {
  await harness?.dispose();
  await server?.close();
});

test('drill, rotation and rekey', async ({ page }) => {
  const kits = await createVaultThroughCore(harness, 'Acme drills', PEOPLE, POLICIES, passphraseOf);
  await harness.bind(page);
  const screens = new ScreenRecorder(page, 'drill-rekey-');
  await page.goto(server.url);
  await expect(page.getByTestId('vault-state')).toHaveText('Dormant');

  // ---------- deposit, then rotate from the home screen ----------
  await navigateTo(page, 'Deposit');
  await page.getByLabel('Label', { exact: true }).fill('Domain admin');
  await page.getByLabel('System', { exact: true }).fill('ad');
  await page.getByLabel('Password', { exact: true }).fill('domain-admin-v1');
  await fillSigner(signerGroup(page, 'Depositor'), kits.ida ?? '', passphraseOf('ida'));
  await page.getByRole('button', { name: 'Deposit credential' }).click();
  await expectNotice(page, 'Deposited Domain admin (version 1).');

  await navigateTo(page, 'Home');
  await page.getByRole('button', { name: 'Rotate Domain admin' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rotate Domain admin' })).toBeVisible();
  await page.getByLabel('Password', { exact: true }).fill('domain-admin-v2');
  await fillSigner(signerGroup(page, 'Depositor'), kits.sam ?? '', passphraseOf('sam'));
  await screens.shot('rotate');
  await page.getByRole('button', { name: 'Rotate credential' }).click();
  await expectNotice(page, 'Rotated Domain admin: now version 2.');
  await expect(page.getByText(/^v2, deposited by sam/)).toBeVisible();

  // ---------- drill: two functions approve, nothing is revealed ----------
  await navigateTo(page, 'Drill');
  await page.getByLabel('Ticket').fill('DRILL-2026-Q4');
  await expect(page.getByText('A drill reveals no credential: its scope is empty.')).toBeVisible();
  await fillSigner(signerGroup(page, 'Requested by'), kits.ivy ?? '', passphraseOf('ivy'));
  await page.getByRole('button', { name: 'Start drill' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Drill DRILL-2026-Q4' })).toBeVisible();
  const approver = signerGroup(page, 'Approve as custodian');
  await fillSigner(approver, kits.ida ?? '', passphraseOf('ida'));
  await page.getByRole('button', { name: 'Approve and sign' }).click();
  await expectNotice(page, 'Approved by Ida Identity. More approvals needed.');
  await fillSigner(approver, kits.rita ?? '', passphraseOf('rita'));
  await page.getByRole('button', { name: 'Approve and sign' }).click();
  await expect(page.getByTestId('ceremony-state')).toHaveText('Drill verified');
  await expect(page.getByRole('heading', { name: 'Drill verified' })).toBeVisible();
  await expect(page.getByRole('button', { name: /^Reveal / })).toHaveCount(0);
  await screens.shot('drill-verified');

  await navigateTo(page, 'Home');
  await expect(page.getByRole('row', { name: /^Standard/ })).not.toContainText('never');
  await expect(page.getByRole('row', { name: /^Ida Identity/ })).not.toContainText('never');
  await expect(page.getByRole('row', { name: /^Sam Security/ })).toContainText('never');
  await expect(page.getByTestId('vault-state')).toHaveText('Dormant');

  // ---------- rekey: request, approve, prepare new kits, confirm each, activate ----------
  await navigateTo(page, 'Custodians and policy');
  await page.getByRole('button', { name: 'Request a rekey' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Request a rekey' })).toBeVisible();
  await page.getByLabel('Ticket').fill('CHG-88');
  await page.getByLabel('Reason').fill('Yearly key rotation.');
  await fillSigner(signerGroup(page, 'Requested by'), kits.ivy ?? '', passphraseOf('ivy'));
  await page.getByRole('button', { name: 'Request rekey' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Rekey ceremony CHG-88' })).toBeVisible();
  await fillSigner(approver, kits.sam ?? '', passphraseOf('sam'));
  await page.getByRole('button', { name: 'Approve and sign' }).click();
  await expectNotice(page, 'Approved by Sam Security.');
  await fillSigner(approver, kits.rita ?? '', passphraseOf('rita'));
  await page.getByRole('button', { name: 'Approve and sign' }).click();
  await expect(page.getByRole('heading', { name: 'Rekey approved' })).toBeVisible();
  await page.getByRole('button', { name: 'Go to custodians and policy' }).click();

  for (const person of PEOPLE) {
    const group = page.getByRole('group', { name: person.name, exact: true });
    await group.getByLabel('New passphrase').fill(newPassphraseOf(person.id));
    await group.getByLabel('Confirm passphrase').fill(newPassphraseOf(person.id));
  }
  await screens.shot('rekey-prepare');
  await page.getByRole('button', { name: 'Prepare new kits' }).click();
  await expectNotice(page, `New kits for epoch 2 saved for ${PEOPLE.length} of ${PEOPLE.length} people.`);

  const newKitOf = (id: string): string => {
    const file = harness.saved.find((saved) => saved.suggestedName.includes(`-${id}-epoch2`));
    if (!file) throw new Error(`no epoch 2 kit saved for ${id}; saved: ${harness.saved.map((s) => s.suggestedName).join(', ')}`);
    return file.path;
  };
  const confirmer = signerGroup(page, 'New kit');
  for (const person of PEOPLE) {
    await fillSigner(confirmer, newKitOf(person.id), newPassphraseOf(person.id));
    await page.getByRole('button', { name: 'Confirm new kit' }).click();
    await expectNotice(page, 'New kit confirmed.');
    await expect(page.getByTestId('rekey-people')).toContainText(`${person.name}: new kit confirmed`);
  }
  await screens.shot('rekey-confirmed');
  await page.getByRole('button', { name: 'Activate new epoch' }).click();
  await expectNotice(page, 'Epoch 2 is active. Old kits are void.');
  await expect(page.getByRole('heading', { name: 'People (epoch 2)' })).toBeVisible();

  // ---------- an old kit is rejected, the new one works ----------
  await navigateTo(page, 'Deposit');
  await page.getByLabel('Label', { exact: true }).fill('HSM PIN');
  await page.getByLabel('System', { exact: true }).fill('hsm');
  await page.getByLabel('Password', { exact: true }).fill('hsm-pin-1234');
  await fillSigner(signerGroup(page, 'Depositor'), kits.ida ?? '', passphraseOf('ida'));
  await page.getByRole('button', { name: 'Deposit credential' }).click();
  await expectError(page, 'this kit is from epoch 1, but the vault is at epoch 2');
  await screens.shot('old-kit-rejected');
  await fillSigner(signerGroup(page, 'Depositor'), newKitOf('ida'), newPassphraseOf('ida'));
  await page.getByRole('button', { name: 'Deposit credential' }).click();
  await expectNotice(page, 'Deposited HSM PIN (version 1).');

  const status = must(await harness.core.vaultStatus({}), 'vaultStatus');
  expect(status.epoch).toBe(2);
  expect(status.pendingRekey).toBeNull();
  const report = must(await harness.core.logVerify({}), 'logVerify');
  expect(report.issues).toEqual([]);
  expect(report.ok).toBe(true);
});
