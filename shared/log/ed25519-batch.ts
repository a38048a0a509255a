// Batch Ed25519 verification (RFC 8032) for the log verifier, inline or spread over worker threads.
// Both paths use Node's crypto (OpenSSL), so a batch gets the same answers whatever the thread
// count. Public keys are first checked with libsodium's point validation, which rejects keys that
// are not on the curve or have small order, as libsodium's own verification would.
import { createPublicKey, verify as cryptoVerify } from 'node:crypto';
import type { KeyObject } from 'node:crypto';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { sodium } from '../crypto/sodium.js';
import { SIGNATURE_BYTES, SIGNING_PUBLIC_KEY_BYTES } from '../crypto/sign.js';
import { toBase64 } from '../util/bytes.js';

export interface SignatureTask {
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

/** Batches at least this large go to worker threads unless the caller sets `workers`. */
export const PARALLEL_VERIFY_THRESHOLD = 4096;

// DER prefix of an Ed25519 SubjectPublicKeyInfo (RFC 8410); the 32 key bytes follow it.
const ED25519_SPKI_PREFIX = Buffer.from('302a300506032b6570032100', 'hex');

function publicKeyObject(publicKey: Uint8Array): KeyObject {
  return createPublicKey({ key: Buffer.concat([ED25519_SPKI_PREFIX, publicKey]), format: 'der', type: 'spki' });
}

// Worker body, run with `eval: true` so it needs no separate file in any build. It reads tasks
// from shared layouts: keys (32 bytes each), per-task key number, messages back to back with
// offsets, signatures (64 bytes each), and writes 1 (valid) or 0 per task.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const crypto = require('node:crypto');
const prefix = Buffer.from('302a300506032b6570032100', 'hex');
const { keys, keyIndex, messages, offsets, signatures, start, end } = workerData;
const keyObjects = [];
for (let k = 0; k * 32 < keys.length; k++) {
  keyObjects.push(crypto.createPublicKey({ key: Buffer.concat([prefix, Buffer.from(keys.buffer, keys.byteOffset + k * 32, 32)]), format: 'der', type: 'spki' }));
}
const results = new Uint8Array(end - start);
for (let i = start; i < end; i++) {
  const message = Buffer.from(messages.buffer, messages.byteOffset + offsets[i], offsets[i + 1] - offsets[i]);
  const signature = Buffer.from(signatures.buffer, signatures.byteOffset + i * 64, 64);
  let valid = false;
  try { valid = crypto.verify(null, message, keyObjects[keyIndex[i]], signature); } catch { valid = false; }
  results[i - start] = valid ? 1 : 0;
}
parentPort.postMessage(results, [results.buffer]);
`;

// Point validation costs about as much as a signature check, and a log has few distinct keys, so
// each key's validity and KeyObject are kept (by base64) for the life of the process, up to a bound.
const MAX_CACHED_KEYS = 10_000;
const keyCache = new Map<string, KeyObject | null>();

function cachedKeyObject(publicKey: Uint8Array, id: string): KeyObject | null {
  let key = keyCache.get(id);
  if (key === undefined) {
    key = sodium().crypto_core_ed25519_is_valid_point(publicKey) ? publicKeyObject(publicKey) : null;
    if (keyCache.size >= MAX_CACHED_KEYS) keyCache.clear();
    keyCache.set(id, key);
  }
  return key;
}

interface PreparedBatch {
  /** Tasks whose key or signature length is unusable; they are invalid without verifying. */
  rejected: boolean[];
  keys: Uint8Array[];
  keyObjects: KeyObject[];
  keyIndex: Uint32Array;
}

// Assigns each distinct valid public key a number; tasks with an invalid key or bad lengths are rejected up front.
function prepare(tasks: SignatureTask[]): PreparedBatch {
  const numbers = new Map<string, number>();
  const invalidKeys = new Set<string>();
  const keys: Uint8Array[] = [];
  const keyObjects: KeyObject[] = [];
  const keyIndex = new Uint32Array(tasks.length);
  const rejected = tasks.map((task, i) => {
    if (task.publicKey.length !== SIGNING_PUBLIC_KEY_BYTES || task.signature.length !== SIGNATURE_BYTES) return true;
    const id = toBase64(task.publicKey);
    if (invalidKeys.has(id)) return true;
    let number = numbers.get(id);
    if (number === undefined) {
      const keyObject = cachedKeyObject(task.publicKey, id);
      if (!keyObject) {
        invalidKeys.add(id);
        return true;
      }
      number = keys.length;
      numbers.set(id, number);
      keys.push(task.publicKey);
      keyObjects.push(keyObject);
    }
    keyIndex[i] = number;
    return false;
  });
  return { rejected, keys, keyObjects, keyIndex };
}

function sharedBytes(length: number): Uint8Array {
  return new Uint8Array(new SharedArrayBuffer(length));
}

/** Verifies every task on the calling thread. Requires `loadSodium()`. */
export function verifyEd25519Inline(tasks: SignatureTask[]): boolean[] {
  const batch = prepare(tasks);
  return tasks.map((task, i) => {
    if (batch.rejected[i]) return false;
    try {
      return cryptoVerify(null, task.message, batch.keyObjects[batch.keyIndex[i]!]!, task.signature);
    } catch {
      return false;
    }
  });
}

/**
 * Verifies every task, on `workers` worker threads (0: on the calling thread). By default, batches
 * of PARALLEL_VERIFY_THRESHOLD tasks or more use one worker per available core. Requires
 * `loadSodium()`.
 */
export async function verifyEd25519Batch(tasks: SignatureTask[], options: { workers?: number } = {}): Promise<boolean[]> {
  const workers = options.workers ?? (tasks.length >= PARALLEL_VERIFY_THRESHOLD ? availableParallelism() : 0);
  if (workers <= 0 || tasks.length === 0) return verifyEd25519Inline(tasks);

  // Lay the tasks out in flat shared buffers, so the workers read them without a copy each.
  const batch = prepare(tasks);
  const keys = sharedBytes(batch.keys.length * SIGNING_PUBLIC_KEY_BYTES);
  batch.keys.forEach((key, k) => keys.set(key, k * SIGNING_PUBLIC_KEY_BYTES));
  const offsets = new Uint32Array(new SharedArrayBuffer((tasks.length + 1) * Uint32Array.BYTES_PER_ELEMENT));
  tasks.forEach((task, i) => (offsets[i + 1] = offsets[i]! + task.message.length));
  const messages = sharedBytes(offsets[tasks.length]!);
  const signatures = sharedBytes(tasks.length * SIGNATURE_BYTES);
  const keyIndex = new Uint32Array(new SharedArrayBuffer(batch.keyIndex.byteLength));
  keyIndex.set(batch.keyIndex);
  tasks.forEach((task, i) => {
    messages.set(task.message, offsets[i]);
    if (!batch.rejected[i]) signatures.set(task.signature, i * SIGNATURE_BYTES);
  });

  // One contiguous slice of tasks per worker.
  const chunk = Math.ceil(tasks.length / Math.min(workers, tasks.length));
  const count = Math.ceil(tasks.length / chunk);
  const slices = await Promise.all(
    Array.from({ length: count }, (_, w) => {
      const start = w * chunk;
      const end = Math.min(tasks.length, start + chunk);
      return new Promise<Uint8Array>((resolve, reject) => {
        const worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { keys, keyIndex, messages, offsets, signatures, start, end } });
        worker.once('message', (result: Uint8Array) => {
          resolve(result);
          void worker.terminate();
        });
        worker.once('error', reject);
      });
    }),
  );

  const results: boolean[] = [];
  slices.forEach((slice) => slice.forEach((value) => results.push(value === 1)));
  return results.map((valid, i) => valid && !batch.rejected[i]);
}
