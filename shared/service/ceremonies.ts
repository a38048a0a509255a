// Unseal ceremonies, drills and reseal: the accountability chain. State machine:
//   unseal: approving → unsealed (deadline) → sealed | expired → closed; approving → cancelled
//   drill:  approving → verified;   rekey: approving → unsealed → verified (see rekey.ts)
// Rules enforced here, each with its own test:
// - approvals are bound to the request hash, and any change to the request voids them;
// - one custodian counts once, and shares are checked against their header commitments when presented;
// - nothing unseals before the rebuilt vault key passes the header MAC;
// - reveals stay in scope and before the deadline, and each is logged before the secret is returned;
// - a ceremony closes only when every revealed credential was rotated or waived, and a custodian
//   who revealed nothing and did not request it attested dormancy.
import { randomUUID } from 'node:crypto';
import type { CeremonyKind, RequestInput, RevealedSecret, SecretInput, SignerInput, TouchedInput } from '../api/contract.js';
import { normaliseRequest, requestHash, MAX_TEXT_LENGTH } from '../ceremony/request.js';
import { loadSodium } from '../crypto/sodium.js';
import { canonicalBytes } from '../crypto/canonical.js';
import { cosignCheckpoint } from '../log/checkpoint.js';
import { custodianNoteName } from '../log/labels.js';
import { checkShare, ShareCollector } from '../quorum/collect.js';
import type { ShareRecord } from '../quorum/share.js';
import { fromBase64, toBase64, wipe } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import { getCredential, getCredentialVersion, getSeal } from '../vault/credentials-repo.js';
import { sealedHashOf } from '../vault/credentials.js';
import { openCredentialVersion, verifyDepositSignature } from '../vault/deposit.js';
import { getEpoch } from '../vault/epochs-repo.js';
import { findPolicy, verifyHeaderMac } from '../vault/header.js';
import { openVaultSecretKey, type VaultKeyPair } from '../vault/vault-keypair.js';
import { requireRole, requireSponsor, sponsorField, type ServiceContext, type Signer } from './context.js';
import { depositVersion } from './credentials.js';
import * as records from './records.js';
import { checkDeadline, checkRequest, signedAttestation, signedDeadline, signedResealDecisions, signedReveals } from './signed-record.js';
import { createLogger } from '../util/logger.js';
import type { CeremonyRecord } from './records.js';

export const MAX_EXTEND_MINUTES = 12 * 60;

/** Reasons a ceremony seals; the first two come from people, the rest from the app. */
export type SealReason = 'seal-now' | 'deadline' | 'os-lock' | 'suspend' | 'quit' | 'shutdown';

const logger = createLogger('ceremonies');

export function requireCeremony(ctx: ServiceContext, ceremonyId: string): CeremonyRecord {
  const ceremony = records.getCeremony(ctx.db, ceremonyId);
  if (!ceremony) throw new VaultError('not-found', `ceremony ${ceremonyId} not found; list ceremonies to find its id`);
  return ceremony;
}

/** Loads a ceremony for an act and checks its request and deadline against the signed log. */
function requireTrustedCeremony(ctx: ServiceContext, ceremonyId: string): CeremonyRecord {
  const ceremony = requireCeremony(ctx, ceremonyId);
  checkRequest(ctx, ceremony);
  checkDeadline(ctx, ceremony);
  return ceremony;
}

function requireState(ceremony: CeremonyRecord, allowed: CeremonyRecord['state'][], what: string): void {
  if (allowed.includes(ceremony.state)) return;
  const hint = ceremony.state === 'unsealed' && !allowed.includes('unsealed') ? '; seal it first' : '';
  throw new VaultError('wrong-state', `ceremony ${ceremony.id} is ${ceremony.state}, so you cannot ${what}: that needs it ${allowed.join(' or ')}${hint}`);
}

function text(value: string, field: string, max = MAX_TEXT_LENGTH): string {
  if (typeof value !== 'string' || value.trim() === '') throw new VaultError('invalid-input', `${field} is missing`);
  if (value.length > max) throw new VaultError('invalid-input', `${field} is longer than ${max} characters`);
  return value.trim();
}

// ---------- request, amend, cancel ----------

