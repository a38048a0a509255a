// Hidden passphrase prompts on a real pseudo-terminal, driven by a small Python pty script. Checks
// that the typed passphrase is never echoed, backspace edits it and Ctrl-C exits 130. With a secret
// piped to stdin, the prompt reads /dev/tty. Skipped where python3 is not installed.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BIN, createTestVault, passphraseFor, PROJECT_ROOT, TEST_KDF_FLAGS, type TestVault } from './cli-harness.js';

const DRIVER = join(PROJECT_ROOT, 'test/integration/fixtures/pty-driver.py');
const python = spawnSync('python3', ['--version']).status === 0;

interface Step {
  wait: string;
  send: string;
}

/** Runs `command` on a pseudo-terminal, typing each step's text once its prompt appears. */
function onTerminal(steps: Step[], command: string[]): { output: string; exit: number } {
  const result = spawnSync('python3', [DRIVER, JSON.stringify(steps), ...command], {
    cwd: PROJECT_ROOT,
    encoding: 'utf8',
    env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), XDG_CONFIG_HOME: join(tmpdir(), 'breakglass-cli-tests-config') },
    timeout: 180_000,
  });
  if (result.status !== 0) throw new Error(`pty driver failed: ${result.stderr}`);
  return JSON.parse(result.stdout) as { output: string; exit: number };
}

describe.skipIf(!python)('breakglass passphrase prompt', () => {
  let vault: TestVault;

  beforeAll(async () => {
    vault = await createTestVault('breakglass-cli-prompt-');
  });

  afterAll(() => {
    if (vault) rmSync(vault.dir, { recursive: true, force: true });
  });

  it('reads the passphrase with echo off and backspace', () => {
    const passphrase = passphraseFor('ida');
    const typed = `${passphrase.slice(0, 4)}Z\u007f${passphrase.slice(4)}\r`;
    const result = onTerminal([{ wait: 'Passphrase for Ida Identity (ida)', send: typed }], ['node', BIN, 'kit', 'verify', '--vault', vault.vaultPath, '--kit', vault.kit('ida')]);
    expect(result.exit).toBe(0);
    expect(result.output).toContain('The kit opens and every share matches the vault.');
    expect(result.output).not.toContain(passphrase);
  });

  it('Ctrl-C at the prompt exits 130', () => {
    const result = onTerminal([{ wait: 'Passphrase for', send: 'abc\u0003' }], ['node', BIN, 'kit', 'verify', '--vault', vault.vaultPath, '--kit', vault.kit('ida')]);
    expect(result.exit).toBe(130);
    expect(result.output).toContain('cancelled at the passphrase prompt');
  });

  it('prompts on the terminal while the secret is piped', () => {
    const script = `printf 'piped-value-7' | node "${BIN}" deposit --vault "${vault.vaultPath}" --kit "${vault.kit('sam')}" --kind password --label Piped --system s`;
    const result = onTerminal([{ wait: 'Passphrase for Sam Security (sam)', send: `${passphraseFor('sam')}\r` }], ['sh', '-c', script]);
    expect(result.exit).toBe(0);
    expect(result.output).toContain('Deposited password credential "Piped"');
    expect(result.output).not.toContain(passphraseFor('sam'));
  });

  it('init asks each new passphrase twice and retries on a mismatch', () => {
    const dir = mkdtempSync(join(tmpdir(), 'breakglass-cli-prompt-init-'));
    const passphrase = 'a sturdy passphrase for ann 42';
    try {
      const result = onTerminal(
        [
          { wait: 'New passphrase for ann', send: `${passphrase}\r` },
          { wait: 'Repeat the passphrase for ann', send: 'something else\r' },
          { wait: 'The two entries differ; try again.', send: '' },
          { wait: 'New passphrase for ann', send: `${passphrase}\r` },
          { wait: 'Repeat the passphrase for ann', send: `${passphrase}\r` },
          { wait: 'passphrase to sign the vault header', send: `${passphrase}\r` },
        ],
        ['node', BIN, 'init', '--vault', join(dir, 'v.bgvault'), '--name', 'Solo', '--person', 'id=ann,name=Ann,roles=custodian,function=identity', '--groups', '1', '--kit-dir', join(dir, 'kits'), ...TEST_KDF_FLAGS],
      );
      expect(result.exit).toBe(0);
      expect(result.output).toContain('ann signed the vault header.');
      expect(result.output).not.toContain(passphrase);
      expect(result.output).not.toContain('something else');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
