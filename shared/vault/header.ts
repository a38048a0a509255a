// The vault header: the public description of one epoch of a vault (people and their Ed25519 keys,
// quorum policies, share commitments, vault public key, KDF parameters). Its RFC 8785 canonical
// bytes are what the header MAC, the header hash and the genesis signatures cover.
// Invariant: a header whose MAC verifies under the rebuilt vault key is exactly the header the
// quorum was created with, so no one without the vault key can swap a custodian's public key,
// weaken a policy or replace the vault public key. IMPORTANT: the canonical encoding, labels and
// MAC construction are part of format version 1 and must never change within it.
import { z } from 'zod';
import { CUSTODIAN_FUNCTIONS, ROLES, type CustodianFunction, type Role, type PolicyView } from '../api/contract.js';
import { canonicalBytes, labelled, sha256 } from '../crypto/canonical.js';
import { LABEL_GENESIS, LABEL_HEADER_HASH, LABEL_HEADER_MAC } from '../crypto/labels.js';
import { sodium } from '../crypto/sodium.js';
import type { KdfParams } from '../crypto/argon2.js';
import { MAX_KDF_ITERATIONS, MAX_KDF_MEMORY_KIB, MIN_KDF_ITERATIONS, MIN_KDF_MEMORY_KIB } from '../crypto/argon2.js';
import type { ShareCommitment } from '../quorum/share.js';
import { fromBase64, toHex, wipe } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import { deriveHeaderMacKey } from './keys.js';

/** Header format version. */
export const HEADER_FORMAT = 1;
/** crypto_auth (HMAC-SHA-512-256) tag length. */
export const HEADER_MAC_BYTES = 32;
export const ORIGIN_PREFIX = 'breakglass-vault/';

export interface HeaderPerson {
  id: string;
  name: string;
  roles: Role[];
  function?: CustodianFunction;
  sponsorId?: string;
  /** base64 Ed25519 public key */
  publicKey: string;
}

export interface VaultHeader {
  format: 1;
  vaultId: string;
  name: string;
  epoch: number;
  /** ISO 8601 UTC time the epoch was created. */
  createdAt: string;
  kdf: KdfParams;
  people: HeaderPerson[];
  policies: PolicyView[];
  commitments: ShareCommitment[];
  /** base64 X25519 public key that credentials are sealed to. */
  vaultPublicKey: string;
  /** base64 Ed25519 public key of the device that signs checkpoints. */
  devicePublicKey: string;
  /** Checkpoint origin line: `breakglass-vault/<vaultId>`. */
  origin: string;
  /** hex header hash of the previous epoch, null for epoch 1. */
  previousHeaderHash: string | null;
}

