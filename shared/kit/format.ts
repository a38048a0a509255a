// Byte layout of a custodian kit file, format version 1. IMPORTANT: this layout must never change
// within version 1. Every byte is authenticated. The public part is the AEAD's associated data and
// the secret part is the AEAD ciphertext. A trailing checksum covers everything before it, so a
// damaged or edited kit is reported as such before the passphrase is tried.
//
//   offset      size  field
//   0           4     magic "BGKT"
//   4           1     format version (0x01)
//   5           4     P: public part length, unsigned big-endian
//   9           P     public part: RFC 8785 canonical JSON (UTF-8) of KitPublic
//   9+P         4     C: ciphertext length, unsigned big-endian
//   13+P        C     XChaCha20-Poly1305 ciphertext of the secret part (tag included)
//   13+P+C      32    SHA-256("breakglass/v1/kit-checksum" || 0x00 || bytes 0 .. 13+P+C)
//
// Associated data of the AEAD: bytes 0 .. 13+P (magic, version, P, public part, C).
// Secret part (plaintext): Ed25519 seed (32 bytes) || share count (1 byte) || for each share, in
// the order of KitPublic.shares: length (1 byte) || share bytes (y bytes then x byte).
import { z } from 'zod';
import { CUSTODIAN_FUNCTIONS, ROLES, type CustodianFunction, type Role } from '../api/contract.js';
import { canonicalBytes, labelled, sha256 } from '../crypto/canonical.js';
import { LABEL_KIT_CHECKSUM } from '../crypto/labels.js';
import { MAX_KDF_ITERATIONS, MAX_KDF_MEMORY_KIB, MIN_KDF_ITERATIONS, MIN_KDF_MEMORY_KIB, KDF_SALT_BYTES, type KdfParams } from '../crypto/argon2.js';
import { SIGNING_SEED_BYTES } from '../crypto/sign.js';
import { concatBytes, equalBytes, fromBase64 } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';

export const KIT_MAGIC = new Uint8Array([0x42, 0x47, 0x4b, 0x54]);
export const KIT_FORMAT_VERSION = 1;
export const KIT_NONCE_BYTES = 24;
export const KIT_TAG_BYTES = 16;
export const KIT_CHECKSUM_BYTES = 32;
/** Upper bounds on the two variable parts, so a crafted file cannot make the parser allocate much. */
export const MAX_KIT_PUBLIC_BYTES = 64 * 1024;
export const MAX_KIT_CIPHERTEXT_BYTES = 64 * 1024;
const FIXED_PREFIX_BYTES = 9;
const LENGTH_FIELD_BYTES = 4;

/** Public description of one share a kit carries (the share bytes themselves are secret). */
export interface KitShareRef {
  policyId: string;
  groupIndex: number;
  memberIndex: number;
  function: CustodianFunction;
}

/** The public part of a kit: readable without the passphrase, authenticated as associated data. */
export interface KitPublic {
  format: 1;
  vaultId: string;
  vaultName: string;
  epoch: number;
  personId: string;
  name: string;
  roles: Role[];
  function: CustodianFunction | null;
  /** base64 Ed25519 public key */
  publicKey: string;
  kdf: KdfParams;
  /** base64, 16 bytes */
  salt: string;
  /** base64, 24 bytes */
  nonce: string;
  shares: KitShareRef[];
}

/** The decrypted secret part. */
export interface KitSecret {
  signingSeed: Uint8Array;
  shares: Uint8Array[];
}

export interface ParsedKit {
  publicPart: KitPublic;
  associatedData: Uint8Array;
  ciphertext: Uint8Array;
}

const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/);
const base64Of = (length: number) => z.string().refine((text) => {
  try {
    return fromBase64(text).length === length;
  } catch {
    return false;
  }
}, `must be base64 of ${length} bytes`);

const kitPublicSchema = z.strictObject({
  format: z.literal(KIT_FORMAT_VERSION),
  vaultId: z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
  vaultName: z.string().min(1),
  epoch: z.number().int().min(1),
  personId: slug,
  name: z.string().min(1),
  roles: z.array(z.enum(ROLES)).min(1),
  function: z.enum(CUSTODIAN_FUNCTIONS).nullable(),
  publicKey: base64Of(32),
  kdf: z.strictObject({
    alg: z.literal('argon2id'),
    memoryKiB: z.number().int().min(MIN_KDF_MEMORY_KIB).max(MAX_KDF_MEMORY_KIB),
    iterations: z.number().int().min(MIN_KDF_ITERATIONS).max(MAX_KDF_ITERATIONS),
    parallelism: z.literal(1),
  }),
  salt: base64Of(KDF_SALT_BYTES),
  nonce: base64Of(KIT_NONCE_BYTES),
  shares: z.array(z.strictObject({
    policyId: slug,
    groupIndex: z.number().int().min(0).max(254),
    memberIndex: z.number().int().min(0).max(254),
    function: z.enum(CUSTODIAN_FUNCTIONS),
  })).max(255),
});

function invalid(problem: string): never {
  throw new VaultError('kit-invalid', `kit file is invalid: ${problem}; use an undamaged copy of the kit`);
}

