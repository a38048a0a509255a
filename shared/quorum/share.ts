// Share records and share commitments. A share is `y bytes || x byte` exactly as
// shamir-secret-sharing 0.0.4 lays it out. The commitment binds one share to its vault, epoch,
// policy, group, member index and custodian, so a share is checked alone, before any other share
// is combined with it. IMPORTANT: the commitment input layout below is part of format version 1 and
// must never change within it.
import { canonicalBytes, labelled, sha256 } from '../crypto/canonical.js';
import { LABEL_SHARE_COMMITMENT } from '../crypto/labels.js';
import { concatBytes, toHex } from '../util/bytes.js';

/** Vault key length: 32 bytes. */
export const VAULT_KEY_BYTES = 32;

/** One member's share of one policy, as a kit carries it. */
export interface ShareRecord {
  vaultId: string;
  epoch: number;
  policyId: string;
  /** Position of the group in the policy's `groups` array. */
  groupIndex: number;
  /** Position of the custodian in that group's `members` array. */
  memberIndex: number;
  custodianId: string;
  /** y bytes then x byte. */
  share: Uint8Array;
}

/** A commitment as listed in the vault header. */
export interface ShareCommitment {
  policyId: string;
  groupIndex: number;
  memberIndex: number;
  custodianId: string;
  /** hex SHA-256, see `commitmentOf`. */
  commitment: string;
}

/**
 * Member share length for a policy: the group secret plus one x byte. With G = 1 the group
 * secret is the vault key itself (32 bytes); with G >= 2 it is a first-level share (33 bytes).
 */
export function memberShareLength(groupThreshold: number): number {
  const groupSecretLength = groupThreshold === 1 ? VAULT_KEY_BYTES : VAULT_KEY_BYTES + 1;
  return groupSecretLength + 1;
}

function u32be(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/**
 * Computes a share commitment: hex SHA-256 over
 * `"breakglass/v1/share-commitment" || 0x00 || u32be(len(context)) || context || share`, where
 * context is the RFC 8785 JSON of { vaultId, epoch, policyId, groupIndex, memberIndex, custodianId }.
 */
export function commitmentOf(record: ShareRecord): string {
  const context = canonicalBytes({
    vaultId: record.vaultId,
    epoch: record.epoch,
    policyId: record.policyId,
    groupIndex: record.groupIndex,
    memberIndex: record.memberIndex,
    custodianId: record.custodianId,
  });
  const input = concatBytes(u32be(context.length), context, record.share);
  try {
    return toHex(sha256(labelled(LABEL_SHARE_COMMITMENT, input)));
  } finally {
    input.fill(0);
  }
}

/** Returns the x coordinate (last byte) of a share. */
export function shareX(share: Uint8Array): number {
  return share[share.length - 1] ?? 0;
}
