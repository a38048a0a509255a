// Runs docs/cli-walkthrough.sh the way docs/CLI.md instructs readers to, so a broken step in the
// published walkthrough fails this test.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from './cli-harness.js';

const bash = spawnSync('bash', ['--version']).status === 0;

describe.skipIf(!bash)('docs/cli-walkthrough.sh', () => {
  const scratch = mkdtempSync(join(tmpdir(), 'breakglass-walkthrough-script-'));

  afterAll(() => rmSync(scratch, { recursive: true, force: true }));

  it('runs from the clone root and ends with verified evidence', () => {
    const result = spawnSync('bash', ['docs/cli-walkthrough.sh'], {
      cwd: PROJECT_ROOT,
      encoding: 'utf8',
      // mktemp -d creates the work folder under TMPDIR, so it lands in this test's scratch folder.
      env: { PATH: process.env['PATH'] ?? '', HOME: scratch, TMPDIR: scratch, XDG_CONFIG_HOME: join(scratch, 'config') },
      timeout: 240_000,
    });
    expect(result.stderr).not.toMatch(/^error:/m);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain('Verified: evidence bundle');
    expect(result.stdout).toContain('Verified: audit log');
    expect(result.stdout).toContain('S3cure-IdP-admin-pw\n');
    expect(result.stdout).toMatch(/^breakglass-vault\/\S+$/m);
    expect(result.stdout).toContain('State:        dormant');
  }, 300_000);
});
