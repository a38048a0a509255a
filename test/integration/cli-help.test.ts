// `--help` of every `breakglass` command: it exits 0, documents units and defaults, and every
// command accepts --vault. Runs the real bin, so it also proves the bin starts from a clone.
import { describe, expect, it } from 'vitest';
import { runCli } from './cli-harness.js';

const LEAF_COMMANDS = [
  'init', 'status', 'kit verify', 'deposit', 'rotate', 'credential list',
  'unseal request', 'unseal approve', 'unseal amend', 'unseal reveal', 'unseal touched', 'unseal extend', 'unseal seal', 'unseal cancel',
  'reseal rotate', 'reseal waive', 'reseal attest', 'reseal close',
  'drill request', 'drill approve',
  'rekey request', 'rekey approve', 'rekey prepare', 'rekey confirm', 'rekey activate', 'rekey abandon',
  'ceremony list', 'ceremony show',
  'log verify', 'log export', 'log checkpoint', 'log entries',
];

const READ_COMMANDS = ['status', 'kit verify', 'ceremony list', 'ceremony show', 'log verify', 'log entries', 'log checkpoint', 'unseal reveal'];

describe('breakglass --help', () => {
  it('top-level help lists the commands and exit codes', async () => {
    const result = await runCli(['--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Exit codes:');
    for (const command of ['init', 'status', 'deposit', 'unseal', 'reseal', 'drill', 'rekey', 'log']) expect(result.stdout).toContain(`  ${command}`);
  });

  it.concurrent.each(LEAF_COMMANDS)('%s --help exits 0 and accepts --vault', async (command) => {
    const result = await runCli([...command.split(' '), '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('--vault <path>');
    if (READ_COMMANDS.includes(command)) expect(result.stdout).toContain('--json');
    expect(result.stderr).toBe('');
  });

  it('help states units and defaults', async () => {
    const request = await runCli(['unseal', 'request', '--help']);
    expect(request.stdout).toMatch(/--duration <minutes>[\s\S]*default: 60/);
    const init = await runCli(['init', '--help']);
    expect(init.stdout).toMatch(/--kdf-memory <KiB>\s+Argon2id memory cost in KiB \(for tests only/);
  });

  it('no command prints help on stderr and exits 2', async () => {
    const result = await runCli([]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('Usage: breakglass');
  });
});
