// Deposit, rotation, opening and re-sealing of credential versions against the vault file. A
// deposit needs no vault key: the secret is sealed to the active epoch's vault public key (and to
// a pending rekey epoch's key too, so nothing deposited during a rekey is lost), and the depositor
// signs it. Opening needs the vault key pair that only a quorum unwraps. Every function may run
// inside the caller's `db.transaction(...)` (for example with the audit-log append).
import { randomUUID } from 'node:crypto';
import type { CredentialMetadataInput, SecretInput } from '../api/contract.js';
import { signDetached, verifyDetached } from '../crypto/sign.js';
import { fromBase64 } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import { depositMessage, openSecret, resealSecret, sealedHashOf, sealSecret, type SealContext } from './credentials.js';
import { getCredential, getCredentialVersion, getSeal, insertCredentialVersion, insertSeal, listSealedVersions, upsertCredential, type CredentialVersionRecord } from './credentials-repo.js';
import type { VaultDb } from './db.js';
import { getActiveEpoch, getPendingEpoch } from './epochs-repo.js';
import { findPerson, type VaultHeader } from './header.js';
import { validateMetadata, validateSecret } from './secret-validate.js';
import type { VaultKeyPair } from './vault-keypair.js';

export const CREDENTIAL_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$|^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/;

/** The depositor: a person of the active header and their 64-byte Ed25519 secret key (from their kit). */
export interface DepositSigner {
  personId: string;
  secretKey: Uint8Array;
}

export interface DepositInput {
  signer: DepositSigner;
  metadata: CredentialMetadataInput;
  secret: SecretInput;
  /** Defaults to a random UUID v4. */
  credentialId?: string;
  ceremonyId?: string | null;
  now?: string;
}

export interface RotateInput {
  signer: DepositSigner;
  credentialId: string;
  secret: SecretInput;
  ceremonyId?: string | null;
  now?: string;
}

export interface DepositResult {
  credentialId: string;
  version: number;
  epoch: number;
  metadata: CredentialMetadataInput;
  sealedHash: string;
  signature: Uint8Array;
  depositedAt: string;
}

function sealContext(header: VaultHeader, credentialId: string, version: number, metadata: CredentialMetadataInput): SealContext {
  return { vaultId: header.vaultId, epoch: header.epoch, credentialId, version, kind: metadata.kind };
}

function storeVersion(db: VaultDb, input: { signer: DepositSigner; credentialId: string; version: number; metadata: CredentialMetadataInput; secret: SecretInput; ceremonyId: string | null; now: string; createdAt: string; createdBy: string }): DepositResult {
  const active = getActiveEpoch(db);
  const pending = getPendingEpoch(db);
  const person = findPerson(active.header, input.signer.personId);
  if (!person) throw new VaultError('not-permitted', `person "${input.signer.personId}" is not enrolled in this vault at epoch ${active.epoch}, so cannot deposit`);

  // Seal to the active epoch and sign the deposit.
  const secret = validateSecret(input.secret);
  if (secret.kind !== input.metadata.kind) throw new VaultError('invalid-input', `secret kind "${secret.kind}" does not match credential kind "${input.metadata.kind}"`);
  const sealed = sealSecret(secret, sealContext(active.header, input.credentialId, input.version, input.metadata), fromBase64(active.header.vaultPublicKey));
  const sealedHash = sealedHashOf(sealed);
  const message = depositMessage({ vaultId: active.header.vaultId, epoch: active.epoch, credentialId: input.credentialId, version: input.version, metadata: input.metadata, sealedHash, depositedBy: person.id, ceremonyId: input.ceremonyId });
  const signature = signDetached(message, input.signer.secretKey);
  if (!verifyDetached(signature, message, fromBase64(person.publicKey))) {
    throw new VaultError('signature-invalid', `the signing key presented for "${person.id}" is not the one enrolled in the vault header; use that person's own kit`);
  }

  // Store metadata, version and seals in one transaction.
  db.transaction(() => {
    upsertCredential(db, { ...input.metadata, id: input.credentialId, createdAt: input.createdAt, createdBy: input.createdBy, currentVersion: input.version });
    insertCredentialVersion(db, { credentialId: input.credentialId, version: input.version, metadata: input.metadata, depositEpoch: active.epoch, sealedHash, depositedBy: person.id, depositedAt: input.now, depositSignature: signature, ceremonyId: input.ceremonyId });
    insertSeal(db, { credentialId: input.credentialId, version: input.version, epoch: active.epoch, sealed });
    if (pending) {
      const pendingSealed = sealSecret(secret, sealContext(pending.header, input.credentialId, input.version, input.metadata), fromBase64(pending.header.vaultPublicKey));
      insertSeal(db, { credentialId: input.credentialId, version: input.version, epoch: pending.epoch, sealed: pendingSealed });
    }
  })();
  return { credentialId: input.credentialId, version: input.version, epoch: active.epoch, metadata: input.metadata, sealedHash, signature, depositedAt: input.now };
}

