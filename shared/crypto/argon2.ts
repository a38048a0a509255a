// Argon2id (RFC 9106) passphrase key derivation for custodian kits. Invariant: the same NFKC-normalised
// passphrase, salt and parameters always give the same 32-byte key in every build, because a kit
// written today must open years later. Version 0x13, parallelism 1 and a 32-byte output are part
// of kit format version 1 and must never change within it.
//
// Implementation choice: @node-rs/argon2 `hashRaw`. It runs on the libuv thread pool, so the thread
// that serves the UI or CLI stays responsive during the derivation, while libsodium's
// `crypto_pwhash` (WASM) is synchronous and blocks its thread. Both give identical output at
// parallelism 1 (checked by the known-answer test and by bench/argon2.ts). In the least loaded
// run of bench/argon2.ts here the native code was 1.4x to 2.0x faster. A later run on a machine
// busy with other builds gave 0.7x to 3.5x, too noisy to compare. libsodium stays available below
// for that cross-check only.
import { hashRaw, type Algorithm, type Version } from '@node-rs/argon2';
import { VaultError } from '../util/errors.js';
import { plainBytes, utf8 } from '../util/bytes.js';
import { loadSodium } from './sodium.js';

/** Argon2id parameters stored in the header and in every kit. */
export interface KdfParams {
  alg: 'argon2id';
  /** Memory cost in KiB. */
  memoryKiB: number;
  /** Time cost (passes over memory). */
  iterations: number;
  /** Always 1 in format version 1. */
  parallelism: 1;
}

/**
 * Production default: 1 GiB, 1 pass (the first recommended option of RFC 9106 uses t = 1). Chosen
 * with `npm run bench` (bench/argon2.ts) on the 2-core AMD EPYC build machine (Node 20.20, 24 GiB
 * RAM): the best of two derivations took 1.26 s at 1 GiB t=1, 1.11 s at 512 MiB t=2 and 0.79 s at
 * 256 MiB t=3, so 1 GiB is the largest memory cost near 1 s.
 * NOTE: that run shared the machine with a TypeScript build, so an idle machine is faster, and a
 * slow laptop may take several seconds. The setup screen may pass other values.
 */
export const DEFAULT_KDF: KdfParams = Object.freeze({ alg: 'argon2id', memoryKiB: 1024 * 1024, iterations: 1, parallelism: 1 });

/** Lower bounds below which a derivation no longer slows a guessing attack in any useful way. */
export const MIN_KDF_MEMORY_KIB = 8 * 1024;
export const MIN_KDF_ITERATIONS = 1;
/** Upper bounds, so a crafted kit cannot make the app allocate unbounded memory or spin for hours. */
export const MAX_KDF_MEMORY_KIB = 4 * 1024 * 1024;
export const MAX_KDF_ITERATIONS = 64;

export const KIT_KEY_BYTES = 32;
export const KDF_SALT_BYTES = 16;

const ARGON2ID = 2 as Algorithm;
const ARGON2_VERSION_0X13 = 1 as Version;

/** Checks Argon2id parameters and returns them in their canonical form; throws VaultError('invalid-input'). */
export function validateKdf(kdf: { memoryKiB: number; iterations: number; alg?: string; parallelism?: number }): KdfParams {
  if (kdf.alg !== undefined && kdf.alg !== 'argon2id') {
    throw new VaultError('invalid-input', `KDF algorithm "${kdf.alg}" is not supported: only argon2id is`);
  }
  if (kdf.parallelism !== undefined && kdf.parallelism !== 1) {
    throw new VaultError('invalid-input', `KDF parallelism ${kdf.parallelism} is not supported: format version 1 uses parallelism 1`);
  }
  if (!Number.isSafeInteger(kdf.memoryKiB) || kdf.memoryKiB < MIN_KDF_MEMORY_KIB || kdf.memoryKiB > MAX_KDF_MEMORY_KIB) {
    throw new VaultError('invalid-input', `KDF memory ${String(kdf.memoryKiB)} KiB is invalid: use a whole number from ${MIN_KDF_MEMORY_KIB} (8 MiB) to ${MAX_KDF_MEMORY_KIB} (4 GiB)`);
  }
  if (!Number.isSafeInteger(kdf.iterations) || kdf.iterations < MIN_KDF_ITERATIONS || kdf.iterations > MAX_KDF_ITERATIONS) {
    throw new VaultError('invalid-input', `KDF iterations ${String(kdf.iterations)} is invalid: use a whole number from ${MIN_KDF_ITERATIONS} to ${MAX_KDF_ITERATIONS}`);
  }
  return { alg: 'argon2id', memoryKiB: kdf.memoryKiB, iterations: kdf.iterations, parallelism: 1 };
}

/** Returns the UTF-8 bytes of the NFKC-normalised passphrase: the only form any KDF ever sees. */
export function normalisePassphrase(passphrase: string): Uint8Array {
  return utf8(passphrase.normalize('NFKC'));
}

function checkSalt(salt: Uint8Array): void {
  if (salt.length !== KDF_SALT_BYTES) throw new VaultError('invalid-input', `KDF salt must be ${KDF_SALT_BYTES} bytes, got ${salt.length}`);
}

/** Derives the 32-byte kit key with Argon2id off the calling thread. The caller wipes the result. */
export async function deriveKitKey(passphrase: string, salt: Uint8Array, kdf: KdfParams): Promise<Uint8Array> {
  const params = validateKdf(kdf);
  checkSalt(salt);
  const password = normalisePassphrase(passphrase);
  try {
    const key = await hashRaw(password, {
      algorithm: ARGON2ID,
      version: ARGON2_VERSION_0X13,
      memoryCost: params.memoryKiB,
      timeCost: params.iterations,
      parallelism: params.parallelism,
      outputLen: KIT_KEY_BYTES,
      salt: plainBytes(salt),
    });
    const out = plainBytes(key);
    key.fill(0);
    return out;
  } finally {
    password.fill(0);
  }
}

/** Same derivation through libsodium's crypto_pwhash (synchronous, blocks its thread): for the cross-check and the benchmark only. */
export async function deriveKitKeyWithLibsodium(passphrase: string, salt: Uint8Array, kdf: KdfParams): Promise<Uint8Array> {
  const params = validateKdf(kdf);
  checkSalt(salt);
  const sodium = await loadSodium();
  const password = normalisePassphrase(passphrase);
  try {
    return sodium.crypto_pwhash(KIT_KEY_BYTES, password, salt, params.iterations, params.memoryKiB * 1024, sodium.crypto_pwhash_ALG_ARGON2ID13);
  } finally {
    password.fill(0);
  }
}
