// Custodian kits (and the signing-key kits of incident commanders and auditors): create, read the
// public part, open with the passphrase, and check against a vault header. The secret part is
// sealed with XChaCha20-Poly1305 under Argon2id(NFKC passphrase, salt), with every public byte as
// associated data (byte layout in format.ts). Invariant: an opened kit is exactly the kit that was
// written, its signing key matches its public key, and each share can be checked alone against
// the header commitments.
import { deriveKitKey, KDF_SALT_BYTES, validateKdf, type KdfParams } from '../crypto/argon2.js';
import { generateSigningKeyPair, type SigningKeyPair } from '../crypto/sign.js';
import { loadSodium } from '../crypto/sodium.js';
import { checkShare } from '../quorum/collect.js';
import type { ShareRecord } from '../quorum/share.js';
import { equalBytes, fromBase64, toBase64, wipe } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import { findPerson, type VaultHeader } from '../vault/header.js';
import { assembleKit, decodeKitSecret, encodeKitSecret, KIT_FORMAT_VERSION, KIT_NONCE_BYTES, KIT_TAG_BYTES, kitAssociatedData, parseKit, type KitPublic } from './format.js';
import type { CustodianFunction } from '../api/contract.js';

export const KIT_FILE_EXTENSION = '.bgkit';

export interface CreateKitInput {
  header: VaultHeader;
  personId: string;
  /** 32-byte Ed25519 seed of the person's signing key. */
  signingSeed: Uint8Array;
  /** This person's shares (createVaultMaterial's sharesByPerson entry); empty for non-custodians. */
  shares: readonly ShareRecord[];
  passphrase: string;
  /** Defaults to the header's KDF parameters. */
  kdf?: KdfParams;
  /** Fixed values for known-answer tests only; fresh random values otherwise. */
  salt?: Uint8Array;
  nonce?: Uint8Array;
}

export interface OpenedKit {
  publicPart: KitPublic;
  signingKeyPair: SigningKeyPair;
  shares: ShareRecord[];
  /** Overwrites the signing key and shares in memory. */
  wipe(): void;
}

export interface KitShareCheck {
  policyId: string;
  groupIndex: number;
  function: CustodianFunction;
  commitmentOk: boolean;
  /** Reason the share failed its check (never share bytes), or null. */
  problem: string | null;
}

/** Writes a kit for one person of the header. The passphrase is NFKC-normalised before Argon2id. */
export async function createKit(input: CreateKitInput): Promise<Uint8Array> {
  const sodium = await loadSodium();
  const { header, personId } = input;

  // Check the person, their key and their shares against the header.
  const person = findPerson(header, personId);
  if (!person) throw new VaultError('not-found', `person "${personId}" is not in the header of vault ${header.vaultId}`);
  const keyPair = generateSigningKeyPair(input.signingSeed);
  wipe(keyPair.secretKey);
  if (toBase64(keyPair.publicKey) !== person.publicKey) throw new VaultError('invalid-input', `signing key does not match the public key of person "${personId}" in the header`);
  for (const record of input.shares) {
    if (record.custodianId !== personId) throw new VaultError('invalid-input', `a share of custodian "${record.custodianId}" cannot go into the kit of "${personId}"`);
    checkShare(header, record);
  }
  if (typeof input.passphrase !== 'string' || input.passphrase.length === 0) throw new VaultError('invalid-input', `passphrase for the kit of "${personId}" is empty`);

  // Public part: everything a holder or verifier may read without the passphrase.
  const kdf = validateKdf(input.kdf ?? header.kdf);
  const salt = input.salt ?? sodium.randombytes_buf(KDF_SALT_BYTES);
  const nonce = input.nonce ?? sodium.randombytes_buf(KIT_NONCE_BYTES);
  if (nonce.length !== KIT_NONCE_BYTES) throw new Error(`kit nonce must be ${KIT_NONCE_BYTES} bytes`);
  const publicPart: KitPublic = {
    format: KIT_FORMAT_VERSION,
    vaultId: header.vaultId,
    vaultName: header.name,
    epoch: header.epoch,
    personId,
    name: person.name,
    roles: [...person.roles],
    function: person.function ?? null,
    publicKey: person.publicKey,
    kdf,
    salt: toBase64(salt),
    nonce: toBase64(nonce),
    shares: input.shares.map((record) => ({
      policyId: record.policyId,
      groupIndex: record.groupIndex,
      memberIndex: record.memberIndex,
      function: header.policies.find((policy) => policy.id === record.policyId)!.groups[record.groupIndex]!.function,
    })),
  };

  // Secret part, sealed under the passphrase-derived key with the public part as associated data.
  const plaintext = encodeKitSecret({ signingSeed: input.signingSeed, shares: input.shares.map((record) => record.share) });
  const key = await deriveKitKey(input.passphrase, salt, kdf);
  try {
    const associatedData = kitAssociatedData(publicPart, plaintext.length + KIT_TAG_BYTES);
    const ciphertext = sodium.crypto_aead_xchacha20poly1305_ietf_encrypt(plaintext, associatedData, null, nonce, key);
    return assembleKit(associatedData, ciphertext);
  } finally {
    wipe(key);
    wipe(plaintext);
  }
}

