#!/usr/bin/env node
// Bin entry of `breakglass`. Runs from a clone without a build step: tsx's ESM loader compiles
// cli/main.ts and the shared/ core on the fly (and caches the result). The project's own tsconfig
// is passed explicitly, so running from any folder gives the same compilation.
import { fileURLToPath } from 'node:url';
import { register } from 'tsx/esm/api';

register({ tsconfig: fileURLToPath(new URL('../../tsconfig.json', import.meta.url)) });

const { main } = await import('../main.ts');
process.exitCode = await main(process.argv.slice(2));
