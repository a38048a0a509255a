// Negative paths of the `breakglass` CLI, each a real subprocess: the exit code and the message of
// every rejection, and that no rejected passphrase or secret is echoed.
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestVault, runCli, TEST_KDF_FLAGS, type TestVault } from './cli-harness.js';

const LEAKED = 'hunter2-never-echoed';

describe('breakglass CLI rejections', () => {
  let vault: TestVault;
  let foreign: TestVault;
  let credentialId: string;
  let ceremonyId: string;

  beforeAll(async () => {
    [vault, foreign] = await Promise.all([createTestVault('breakglass-cli-errors-'), createTestVault('breakglass-cli-foreign-', 'Other vault')]);

    const deposit = await runCli(['deposit', ...vault.signer('ida'), '--kind', 'password', '--label', 'Admin', '--system', 'okta'], { input: 'pw-for-error-tests' });
    if (deposit.code !== 0) throw new Error(`deposit failed: ${deposit.stderr}`);
    credentialId = deposit.stdout.trim();

    const request = await runCli(['unseal', 'request', ...vault.signer('carol'), '--ticket', 'INC-1', '--reason', 'error tests', '--scope', credentialId]);
    if (request.code !== 0) throw new Error(`request failed: ${request.stderr}`);
    ceremonyId = request.stdout.trim();
  });

  afterAll(() => {
    for (const fixture of [vault, foreign]) if (fixture) rmSync(fixture.dir, { recursive: true, force: true });
  });

  describe('passphrases and secrets never as arguments', () => {
    it.each([
      ['--passphrase', LEAKED],
      [`--passphrase=${LEAKED}`],
      ['--password', LEAKED],
      [`--secret=${LEAKED}`],
    ])('rejects %s with exit 2', async (...extra: string[]) => {
      const result = await runCli(['kit', 'verify', '--vault', vault.vaultPath, '--kit', vault.kit('ida'), ...extra]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('never accepted as arguments');
      expect(result.stderr).not.toContain(LEAKED);
    });

    it('rejects a secret given as a positional argument', async () => {
      const result = await runCli(['deposit', ...vault.signer('ida'), '--kind', 'password', '--label', 'X', '--system', 'y', LEAKED]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('too many arguments');
      expect(result.stderr).not.toContain(LEAKED);
    });

    it('rejects an unknown option with exit 2', async () => {
      const result = await runCli(['status', '--vault', vault.vaultPath, '--no-such-flag']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("unknown option '--no-such-flag'");
    });
  });

  describe('kits and passphrases', () => {
    it('wrong passphrase exits 4', async () => {
      const wrong = join(vault.dir, 'wrong-passphrase');
      writeFileSync(wrong, 'not the passphrase\n');
      const result = await runCli(['kit', 'verify', '--vault', vault.vaultPath, '--kit', vault.kit('ida'), '--passphrase-file', wrong]);
      expect(result.code).toBe(4);
      expect(result.stderr).toMatch(/^error: .*passphrase/im);
      expect(result.stderr).not.toContain('not the passphrase');
    });

    it('kit of another vault exits 4', async () => {
      const result = await runCli(['kit', 'verify', '--vault', vault.vaultPath, '--kit', foreign.kit('ida'), '--passphrase-file', foreign.passphraseFile('ida')]);
      expect(result.code).toBe(4);
      expect(result.stderr).toContain(foreign.vaultId);
    });

    it('tampered kit exits 4', async () => {
      const tampered = join(vault.dir, 'tampered.bgkit');
      const bytes = readFileSync(vault.kit('sam'));
      bytes[bytes.length - 40] = (bytes[bytes.length - 40] ?? 0) ^ 0x01;
      writeFileSync(tampered, bytes);
      const result = await runCli(['kit', 'verify', '--vault', vault.vaultPath, '--kit', tampered, '--passphrase-file', vault.passphraseFile('sam')]);
      expect(result.code).toBe(4);
    });

    it('missing kit file exits 3', async () => {
      const result = await runCli(['kit', 'verify', '--vault', vault.vaultPath, '--kit', join(vault.dir, 'nope.bgkit'), '--passphrase-file', vault.passphraseFile('ida')]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('kit file not found');
    });

    it('missing passphrase file exits 3', async () => {
      const result = await runCli(['kit', 'verify', '--vault', vault.vaultPath, '--kit', vault.kit('ida'), '--passphrase-file', join(vault.dir, 'nope.txt')]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('passphrase file not found');
    });

    it('passphrase from a file descriptor opens the kit', async () => {
      const passphrase = readFileSync(vault.passphraseFile('ida'), 'utf8');
      const result = await runCli(['kit', 'verify', '--vault', vault.vaultPath, '--kit', vault.kit('ida'), '--passphrase-fd', '3', '--json'], { fd3: passphrase });
      expect(result.code).toBe(0);
      expect((JSON.parse(result.stdout) as { personId: string }).personId).toBe('ida');
    });

    it('no passphrase source and no terminal exits 2', async () => {
      const result = await runCli(['kit', 'verify', '--vault', vault.vaultPath, '--kit', vault.kit('ida')], { detached: true });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('no terminal to prompt');
    });

    it('missing --kit exits 2', async () => {
      const result = await runCli(['kit', 'verify', '--vault', vault.vaultPath]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain("required option '--kit <file>' not specified");
    });
  });

  describe('files and input', () => {
    it('missing vault exits 3', async () => {
      const result = await runCli(['status', '--vault', join(vault.dir, 'absent.bgvault')]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('no vault at');
    });

    it('bad JSON in the people file exits 2', async () => {
      const bad = join(vault.dir, 'bad-people.json');
      writeFileSync(bad, '[{"id": "ann",');
      const result = await runCli(['init', '--vault', join(vault.dir, 'new.bgvault'), '--name', 'X', '--people', bad, '--groups', '1', '--kit-dir', join(vault.dir, 'k2'), '--passphrase-dir', vault.passphraseDir]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(`invalid JSON in people file ${bad}`);
    });

    it('invalid person in the people file exits 2 naming the field', async () => {
      const bad = join(vault.dir, 'invalid-people.json');
      writeFileSync(bad, JSON.stringify([{ id: 'Not A Slug', name: 'X', roles: ['custodian'], function: 'identity' }]));
      const result = await runCli(['init', '--vault', join(vault.dir, 'new2.bgvault'), '--name', 'X', '--people', bad, '--groups', '1', '--kit-dir', join(vault.dir, 'k3'), '--passphrase-dir', vault.passphraseDir, ...TEST_KDF_FLAGS]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('people.0.id');
    });

    it('bad JSON secret exits 2 without echoing it', async () => {
      const result = await runCli(['deposit', ...vault.signer('ida'), '--kind', 'certificate', '--label', 'C', '--system', 's', '--secret-format', 'json'], { input: `{"certificate": "${LEAKED}"` });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('not valid JSON');
      expect(result.stderr).not.toContain(LEAKED);
    });

    it('empty secret on stdin exits 2', async () => {
      const result = await runCli(['deposit', ...vault.signer('ida'), '--kind', 'password', '--label', 'P', '--system', 's'], { input: '' });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('is empty');
    });

    it('invalid --duration exits 2', async () => {
      const result = await runCli(['unseal', 'request', ...vault.signer('carol'), '--ticket', 'T', '--reason', 'R', '--duration', 'soon']);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('expected a whole number');
    });

    it('missing passphrase file stops init before enrolment', async () => {
      const passphraseDir = join(vault.dir, 'partial-passphrases');
      const kitDir = join(vault.dir, 'partial-kits');
      mkdirSync(passphraseDir);
      writeFileSync(join(passphraseDir, 'ann'), 'passphrase of ann for the partial init\n');
      const result = await runCli([
        'init', '--vault', join(vault.dir, 'partial.bgvault'), '--name', 'Partial',
        '--person', 'id=ann,name=Ann,roles=custodian,function=identity',
        '--person', 'id=bob,name=Bob,roles=custodian,function=security',
        '--groups', '2', '--kit-dir', kitDir, '--passphrase-dir', passphraseDir, ...TEST_KDF_FLAGS,
      ]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain(`passphrase file not found for bob: ${join(passphraseDir, 'bob')}`);
      expect(existsSync(kitDir)).toBe(false);
    });

    it('failed init removes its kits and creates no vault', async () => {
      const kitDir = join(vault.dir, 'failed-kits');
      const target = join(vault.dir, 'failed.bgvault');
      mkdirSync(kitDir);
      const occupied = join(kitDir, 'bob.bgkit');
      writeFileSync(occupied, 'an earlier kit that must survive');
      const result = await runCli([
        'init', '--vault', target, '--name', 'Failed',
        '--person', 'id=ida,name=Ida,roles=custodian,function=identity',
        '--person', 'id=sam,name=Sam,roles=custodian,function=security',
        '--groups', '2', '--kit-dir', kitDir, '--kit-out', `sam=${occupied}`, '--passphrase-dir', vault.passphraseDir, ...TEST_KDF_FLAGS,
      ]);
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('Enrolled ida');
      expect(result.stderr).toContain(`kit file for sam ${occupied} already exists`);
      expect(readdirSync(kitDir)).toEqual(['bob.bgkit']);
      expect(readFileSync(occupied, 'utf8')).toBe('an earlier kit that must survive');
      expect(existsSync(target)).toBe(false);
    });

    it('init over an existing vault exits 5', async () => {
      const result = await runCli(['init', '--vault', vault.vaultPath, '--name', 'X', '--person', 'id=ann,name=Ann,roles=custodian,function=identity', '--groups', '1', '--kit-dir', join(vault.dir, 'k4'), '--passphrase-dir', vault.passphraseDir]);
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('already exists');
    });

    it('tampered evidence bundle fails verification with exit 1', async () => {
      const bundlePath = join(vault.dir, 'bundle.json');
      const reportPath = join(vault.dir, 'report.html');
      const exported = await runCli(['log', 'export', ...vault.signer('aude'), '--bundle', bundlePath, '--report', reportPath]);
      expect(exported.code).toBe(0);

      const original = readFileSync(bundlePath, 'utf8');
      const tampered = original.replace('"INC-1"', '"INC-2"');
      expect(tampered).not.toBe(original);
      const tamperedPath = join(vault.dir, 'bundle-tampered.json');
      writeFileSync(tamperedPath, tampered);

      const result = await runCli(['log', 'verify', '--bundle', tamperedPath]);
      expect(result.code).toBe(1);
      expect(result.stdout).toContain('Verification FAILED');
    });

    it('log export refuses to overwrite a file with exit 2', async () => {
      const existing = join(vault.dir, 'existing.json');
      writeFileSync(existing, 'keep me');
      const result = await runCli(['log', 'export', ...vault.signer('aude'), '--bundle', existing, '--report', join(vault.dir, 'r2.html')]);
      expect(result.code).toBe(2);
      expect(readFileSync(existing, 'utf8')).toBe('keep me');
    });
  });

  describe('permissions and state', () => {
    it('reveal before the quorum is met exits 5', async () => {
      const result = await runCli(['unseal', 'reveal', ceremonyId, ...vault.signer('carol'), '--credential', credentialId]);
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('cannot reveal');
      expect(result.stdout).toBe('');
    });

    it('approval by a non-custodian exits 5', async () => {
      const result = await runCli(['unseal', 'approve', ceremonyId, ...vault.signer('aude'), '--yes']);
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('is not enrolled as custodian');
    });

    it('approval against a changed request hash is rejected', async () => {
      const result = await runCli(['unseal', 'approve', ceremonyId, ...vault.signer('ida'), '--request-hash', '0'.repeat(64)]);
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('changed since you reviewed it');
    });

    it('approve without a terminal needs --request-hash or --yes', async () => {
      const result = await runCli(['unseal', 'approve', ceremonyId, ...vault.signer('ida')], { detached: true });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('--request-hash');
    });

    it('unknown ceremony exits 3', async () => {
      const result = await runCli(['ceremony', 'show', 'no-such-ceremony', '--vault', vault.vaultPath]);
      expect(result.code).toBe(3);
      expect(result.stderr).toContain('not found');
    });

    it('close before reseal exits 5', async () => {
      const result = await runCli(['reseal', 'close', ceremonyId, '--vault', vault.vaultPath]);
      expect(result.code).toBe(5);
      expect(result.stderr).toContain('cannot close');
    });
  });
});