export async function requestCeremony(ctx: ServiceContext, signerInput: SignerInput, kind: CeremonyKind, input: RequestInput): Promise<string> {
  const header = ctx.header();
  const request = normaliseRequest(kind, input);
  const policy = findPolicy(header, request.policyId);
  if (!policy) throw new VaultError('not-found', `policy "${request.policyId}" not found; choose one of: ${header.policies.map((p) => p.id).join(', ')}`);
  for (const id of request.scope) {
    if (!getCredential(ctx.db, id)) throw new VaultError('not-found', `credential ${id} in the request scope does not exist`);
  }

  const signer = await ctx.openSigner(signerInput);
  try {
    requireRole(signer.person, 'incident-commander', `request ${kind === 'unseal' ? 'an unseal' : `a ${kind}`}`);
    if (kind === 'unseal' && records.listCeremonies(ctx.db).some((c) => c.kind === 'unseal' && c.state === 'unsealed')) {
      throw new VaultError('wrong-state', 'another unseal ceremony is still unsealed; seal it before requesting a new one');
    }
    const sodium = await loadSodium();
    const session = sodium.crypto_box_keypair();
    const id = randomUUID();
    const hash = requestHash({ vaultId: header.vaultId, epoch: header.epoch, ceremonyId: id, kind, request, sessionPublicKey: session.publicKey });
    const at = ctx.nowIso();

    ctx.sessionKeys.save(id, session.privateKey);
    wipe(session.privateKey);
    try {
      ctx.transaction(() => {
        records.insertCeremony(ctx.db, {
          id, kind, state: 'approving', epoch: header.epoch, requestedBy: signer.person.id, requestedAt: at, request, requestHash: hash,
          sessionPublicKey: session.publicKey, unsealedAt: null, deadline: null, sealedAt: null, closedAt: null,
        });
        ctx.personAct(signer, 'ceremony.requested', id, { kind, request: { ...request }, requestHash: hash, ephemeralPublicKey: toBase64(session.publicKey), ...sponsorField(signer.person) });
      });
    } catch (error) {
      ctx.sessionKeys.drop(id);
      throw error;
    }
    return id;
  } finally {
    signer.kit.wipe();
  }
}

export async function amendCeremony(ctx: ServiceContext, ceremonyId: string, signerInput: SignerInput, input: RequestInput): Promise<void> {
  const ceremony = requireCeremony(ctx, ceremonyId);
  requireState(ceremony, ['approving'], 'change its request');
  const request = normaliseRequest(ceremony.kind, input);
  const header = ctx.header();
  if (!findPolicy(header, request.policyId)) throw new VaultError('not-found', `policy "${request.policyId}" not found`);
  for (const id of request.scope) {
    if (!getCredential(ctx.db, id)) throw new VaultError('not-found', `credential ${id} in the request scope does not exist`);
  }
  const signer = await ctx.openSigner(signerInput);
  try {
    if (signer.person.id !== ceremony.requestedBy) {
      throw new VaultError('not-permitted', `only the requester (${ceremony.requestedBy}) can change the request of ceremony ${ceremony.id}`);
    }
    const hash = requestHash({ vaultId: header.vaultId, epoch: ceremony.epoch, ceremonyId: ceremony.id, kind: ceremony.kind, request, sessionPublicKey: ceremony.sessionPublicKey });
    const voided = records.approvalsOf(ctx.db, ceremony.id).filter((a) => !a.voided).map((a) => a.custodianId);
    ctx.transaction(() => {
      records.voidApprovals(ctx.db, ceremony.id);
      records.updateCeremony(ctx.db, ceremony.id, { request, requestHash: hash });
      ctx.personAct(signer, 'ceremony.amended', ceremony.id, { request: { ...request }, requestHash: hash, previousRequestHash: ceremony.requestHash, voidedApprovals: voided });
    });
  } finally {
    signer.kit.wipe();
  }
}

export async function cancelCeremony(ctx: ServiceContext, ceremonyId: string, signerInput: SignerInput, reason: string): Promise<void> {
  const ceremony = requireCeremony(ctx, ceremonyId);
  requireState(ceremony, ['approving'], 'cancel it');
  const why = text(reason, 'cancellation reason');
  const signer = await ctx.openSigner(signerInput);
  try {
    if (signer.person.id !== ceremony.requestedBy && !signer.person.roles.includes('custodian')) {
      throw new VaultError('not-permitted', `only the requester or a custodian can cancel ceremony ${ceremony.id}`);
    }
    ctx.transaction(() => {
      records.deleteSessionShares(ctx.db, ceremony.id);
      records.updateCeremony(ctx.db, ceremony.id, { state: 'cancelled', closedAt: ctx.nowIso() });
      ctx.personAct(signer, 'ceremony.cancelled', ceremony.id, { reason: why, ...sponsorField(signer.person) });
    });
    ctx.sessionKeys.drop(ceremony.id);
  } finally {
    signer.kit.wipe();
  }
}

