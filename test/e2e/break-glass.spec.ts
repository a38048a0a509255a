// A whole break-glass event through the screens only. First run creates a vault with three
// functions of two custodians, an IC and an auditor. Then come deposits, an unseal approved by two
// functions, a reveal and a copy by the IC, systems touched, seal, and a reseal with one rotation
// and one waiver. A custodian who revealed nothing attests dormancy, the ceremony closes, and the
// auditor's evidence bundle is verified in the UI and by the core's standalone verifier.
import { expect, test } from '@playwright/test';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { loadSodium } from '../../shared/crypto/sodium.js';
import { verifyBundle } from '../../shared/log/verify-bundle.js';
import { VaultHarness, TEST_KDF, TEST_CLIPBOARD_CLEAR_SECONDS } from './harness.js';
import { startStaticServer, type StaticServer } from './static-server.js';
import { expectNotice, fillSigner, must, navigateTo, ScreenRecorder, signerGroup, waitIdle } from './ui.js';

const RENDERER_DIST = path.resolve(import.meta.dirname, '..', '..', 'renderer', 'dist');

interface Person {
  id: string;
  name: string;
  role: 'Custodian' | 'Incident commander' | 'Auditor';
  fn: '' | 'identity' | 'security' | 'incident-response';
}

const PEOPLE: Person[] = [
  { id: 'ida', name: 'Ida Identity', role: 'Custodian', fn: 'identity' },
  { id: 'ian', name: 'Ian Identity', role: 'Custodian', fn: 'identity' },
  { id: 'sam', name: 'Sam Security', role: 'Custodian', fn: 'security' },
  { id: 'sue', name: 'Sue Security', role: 'Custodian', fn: 'security' },
  { id: 'rita', name: 'Rita Response', role: 'Custodian', fn: 'incident-response' },
  { id: 'rob', name: 'Rob Response', role: 'Custodian', fn: 'incident-response' },
  { id: 'ivy', name: 'Ivy Commander', role: 'Incident commander', fn: '' },
  { id: 'ada', name: 'Ada Auditor', role: 'Auditor', fn: '' },
];

const passphraseOf = (id: string): string => `${id} quartz meadow lantern orbit 47 falcon`;

const IDP = { label: 'IdP break-glass admin', system: 'okta', account: 'bg-admin', password: 'Tr0ub4dor&3-old-admin-password' };
const AWS = { label: 'AWS root MFA', system: 'aws', account: 'root', seed: 'JBSWY3DPEHPK3PXP' };
const PAGER = { label: 'PagerDuty API token', system: 'pagerduty', account: 'automation', token: 'pd_u+0123456789abcdefABCDEF' };
const NEW_IDP_PASSWORD = 'correct-horse-battery-staple-rotated-9';

let server: StaticServer;
let harness: VaultHarness;

test.beforeAll(async () => {
  server = await startStaticServer(RENDERER_DIST);
  harness = await VaultHarness.create('event');
});

test.afterAll(async () => {
  await harness?.dispose();
  await server?.close();
});

