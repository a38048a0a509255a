// Argon2id benchmark: times one kit-key derivation with @node-rs/argon2 and with libsodium's
// crypto_pwhash at several memory costs, and checks both give the same key. DEFAULT_KDF in
// shared/crypto/argon2.ts was chosen from this output.
import os from 'node:os';
import { deriveKitKey, deriveKitKeyWithLibsodium, type KdfParams } from '../shared/crypto/argon2.js';
import { equalBytes } from '../shared/util/bytes.js';

const SALT = new Uint8Array(16).fill(7);
const PASSPHRASE = 'benchmark passphrase';
const MIB = 1024;

const CASES: Array<{ memoryKiB: number; iterations: number }> = [
  { memoryKiB: 256 * MIB, iterations: 3 },
  { memoryKiB: 512 * MIB, iterations: 2 },
  { memoryKiB: 512 * MIB, iterations: 3 },
  { memoryKiB: 1024 * MIB, iterations: 1 },
  { memoryKiB: 1024 * MIB, iterations: 2 },
  { memoryKiB: 1024 * MIB, iterations: 3 },
];

async function timeOnce(derive: () => Promise<Uint8Array>): Promise<{ seconds: number; key: Uint8Array }> {
  const start = process.hrtime.bigint();
  const key = await derive();
  return { seconds: Number(process.hrtime.bigint() - start) / 1e9, key };
}

/** Prints one line per parameter set: native and libsodium timings (best of 2) and whether outputs match. */
export async function benchArgon2(): Promise<void> {
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  process.stdout.write(`argon2id: ${os.cpus().length} x ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}\n`);
  for (const { memoryKiB, iterations } of CASES) {
    const kdf: KdfParams = { alg: 'argon2id', memoryKiB, iterations, parallelism: 1 };
    const native = [await timeOnce(() => deriveKitKey(PASSPHRASE, SALT, kdf)), await timeOnce(() => deriveKitKey(PASSPHRASE, SALT, kdf))];
    const wasm = [await timeOnce(() => deriveKitKeyWithLibsodium(PASSPHRASE, SALT, kdf)), await timeOnce(() => deriveKitKeyWithLibsodium(PASSPHRASE, SALT, kdf))];
    const nativeBest = Math.min(...native.map((r) => r.seconds));
    const wasmBest = Math.min(...wasm.map((r) => r.seconds));
    const same = equalBytes(native[0]!.key, wasm[0]!.key);
    process.stdout.write(
      `  m=${memoryKiB / MIB} MiB t=${iterations}: @node-rs/argon2 ${nativeBest.toFixed(2)} s, libsodium ${wasmBest.toFixed(2)} s, ratio ${(wasmBest / nativeBest).toFixed(1)}x, same output: ${same}\n`,
    );
  }
}