// ---------- approvals and unsealing ----------

function shareRecordBytes(record: ShareRecord): Uint8Array {
  return canonicalBytes({
    vaultId: record.vaultId, epoch: record.epoch, policyId: record.policyId, groupIndex: record.groupIndex,
    memberIndex: record.memberIndex, custodianId: record.custodianId, share: toBase64(record.share),
  });
}

function parseShareRecord(bytes: Uint8Array): ShareRecord {
  const value = JSON.parse(new TextDecoder().decode(bytes)) as Omit<ShareRecord, 'share'> & { share: string };
  return { ...value, share: fromBase64(value.share, 'session share') };
}

export async function approveCeremony(ctx: ServiceContext, ceremonyId: string, signerInput: SignerInput, reviewedHash: string): Promise<void> {
  let ceremony = requireTrustedCeremony(ctx, ceremonyId);
  requireState(ceremony, ['approving'], 'approve it');
  if (reviewedHash !== ceremony.requestHash) {
    throw new VaultError('wrong-state', `the request of ceremony ${ceremony.id} changed since you reviewed it (hash ${reviewedHash.slice(0, 16)}… is no longer current); review the request again before approving`);
  }
  const header = ctx.header();
  if (ceremony.epoch !== header.epoch) throw new VaultError('wrong-state', `ceremony ${ceremony.id} was requested at epoch ${ceremony.epoch} but the vault is now at epoch ${header.epoch}; request again`);

  const signer = await ctx.openSigner(signerInput);
  try {
    const person = signer.person;
    requireRole(person, 'custodian', 'approve a ceremony');
    if (person.id === ceremony.requestedBy) {
      throw new VaultError('not-permitted', `${person.name} requested ceremony ${ceremony.id} and retrieves in it, so they cannot also approve it`);
    }
    ceremony = requireCeremony(ctx, ceremonyId);
    if (records.approvalsOf(ctx.db, ceremony.id).some((a) => !a.voided && a.custodianId === person.id)) {
      throw new VaultError('invalid-input', `${person.name} (${person.id}) already approved ceremony ${ceremony.id}; an approval counts once, so ask a custodian of another function`);
    }
    const share = signer.kit.shares.find((record) => record.policyId === ceremony.request.policyId);
    if (!share) throw new VaultError('not-permitted', `${person.name} (${person.id}) holds no share of policy "${ceremony.request.policyId}", so their approval cannot count toward it`);
    checkShare(header, share);

    // Seal the share to the ceremony's session key; the vault never stores it in the clear.
    const sodium = await loadSodium();
    const plain = shareRecordBytes(share);
    const sealed = sodium.crypto_box_seal(plain, ceremony.sessionPublicKey);
    wipe(plain);

    const at = ctx.nowIso();
    ctx.transaction(() => {
      // The request may have changed while the passphrase was derived: check again under the write lock.
      const current = requireCeremony(ctx, ceremonyId);
      if (current.state !== 'approving' || current.requestHash !== reviewedHash) {
        throw new VaultError('wrong-state', `the request of ceremony ${ceremonyId} changed or left the approving state while your kit was opened; review the request again before approving`);
      }
      const checkpoint = ctx.log.latestCheckpoint();
      if (!checkpoint) throw new VaultError('corrupt-vault', 'the audit log has no checkpoint to cosign');
      const cosignature = cosignCheckpoint(checkpoint.note, custodianNoteName(header.vaultId, person.id), signer.kit.signingKeyPair.secretKey);
      ctx.log.addCosignature(checkpoint.size, cosignature);
      records.insertSessionShare(ctx.db, ceremony.id, person.id, sealed);
      const logIndex = ctx.personAct(signer, 'ceremony.approved', ceremony.id, {
        requestHash: ceremony.requestHash,
        policyId: ceremony.request.policyId,
        function: person.function ?? 'none',
        checkpoint: { size: checkpoint.size, rootHash: checkpoint.rootHash },
        cosignature,
        ...sponsorField(person),
      });
      records.insertApproval(ctx.db, ceremony.id, { custodianId: person.id, function: person.function ?? 'none', requestHash: ceremony.requestHash, at, logIndex });
    });
  } finally {
    signer.kit.wipe();
  }

  if (progressOf(ctx, ceremony).satisfied) await completeQuorum(ctx, ceremony);
}

