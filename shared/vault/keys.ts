// Keys derived from the vault key (VK) with libsodium crypto_kdf (BLAKE2b-based), one context per
// use, so the header MAC key and the vault-secret-key wrapping key are independent. The VK itself
// is never used directly as a key and is never stored.
import { sodium } from '../crypto/sodium.js';
import { KDF_CONTEXT_HEADER_MAC, KDF_CONTEXT_VAULT_SECRET_KEY, KDF_SUBKEY_ID } from '../crypto/labels.js';
import { VAULT_KEY_BYTES } from '../quorum/share.js';

export const DERIVED_KEY_BYTES = 32;

function deriveSubkey(vaultKey: Uint8Array, context: string): Uint8Array {
  if (vaultKey.length !== VAULT_KEY_BYTES) throw new Error(`vault key must be ${VAULT_KEY_BYTES} bytes`);
  return sodium().crypto_kdf_derive_from_key(DERIVED_KEY_BYTES, KDF_SUBKEY_ID, context, vaultKey);
}

/** Key of the header MAC (crypto_auth, HMAC-SHA-512-256). Requires loadSodium(). */
export function deriveHeaderMacKey(vaultKey: Uint8Array): Uint8Array {
  return deriveSubkey(vaultKey, KDF_CONTEXT_HEADER_MAC);
}

/** Key that encrypts the vault's X25519 secret key (XChaCha20-Poly1305). Requires loadSodium(). */
export function deriveVaultSecretKeyWrappingKey(vaultKey: Uint8Array): Uint8Array {
  return deriveSubkey(vaultKey, KDF_CONTEXT_VAULT_SECRET_KEY);
}
