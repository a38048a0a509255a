// Share collection and reconstruction for one policy. Each share is checked alone against its
// header commitment when it is presented, before it can count toward the quorum: a share with
// x = 0, of another vault, epoch or policy, of a custodian outside its group, or modified in any
// byte is rejected with VaultError('share-rejected') naming the custodian. shamir-secret-sharing
// returns a wrong secret, silently, for too few or mixed shares, so the rebuilt key must still be
// checked against the header MAC (`verifyHeaderMac`, or `rebuildVaultKey` below).
import { combine } from 'shamir-secret-sharing';
import type { GroupProgress, PolicyProgress, PolicyView } from '../api/contract.js';
import { equalBytes, fromHex, plainBytes, wipe } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import { findPolicy, verifyHeaderMac, type VaultHeader } from '../vault/header.js';
import { commitmentOf, memberShareLength, shareX, type ShareRecord } from './share.js';

function rejectShare(custodianId: string, problem: string, action: string): never {
  throw new VaultError('share-rejected', `share of custodian "${custodianId}" rejected: ${problem}; ${action}`);
}

/**
 * Checks one share alone against the header: vault id, epoch, policy, group membership, length,
 * x != 0 and its commitment. Throws VaultError('share-rejected') naming the custodian.
 */
export function checkShare(header: VaultHeader, record: ShareRecord): void {
  const custodianId = record.custodianId;
  if (record.vaultId !== header.vaultId) {
    rejectShare(custodianId, `it belongs to vault ${record.vaultId}, not to this vault ${header.vaultId}`, 'use the kit issued for this vault');
  }
  if (record.epoch !== header.epoch) {
    rejectShare(custodianId, `it is from epoch ${record.epoch} but this vault is at epoch ${header.epoch}`, `use the kit issued at epoch ${header.epoch}`);
  }
  const policy = findPolicy(header, record.policyId);
  if (!policy) rejectShare(custodianId, `this vault has no policy "${record.policyId}"`, 'use a kit issued for this vault');

  const group = policy.groups[record.groupIndex];
  if (!group || group.members[record.memberIndex] !== custodianId) {
    rejectShare(custodianId, `the custodian is not a member of group ${record.groupIndex + 1} of policy "${policy.id}"`, 'ask a member of that group to approve');
  }
  if (!(record.share instanceof Uint8Array) || record.share.length !== memberShareLength(policy.groupThreshold)) {
    rejectShare(custodianId, `its length is wrong for policy "${policy.id}"`, 'the kit may be damaged; use a backup copy of the kit');
  }
  if (shareX(record.share) === 0) rejectShare(custodianId, 'its x coordinate is 0, which no valid share has', 'the kit may be damaged; use a backup copy of the kit');

  const listed = header.commitments.find(
    (entry) => entry.policyId === policy.id && entry.groupIndex === record.groupIndex && entry.memberIndex === record.memberIndex && entry.custodianId === custodianId,
  );
  if (!listed) rejectShare(custodianId, `the vault header lists no commitment for it in policy "${policy.id}"`, 'use a kit issued for this vault and epoch');
  if (!equalBytes(fromHex(commitmentOf(record)), fromHex(listed.commitment))) {
    rejectShare(custodianId, `it does not match its commitment in the vault header (modified share, or a kit from another vault creation)`, 'use the original kit of this custodian');
  }
}

/**
 * Collects shares of one policy, one custodian at a time, for an unseal ceremony or a drill.
 * `add` rejects a share before it counts; `combine` rebuilds the vault key once G groups are
 * satisfied. Call `wipe` when done.
 */
export class ShareCollector {
  readonly policy: PolicyView;
  private readonly header: VaultHeader;
  /** Accepted shares per group index. */
  private readonly byGroup = new Map<number, ShareRecord[]>();

  constructor(header: VaultHeader, policyId: string) {
    const policy = findPolicy(header, policyId);
    if (!policy) throw new VaultError('not-found', `policy "${policyId}" not found in this vault; choose one of: ${header.policies.map((p) => p.id).join(', ')}`);
    this.header = header;
    this.policy = policy;
  }