/** Deposits a new credential (version 1). Throws VaultError('invalid-input' | 'not-permitted' | 'signature-invalid' | 'vault-exists'). */
export function depositCredential(db: VaultDb, input: DepositInput): DepositResult {
  const metadata = validateMetadata(input.metadata);
  const credentialId = input.credentialId ?? randomUUID();
  if (!CREDENTIAL_ID_PATTERN.test(credentialId)) throw new VaultError('invalid-input', `credential id "${credentialId}" must be a lowercase slug or a UUID`);
  if (getCredential(db, credentialId)) throw new VaultError('vault-exists', `a credential with id "${credentialId}" already exists; rotate it instead`);
  const now = input.now ?? new Date().toISOString();
  return storeVersion(db, { signer: input.signer, credentialId, version: 1, metadata, secret: input.secret, ceremonyId: input.ceremonyId ?? null, now, createdAt: now, createdBy: input.signer.personId });
}

/** Adds a new version of an existing credential; earlier versions stay sealed. */
export function rotateCredential(db: VaultDb, input: RotateInput): DepositResult {
  const current = getCredential(db, input.credentialId);
  if (!current) throw new VaultError('not-found', `credential "${input.credentialId}" not found; check its id in the credential list`);
  const { id: _id, createdAt, createdBy, currentVersion, ...metadata } = current;
  const now = input.now ?? new Date().toISOString();
  return storeVersion(db, { signer: input.signer, credentialId: current.id, version: currentVersion + 1, metadata, secret: input.secret, ceremonyId: input.ceremonyId ?? null, now, createdAt, createdBy });
}

/** Checks a stored version's deposit signature against the depositor's key in the header of its deposit epoch. */
export function verifyDepositSignature(header: VaultHeader, record: CredentialVersionRecord): boolean {
  const person = findPerson(header, record.depositedBy);
  if (!person || header.epoch !== record.depositEpoch) return false;
  const message = depositMessage({ vaultId: header.vaultId, epoch: record.depositEpoch, credentialId: record.credentialId, version: record.version, metadata: record.metadata, sealedHash: record.sealedHash, depositedBy: record.depositedBy, ceremonyId: record.ceremonyId });
  return verifyDetached(record.depositSignature, message, fromBase64(person.publicKey));
}

/** Opens one version (default: current) with the unwrapped vault key pair of the header's epoch. */
export function openCredentialVersion(db: VaultDb, input: { header: VaultHeader; vaultKeyPair: VaultKeyPair; credentialId: string; version?: number }): { credentialId: string; version: number; secret: SecretInput } {
  const credential = getCredential(db, input.credentialId);
  if (!credential) throw new VaultError('not-found', `credential "${input.credentialId}" not found; check its id in the credential list`);
  const version = input.version ?? credential.currentVersion;
  const record = getCredentialVersion(db, credential.id, version);
  if (!record) throw new VaultError('not-found', `credential "${credential.id}" has no version ${version} (current is ${credential.currentVersion})`);
  const sealed = getSeal(db, credential.id, version, input.header.epoch);
  if (!sealed) throw new VaultError('not-found', `credential "${credential.id}" version ${version} is not sealed for epoch ${input.header.epoch}; unseal with the active epoch's kits`);
  const secret = openSecret(sealed, sealContext(input.header, credential.id, version, credential), input.vaultKeyPair);
  return { credentialId: credential.id, version, secret };
}

/**
 * Re-seals every version sealed for `from` that is not yet sealed for `to` (rekey), with fresh
 * data keys, so the old vault key pair cannot open the new seals. Returns how many were re-sealed.
 */
export function resealVersionsForEpoch(db: VaultDb, input: { from: { header: VaultHeader; vaultKeyPair: VaultKeyPair }; to: VaultHeader }): number {
  if (input.from.header.vaultId !== input.to.vaultId) throw new VaultError('invalid-input', 'cannot re-seal between two different vaults');
  const already = new Set(listSealedVersions(db, input.to.epoch).map((entry) => `${entry.credentialId}\u0000${entry.version}`));
  const toPublicKey = fromBase64(input.to.vaultPublicKey);
  let count = 0;
  db.transaction(() => {
    for (const entry of listSealedVersions(db, input.from.header.epoch)) {
      if (already.has(`${entry.credentialId}\u0000${entry.version}`)) continue;
      const sealed = getSeal(db, entry.credentialId, entry.version, input.from.header.epoch)!;
      const fromContext: SealContext = { vaultId: input.from.header.vaultId, epoch: input.from.header.epoch, credentialId: entry.credentialId, version: entry.version, kind: entry.kind };
      const resealed = resealSecret(sealed, { context: fromContext, pair: input.from.vaultKeyPair }, { context: { ...fromContext, epoch: input.to.epoch }, vaultPublicKey: toPublicKey });
      insertSeal(db, { credentialId: entry.credentialId, version: entry.version, epoch: input.to.epoch, sealed: resealed });
      count++;
    }
  })();
  return count;
}