/** Per-group progress of a ceremony from its valid approvals. */
export function progressOf(ctx: ServiceContext, ceremony: CeremonyRecord) {
  const header = ctx.header();
  const policy = findPolicy(header, ceremony.request.policyId);
  const approvers = new Set(records.approvalsOf(ctx.db, ceremony.id).filter((a) => !a.voided && a.requestHash === ceremony.requestHash).map((a) => a.custodianId));
  const groups = (policy?.groups ?? []).map((group) => {
    const approvedBy = group.members.filter((member) => approvers.has(member));
    return { function: group.function, threshold: group.threshold, approvedBy, satisfied: approvedBy.length >= group.threshold };
  });
  const satisfied = policy ? groups.filter((g) => g.satisfied).length >= policy.groupThreshold : false;
  return {
    policyId: ceremony.request.policyId,
    groupThreshold: policy?.groupThreshold ?? 0,
    groups,
    satisfied,
    // Empty once the policy is satisfied: the unsatisfied groups are then no longer needed.
    missingFunctions: satisfied ? [] : groups.filter((g) => !g.satisfied).map((g) => g.function),
  };
}

/** Opened keys of an unsealed ceremony. Call `wipe` when done. */
interface UnsealedKeys {
  vaultKey: Uint8Array;
  pair: VaultKeyPair;
  approvers: string[];
  wipe(): void;
}

/**
 * Rebuilds the vault key from the ceremony's sealed shares, checks it against the header MAC and
 * opens the vault secret key. Every share is checked against its commitment again as it is added.
 */
export async function rebuildKeys(ctx: ServiceContext, ceremony: CeremonyRecord): Promise<UnsealedKeys> {
  const sessionKey = ctx.sessionKeys.load(ceremony.id);
  if (!sessionKey) {
    throw new VaultError('wrong-state', `the session key of ceremony ${ceremony.id} is not held by this app or machine (it is lost when the app quits); cancel the ceremony and request a new one`);
  }
  const sodium = await loadSodium();
  const epoch = ctx.activeEpoch();
  const collector = new ShareCollector(epoch.header, ceremony.request.policyId);
  const approvers: string[] = [];
  let vaultKey: Uint8Array | null = null;
  try {
    for (const row of records.sessionSharesOf(ctx.db, ceremony.id)) {
      let plain: Uint8Array;
      try {
        plain = sodium.crypto_box_seal_open(row.sealed, ceremony.sessionPublicKey, sessionKey);
      } catch {
        throw new VaultError('share-rejected', `the sealed share of custodian "${row.custodianId}" in ceremony ${ceremony.id} does not open with the session key; it was modified, so ask that custodian to approve again`);
      }
      const record = parseShareRecord(plain);
      wipe(plain);
      if (record.custodianId !== row.custodianId) throw new VaultError('share-rejected', `the sealed share stored for custodian "${row.custodianId}" names another custodian`);
      collector.add(record);
      wipe(record.share);
      approvers.push(row.custodianId);
    }
    vaultKey = await collector.combine();
    if (!vaultKey) {
      throw new VaultError('quorum-not-met', `ceremony ${ceremony.id} is not approved by a quorum yet: still missing ${collector.progress().missingFunctions.join(', ')}`);
    }
    if (!verifyHeaderMac(vaultKey, epoch.header, epoch.headerMac)) {
      throw new VaultError('header-mac-failed', `the vault key rebuilt for ceremony ${ceremony.id} does not authenticate the header of epoch ${epoch.epoch}: a share or the header was modified; stop and verify the vault file and the kits`);
    }
    if (!epoch.encryptedVaultSecretKey) throw new VaultError('corrupt-vault', `the active epoch ${epoch.epoch} has no vault secret key; restore the vault file from a backup`);
    const pair = openVaultSecretKey(vaultKey, epoch.header, epoch.encryptedVaultSecretKey);
    const key = vaultKey;
    vaultKey = null;
    return { vaultKey: key, pair, approvers, wipe: () => { wipe(key); wipe(pair.secretKey); } };
  } finally {
    wipe(vaultKey);
    wipe(sessionKey);
    collector.wipe();
  }
}