  /** Checks a share alone and against the shares already accepted, then accepts it. */
  add(record: ShareRecord): void {
    if (record.policyId !== this.policy.id) {
      rejectShare(record.custodianId, `it is for policy "${record.policyId}" but this ceremony uses policy "${this.policy.id}"`, 'present the share of the policy in use');
    }
    checkShare(this.header, record);

    const accepted = this.byGroup.get(record.groupIndex) ?? [];
    for (const groupShares of this.byGroup.values()) {
      if (groupShares.some((existing) => existing.custodianId === record.custodianId)) {
        rejectShare(record.custodianId, 'this custodian already presented a share in this ceremony', 'ask a different custodian to approve');
      }
    }
    if (accepted.some((existing) => shareX(existing.share) === shareX(record.share))) {
      rejectShare(record.custodianId, `its x coordinate duplicates one already presented in group "${this.policy.groups[record.groupIndex]!.function}"`, 'ask a different custodian to approve');
    }
    accepted.push({ ...record, share: plainBytes(record.share) });
    this.byGroup.set(record.groupIndex, accepted);
  }

  /** Returns which custodians have presented shares in each group and which groups are satisfied. */
  progress(): PolicyProgress {
    const groups: GroupProgress[] = this.policy.groups.map((group, groupIndex) => {
      const presentedBy = (this.byGroup.get(groupIndex) ?? []).map((record) => record.custodianId);
      return { function: group.function, threshold: group.threshold, approvedBy: presentedBy, satisfied: presentedBy.length >= group.threshold };
    });
    const satisfiedCount = groups.filter((group) => group.satisfied).length;
    return {
      policyId: this.policy.id,
      groupThreshold: this.policy.groupThreshold,
      groups,
      satisfied: satisfiedCount >= this.policy.groupThreshold,
      missingFunctions: groups.filter((group) => !group.satisfied).map((group) => group.function),
    };
  }

  isSatisfied(): boolean {
    return this.progress().satisfied;
  }

  /** Rebuilds the vault key, or returns null while the policy is not satisfied. The result is unverified: check the header MAC. */
  async combine(): Promise<Uint8Array | null> {
    if (!this.isSatisfied()) return null;
    const groupSecrets: Uint8Array[] = [];
    try {
      for (const [groupIndex, group] of this.policy.groups.entries()) {
        const shares = this.byGroup.get(groupIndex) ?? [];
        if (shares.length < group.threshold) continue;
        groupSecrets.push(await combineGroup(shares.slice(0, group.threshold), group.threshold));
        if (groupSecrets.length === this.policy.groupThreshold) break;
      }
      if (this.policy.groupThreshold === 1) return plainBytes(groupSecrets[0]!);
      return await combine(groupSecrets.map(plainBytes));
    } finally {
      groupSecrets.forEach(wipe);
    }
  }

  wipe(): void {
    for (const shares of this.byGroup.values()) shares.forEach((record) => wipe(record.share));
    this.byGroup.clear();
  }
}

async function combineGroup(shares: ShareRecord[], threshold: number): Promise<Uint8Array> {
  if (threshold === 1) return shares[0]!.share.slice(0, -1);
  return combine(shares.map((record) => plainBytes(record.share)));
}

/**
 * Checks every share (throwing VaultError('share-rejected') at the first bad one) and rebuilds the
 * vault key; returns null when the shares do not satisfy the policy. The result is unverified.
 */
export async function combinePolicy(header: VaultHeader, policyId: string, shares: readonly ShareRecord[]): Promise<Uint8Array | null> {
  const collector = new ShareCollector(header, policyId);
  try {
    for (const record of shares) collector.add(record);
    return await collector.combine();
  } finally {
    collector.wipe();
  }
}

/**
 * Rebuilds the vault key from a satisfied collector and checks it against the header MAC.
 * Throws VaultError('quorum-not-met') while groups are missing and VaultError('header-mac-failed')
 * when the rebuilt key does not authenticate the header.
 */
export async function rebuildVaultKey(header: VaultHeader, headerMac: Uint8Array, collector: ShareCollector): Promise<Uint8Array> {
  const vaultKey = await collector.combine();
  if (!vaultKey) {
    const missing = collector.progress().missingFunctions.join(', ');
    throw new VaultError('quorum-not-met', `policy "${collector.policy.id}" is not satisfied yet: still missing approvals from ${missing}`);
  }
  if (!verifyHeaderMac(vaultKey, header, headerMac)) {
    wipe(vaultKey);
    throw new VaultError('header-mac-failed', `the rebuilt vault key does not authenticate the header of epoch ${header.epoch}: the header or a share was modified; stop and verify the vault file and the kits`);
  }
  return vaultKey;
}
