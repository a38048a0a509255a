// Drills and rekeys through the real `breakglass` bin: a drill verifies the quorum and reveals
// nothing, a rekey can be abandoned, and a confirmed rekey retires the old kits.
import { existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestVault, PEOPLE, runCli, type RunResult, type TestVault } from './cli-harness.js';

describe('breakglass drill and rekey', () => {
  let vault: TestVault;

  async function ok(args: string[]): Promise<RunResult> {
    const result = await runCli(args);
    expect(result.stderr, `breakglass ${args.slice(0, 2).join(' ')} failed`).not.toMatch(/^error:/m);
    expect(result.code).toBe(0);
    return result;
  }

  /** Requests a rekey and has identity and security approve it; returns the ceremony id. */
  async function approvedRekey(ticket: string): Promise<string> {
    const request = await ok(['rekey', 'request', ...vault.signer('carol'), '--ticket', ticket, '--reason', 'a kit may be exposed']);
    const ceremonyId = request.stdout.trim();
    await ok(['rekey', 'approve', ceremonyId, ...vault.signer('ida'), '--yes']);
    const second = await ok(['rekey', 'approve', ceremonyId, ...vault.signer('sam'), '--yes']);
    expect(second.stderr).toContain('rekey prepare');
    return ceremonyId;
  }

  function newPassphraseDir(name: string): string {
    const dir = join(vault.dir, name);
    mkdirSync(dir, { mode: 0o700 });
    for (const person of PEOPLE) writeFileSync(join(dir, person.id), `fresh passphrase of ${person.id} for epoch 2\n`, { mode: 0o600 });
    return dir;
  }

  beforeAll(async () => {
    vault = await createTestVault('breakglass-cli-drill-rekey-');
  });

  afterAll(() => {
    if (vault) rmSync(vault.dir, { recursive: true, force: true });
  });

  it('drill verifies the quorum and records the date', async () => {
    const request = await ok(['drill', 'request', ...vault.signer('carol')]);
    const ceremonyId = request.stdout.trim();

    await ok(['drill', 'approve', ceremonyId, ...vault.signer('raj'), '--yes']);
    const second = await ok(['drill', 'approve', ceremonyId, ...vault.signer('sara'), '--yes', '--json']);
    expect((JSON.parse(second.stdout) as { state: string }).state).toBe('verified');
    expect(second.stderr).toContain('nothing was revealed');

    const status = JSON.parse((await ok(['status', '--vault', vault.vaultPath, '--json'])).stdout) as { state: string; lastDrillByPolicy: Record<string, string | null> };
    expect(status.state).toBe('dormant');
    expect(status.lastDrillByPolicy['standard']).toMatch(/^\d{4}-\d{2}-\d{2}T/);
  });

  it('rekey prepare writes new kits and abandon keeps the epoch', async () => {
    const ceremonyId = await approvedRekey('CHG-1');
    const kitDir = join(vault.dir, 'kits-abandoned');
    const prepared = await ok(['rekey', 'prepare', ceremonyId, '--vault', vault.vaultPath, '--kit-dir', kitDir, '--passphrase-dir', newPassphraseDir('passphrases-abandoned')]);
    expect(prepared.stdout.trim()).toBe('2');
    expect(readdirSync(kitDir)).toHaveLength(PEOPLE.length);

    const pending = JSON.parse((await ok(['status', '--vault', vault.vaultPath, '--json'])).stdout) as { pendingRekey: { newEpoch: number } | null };
    expect(pending.pendingRekey?.newEpoch).toBe(2);

    await ok(['rekey', 'abandon', ...vault.signer('ida'), '--reason', 'kit found again']);
    const after = JSON.parse((await ok(['status', '--vault', vault.vaultPath, '--json'])).stdout) as { epoch: number; pendingRekey: unknown };
    expect(after.epoch).toBe(1);
    expect(after.pendingRekey).toBeNull();
  });

  it('confirmed rekey activates and retires the old kits', async () => {
    const ceremonyId = await approvedRekey('CHG-2');
    const kitDir = join(vault.dir, 'kits-epoch2');
    const passphraseDir = newPassphraseDir('passphrases-epoch2');
    await ok(['rekey', 'prepare', ceremonyId, '--vault', vault.vaultPath, '--kit-dir', kitDir, '--passphrase-dir', passphraseDir]);
    const newKit = (id: string) => join(kitDir, readdirSync(kitDir).find((name) => name.includes(`-${id}-epoch2`)) ?? `missing-${id}`);

    const early = await runCli(['rekey', 'activate', '--vault', vault.vaultPath]);
    expect(early.code).toBe(5);
    expect(early.stderr).toContain('until every new kit is confirmed');

    for (const person of PEOPLE) {
      await ok(['rekey', 'confirm', '--vault', vault.vaultPath, '--kit', newKit(person.id), '--passphrase-file', join(passphraseDir, person.id)]);
    }
    await ok(['rekey', 'activate', '--vault', vault.vaultPath]);

    const oldKit = await runCli(['kit', 'verify', ...vault.signer('ida')]);
    expect(oldKit.code).toBe(4);
    const current = await ok(['kit', 'verify', '--vault', vault.vaultPath, '--kit', newKit('ida'), '--passphrase-file', join(passphraseDir, 'ida'), '--json']);
    expect((JSON.parse(current.stdout) as { epoch: number }).epoch).toBe(2);
    expect(existsSync(newKit('ida'))).toBe(true);
  });
});