async function completeQuorum(ctx: ServiceContext, ceremony: CeremonyRecord): Promise<void> {
  const keys = await rebuildKeys(ctx, ceremony);
  keys.wipe();
  const at = ctx.now();
  if (ceremony.kind === 'drill') {
    ctx.transaction(() => {
      for (const person of keys.approvers) records.insertDrill(ctx.db, ceremony.id, ceremony.request.policyId, person, at.toISOString());
      records.deleteSessionShares(ctx.db, ceremony.id);
      records.updateCeremony(ctx.db, ceremony.id, { state: 'verified', closedAt: at.toISOString() });
      ctx.deviceAct('drill.verified', ceremony.id, { policyId: ceremony.request.policyId, approvers: keys.approvers });
    });
    ctx.sessionKeys.drop(ceremony.id);
    return;
  }
  const deadline = new Date(at.getTime() + ceremony.request.durationMinutes * 60_000).toISOString();
  ctx.transaction(() => {
    records.updateCeremony(ctx.db, ceremony.id, { state: 'unsealed', unsealedAt: at.toISOString(), deadline });
    ctx.deviceAct('ceremony.unsealed', ceremony.id, { policyId: ceremony.request.policyId, approvers: keys.approvers, deadline });
  });
}

// ---------- while unsealed ----------

/** Seals a ceremony whose deadline passed. Returns true when it did. */
export function expireIfDue(ctx: ServiceContext, ceremony: CeremonyRecord): boolean {
  if (ceremony.state !== 'unsealed') return false;
  // The logged deadline wins over the stored one, so an edited row cannot keep an unseal open.
  const deadline = signedDeadline(ctx, ceremony) ?? ceremony.deadline;
  if (!deadline || ctx.now().getTime() < Math.min(Date.parse(deadline), Date.parse(ceremony.deadline ?? deadline))) return false;
  sealCeremonyRecord(ctx, ceremony, 'deadline', null);
  return true;
}

export function expireAllDue(ctx: ServiceContext): void {
  for (const id of records.unsealedCeremonyIds(ctx.db)) {
    try {
      const ceremony = records.getCeremony(ctx.db, id);
      if (ceremony) expireIfDue(ctx, ceremony);
    } catch (error) {
      // A damaged row must not block every other call; the act on it reports the damage.
      logger.warn('deadline check failed', { ceremonyId: id, code: error instanceof VaultError ? error.code : 'unexpected' });
    }
  }
}

function sealCeremonyRecord(ctx: ServiceContext, ceremony: CeremonyRecord, reason: SealReason, signer: Signer | null): void {
  const state = reason === 'deadline' ? 'expired' : 'sealed';
  ctx.transaction(() => {
    records.deleteSessionShares(ctx.db, ceremony.id);
    records.updateCeremony(ctx.db, ceremony.id, { state: ceremony.kind === 'unseal' ? state : 'verified', sealedAt: ctx.nowIso() });
    if (signer) ctx.personAct(signer, 'ceremony.sealed', ceremony.id, { reason, ...sponsorField(signer.person) });
    else ctx.deviceAct('ceremony.sealed', ceremony.id, { reason });
  });
  ctx.sessionKeys.drop(ceremony.id);
}

/** Seals every unsealed ceremony now (OS lock, suspend, quit). */
export function sealAllNow(ctx: ServiceContext, reason: SealReason): number {
  let count = 0;
  for (const ceremony of records.listCeremonies(ctx.db)) {
    if (ceremony.state !== 'unsealed') continue;
    sealCeremonyRecord(ctx, ceremony, reason, null);
    count += 1;
  }
  ctx.sessionKeys.dropAll();
  return count;
}

function requireUnsealed(ctx: ServiceContext, ceremony: CeremonyRecord, what: string): void {
  if (expireIfDue(ctx, ceremony) || ceremony.state === 'expired') {
    throw new VaultError('deadline-passed', `ceremony ${ceremony.id} reached its deadline (${ceremony.deadline}) and sealed itself, so you cannot ${what}; ask a custodian to extend before the deadline next time, or request a new unseal`);
  }
  requireState(ceremony, ['unsealed'], what);
}

