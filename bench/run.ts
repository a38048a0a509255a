// `npm run bench`: runs every benchmark in turn. Add further benchmarks below the Argon2id one.
import { benchArgon2 } from './argon2.js';

await benchArgon2();
// Further benchmarks (audit log, ceremonies) go here.
