// Bundles the Electron main process and preload with esbuild into dist/electron/ as CommonJS.
// Main keeps native and WebAssembly packages external (they load from node_modules at run time).
// The preload bundles everything except 'electron', because a sandboxed preload can require
// nothing else; the contract's channel names are inlined into it.
import { build } from 'esbuild';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
export const OUT_DIR = path.join(ROOT, 'dist', 'electron');

/** Packages main loads from node_modules at run time; electron-builder must ship them. */
export const MAIN_EXTERNALS = ['electron', 'better-sqlite3', '@node-rs/argon2', 'libsodium-wrappers-sumo'];
export const PRELOAD_EXTERNALS = ['electron'];

// Electron 45 bundles Node 22; CommonJS has no import.meta, so the bundle derives it from __filename.
const IMPORT_META_SHIM = "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;";

export async function bundleElectron({ minify = false } = {}) {
  const common = {
    absWorkingDir: ROOT,
    bundle: true,
    format: 'cjs',
    minify,
    legalComments: 'none',
    logLevel: 'warning',
  };

  await Promise.all([
    build({
      ...common,
      entryPoints: ['electron/main.ts'],
      outfile: path.join(OUT_DIR, 'main.cjs'),
      platform: 'node',
      target: 'node22',
      sourcemap: 'linked',
      external: MAIN_EXTERNALS,
      banner: { js: IMPORT_META_SHIM },
      define: { 'import.meta.url': '__importMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
    }),
    build({
      ...common,
      entryPoints: ['electron/preload.ts'],
      outfile: path.join(OUT_DIR, 'preload.cjs'),
      platform: 'node',
      target: 'es2023',
      sourcemap: false,
      external: PRELOAD_EXTERNALS,
    }),
  ]);
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  await bundleElectron({ minify: process.argv.includes('--minify') });
  process.stdout.write(`Bundled Electron main and preload into ${path.relative(ROOT, OUT_DIR)}/\n`);
}