export async function revealSecret(ctx: ServiceContext, ceremonyId: string, credentialId: string, mode: 'show' | 'copy', signerInput: SignerInput): Promise<RevealedSecret> {
  const ceremony = requireTrustedCeremony(ctx, ceremonyId);
  if (ceremony.kind !== 'unseal') throw new VaultError('not-permitted', `ceremony ${ceremony.id} is a ${ceremony.kind}: nothing can be revealed in it`);
  requireUnsealed(ctx, ceremony, 'reveal a credential');
  if (!ceremony.request.scope.includes(credentialId)) {
    throw new VaultError('out-of-scope', `credential ${credentialId} is outside the scope of ceremony ${ceremony.id}; amend the request before approvals, or request a new unseal for it`);
  }
  const credential = getCredential(ctx.db, credentialId);
  if (!credential) throw new VaultError('not-found', `credential ${credentialId} not found`);

  const signer = await ctx.openSigner(signerInput);
  let keys: UnsealedKeys | null = null;
  try {
    if (signer.person.id !== ceremony.requestedBy) {
      throw new VaultError('not-permitted', `only the requesting incident commander (${ceremony.requestedBy}) can reveal in ceremony ${ceremony.id}`);
    }
    requireSponsor(signer.person, 'reveal a credential');
    keys = await rebuildKeys(ctx, ceremony);
    const epoch = ctx.activeEpoch();
    const version = credential.currentVersion;
    const sealed = getSeal(ctx.db, credentialId, version, epoch.epoch);
    if (!sealed) {
      throw new VaultError('corrupt-vault', `credential ${credentialId} version ${version} has no sealed copy for epoch ${epoch.epoch}; restore the vault file from a backup`);
    }
    checkSealIsDeposited(ctx, credentialId, version, sealed);

    // Log first: the reveal is on record before the secret leaves the core.
    const at = ctx.nowIso();
    const logIndex = ctx.transaction(() => {
      const index = ctx.personAct(signer, 'secret.revealed', ceremony.id, { credentialId, version, mode, ...sponsorField(signer.person) });
      records.insertReveal(ctx.db, ceremony.id, { credentialId, version, mode, by: signer.person.id, at, logIndex: index });
      return index;
    });
    const { secret } = openCredentialVersion(ctx.db, { header: epoch.header, vaultKeyPair: keys.pair, credentialId, version });
    return { credentialId, version, kind: credential.kind, secret, logIndex };
  } finally {
    keys?.wipe();
    signer.kit.wipe();
  }
}

/**
 * Checks that a sealed secret is the one its depositor signed: the deposit signature must verify
 * and, for a version sealed in the active epoch, the sealed bytes must hash to the signed value.
 * Anyone can seal a value to the public key, so without this check a replaced row would be
 * revealed as if it were the deposit.
 */
function checkSealIsDeposited(ctx: ServiceContext, credentialId: string, version: number, sealed: Uint8Array): void {
  const record = getCredentialVersion(ctx.db, credentialId, version);
  const depositEpoch = record ? getEpoch(ctx.db, record.depositEpoch) : null;
  const problem = `the sealed copy of credential ${credentialId} version ${version} is not the one its depositor signed; the vault file was edited outside the app. Run "log verify" and restore it from a backup`;
  if (!record || !depositEpoch || !verifyDepositSignature(depositEpoch.header, record)) throw new VaultError('corrupt-vault', problem);
  // NOTE: a version re-sealed by a rekey has new sealed bytes, so only its deposit signature is checked here.
  if (record.depositEpoch === ctx.activeEpoch().epoch && sealedHashOf(sealed) !== record.sealedHash) throw new VaultError('corrupt-vault', problem);
}

