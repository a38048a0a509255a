// `npm start`: builds the renderer and the Electron bundles, makes sure a better-sqlite3 binary
// built for Electron's ABI exists, then launches Electron on this folder.
//
// Node (tests, CLI) and Electron need different better-sqlite3 binaries, because their native
// module ABIs differ. node_modules/better-sqlite3/build stays Node's, and this script builds
// Electron's copy from the same sources into .electron-native/<electron version>/better_sqlite3.node.
// It passes that path to main as BREAKGLASS_SQLITE_BINDING (better-sqlite3's `nativeBinding` option),
// so `npm test` and `npm start` work in any order.
//
// NOTE: never run to completion where it was written. That machine can download neither
// Electron's binary nor its headers (electronjs.org), so the native build and the launch are
// untested there. Both steps stop with a message saying what is missing.
//
// Usage: node build/start-electron.mjs [--dry-run] [-- <arguments for Electron>]
//   --dry-run  print what would be built and launched, without building or downloading anything.
import { spawnSync, spawn } from 'node:child_process';
import { accessSync, constants, cpSync, existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { bundleElectron, ROOT } from './bundle-electron.mjs';

const require = createRequire(import.meta.url);
const ELECTRON_HEADERS_URL = 'https://electronjs.org/headers';
const NATIVE_DIR = path.join(ROOT, '.electron-native');
const SQLITE_BINDING_ENV = 'BREAKGLASS_SQLITE_BINDING';
/** better-sqlite3 files node-gyp needs to build the addon. */
const SQLITE_SOURCES = ['binding.gyp', 'src', 'deps'];

function fail(message) {
  process.stderr.write(`start-electron: ${message}\n`);
  process.exit(1);
}

function electronVersion() {
  return JSON.parse(readFileSync(path.join(ROOT, 'node_modules', 'electron', 'package.json'), 'utf8')).version;
}

/** Finds Electron's executable the way node_modules/electron/index.js does, without downloading it. */
function installedElectronBinary() {
  const packageDir = path.join(ROOT, 'node_modules', 'electron');
  const pathFile = path.join(packageDir, 'path.txt');
  const relative = existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : null;
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  if (override) return path.join(override, relative || 'electron');
  if (!relative) return null;

  const binary = path.join(packageDir, 'dist', relative);
  try {
    accessSync(binary, constants.X_OK);
    return binary;
  } catch {
    return null;
  }
}

/** Returns Electron's executable, letting the electron package download it on first use. */
function electronBinary() {
  const installed = installedElectronBinary();
  if (installed) return installed;
  try {
    return require('electron');
  } catch {
    return fail(
      'the Electron binary is missing and could not be downloaded. Run "npx install-electron --no" with network access, ' +
        'or set ELECTRON_OVERRIDE_DIST_PATH to a folder holding an Electron build of the version in node_modules/electron/package.json.',
    );
  }
}

function run(command, args, options = {}) {
  const result = spawnSync(command, args, { cwd: ROOT, stdio: 'inherit', ...options });
  return result.status === 0;
}

/** Builds better-sqlite3 for Electron into .electron-native/<version>/ unless it is already there. */
function ensureSqliteForElectron(version) {
  const targetDir = path.join(NATIVE_DIR, version);
  const binding = path.join(targetDir, 'better_sqlite3.node');
  if (existsSync(binding)) return binding;

  // Build in a copy of the sources: node-gyp writes ./build, and node_modules/better-sqlite3/build
  // must keep serving Node.
  const sqliteDir = path.dirname(require.resolve('better-sqlite3/package.json'));
  const workDir = path.join(targetDir, 'work');
  rmSync(workDir, { recursive: true, force: true });
  mkdirSync(workDir, { recursive: true });
  for (const entry of SQLITE_SOURCES) cpSync(path.join(sqliteDir, entry), path.join(workDir, entry), { recursive: true });

  // npm passes its config to scripts as npm_config_* variables. A `nodedir` there would make
  // node-gyp build against Node's headers instead of Electron's, so it is removed.
  const env = { ...process.env };
  for (const key of Object.keys(env)) {
    if (/^npm_config_(nodedir|target|runtime|disturl|dist_url)$/i.test(key)) delete env[key];
  }

  const nodeGyp = require.resolve('node-gyp/bin/node-gyp.js');
  process.stdout.write(`Building better-sqlite3 for Electron ${version} in ${path.relative(ROOT, workDir)} ...\n`);
  const built = run(
    process.execPath,
    [nodeGyp, 'rebuild', '--release', '--runtime=electron', `--target=${version}`, `--dist-url=${ELECTRON_HEADERS_URL}`],
    { cwd: workDir, env },
  );
  if (!built) {
    fail(
      `building better-sqlite3 for Electron ${version} failed (see node-gyp's output above). It needs Electron's headers from ` +
        `${ELECTRON_HEADERS_URL} (network access, or a node-gyp cache holding them) and a C++ toolchain. Node's own binary in ` +
        'node_modules/better-sqlite3/build was not touched.',
    );
  }

  cpSync(path.join(workDir, 'build', 'Release', 'better_sqlite3.node'), binding);
  rmSync(workDir, { recursive: true, force: true });
  return binding;
}

function buildRenderer() {
  const viteBin = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  if (!run(process.execPath, [viteBin, 'build', '--config', 'renderer/vite.config.ts'])) fail('the renderer build failed (see above).');
}

async function main() {
  const argv = process.argv.slice(2);
  const separator = argv.indexOf('--');
  const electronArgs = separator === -1 ? [] : argv.slice(separator + 1);
  const version = electronVersion();

  if (argv.includes('--dry-run')) {
    const binding = path.join(NATIVE_DIR, version, 'better_sqlite3.node');
    process.stdout.write(
      [
        `Electron version:        ${version}`,
        `Electron binary:         ${installedElectronBinary() ?? 'not installed (the electron package downloads it on first start)'}`,
        `better-sqlite3 binding:  ${binding} (${existsSync(binding) ? 'present' : 'to be built with node-gyp'})`,
        'Steps: vite build, esbuild bundle, native build if missing, launch Electron.',
      ].join('\n') + '\n',
    );
    return;
  }

  const binary = electronBinary();
  const binding = ensureSqliteForElectron(version);
  buildRenderer();
  await bundleElectron();

  const child = spawn(binary, ['.', ...electronArgs], {
    cwd: ROOT,
    stdio: 'inherit',
    env: { ...process.env, [SQLITE_BINDING_ENV]: binding },
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

await main();
