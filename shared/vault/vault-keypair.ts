// The vault's X25519 key pair (libsodium crypto_box). Credentials are sealed to its public key, so
// anyone can deposit without the vault key. Its secret key is stored only encrypted under
// crypto_kdf(VK, "bgvltkey", 1) with XChaCha20-Poly1305, so opening a credential needs a quorum.
// IMPORTANT: the blob layout and associated data below are part of format version 1 and must never
// change within it:
//   byte 0        version (0x01)
//   bytes 1..24   XChaCha20-Poly1305 nonce
//   bytes 25..72  ciphertext of the 32-byte secret key with its 16-byte tag
// Associated data: version byte || "breakglass/v1/vault-secret-key" || 0x00 ||
//   RFC 8785 JSON of { epoch, vaultId, vaultPublicKey (base64) }.
import { canonicalBytes, labelled } from '../crypto/canonical.js';
import { LABEL_VAULT_SECRET_KEY } from '../crypto/labels.js';
import { sodium } from '../crypto/sodium.js';
import { concatBytes, equalBytes, fromBase64, toBase64, wipe } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import type { VaultHeader } from './header.js';
import { deriveVaultSecretKeyWrappingKey } from './keys.js';

export const VAULT_SECRET_KEY_BLOB_VERSION = 1;
export const X25519_KEY_BYTES = 32;
const NONCE_BYTES = 24;
const TAG_BYTES = 16;
export const VAULT_SECRET_KEY_BLOB_BYTES = 1 + NONCE_BYTES + X25519_KEY_BYTES + TAG_BYTES;

export interface VaultKeyPair {
  publicKey: Uint8Array;
  secretKey: Uint8Array;
}

function associatedData(context: { vaultId: string; epoch: number; vaultPublicKey: string }): Uint8Array {
  const fields = canonicalBytes({ vaultId: context.vaultId, epoch: context.epoch, vaultPublicKey: context.vaultPublicKey });
  return concatBytes(new Uint8Array([VAULT_SECRET_KEY_BLOB_VERSION]), labelled(LABEL_VAULT_SECRET_KEY, fields));
}

/** Creates a fresh X25519 key pair. Requires loadSodium(). */
export function generateVaultKeyPair(): VaultKeyPair {
  const pair = sodium().crypto_box_keypair();
  return { publicKey: pair.publicKey, secretKey: pair.privateKey };
}

/** Encrypts the vault secret key under the VK-derived wrapping key. Requires loadSodium(). */
export function encryptVaultSecretKey(
  vaultKey: Uint8Array,
  pair: VaultKeyPair,
  context: { vaultId: string; epoch: number },
  nonce: Uint8Array = sodium().randombytes_buf(NONCE_BYTES),
): Uint8Array {
  const key = deriveVaultSecretKeyWrappingKey(vaultKey);
  try {
    const ad = associatedData({ ...context, vaultPublicKey: toBase64(pair.publicKey) });
    const ciphertext = sodium().crypto_aead_xchacha20poly1305_ietf_encrypt(pair.secretKey, ad, null, nonce, key);
    return concatBytes(new Uint8Array([VAULT_SECRET_KEY_BLOB_VERSION]), nonce, ciphertext);
  } finally {
    wipe(key);
  }
}

/**
 * Decrypts the vault secret key of the header's epoch with a vault key that already verified the
 * header MAC, and checks that it matches the header's vault public key. Throws
 * VaultError('corrupt-vault') when the stored blob is damaged. Requires loadSodium().
 */
export function openVaultSecretKey(vaultKey: Uint8Array, header: VaultHeader, encrypted: Uint8Array): VaultKeyPair {
  const where = `vault secret key of epoch ${header.epoch}`;
  if (encrypted.length !== VAULT_SECRET_KEY_BLOB_BYTES || encrypted[0] !== VAULT_SECRET_KEY_BLOB_VERSION) {
    throw new VaultError('corrupt-vault', `the stored ${where} has an unknown layout; restore the vault file from a backup`);
  }
  const key = deriveVaultSecretKeyWrappingKey(vaultKey);
  let secretKey: Uint8Array;
  try {
    const ad = associatedData({ vaultId: header.vaultId, epoch: header.epoch, vaultPublicKey: header.vaultPublicKey });
    secretKey = sodium().crypto_aead_xchacha20poly1305_ietf_decrypt(null, encrypted.subarray(1 + NONCE_BYTES), ad, encrypted.subarray(1, 1 + NONCE_BYTES), key);
  } catch (error) {
    throw new VaultError('corrupt-vault', `the stored ${where} failed authentication; restore the vault file from a backup`, { cause: error });
  } finally {
    wipe(key);
  }
  const publicKey = sodium().crypto_scalarmult_base(secretKey);
  if (!equalBytes(publicKey, fromBase64(header.vaultPublicKey, 'vaultPublicKey'))) {
    wipe(secretKey);
    throw new VaultError('corrupt-vault', `the stored ${where} does not match the header's vault public key; restore the vault file from a backup`);
  }
  return { publicKey, secretKey };
}
