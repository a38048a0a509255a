// A DeviceSigner over a libsodium Ed25519 secret key, for the CLI and tests. The desktop app may
// build its own signer around a key held by the OS keychain; the log only calls `sign`.
import { signDetached, SIGNING_PUBLIC_KEY_BYTES, SIGNING_SECRET_KEY_BYTES } from '../crypto/sign.js';
import type { DeviceSigner } from './checkpoint.js';

/** Wraps a 64-byte libsodium secret key (seed then public key) as the device signer named `origin`. */
export function deviceSignerFromSecretKey(origin: string, secretKey: Uint8Array): DeviceSigner {
  if (secretKey.length !== SIGNING_SECRET_KEY_BYTES) throw new Error(`device secret key must be ${SIGNING_SECRET_KEY_BYTES} bytes`);
  const key = Uint8Array.from(secretKey);
  return {
    name: origin,
    publicKey: key.slice(SIGNING_SECRET_KEY_BYTES - SIGNING_PUBLIC_KEY_BYTES),
    sign: (message) => signDetached(message, key),
  };
}
