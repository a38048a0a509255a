// Vault creation material for one epoch: a fresh vault key (VK), the vault's X25519 key pair with
// its secret key encrypted under a VK-derived key, the shares of every policy with their header
// commitments, and the header with its MAC. Used at vault creation (epoch 1) and at each rekey
// (new VK, new key pair, epoch + 1, previousHeaderHash set). Nothing here touches storage.
import { randomUUID } from 'node:crypto';
import type { KdfInput, PolicyInput } from '../api/contract.js';
import { validateKdf, type KdfParams } from '../crypto/argon2.js';
import { loadSodium } from '../crypto/sodium.js';
import { validatePolicies } from '../quorum/policy.js';
import { commitmentOf, VAULT_KEY_BYTES, type ShareCommitment, type ShareRecord } from '../quorum/share.js';
import { splitPolicy } from '../quorum/split.js';
import { fromBase64, toBase64, wipe } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import { computeHeaderMac, HEADER_FORMAT, headerHash, ORIGIN_PREFIX, type VaultHeader } from './header.js';
import { validatePeople, type EnrolledPerson } from './people.js';
import { encryptVaultSecretKey, generateVaultKeyPair, type VaultKeyPair } from './vault-keypair.js';

export const MAX_VAULT_NAME_LENGTH = 200;

export interface VaultMaterialInput {
  name: string;
  /** Everyone in the vault, each with their base64 Ed25519 public key. */
  people: EnrolledPerson[];
  policies: PolicyInput[];
  kdf: KdfInput | KdfParams;
  /** base64 Ed25519 public key of the device key. */
  devicePublicKey: string;
  /** Fixed values for known-answer tests; fresh ones otherwise. */
  vaultId?: string;
  createdAt?: string;
  vaultKey?: Uint8Array;
  vaultKeyPair?: VaultKeyPair;
}

export interface RekeyMaterialInput extends Omit<VaultMaterialInput, 'vaultId' | 'name' | 'kdf' | 'devicePublicKey'> {
  previousHeader: VaultHeader;
  /** Defaults to the previous epoch's values. */
  name?: string;
  kdf?: KdfInput | KdfParams;
  devicePublicKey?: string;
}

export interface VaultMaterial {
  /** The vault key. Never stored: hand each person their shares, then call `wipe()`. */
  vk: Uint8Array;
  header: VaultHeader;
  headerMac: Uint8Array;
  vaultPublicKey: Uint8Array;
  /** Vault secret key encrypted under a VK-derived key (vault-keypair.ts layout). */
  encryptedVaultSecretKey: Uint8Array;
  /** Shares per person id (an empty list for people who hold none). */
  sharesByPerson: Map<string, ShareRecord[]>;
  /** Overwrites the vault key and every share in memory. */
  wipe(): void;
}

interface EpochContext {
  vaultId: string;
  name: string;
  epoch: number;
  previousHeaderHash: string | null;
}

function checkName(name: string): string {
  const trimmed = typeof name === 'string' ? name.trim() : '';
  if (trimmed === '' || trimmed.length > MAX_VAULT_NAME_LENGTH) {
    throw new VaultError('invalid-input', `vault name must be 1 to ${MAX_VAULT_NAME_LENGTH} characters`);
  }
  return trimmed;
}

function checkDeviceKey(devicePublicKey: string): void {
  let key: Uint8Array | undefined;
  try {
    key = fromBase64(devicePublicKey, 'devicePublicKey');
  } catch {
    key = undefined;
  }
  if (key?.length !== 32) throw new VaultError('invalid-input', 'device public key must be a base64 32-byte Ed25519 key');
}

async function buildMaterial(input: Omit<VaultMaterialInput, 'name' | 'vaultId'>, context: EpochContext): Promise<VaultMaterial> {
  const sodium = await loadSodium();

  // Validate everything before any key exists.
  const kdf = validateKdf(input.kdf);
  const people = validatePeople(input.people);
  const policies = validatePolicies(input.people, input.policies);
  checkDeviceKey(input.devicePublicKey);

  // Fresh vault key and vault key pair.
  const vk = input.vaultKey ? Uint8Array.from(input.vaultKey) : sodium.randombytes_buf(VAULT_KEY_BYTES);
  if (vk.length !== VAULT_KEY_BYTES) throw new Error(`vault key must be ${VAULT_KEY_BYTES} bytes`);
  const pair = input.vaultKeyPair ? { publicKey: input.vaultKeyPair.publicKey, secretKey: Uint8Array.from(input.vaultKeyPair.secretKey) } : generateVaultKeyPair();

  try {
    // Split the vault key under every policy and commit to each share.
    const sharesByPerson = new Map<string, ShareRecord[]>(people.map((person) => [person.id, []]));
    const commitments: ShareCommitment[] = [];
    for (const policy of policies) {
      for (const record of await splitPolicy(vk, policy, { vaultId: context.vaultId, epoch: context.epoch })) {
        sharesByPerson.get(record.custodianId)!.push(record);
        commitments.push({ policyId: record.policyId, groupIndex: record.groupIndex, memberIndex: record.memberIndex, custodianId: record.custodianId, commitment: commitmentOf(record) });
      }
    }

    // Header, then its MAC under the VK-derived key.
    const header: VaultHeader = {
      format: HEADER_FORMAT,
      vaultId: context.vaultId,
      name: context.name,
      epoch: context.epoch,
      createdAt: input.createdAt ?? new Date().toISOString(),
      kdf,
      people,
      policies,
      commitments,
      vaultPublicKey: toBase64(pair.publicKey),
      devicePublicKey: input.devicePublicKey,
      origin: ORIGIN_PREFIX + context.vaultId,
      previousHeaderHash: context.previousHeaderHash,
    };
    const headerMac = computeHeaderMac(vk, header);

    // Wrap the vault secret key under its own VK-derived key.
    const encryptedVaultSecretKey = encryptVaultSecretKey(vk, pair, { vaultId: context.vaultId, epoch: context.epoch });

    return {
      vk,
      header,
      headerMac,
      vaultPublicKey: pair.publicKey,
      encryptedVaultSecretKey,
      sharesByPerson,
      wipe() {
        wipe(vk);
        for (const records of sharesByPerson.values()) records.forEach((record) => wipe(record.share));
      },
    };
  } catch (error) {
    wipe(vk);
    throw error;
  } finally {
    wipe(pair.secretKey);
  }
}

/** Creates the material of a new vault at epoch 1 (vault id: random UUID v4). */
export async function createVaultMaterial(input: VaultMaterialInput): Promise<VaultMaterial> {
  const vaultId = input.vaultId ?? randomUUID();
  return buildMaterial(input, { vaultId, name: checkName(input.name), epoch: 1, previousHeaderHash: null });
}

/** Creates the material of the next epoch for a rekey: new vault key, new key pair, new shares. */
export async function createRekeyMaterial(input: RekeyMaterialInput): Promise<VaultMaterial> {
  const previous = input.previousHeader;
  return buildMaterial(
    { ...input, kdf: input.kdf ?? previous.kdf, devicePublicKey: input.devicePublicKey ?? previous.devicePublicKey },
    { vaultId: previous.vaultId, name: checkName(input.name ?? previous.name), epoch: previous.epoch + 1, previousHeaderHash: headerHash(previous) },
  );
}
