// `npm run bench`: runs every benchmark in turn. Add further benchmarks below the Argon2id one.
import { benchArgon2 } from './argon2.js';
import { benchLog } from './log.js';

await benchArgon2();
await benchLog();
// Further benchmarks (audit log, ceremonies) go here.