/** Reads and checks the public part of a kit without the passphrase. Throws VaultError('kit-invalid'). */
export function readKitPublic(bytes: Uint8Array): KitPublic {
  return parseKit(bytes).publicPart;
}

/**
 * Opens a kit with its passphrase. Throws VaultError('kit-invalid') when the file fails a format or
 * checksum check, and VaultError('kit-wrong-passphrase') when the AEAD rejects it: a wrong
 * passphrase, or an edit made by someone who also recomputed the checksum.
 */
export async function openKit(bytes: Uint8Array, passphrase: string): Promise<OpenedKit> {
  const sodium = await loadSodium();
  const { publicPart, associatedData, ciphertext } = parseKit(bytes);

  // Derive the key and decrypt: the AEAD check covers the public part too.
  const key = await deriveKitKey(passphrase, fromBase64(publicPart.salt), publicPart.kdf);
  let plaintext: Uint8Array;
  try {
    plaintext = sodium.crypto_aead_xchacha20poly1305_ietf_decrypt(null, ciphertext, associatedData, fromBase64(publicPart.nonce), key);
  } catch {
    throw new VaultError('kit-wrong-passphrase', `the passphrase does not open the kit of "${publicPart.personId}", or the kit was modified; check the passphrase and try again`);
  } finally {
    wipe(key);
  }

  // Decode the secret part and check the signing key against the public key.
  let secret;
  try {
    secret = decodeKitSecret(plaintext, publicPart.shares.length);
  } finally {
    wipe(plaintext);
  }
  const signingKeyPair = generateSigningKeyPair(secret.signingSeed);
  wipe(secret.signingSeed);
  if (!equalBytes(signingKeyPair.publicKey, fromBase64(publicPart.publicKey))) {
    wipe(signingKeyPair.secretKey);
    throw new VaultError('kit-invalid', `kit file is invalid: the signing key of "${publicPart.personId}" does not match its public key; use an undamaged copy of the kit`);
  }

  const shares: ShareRecord[] = publicPart.shares.map((ref, index) => ({
    vaultId: publicPart.vaultId,
    epoch: publicPart.epoch,
    policyId: ref.policyId,
    groupIndex: ref.groupIndex,
    memberIndex: ref.memberIndex,
    custodianId: publicPart.personId,
    share: secret.shares[index]!,
  }));
  return {
    publicPart,
    signingKeyPair,
    shares,
    wipe() {
      wipe(signingKeyPair.secretKey);
      wipe(signingKeyPair.seed);
      shares.forEach((record) => wipe(record.share));
    },
  };
}

/**
 * Rejects a kit of an older epoch than the vault's active one with VaultError('kit-old-epoch'),
 * and one of a newer epoch than the header it is checked against with VaultError('kit-invalid').
 */
