import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { VaultError } from '../../shared/util/errors.js';
import { writeUserFile } from '../../electron/user-file.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bg-user-file-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('writeUserFile', () => {
  it('writes the bytes with mode 0600', async () => {
    const file = path.join(dir, 'alice.bgkit');
    await writeUserFile(file, new Uint8Array([1, 2, 3]));
    expect([...readFileSync(file)]).toEqual([1, 2, 3]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('tightens the mode of a file it overwrites', async () => {
    const file = path.join(dir, 'report.html');
    writeFileSync(file, 'old', { mode: 0o644 });
    await writeUserFile(file, new TextEncoder().encode('new'));
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
  });

  it('reports a failed write as io-error naming the path', async () => {
    const file = path.join(dir, 'missing-folder', 'kit.bgkit');
    await expect(writeUserFile(file, new Uint8Array([1]))).rejects.toThrow(VaultError);
    await expect(writeUserFile(file, new Uint8Array([1]))).rejects.toMatchObject({ code: 'io-error', message: expect.stringContaining(file) as unknown });
  });
});
