// Ed25519 signatures (RFC 8032) through libsodium crypto_sign. Every person holds one signing key
// pair; the 32-byte seed is what a kit stores, and the public key is what the header lists.
// Callers pass labelled messages (canonical.ts `labelled`), never raw data, so a signature made for
// one purpose cannot be replayed for another.
import { sha256 } from './canonical.js';
import { sodium } from './sodium.js';
import { toHex } from '../util/bytes.js';

export const SIGNING_SEED_BYTES = 32;
export const SIGNING_PUBLIC_KEY_BYTES = 32;
export const SIGNING_SECRET_KEY_BYTES = 64;
export const SIGNATURE_BYTES = 64;
/** Key id: hex of the first 8 bytes of SHA-256 of the public key. */
export const KEY_ID_BYTES = 8;

export interface SigningKeyPair {
  publicKey: Uint8Array;
  /** libsodium's 64-byte secret key (seed then public key). */
  secretKey: Uint8Array;
  seed: Uint8Array;
}

/** Creates a key pair from a seed, or from 32 fresh random bytes. Requires loadSodium(). */
export function generateSigningKeyPair(seed?: Uint8Array): SigningKeyPair {
  const s = sodium();
  const keySeed = seed ?? s.randombytes_buf(SIGNING_SEED_BYTES);
  if (keySeed.length !== SIGNING_SEED_BYTES) throw new Error(`signing seed must be ${SIGNING_SEED_BYTES} bytes`);
  const pair = s.crypto_sign_seed_keypair(keySeed);
  return { publicKey: pair.publicKey, secretKey: pair.privateKey, seed: Uint8Array.from(keySeed) };
}

export function signDetached(message: Uint8Array, secretKey: Uint8Array): Uint8Array {
  return sodium().crypto_sign_detached(message, secretKey);
}

/** Returns false (never throws) for a malformed signature or key. */
export function verifyDetached(signature: Uint8Array, message: Uint8Array, publicKey: Uint8Array): boolean {
  if (signature.length !== SIGNATURE_BYTES || publicKey.length !== SIGNING_PUBLIC_KEY_BYTES) return false;
  try {
    return sodium().crypto_sign_verify_detached(signature, message, publicKey);
  } catch {
    return false;
  }
}

export function keyIdOf(publicKey: Uint8Array): string {
  return toHex(sha256(publicKey).subarray(0, KEY_ID_BYTES));
}
