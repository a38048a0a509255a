// Runs the real `breakglass` bin in a subprocess, the way a user or script does. Also builds the
// test vault of the CLI integration tests: 3 functions x 2 custodians, an incident commander and
// an auditor, and policy "2 of 3 functions". Small Argon2id parameters keep the tests fast.
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const PROJECT_ROOT = resolve(import.meta.dirname, '../..');
export const BIN = join(PROJECT_ROOT, 'cli/bin/breakglass.mjs');

/** Small Argon2id parameters for tests only (the product default is far larger). */
export const TEST_KDF_FLAGS = ['--kdf-memory', '8192', '--kdf-iterations', '1'];

export interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
  stdoutBytes: Buffer;
}

export interface RunOptions {
  cwd?: string;
  /** Bytes written to the child's stdin, which is then closed. Without it stdin is empty. */
  input?: string | Buffer;
  /** Text offered on file descriptor 3 (for --passphrase-fd 3). */
  fd3?: string;
  /** Start the child in a new session, so it has no controlling terminal and /dev/tty fails. */
  detached?: boolean;
  env?: Record<string, string>;
}

/** Runs `breakglass ARGS` and resolves with its exit code and output. */
export function runCli(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: options.cwd ?? PROJECT_ROOT,
      // A private XDG_CONFIG_HOME keeps the default vault path away from the real home folder.
      env: { PATH: process.env['PATH'] ?? '', HOME: tmpdir(), XDG_CONFIG_HOME: join(tmpdir(), 'breakglass-cli-tests-config'), ...options.env },
      stdio: ['pipe', 'pipe', 'pipe', options.fd3 !== undefined ? 'pipe' : 'ignore'],
      detached: options.detached ?? true,
    });

    const stdout: Buffer[] = [];
    const stderr: Buffer[] = [];
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (code) => {
      const stdoutBytes = Buffer.concat(stdout);
      resolvePromise({ code, stdout: stdoutBytes.toString('utf8'), stderr: Buffer.concat(stderr).toString('utf8'), stdoutBytes });
    });

    if (options.fd3 !== undefined) {
      const fd3 = child.stdio[3] as NodeJS.WritableStream;
      fd3.end(options.fd3);
    }
    child.stdin?.end(options.input ?? '');
  });
}

export interface TestPerson {
  id: string;
  name: string;
  roles: string[];
  function?: string;
}

export const PEOPLE: TestPerson[] = [
  { id: 'ida', name: 'Ida Identity', roles: ['custodian'], function: 'identity' },
  { id: 'ivan', name: 'Ivan Identity', roles: ['custodian'], function: 'identity' },
  { id: 'sam', name: 'Sam Security', roles: ['custodian'], function: 'security' },
  { id: 'sara', name: 'Sara Security', roles: ['custodian'], function: 'security' },
  { id: 'rita', name: 'Rita Response', roles: ['custodian'], function: 'incident-response' },
  { id: 'raj', name: 'Raj Response', roles: ['custodian'], function: 'incident-response' },
  { id: 'carol', name: 'Carol Commander', roles: ['incident-commander'] },
  { id: 'aude', name: 'Aude Auditor', roles: ['auditor'] },
];

export interface TestVault {
  dir: string;
  vaultPath: string;
  kitDir: string;
  passphraseDir: string;
  vaultId: string;
  /** Path of the kit of person `id`. */
  kit(id: string): string;
  /** Path of the file holding the passphrase of person `id`. */
  passphraseFile(id: string): string;
  /** `--vault PATH --kit KIT --passphrase-file FILE` for person `id`. */
  signer(id: string): string[];
  /** Output of the `init` run that created the vault. */
  init: RunResult;
}

export function passphraseFor(id: string): string {
  return `correct horse battery staple for ${id} 7!`;
}

/** Creates a temp folder with people.json and one passphrase file per person. */
export function prepareVaultFolder(prefix: string): { dir: string; vaultPath: string; kitDir: string; passphraseDir: string; peopleFile: string } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const kitDir = join(dir, 'kits');
  const passphraseDir = join(dir, 'passphrases');
  mkdirSync(passphraseDir, { mode: 0o700 });
  for (const person of PEOPLE) writeFileSync(join(passphraseDir, person.id), `${passphraseFor(person.id)}\n`, { mode: 0o600 });
  const peopleFile = join(dir, 'people.json');
  writeFileSync(peopleFile, JSON.stringify(PEOPLE, null, 2));
  return { dir, vaultPath: join(dir, 'vault.bgvault'), kitDir, passphraseDir, peopleFile };
}

/** Runs `breakglass init` for the standard test vault and returns paths and helpers. */
export async function createTestVault(prefix: string, name = 'CLI test vault'): Promise<TestVault> {
  const folder = prepareVaultFolder(prefix);
  const init = await runCli([
    'init',
    '--vault', folder.vaultPath,
    '--name', name,
    '--people', folder.peopleFile,
    '--groups', '2',
    '--kit-dir', folder.kitDir,
    '--passphrase-dir', folder.passphraseDir,
    ...TEST_KDF_FLAGS,
  ]);
  if (init.code !== 0) throw new Error(`init failed (${String(init.code)}): ${init.stderr}`);

  const kitFiles = readdirSync(folder.kitDir);
  const kit = (id: string): string => {
    const file = kitFiles.find((name) => name.includes(`-${id}-`));
    if (!file) throw new Error(`no kit for ${id} in ${kitFiles.join(', ')}`);
    return join(folder.kitDir, file);
  };
  const passphraseFile = (id: string) => join(folder.passphraseDir, id);
  return {
    ...folder,
    vaultId: init.stdout.trim(),
    init,
    kit,
    passphraseFile,
    signer: (id) => ['--vault', folder.vaultPath, '--kit', kit(id), '--passphrase-file', passphraseFile(id)],
  };
}
