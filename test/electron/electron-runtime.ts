// Finds what the Electron end-to-end test needs, without side effects. `require('electron')` is
// avoided on purpose: since Electron 35 the package downloads its binary on first use, and a test
// must never reach the network. The lookup copies node_modules/electron/index.js: path.txt names
// the executable inside dist/, and ELECTRON_OVERRIDE_DIST_PATH replaces dist/.
import { accessSync, constants, existsSync, readFileSync } from 'node:fs';
import path from 'node:path';

export const ROOT = path.resolve(import.meta.dirname, '..', '..');

export type ElectronRuntime = { ok: true; executablePath: string; sqliteBinding: string } | { ok: false; reason: string };

function isExecutable(file: string): boolean {
  try {
    accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

export function findElectronRuntime(env: Record<string, string | undefined> = process.env): ElectronRuntime {
  const packageDir = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : '';
  const distDir = env['ELECTRON_OVERRIDE_DIST_PATH'] || path.join(packageDir, 'dist');
  const executablePath = path.join(distDir, relative || 'electron');

  if (!isExecutable(executablePath)) {
    return {
      ok: false,
      reason: `No Electron binary at ${executablePath}: install it with "npx install-electron --no" (needs network access) or set ELECTRON_OVERRIDE_DIST_PATH.`,
    };
  }

  const version = (JSON.parse(readFileSync(path.join(packageDir, 'package.json'), 'utf8')) as { version: string }).version;
  const sqliteBinding = env['BREAKGLASS_SQLITE_BINDING'] || path.join(ROOT, '.electron-native', version, 'better_sqlite3.node');
  if (!existsSync(sqliteBinding)) {
    return {
      ok: false,
      reason: `No better-sqlite3 binary built for Electron ${version} at ${sqliteBinding}: run "npm start" once to build it, or set BREAKGLASS_SQLITE_BINDING.`,
    };
  }
  return { ok: true, executablePath, sqliteBinding };
}
