import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { findElectronRuntime } from '../electron/electron-runtime.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bg-electron-runtime-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('findElectronRuntime', () => {
  it('skips without an Electron executable', () => {
    const runtime = findElectronRuntime({ ELECTRON_OVERRIDE_DIST_PATH: dir });
    expect(runtime.ok).toBe(false);
    if (!runtime.ok) expect(runtime.reason).toContain('No Electron binary');
  });

  it('skips a binary that is not executable', () => {
    writeFileSync(path.join(dir, 'electron'), '');
    chmodSync(path.join(dir, 'electron'), 0o644);
    expect(findElectronRuntime({ ELECTRON_OVERRIDE_DIST_PATH: dir }).ok).toBe(false);
  });

  it('skips without a better-sqlite3 build for Electron', () => {
    writeFileSync(path.join(dir, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
    const runtime = findElectronRuntime({ ELECTRON_OVERRIDE_DIST_PATH: dir, BREAKGLASS_SQLITE_BINDING: path.join(dir, 'missing.node') });
    expect(runtime.ok).toBe(false);
    if (!runtime.ok) expect(runtime.reason).toContain('better-sqlite3');
  });

  it('runs when both exist', () => {
    writeFileSync(path.join(dir, 'electron'), '#!/bin/sh\n', { mode: 0o755 });
    writeFileSync(path.join(dir, 'better_sqlite3.node'), '');
    const runtime = findElectronRuntime({ ELECTRON_OVERRIDE_DIST_PATH: dir, BREAKGLASS_SQLITE_BINDING: path.join(dir, 'better_sqlite3.node') });
    expect(runtime).toEqual({ ok: true, executablePath: path.join(dir, 'electron'), sqliteBinding: path.join(dir, 'better_sqlite3.node') });
  });
});