export function checkKitEpoch(kitEpoch: number, activeEpoch: number): void {
  if (kitEpoch < activeEpoch) {
    throw new VaultError('kit-old-epoch', `this kit is from epoch ${kitEpoch}, but the vault is at epoch ${activeEpoch}: a rekey replaced it; use the kit issued at epoch ${activeEpoch}`);
  }
  if (kitEpoch > activeEpoch) {
    throw new VaultError('kit-invalid', `this kit is from epoch ${kitEpoch}, newer than epoch ${activeEpoch} it was checked against; finish or confirm the pending rekey first`);
  }
}

/**
 * Checks the public part of a kit against a header: same vault (else 'kit-foreign'), same epoch
 * (else 'kit-old-epoch'), a person of the header with the same public key and roles (else 'kit-invalid').
 */
export function checkKitPublicAgainstHeader(publicPart: KitPublic, header: VaultHeader): void {
  if (publicPart.vaultId !== header.vaultId) {
    throw new VaultError('kit-foreign', `this kit belongs to vault "${publicPart.vaultName}" (${publicPart.vaultId}), not to this vault "${header.name}" (${header.vaultId}); use the kit issued for this vault`);
  }
  checkKitEpoch(publicPart.epoch, header.epoch);
  const person = findPerson(header, publicPart.personId);
  if (!person) throw new VaultError('kit-invalid', `the kit's person "${publicPart.personId}" is not enrolled in this vault at epoch ${header.epoch}`);
  if (person.publicKey !== publicPart.publicKey) {
    throw new VaultError('kit-invalid', `the kit's public key for "${publicPart.personId}" differs from the one in the vault header; use the kit issued at epoch ${header.epoch}`);
  }
}

/**
 * Checks an opened kit against a header, each share alone against its commitment (no other share
 * is needed). An identity mismatch throws, as in checkKitPublicAgainstHeader. The result has one
 * entry per share, plus an entry with commitmentOk false for each share the header assigns to
 * this person but the kit lacks.
 */
export function verifyKitAgainstHeader(opened: OpenedKit, header: VaultHeader): KitShareCheck[] {
  checkKitPublicAgainstHeader(opened.publicPart, header);
  const results: KitShareCheck[] = opened.shares.map((record) => {
    const group = header.policies.find((policy) => policy.id === record.policyId)?.groups[record.groupIndex];
    const base = { policyId: record.policyId, groupIndex: record.groupIndex, function: group?.function ?? opened.publicPart.shares.find((ref) => ref.policyId === record.policyId)!.function };
    try {
      checkShare(header, record);
      return { ...base, commitmentOk: true, problem: null };
    } catch (error) {
      return { ...base, commitmentOk: false, problem: error instanceof VaultError ? error.message : 'share check failed' };
    }
  });

  for (const commitment of header.commitments) {
    if (commitment.custodianId !== opened.publicPart.personId) continue;
    const present = opened.shares.some((record) => record.policyId === commitment.policyId && record.groupIndex === commitment.groupIndex);
    if (present) continue;
    const group = header.policies.find((policy) => policy.id === commitment.policyId)!.groups[commitment.groupIndex]!;
    results.push({ policyId: commitment.policyId, groupIndex: commitment.groupIndex, function: group.function, commitmentOk: false, problem: `the kit carries no share for policy "${commitment.policyId}"` });
  }
  return results;
}

/** Returns the file name of a kit: `<vault name slug>-<person id>-epoch<N>.bgkit`. */
export function kitFileName(publicPart: Pick<KitPublic, 'vaultName' | 'personId' | 'epoch'>): string {
  const vaultSlug = publicPart.vaultName.toLowerCase().normalize('NFKD').replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 40) || 'vault';
  return `${vaultSlug}-${publicPart.personId}-epoch${publicPart.epoch}${KIT_FILE_EXTENSION}`;
}