export async function recordTouched(ctx: ServiceContext, input: TouchedInput): Promise<void> {
  const ceremony = requireCeremony(ctx, input.ceremonyId);
  expireIfDue(ctx, ceremony);
  requireState(requireCeremony(ctx, input.ceremonyId), ['unsealed', 'sealed', 'expired'], 'record systems touched');
  if (input.systems.length === 0 && input.controls.length === 0) throw new VaultError('invalid-input', 'record at least one system touched or one compensating control');
  const systems = input.systems.map((s) => ({ system: text(s.system, 'system name', 200), action: text(s.action, 'action', 500), note: (s.note ?? '').trim().slice(0, MAX_TEXT_LENGTH) }));
  const controls = input.controls.map((c) => text(c, 'compensating control'));
  const signer = await ctx.openSigner(input.signer);
  try {
    if (signer.person.id !== ceremony.requestedBy) throw new VaultError('not-permitted', `only the requesting incident commander (${ceremony.requestedBy}) records what was touched in ceremony ${ceremony.id}`);
    const at = ctx.nowIso();
    ctx.transaction(() => {
      const index = ctx.personAct(signer, 'ceremony.touched', ceremony.id, { systems, controls, ...sponsorField(signer.person) });
      for (const s of systems) records.insertTouched(ctx.db, ceremony.id, { kind: 'system', ...s, at }, index);
      for (const c of controls) records.insertTouched(ctx.db, ceremony.id, { kind: 'control', system: '', action: c, note: '', at }, index);
    });
  } finally {
    signer.kit.wipe();
  }
}

export async function extendCeremony(ctx: ServiceContext, ceremonyId: string, signerInput: SignerInput, minutes: number, reason: string): Promise<void> {
  const ceremony = requireTrustedCeremony(ctx, ceremonyId);
  requireUnsealed(ctx, ceremony, 'extend it');
  if (!Number.isInteger(minutes) || minutes < 1 || minutes > MAX_EXTEND_MINUTES) throw new VaultError('invalid-input', `extension must be a whole number of minutes from 1 to ${MAX_EXTEND_MINUTES}`);
  const why = text(reason, 'extension reason');
  const signer = await ctx.openSigner(signerInput);
  try {
    requireRole(signer.person, 'custodian', 'extend an unseal');
    if (signer.person.id === ceremony.requestedBy) throw new VaultError('not-permitted', 'the requester cannot approve their own extension; ask a custodian');
    const deadline = new Date(Date.parse(ceremony.deadline!) + minutes * 60_000).toISOString();
    ctx.transaction(() => {
      records.updateCeremony(ctx.db, ceremony.id, { deadline });
      ctx.personAct(signer, 'ceremony.extended', ceremony.id, { minutes, reason: why, deadline, ...sponsorField(signer.person) });
    });
  } finally {
    signer.kit.wipe();
  }
}

export async function sealCeremony(ctx: ServiceContext, ceremonyId: string, signerInput: SignerInput): Promise<void> {
  const ceremony = requireCeremony(ctx, ceremonyId);
  if (expireIfDue(ctx, ceremony)) return;
  requireState(ceremony, ['unsealed'], 'seal it');
  const signer = await ctx.openSigner(signerInput);
  try {
    sealCeremonyRecord(ctx, ceremony, 'seal-now', signer);
  } finally {
    signer.kit.wipe();
  }
}

// ---------- reseal ----------

function revealedIds(ctx: ServiceContext, ceremonyId: string): string[] {
  return [...new Set(signedReveals(ctx, ceremonyId).map((r) => r.credentialId))].sort();
}

function requireRevealed(ctx: ServiceContext, ceremony: CeremonyRecord, credentialId: string): void {
  if (!revealedIds(ctx, ceremony.id).includes(credentialId)) {
    throw new VaultError('invalid-input', `credential ${credentialId} was not revealed in ceremony ${ceremony.id}, so it needs no rotation or waiver here`);
  }
  if (signedResealDecisions(ctx, ceremony.id).has(credentialId)) {
    throw new VaultError('wrong-state', `credential ${credentialId} was already rotated or waived in ceremony ${ceremony.id}`);
  }
}

export async function resealRotate(ctx: ServiceContext, ceremonyId: string, credentialId: string, signerInput: SignerInput, secret: SecretInput): Promise<void> {
  const ceremony = requireCeremony(ctx, ceremonyId);
  expireIfDue(ctx, ceremony);
  requireState(requireCeremony(ctx, ceremonyId), ['unsealed', 'sealed', 'expired'], 'rotate a credential for its reseal');
  requireRevealed(ctx, ceremony, credentialId);
  await depositVersion(ctx, { signerInput, target: { credentialId }, secret, ceremonyId: ceremony.id, after: (signer, version) => {
    const index = ctx.personAct(signer, 'reseal.rotated', ceremony.id, { credentialId, version, ...sponsorField(signer.person) });
    records.insertReseal(ctx.db, ceremony.id, { credentialId, status: 'rotated', version, reason: null, by: signer.person.id, at: ctx.nowIso() }, index);
  } });
}

