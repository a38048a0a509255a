// Two-level split of the vault key for one policy (in the manner of SLIP-0039): the vault key is
// split G-of-groups, then each group secret is split m-of-n among that group's members.
// shamir-secret-sharing (GF(256), HashiCorp Vault layout) does the arithmetic. It accepts only
// thresholds and share counts of 2 to 255, so this file handles the threshold-1 cases itself:
//   - G = 1: every group secret is the vault key itself;
//   - m = 1: every member's share is the group secret with x = member index + 1 appended.
// Several policies are independent splits of the same vault key.
import { split } from 'shamir-secret-sharing';
import type { PolicyView } from '../api/contract.js';
import { concatBytes, plainBytes, wipe } from '../util/bytes.js';
import { VAULT_KEY_BYTES, type ShareRecord } from './share.js';

async function splitGroupSecrets(vaultKey: Uint8Array, policy: PolicyView): Promise<Uint8Array[]> {
  if (policy.groupThreshold === 1) return policy.groups.map(() => plainBytes(vaultKey));
  return split(plainBytes(vaultKey), policy.groups.length, policy.groupThreshold);
}

async function splitMemberShares(groupSecret: Uint8Array, threshold: number, memberCount: number): Promise<Uint8Array[]> {
  if (threshold === 1) {
    return Array.from({ length: memberCount }, (_, memberIndex) => concatBytes(groupSecret, new Uint8Array([memberIndex + 1])));
  }
  return split(plainBytes(groupSecret), memberCount, threshold);
}

/** Splits the vault key under one validated policy; returns one share record per group member. */
export async function splitPolicy(vaultKey: Uint8Array, policy: PolicyView, context: { vaultId: string; epoch: number }): Promise<ShareRecord[]> {
  if (vaultKey.length !== VAULT_KEY_BYTES) throw new Error(`vault key must be ${VAULT_KEY_BYTES} bytes`);
  const groupSecrets = await splitGroupSecrets(vaultKey, policy);
  const records: ShareRecord[] = [];
  try {
    for (const [groupIndex, group] of policy.groups.entries()) {
      const memberShares = await splitMemberShares(groupSecrets[groupIndex]!, group.threshold, group.members.length);
      for (const [memberIndex, custodianId] of group.members.entries()) {
        records.push({ vaultId: context.vaultId, epoch: context.epoch, policyId: policy.id, groupIndex, memberIndex, custodianId, share: memberShares[memberIndex]! });
      }
    }
  } finally {
    groupSecrets.forEach(wipe);
  }
  return records;
}