const slug = z.string().regex(/^[a-z0-9][a-z0-9._-]{0,63}$/);
const uuidV4 = z.string().regex(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
const key32 = z.string().refine((text) => {
  try {
    return fromBase64(text).length === 32;
  } catch {
    return false;
  }
}, 'must be a base64 32-byte key');
const wholeNumber = z.number().int().nonnegative();

const headerSchema = z.strictObject({
  format: z.literal(HEADER_FORMAT),
  vaultId: uuidV4,
  name: z.string().min(1),
  epoch: z.number().int().min(1),
  createdAt: z.iso.datetime(),
  kdf: z.strictObject({
    alg: z.literal('argon2id'),
    memoryKiB: z.number().int().min(MIN_KDF_MEMORY_KIB).max(MAX_KDF_MEMORY_KIB),
    iterations: z.number().int().min(MIN_KDF_ITERATIONS).max(MAX_KDF_ITERATIONS),
    parallelism: z.literal(1),
  }),
  people: z.array(z.strictObject({
    id: slug,
    name: z.string().min(1),
    roles: z.array(z.enum(ROLES)).min(1),
    function: z.enum(CUSTODIAN_FUNCTIONS).optional(),
    sponsorId: slug.optional(),
    publicKey: key32,
  })).min(1),
  policies: z.array(z.strictObject({
    id: slug,
    name: z.string().min(1),
    groupThreshold: z.number().int().min(1),
    groups: z.array(z.strictObject({
      function: z.enum(CUSTODIAN_FUNCTIONS),
      threshold: z.number().int().min(1),
      members: z.array(slug).min(1),
    })).min(1),
    resealLimitHours: z.number().int().min(1),
    fastPath: z.boolean(),
  })).min(1),
  commitments: z.array(z.strictObject({
    policyId: slug,
    groupIndex: wholeNumber,
    memberIndex: wholeNumber,
    custodianId: slug,
    commitment: z.string().regex(/^[0-9a-f]{64}$/),
  })),
  vaultPublicKey: key32,
  devicePublicKey: key32,
  origin: z.string(),
  previousHeaderHash: z.string().regex(/^[0-9a-f]{64}$/).nullable(),
});

/** Returns the canonical bytes of a header (RFC 8785). */
export function headerBytes(header: VaultHeader): Uint8Array {
  return canonicalBytes(header);
}

/**
 * Checks a header read from storage or a log entry against the format-1 schema and returns it.
 * Throws VaultError('corrupt-vault') naming the first invalid field.
 */
export function parseHeader(value: unknown): VaultHeader {
  const parsed = headerSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue ? issue.path.join('.') || 'header' : 'header';
    throw new VaultError('corrupt-vault', `vault header is invalid at "${where}": ${issue?.message ?? 'unknown problem'}; restore the vault file from a backup`);
  }
  const header = parsed.data;
  if (header.origin !== ORIGIN_PREFIX + header.vaultId) {
    throw new VaultError('corrupt-vault', `vault header origin "${header.origin}" does not match vault id ${header.vaultId}; restore the vault file from a backup`);
  }
  return header;
}

/** Parses header JSON text from storage; throws VaultError('corrupt-vault'). */
export function parseHeaderJson(text: string): VaultHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new VaultError('corrupt-vault', 'vault header is not valid JSON; restore the vault file from a backup', { cause: error });
  }
  return parseHeader(value);
}

/** MAC input: `"breakglass/v1/header-mac" || 0x00 || canonical header bytes`. */
function headerMacInput(header: VaultHeader): Uint8Array {
  return labelled(LABEL_HEADER_MAC, headerBytes(header));
}

/** Computes the header MAC: crypto_auth (HMAC-SHA-512-256) under crypto_kdf(VK, "bghdrmac", 1). Requires loadSodium(). */
export function computeHeaderMac(vaultKey: Uint8Array, header: VaultHeader): Uint8Array {
  const key = deriveHeaderMacKey(vaultKey);
  try {
    return sodium().crypto_auth(headerMacInput(header), key);
  } finally {
    wipe(key);
  }
}

/**
 * Checks the header MAC in constant time. Returns false for a wrong vault key (for example one
 * rebuilt from too few shares, which shamir-secret-sharing cannot detect) or a modified header.
 */
export function verifyHeaderMac(vaultKey: Uint8Array, header: VaultHeader, mac: Uint8Array): boolean {
  if (mac.length !== HEADER_MAC_BYTES || vaultKey.length !== 32) return false;
  const key = deriveHeaderMacKey(vaultKey);
  try {
    return sodium().crypto_auth_verify(mac, headerMacInput(header), key);
  } finally {
    wipe(key);
  }
}

/** hex SHA-256 of `"breakglass/v1/header" || 0x00 || canonical header`: the next epoch's previousHeaderHash. */
export function headerHash(header: VaultHeader): string {
  return toHex(sha256(labelled(LABEL_HEADER_HASH, headerBytes(header))));
}

/** Bytes every custodian signs at vault creation: `"breakglass/v1/genesis" || 0x00 || canonical header`. */
export function genesisMessage(header: VaultHeader): Uint8Array {
  return labelled(LABEL_GENESIS, headerBytes(header));
}

export function findPerson(header: VaultHeader, personId: string): HeaderPerson | undefined {
  return header.people.find((person) => person.id === personId);
}

export function findPolicy(header: VaultHeader, policyId: string): PolicyView | undefined {
  return header.policies.find((policy) => policy.id === policyId);
}