function u32be(value: number): Uint8Array {
  const out = new Uint8Array(LENGTH_FIELD_BYTES);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

function readU32(bytes: Uint8Array, offset: number): number {
  return new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(offset);
}

function checksumOf(bytes: Uint8Array): Uint8Array {
  return sha256(labelled(LABEL_KIT_CHECKSUM, bytes));
}

/** Returns the associated data (everything before the ciphertext) for a public part and ciphertext length. */
export function kitAssociatedData(publicPart: KitPublic, ciphertextLength: number): Uint8Array {
  const publicBytes = canonicalBytes(publicPart);
  return concatBytes(KIT_MAGIC, new Uint8Array([KIT_FORMAT_VERSION]), u32be(publicBytes.length), publicBytes, u32be(ciphertextLength));
}

/** Assembles kit file bytes from the associated data and ciphertext, appending the checksum. */
export function assembleKit(associatedData: Uint8Array, ciphertext: Uint8Array): Uint8Array {
  const body = concatBytes(associatedData, ciphertext);
  return concatBytes(body, checksumOf(body));
}

/**
 * Parses kit file bytes strictly: magic, version, lengths that add up exactly, canonical public
 * JSON matching the schema, and the checksum. Throws VaultError('kit-invalid') naming the check.
 */
export function parseKit(bytes: Uint8Array): ParsedKit {
  if (!(bytes instanceof Uint8Array) || bytes.length < FIXED_PREFIX_BYTES + LENGTH_FIELD_BYTES + KIT_CHECKSUM_BYTES) invalid('the file is too short to be a kit');
  if (!equalBytes(bytes.subarray(0, KIT_MAGIC.length), KIT_MAGIC)) invalid('the file does not start with the kit magic "BGKT"');
  if (bytes[4] !== KIT_FORMAT_VERSION) invalid(`kit format version ${bytes[4]} is not supported (this app reads version ${KIT_FORMAT_VERSION})`);

  const publicLength = readU32(bytes, 5);
  if (publicLength > MAX_KIT_PUBLIC_BYTES || FIXED_PREFIX_BYTES + publicLength + LENGTH_FIELD_BYTES > bytes.length) invalid('the public part length is out of range');
  const ciphertextOffset = FIXED_PREFIX_BYTES + publicLength + LENGTH_FIELD_BYTES;
  const ciphertextLength = readU32(bytes, FIXED_PREFIX_BYTES + publicLength);
  if (ciphertextLength > MAX_KIT_CIPHERTEXT_BYTES || ciphertextLength < KIT_TAG_BYTES) invalid('the secret part length is out of range');
  if (ciphertextOffset + ciphertextLength + KIT_CHECKSUM_BYTES !== bytes.length) invalid('the file length does not match the lengths it declares');

  const body = bytes.subarray(0, ciphertextOffset + ciphertextLength);
  if (!equalBytes(checksumOf(body), bytes.subarray(body.length))) invalid('checksum mismatch (the file is damaged or was modified)');

  const publicBytes = bytes.subarray(FIXED_PREFIX_BYTES, FIXED_PREFIX_BYTES + publicLength);
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(publicBytes));
  } catch {
    invalid('the public part is not valid UTF-8 JSON');
  }
  const parsed = kitPublicSchema.safeParse(json);
  if (!parsed.success) invalid(`the public part field "${parsed.error.issues[0]?.path.join('.') ?? ''}" is invalid`);
  if (!equalBytes(canonicalBytes(parsed.data), publicBytes)) invalid('the public part is not in canonical JSON form');

  return {
    publicPart: parsed.data,
    associatedData: bytes.slice(0, ciphertextOffset),
    ciphertext: bytes.slice(ciphertextOffset, ciphertextOffset + ciphertextLength),
  };
}

/** Encodes the secret part (see the layout above). The caller wipes the result. */
export function encodeKitSecret(secret: KitSecret): Uint8Array {
  if (secret.signingSeed.length !== SIGNING_SEED_BYTES) throw new Error(`signing seed must be ${SIGNING_SEED_BYTES} bytes`);
  if (secret.shares.length > 255) throw new Error(`a kit can contain at most 255 shares, got ${secret.shares.length}`);
  const parts: Uint8Array[] = [secret.signingSeed, new Uint8Array([secret.shares.length])];
  for (const share of secret.shares) {
    if (share.length < 2 || share.length > 255) throw new Error('share length must be 2 to 255 bytes');
    parts.push(new Uint8Array([share.length]), share);
  }
  return concatBytes(...parts);
}

/** Decodes the secret part strictly (exact length, no trailing bytes). Throws VaultError('kit-invalid'). */
export function decodeKitSecret(plaintext: Uint8Array, expectedShares: number): KitSecret {
  if (plaintext.length < SIGNING_SEED_BYTES + 1) invalid('the secret part is too short');
  const signingSeed = plaintext.slice(0, SIGNING_SEED_BYTES);
  const count = plaintext[SIGNING_SEED_BYTES]!;
  if (count !== expectedShares) invalid(`the secret part holds ${count} shares but the public part lists ${expectedShares}`);
  const shares: Uint8Array[] = [];
  let offset = SIGNING_SEED_BYTES + 1;
  for (let index = 0; index < count; index++) {
    const length = plaintext[offset];
    if (length === undefined || length < 2 || offset + 1 + length > plaintext.length) invalid(`share ${index + 1} in the secret part is truncated`);
    shares.push(plaintext.slice(offset + 1, offset + 1 + length));
    offset += 1 + length;
  }
  if (offset !== plaintext.length) invalid('the secret part has trailing bytes');
  return { signingSeed, shares };
}