test('break-glass event through the screens', async ({ page }, testInfo) => {
  const cspViolations: string[] = [];
  page.on('console', (message) => {
    // Chromium reports each blocked load or inline use as "Refused to … because it violates the
    // following Content Security Policy directive". Its note that frame-ancestors is ignored in a
    // <meta> tag is not a violation: the static server sends that directive as a header.
    if (message.type() === 'error' && /violates the following Content Security Policy/i.test(message.text())) cspViolations.push(message.text());
  });
  page.on('pageerror', (error) => cspViolations.push(`page error: ${error.message}`));

  await harness.bind(page);
  const screens = new ScreenRecorder(page);
  const kits: Record<string, string> = {};
  await page.goto(server.url);

  // Record every text the busy indicator shows: with test KDF parameters Argon2id is too fast
  // to catch the indicator with a polling assertion.
  await page.evaluate(() => {
    const seen: string[] = [];
    (window as unknown as { busyTextsSeen: string[] }).busyTextsSeen = seen;
    new MutationObserver(() => {
      const text = document.querySelector('[data-testid="busy"]')?.textContent ?? '';
      if (text) seen.push(text);
    }).observe(document.body, { subtree: true, childList: true, characterData: true });
  });

  // ---------- first run: vault and people ----------
  await expect(page.getByRole('heading', { level: 1, name: 'Create a vault' })).toBeVisible();
  await page.getByLabel('Vault name').fill('Acme production');
  await page.getByText('Advanced: key derivation').click();
  await page.getByLabel('Argon2id memory (KiB)').fill(String(TEST_KDF.memoryKiB));
  await page.getByLabel('Argon2id iterations').fill(String(TEST_KDF.iterations));

  for (const person of PEOPLE) {
    await page.getByLabel('Full name').fill(person.name);
    await page.getByLabel('Person id').fill(person.id);
    for (const role of ['Custodian', 'Incident commander', 'Auditor'] as const) {
      await page.getByLabel(role, { exact: true }).setChecked(role === person.role);
    }
    await page.getByLabel('Function', { exact: true }).selectOption(person.fn);
    await page.getByRole('button', { name: 'Add person' }).click();
    await expect(page.getByTestId('people-table').getByRole('rowheader', { name: person.name })).toBeVisible();
  }
  await screens.shot('setup-people');

  // ---------- quorum policies: 2 of 3 functions, 1 of 2 in each, plus a fast path ----------
  await page.getByRole('button', { name: 'Next: quorum policies' }).click();
  const standard = page.getByRole('group', { name: 'Policy Standard' });
  await expect(standard.getByLabel('Functions required')).toHaveValue('2');
  for (const fn of ['identity', 'security', 'incident-response']) {
    await expect(standard.getByLabel(`Approvals needed from ${fn}`)).toHaveValue('1');
  }
  await page.getByRole('button', { name: 'Add fast-path policy' }).click();
  const fastPath = page.getByRole('group', { name: 'Policy Emergency fast path' });
  await expect(fastPath.getByLabel('Fast path (an incident commander must ask for it explicitly)')).toBeChecked();
  await expect(fastPath.getByLabel('Approvals needed from identity')).toHaveValue('2');
  await screens.shot('setup-policies');
  await page.getByRole('button', { name: 'Create vault' }).click();

  // ---------- enrolment, one person at a time ----------
  await expect(page.getByRole('heading', { name: 'Enrolment of Acme production' })).toBeVisible();
  for (const [index, person] of PEOPLE.entries()) {
    await page.getByLabel('Person to enrol').selectOption(person.id);
    await page.getByLabel('New passphrase').fill(passphraseOf(person.id));
    await page.getByLabel('Confirm passphrase').fill(passphraseOf(person.id));
    await expect(page.getByRole('meter', { name: 'Passphrase strength' })).toHaveAttribute('aria-valuenow', /[34]/);
    if (index === 0) await screens.shot('setup-enrol');
    await page.getByRole('button', { name: 'Enrol and save kit' }).click();
    await expectNotice(page, `Kit for ${person.name} saved to`);
    kits[person.id] = harness.lastSaved().path;
  }
  await expect(page.getByRole('heading', { name: 'Everyone is enrolled' })).toBeVisible();

  // ---------- genesis signed by everyone ----------
  await page.getByRole('button', { name: 'Next: sign genesis' }).click();
  for (const [index, person] of PEOPLE.entries()) {
    await page.getByLabel('Person signing').selectOption(person.id);
    await fillSigner(signerGroup(page, `Kit of ${person.name}`), kits[person.id] ?? '', passphraseOf(person.id));
    if (index === 0) await screens.shot('setup-genesis');
    await page.getByRole('button', { name: 'Sign genesis' }).click();
    await expectNotice(page, `${person.name} signed the genesis header.`);
  }
  await page.getByRole('button', { name: 'Finish setup' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Acme production' })).toBeVisible();
  await expect(page.getByTestId('vault-state')).toHaveText('Dormant');
  await screens.shot('home-dormant');

  // ---------- deposits: password, totp, api token ----------
  const deposit = async (fill: () => Promise<void>, label: string, depositor: string): Promise<void> => {
    await navigateTo(page, 'Deposit');
    await fill();
    await fillSigner(signerGroup(page, 'Depositor'), kits[depositor] ?? '', passphraseOf(depositor));
    if (label === IDP.label) await screens.shot('deposit');
    await page.getByRole('button', { name: 'Deposit credential' }).click();
    await expectNotice(page, `Deposited ${label} (version 1).`);
  };
  await deposit(async () => {
    await page.getByLabel('Label', { exact: true }).fill(IDP.label);
    await page.getByLabel('System', { exact: true }).fill(IDP.system);
    await page.getByLabel('Account', { exact: true }).fill(IDP.account);
    await page.getByLabel('Kind').selectOption('password');
    await page.getByLabel('Owner').fill('identity team');
    await page.getByLabel('Tags').fill('idp, tier0');
    await page.getByLabel('Login URL').fill('https://acme.okta.example/admin');
    await page.getByLabel('User name').fill('bg-admin@acme.example');
    await page.getByLabel('Rotation runbook').fill('Reset in the Okta admin console, then store the new password.');
    await page.getByLabel('Password', { exact: true }).fill(IDP.password);
  }, IDP.label, 'ida');
  await deposit(async () => {
    await page.getByLabel('Label', { exact: true }).fill(AWS.label);
    await page.getByLabel('System', { exact: true }).fill(AWS.system);
    await page.getByLabel('Account', { exact: true }).fill(AWS.account);
    await page.getByLabel('Kind').selectOption('totp');
    await page.getByLabel('Owner').fill('cloud team');
    await page.getByLabel('TOTP seed (base32)').fill(AWS.seed);
  }, AWS.label, 'sam');
  await deposit(async () => {
    await page.getByLabel('Label', { exact: true }).fill(PAGER.label);
    await page.getByLabel('System', { exact: true }).fill(PAGER.system);
    await page.getByLabel('Account', { exact: true }).fill(PAGER.account);
    await page.getByLabel('Kind').selectOption('api-token');
    await page.getByLabel('Owner').fill('sre');
    await page.getByLabel('API token').fill(PAGER.token);
  }, PAGER.label, 'ivy');

  await navigateTo(page, 'Home');
  const credentialTable = page.getByTestId('credential-table');
  await expect(credentialTable.getByRole('row')).toHaveCount(4);
  await page.getByLabel('Search credentials').fill('aws');
  await expect(credentialTable.getByRole('row')).toHaveCount(2);
  await expect(credentialTable.getByRole('rowheader', { name: AWS.label })).toBeVisible();
  await screens.shot('home-search');
  await page.getByLabel('Search credentials').fill('');

  // ---------- unseal request by the IC, scope of two credentials ----------
  await navigateTo(page, 'Unseal');
  await page.getByLabel('Ticket').fill('INC-1042');
  await page.getByLabel('Severity').selectOption('sev1');
  await page.getByLabel('Duration (minutes)').fill('60');
  await page.getByLabel('Reason').fill('Okta admin MFA lost during the outage; AWS root needed to restore SSO.');
  await page.getByLabel('Policy', { exact: true }).selectOption('standard');
  await page.getByLabel(new RegExp(`^${IDP.label}`)).check();
  await page.getByLabel(new RegExp(`^${AWS.label}`)).check();
  await fillSigner(signerGroup(page, 'Incident commander'), kits.ivy ?? '', passphraseOf('ivy'));
  await screens.shot('unseal-request');
  await page.getByRole('button', { name: 'Sign and submit request' }).click();

  await expect(page.getByRole('heading', { level: 1, name: 'Unseal ceremony INC-1042' })).toBeVisible();
  await expect(page.getByTestId('ceremony-state')).toHaveText('Awaiting approvals');
  await expect(page.getByTestId('signing-summary')).toContainText('INC-1042');
  const requestHash = (await page.getByTestId('request-hash').textContent()) ?? '';
  expect(requestHash).toMatch(/^[0-9a-f]{64}$/);

  // ---------- two custodians of different functions approve ----------
  const approver = signerGroup(page, 'Approve as custodian');
  await fillSigner(approver, kits.ida ?? '', passphraseOf('ida'));
  await page.getByRole('button', { name: 'Check kit' }).click();
  await waitIdle(page);
  await expect(page.getByText('Kit of Ida Identity (ida)')).toBeVisible();
  await screens.shot('approval-identity');
  await page.getByRole('button', { name: 'Approve and sign' }).click();
  await expectNotice(page, 'Approved by Ida Identity. More approvals needed.');
  await expect(page.getByTestId('progress-identity')).toContainText('1 of 1');
  await expect(page.getByTestId('progress-identity')).toContainText('satisfied');
  await expect(page.getByTestId('progress-security')).toContainText('missing');
  await screens.shot('approval-progress');

  await fillSigner(approver, kits.sam ?? '', passphraseOf('sam'));
  await page.getByRole('button', { name: 'Approve and sign' }).click();
  await expectNotice(page, 'Approved by Sam Security. Quorum met.');
  await expect(page.getByTestId('ceremony-state')).toHaveText('Unsealed');
  await expect(page.getByTestId('vault-state')).toHaveText('Unsealed');
  await expect(page.getByRole('timer', { name: 'Time left before automatic seal:' })).toHaveText(/^(59|60):\d\d$/);
  await screens.shot('unsealed');

  // Only credentials in scope are offered.
  await expect(page.getByRole('button', { name: `Reveal ${PAGER.label}` })).toHaveCount(0);
  await expect(page.getByRole('button', { name: `Copy ${PAGER.label}` })).toHaveCount(0);

  // ---------- the IC reveals the TOTP seed (masked until Show) ----------
  const ic = signerGroup(page, 'Incident commander');
  await fillSigner(ic, kits.ivy ?? '', passphraseOf('ivy'));
  await page.getByRole('button', { name: `Reveal ${AWS.label}` }).click();
  await expectNotice(page, `${AWS.label} v1 revealed and logged`);
  await expect(page.getByLabel(`Seed of ${AWS.label}`)).toHaveText('••••••••••••');
  await expect(page.getByTestId('totp-code')).toHaveText('••••••••••••');
  await page.getByRole('button', { name: `Show ${AWS.label}` }).click();
  await expect(page.getByRole('button', { name: `Show ${AWS.label}` })).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByLabel(`Seed of ${AWS.label}`)).toHaveText(AWS.seed);
  const shownCode = (await page.getByTestId('totp-code').textContent()) ?? '';
  const totp = new TOTP({ secret: Secret.fromBase32(AWS.seed), digits: 6, period: 30, algorithm: 'SHA1' });
  const now = Date.now();
  const validCodes = [-30_000, 0, 30_000].map((offset) => totp.generate({ timestamp: now + offset }));
  expect(validCodes).toContain(shownCode);
  // Hide the seed again before the screenshot: artefacts must not hold secret values.
  await page.getByRole('button', { name: `Show ${AWS.label}` }).click();
  await expect(page.getByLabel(`Seed of ${AWS.label}`)).toHaveText('••••••••••••');
  await screens.shot('revealed-totp');

  // ---------- the IC copies the IdP password; the clipboard timer shows ----------
  await fillSigner(ic, null, passphraseOf('ivy'));
  await page.getByRole('button', { name: `Copy ${IDP.label}` }).click();
  await expectNotice(page, `${IDP.label} copied to the clipboard. It clears in ${TEST_CLIPBOARD_CLEAR_SECONDS} s.`);
  expect(harness.clipboard).toBe(IDP.password);
  await expect(page.getByText(/Clipboard clears in \d+ s\./)).toBeVisible();
  await expect(page.getByText(IDP.password)).toHaveCount(0);

  // ---------- systems touched and compensating controls ----------
  await page.getByLabel('System 1', { exact: true }).fill('okta');
  await page.getByLabel('Action 1', { exact: true }).fill('reset MFA of the admin account');
  await page.getByLabel('Note 1', { exact: true }).fill('factor re-enrolled on the break-glass token');
  await page.getByRole('button', { name: 'Add another system' }).click();
  await page.getByLabel('System 2', { exact: true }).fill('aws');
  await page.getByLabel('Action 2', { exact: true }).fill('restored the SSO identity provider');
  await page.getByLabel('Compensating controls (one per line)').fill('Okta admin sessions revoked\nCloudTrail reviewed for the window');
  await fillSigner(ic, null, passphraseOf('ivy'));
  await screens.shot('systems-touched');
  await page.getByRole('button', { name: 'Record systems touched' }).click();
  await expectNotice(page, 'Recorded 2 systems and 2 controls.');
  await expect(page.getByTestId('chain-of-custody')).toContainText('Touched okta: reset MFA of the admin account');

  // ---------- seal now ----------
  await fillSigner(ic, null, passphraseOf('ivy'));
  await page.getByRole('button', { name: 'Seal now' }).click();
  await expectNotice(page, 'Vault sealed.');
  await expect(page.getByTestId('ceremony-state')).toHaveText('Sealed, reseal needed');
  await expect(page.getByLabel(`Seed of ${AWS.label}`)).toHaveCount(0);

  // ---------- reseal: rotate the IdP password, waive the AWS seed ----------
  await expect(page.getByTestId('reseal-status')).toContainText(`${IDP.label}: pending`);
  await expect(page.getByTestId('reseal-status')).toContainText(`${AWS.label}: pending`);
  await page.getByLabel('Revealed credential', { exact: true }).selectOption({ label: IDP.label });
  await page.getByLabel('Resolution').selectOption('rotate');
  await page.getByLabel('Password', { exact: true }).fill(NEW_IDP_PASSWORD);
  await fillSigner(signerGroup(page, 'Signed by'), kits.ivy ?? '', passphraseOf('ivy'));
  await screens.shot('reseal');
  await page.getByRole('button', { name: 'Sign rotation' }).click();
  await expectNotice(page, `${IDP.label} rotated.`);
  await expect(page.getByTestId('reseal-status')).toContainText(`${IDP.label}: rotated to v2`);

  await page.getByLabel('Revealed credential', { exact: true }).selectOption({ label: AWS.label });
  await page.getByLabel('Resolution').selectOption('waive');
  await page.getByLabel('Waiver reason').fill('Hardware MFA seed cannot be re-issued before the vendor window; access reviewed.');
  await fillSigner(signerGroup(page, 'Signed by'), null, passphraseOf('ivy'));
  await page.getByRole('button', { name: 'Sign waiver' }).click();
  await expectNotice(page, `${AWS.label} waived.`);

  // ---------- dormancy attestation by a custodian who revealed nothing, then close ----------
  await fillSigner(signerGroup(page, 'Attesting custodian'), kits.rita ?? '', passphraseOf('rita'));
  await screens.shot('attestation');
  await page.getByRole('button', { name: 'Sign dormancy attestation' }).click();
  await expectNotice(page, 'Dormancy attestation signed.');
  await page.getByRole('button', { name: 'Close ceremony' }).click();
  await expectNotice(page, 'Ceremony closed.');
  await expect(page.getByTestId('ceremony-state')).toHaveText('Closed');
  await expect(page.getByTestId('chain-of-custody')).toContainText('Dormancy attested by Rita Response');
  await expect(page.getByTestId('vault-state')).toHaveText('Dormant');
  await screens.shot('closed');

  await navigateTo(page, 'Home');
  await expect(page.getByText('None. Every earlier ceremony is closed.')).toBeVisible();
  await expect(page.getByTestId('credential-table').getByRole('row', { name: new RegExp(IDP.label) })).toContainText('v2');
  await screens.shot('home-after');

  // ---------- audit: verify, timeline, chain of custody, checkpoint ----------
  await navigateTo(page, 'Audit log');
  await page.getByRole('button', { name: 'Verify log' }).click();
  await expect(page.getByRole('status', { name: 'Log verification' })).toContainText('Verified: no error found.');
  await page.getByRole('button', { name: 'Show latest checkpoint' }).click();
  await expect(page.getByTestId('checkpoint')).toContainText('breakglass-vault/');
  await page.getByLabel('Entry type').selectOption('secret.revealed');
  await expect(page.getByTestId('timeline').locator('tbody tr')).toHaveCount(2);
  await page.getByLabel('Entry type').selectOption('');
  await page.getByLabel('Ceremony', { exact: true }).selectOption({ label: 'unseal INC-1042' });
  await expect(page.getByTestId('chain-of-custody')).toContainText('Approved by Ida Identity (identity)');
  await expect(page.getByTestId('chain-of-custody')).toContainText('Approved by Sam Security (security)');
  await expect(page.getByTestId('chain-of-custody')).toContainText(`Copied ${IDP.label} v1 by Ivy Commander`);
  await expect(page.getByTestId('chain-of-custody')).toContainText(`Revealed ${AWS.label} v1 by Ivy Commander`);
  await screens.shot('audit-timeline');

  // ---------- the auditor exports the evidence bundle and verifies it ----------
  await page.getByLabel('Evidence scope').selectOption('');
  await fillSigner(signerGroup(page, 'Exporting auditor'), kits.ada ?? '', passphraseOf('ada'));
  await page.getByRole('button', { name: 'Export bundle and report' }).click();
  await expectNotice(page, 'Evidence exported:');
  const [bundleFile, reportFile] = harness.saved.slice(-2);
  expect(bundleFile).toBeDefined();
  expect(reportFile).toBeDefined();
  await expect(page.getByRole('list', { name: 'Saved files' }).getByRole('listitem')).toHaveCount(2);

  await page.getByLabel('Evidence bundle file').setInputFiles(bundleFile?.path ?? '');
  await page.getByRole('button', { name: 'Verify bundle' }).click();
  await expect(page.getByRole('status', { name: 'Bundle verification' })).toContainText('Verified: no error found.');
  await screens.shot('audit-export-verify');

  const bundleBytes = await readFile(bundleFile?.path ?? '');
  await loadSodium();
  const standalone = await verifyBundle(new Uint8Array(bundleBytes));
  expect(standalone.issues).toEqual([]);
  expect(standalone.ok).toBe(true);
  const viaCore = must(await harness.core.logVerifyBundle({ bundle: bundleBytes.toString('utf8') }), 'logVerifyBundle');
  expect(viaCore.ok).toBe(true);
  const reportHtml = await readFile(reportFile?.path ?? '', 'utf8');
  expect(reportHtml).toContain('INC-1042');
  expect(reportHtml).not.toContain(IDP.password);
  expect(bundleBytes.toString('utf8')).not.toContain(IDP.password);
  await testInfo.attach('evidence-bundle', { path: bundleFile?.path ?? '', contentType: 'application/json' });
  await testInfo.attach('evidence-report', { path: reportFile?.path ?? '', contentType: 'text/html' });

  // ---------- custodians and policy, and the dark theme ----------
  await navigateTo(page, 'Custodians and policy');
  await expect(page.getByTestId('people-list').getByRole('row')).toHaveCount(PEOPLE.length + 1);
  await expect(page.getByRole('heading', { name: 'Standard (standard)' })).toBeVisible();
  await screens.shot('custodians');
  await page.emulateMedia({ colorScheme: 'dark' });
  await navigateTo(page, 'Home');
  await screens.shot('home-dark');

  const busyTexts = await page.evaluate(() => (window as unknown as { busyTextsSeen: string[] }).busyTextsSeen);
  expect(busyTexts).toContain('Deriving key from passphrase…');
  expect(cspViolations).toEqual([]);
});