export async function resealWaive(ctx: ServiceContext, ceremonyId: string, credentialId: string, signerInput: SignerInput, reason: string): Promise<void> {
  const ceremony = requireCeremony(ctx, ceremonyId);
  expireIfDue(ctx, ceremony);
  requireState(requireCeremony(ctx, ceremonyId), ['unsealed', 'sealed', 'expired'], 'waive a rotation');
  requireRevealed(ctx, ceremony, credentialId);
  const why = text(reason, 'waiver reason');
  const signer = await ctx.openSigner(signerInput);
  try {
    requireSponsor(signer.person, 'waive a rotation');
    ctx.transaction(() => {
      const index = ctx.personAct(signer, 'reseal.waived', ceremony.id, { credentialId, reason: why, ...sponsorField(signer.person) });
      records.insertReseal(ctx.db, ceremony.id, { credentialId, status: 'waived', version: null, reason: why, by: signer.person.id, at: ctx.nowIso() }, index);
    });
  } finally {
    signer.kit.wipe();
  }
}

function pendingReseal(ctx: ServiceContext, ceremonyId: string): string[] {
  const done = signedResealDecisions(ctx, ceremonyId);
  return revealedIds(ctx, ceremonyId).filter((id) => !done.has(id));
}

export async function attestDormancy(ctx: ServiceContext, ceremonyId: string, signerInput: SignerInput, statement: string): Promise<void> {
  const ceremony = requireCeremony(ctx, ceremonyId);
  expireIfDue(ctx, ceremony);
  requireState(requireCeremony(ctx, ceremonyId), ['sealed', 'expired'], 'attest dormancy');
  if (signedAttestation(ctx, ceremony.id)) throw new VaultError('wrong-state', `ceremony ${ceremony.id} already has a dormancy attestation`);
  const pending = pendingReseal(ctx, ceremony.id);
  if (pending.length > 0) throw new VaultError('wrong-state', `credentials ${pending.join(', ')} were revealed but are neither rotated nor waived; rotate or waive each before attesting dormancy`);
  const words = text(statement, 'attestation statement');
  const signer = await ctx.openSigner(signerInput);
  try {
    const person = signer.person;
    requireRole(person, 'custodian', 'attest dormancy');
    if (signedReveals(ctx, ceremony.id).some((r) => r.by === person.id)) {
      throw new VaultError('not-permitted', `${person.name} revealed credentials in ceremony ${ceremony.id}, so they cannot attest its dormancy; ask a custodian who revealed nothing`);
    }
    if (person.id === ceremony.requestedBy) throw new VaultError('not-permitted', `${person.name} requested ceremony ${ceremony.id} and is its incident commander, so they cannot attest its dormancy; ask a custodian who revealed nothing`);
    const revealed = revealedIds(ctx, ceremony.id);
    ctx.transaction(() => {
      const index = ctx.personAct(signer, 'reseal.attested', ceremony.id, { statement: words, revealedCredentials: revealed, ...sponsorField(person) });
      records.insertAttestation(ctx.db, ceremony.id, person.id, words, ctx.nowIso(), index);
    });
  } finally {
    signer.kit.wipe();
  }
}

export function closeCeremony(ctx: ServiceContext, ceremonyId: string): void {
  const ceremony = requireCeremony(ctx, ceremonyId);
  expireIfDue(ctx, ceremony);
  requireState(requireCeremony(ctx, ceremonyId), ['sealed', 'expired'], 'close it');
  const pending = pendingReseal(ctx, ceremony.id);
  if (pending.length > 0) throw new VaultError('wrong-state', `ceremony ${ceremony.id} cannot close: credentials ${pending.join(', ')} were revealed but are neither rotated nor waived`);
  if (!signedAttestation(ctx, ceremony.id)) throw new VaultError('wrong-state', `ceremony ${ceremony.id} cannot close: no custodian has attested dormancy yet`);
  ctx.transaction(() => {
    records.updateCeremony(ctx.db, ceremony.id, { state: 'closed', closedAt: ctx.nowIso() });
    ctx.deviceAct('ceremony.closed', ceremony.id, {});
  });
}
