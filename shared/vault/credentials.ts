// Sealing of credential secrets to the vault public key, so anyone enrolled can deposit or rotate
// without unsealing. A random 32-byte data key encrypts the RFC 8785 JSON of the secret with
// XChaCha20-Poly1305, and crypto_box_seal seals the data key to the vault's X25519 key.
// Opening needs the vault secret key, which only a quorum can unwrap. IMPORTANT: this layout and
// its associated data are part of format version 1 and must never change within it:
//   byte 0          version (0x01)
//   bytes 1..80     crypto_box_seal(data key): 32-byte ephemeral key, 32-byte key, 16-byte tag
//   bytes 81..104   XChaCha20-Poly1305 nonce
//   bytes 105..     ciphertext of the canonical secret JSON with its 16-byte tag
// Associated data: bytes 0..80 (version and sealed data key) || "breakglass/v1/credential-secret"
//   || 0x00 || RFC 8785 JSON of { credentialId, epoch, kind, vaultId, version }.
import type { CredentialKind, CredentialMetadataInput, SecretInput } from '../api/contract.js';
import { canonicalBytes, labelled, sha256 } from '../crypto/canonical.js';
import { LABEL_CREDENTIAL_SECRET, LABEL_DEPOSIT, LABEL_SEALED_HASH } from '../crypto/labels.js';
import { sodium } from '../crypto/sodium.js';
import { concatBytes, toHex, wipe } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import { validateSecret } from './secret-validate.js';
import type { VaultKeyPair } from './vault-keypair.js';

export const SEALED_SECRET_VERSION = 1;
const DATA_KEY_BYTES = 32;
const SEALED_KEY_BYTES = DATA_KEY_BYTES + 48;
const NONCE_BYTES = 24;
const HEADER_BYTES = 1 + SEALED_KEY_BYTES;
const MIN_SEALED_BYTES = HEADER_BYTES + NONCE_BYTES + 16;

/** Ids a sealed secret is bound to through its associated data. */
export interface SealContext {
  vaultId: string;
  epoch: number;
  credentialId: string;
  version: number;
  kind: CredentialKind;
}

function contextBytes(context: SealContext): Uint8Array {
  return labelled(LABEL_CREDENTIAL_SECRET, canonicalBytes({
    vaultId: context.vaultId,
    epoch: context.epoch,
    credentialId: context.credentialId,
    version: context.version,
    kind: context.kind,
  }));
}

/** Validates a secret and seals it to a vault public key. Requires loadSodium(). */
export function sealSecret(secret: SecretInput, context: SealContext, vaultPublicKey: Uint8Array): Uint8Array {
  const normalised = validateSecret(secret);
  if (normalised.kind !== context.kind) throw new VaultError('invalid-input', `secret kind "${normalised.kind}" does not match credential kind "${context.kind}"`);
  const s = sodium();

  // Random data key, sealed to the vault public key.
  const dataKey = s.randombytes_buf(DATA_KEY_BYTES);
  const plaintext = canonicalBytes(normalised);
  try {
    const sealedKey = s.crypto_box_seal(dataKey, vaultPublicKey);
    const prefix = concatBytes(new Uint8Array([SEALED_SECRET_VERSION]), sealedKey);

    // Secret under the data key, bound to the sealed key and the ids.
    const nonce = s.randombytes_buf(NONCE_BYTES);
    const ciphertext = s.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, concatBytes(prefix, contextBytes(context)), null, nonce, dataKey);
    return concatBytes(prefix, nonce, ciphertext);
  } finally {
    wipe(dataKey);
    wipe(plaintext);
  }
}

/**
 * Opens a sealed secret with the vault key pair of the epoch it was sealed for. Throws
 * VaultError('corrupt-vault') when it fails authentication or does not decode to its kind.
 */
export function openSecret(sealed: Uint8Array, context: SealContext, pair: VaultKeyPair): SecretInput {
  const where = `credential "${context.credentialId}" version ${context.version} (epoch ${context.epoch})`;
  if (sealed.length < MIN_SEALED_BYTES || sealed[0] !== SEALED_SECRET_VERSION) {
    throw new VaultError('corrupt-vault', `the sealed secret of ${where} has an unknown layout; restore the vault file from a backup`);
  }
  const s = sodium();
  const prefix = sealed.subarray(0, HEADER_BYTES);
  let dataKey: Uint8Array | undefined;
  let plaintext: Uint8Array | undefined;
  try {
    dataKey = s.crypto_box_seal_open(sealed.subarray(1, HEADER_BYTES), pair.publicKey, pair.secretKey);
    plaintext = s.crypto_aead_xchacha20poly1305_ietf_decrypt(null, sealed.subarray(HEADER_BYTES + NONCE_BYTES), concatBytes(prefix, contextBytes(context)), sealed.subarray(HEADER_BYTES, HEADER_BYTES + NONCE_BYTES), dataKey);
  } catch (error) {
    throw new VaultError('corrupt-vault', `the sealed secret of ${where} failed authentication; restore the vault file from a backup`, { cause: error });
  } finally {
    wipe(dataKey);
  }
  try {
    const secret = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(plaintext)) as SecretInput;
    const normalised = validateSecret(secret);
    if (normalised.kind !== context.kind) throw new Error('kind mismatch');
    return normalised;
  } catch (error) {
    throw new VaultError('corrupt-vault', `the sealed secret of ${where} does not decode to a ${context.kind} secret; restore the vault file from a backup`, { cause: error });
  } finally {
    wipe(plaintext);
  }
}

/** Re-seals one version for a new epoch (rekey): opens it with the old key pair, seals it afresh with a new data key. */
export function resealSecret(sealed: Uint8Array, from: { context: SealContext; pair: VaultKeyPair }, to: { context: SealContext; vaultPublicKey: Uint8Array }): Uint8Array {
  const secret = openSecret(sealed, from.context, from.pair);
  return sealSecret(secret, to.context, to.vaultPublicKey);
}

/** hex SHA-256 of `"breakglass/v1/sealed-secret" || 0x00 || sealed bytes` (sealedHash in deposit entries). */
export function sealedHashOf(sealed: Uint8Array): string {
  return toHex(sha256(labelled(LABEL_SEALED_HASH, sealed)));
}

/** Fields a depositor signs for one deposit or rotation. */
export interface DepositFields {
  vaultId: string;
  /** Active epoch at deposit time. */
  epoch: number;
  credentialId: string;
  version: number;
  metadata: CredentialMetadataInput;
  sealedHash: string;
  depositedBy: string;
  ceremonyId: string | null;
}

/** Bytes the depositor signs: `"breakglass/v1/deposit" || 0x00 || RFC 8785 JSON of the fields`. */
export function depositMessage(fields: DepositFields): Uint8Array {
  return labelled(LABEL_DEPOSIT, canonicalBytes({
    vaultId: fields.vaultId,
    epoch: fields.epoch,
    credentialId: fields.credentialId,
    version: fields.version,
    metadata: fields.metadata,
    sealedHash: fields.sealedHash,
    depositedBy: fields.depositedBy,
    ceremonyId: fields.ceremonyId,
  }));
}
