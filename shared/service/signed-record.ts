// Ceremony facts read back from the audit log, where person acts carry their own signatures. The
// ceremony tables are a working copy that anyone with the file can edit. So every rule that
// protects a secret (scope, deadline, reveals, rotations, waivers, attestation) is checked against
// the signed entries, and a row that disagrees with them is reported as a damaged vault.
import { verifyAct } from '../log/act.js';
import type { StoredEntry } from '../log/audit-log.js';
import { fromBase64 } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import { findPerson } from '../vault/header.js';
import { requestHash } from '../ceremony/request.js';
import type { ServiceContext } from './context.js';
import type { CeremonyRecord } from './records.js';

function tampered(ceremonyId: string, what: string): VaultError {
  return new VaultError('corrupt-vault', `ceremony ${ceremonyId}: ${what} in the vault file disagrees with the signed audit log; the file was edited outside the app. Stop, run "log verify", and restore the vault file from a backup`);
}

/** Returns the ceremony's entries of `types`, each with its person signature checked. */
export function signedEntries(ctx: ServiceContext, ceremonyId: string, types: readonly string[]): StoredEntry[] {
  const header = ctx.header();
  const entries = ctx.log.listEntries({ ceremony: ceremonyId, limit: 100_000 }).filter((stored) => types.includes(stored.entry.type));
  for (const stored of entries) {
    const { entry } = stored;
    if (entry.sig === null) continue;
    const person = findPerson(header, entry.actor);
    if (!person || !verifyAct(header.vaultId, entry, entry.sig, fromBase64(person.publicKey))) {
      throw tampered(ceremonyId, `the signature on audit entry ${stored.index} (${entry.type})`);
    }
  }
  return entries;
}

/**
 * Checks the stored request against the requester's latest signed request or amendment: the
 * same hash, recomputed from the stored fields. Scope, duration and policy are then trustworthy.
 */
export function checkRequest(ctx: ServiceContext, ceremony: CeremonyRecord): void {
  const header = ctx.header();
  if (ceremony.epoch !== header.epoch) return; // signatures of older epochs are checked by "log verify"
  const signed = signedEntries(ctx, ceremony.id, ['ceremony.requested', 'ceremony.amended']).at(-1);
  if (!signed || signed.entry.actor !== ceremony.requestedBy) throw tampered(ceremony.id, 'the request');
  const recomputed = requestHash({ vaultId: header.vaultId, epoch: ceremony.epoch, ceremonyId: ceremony.id, kind: ceremony.kind, request: ceremony.request, sessionPublicKey: ceremony.sessionPublicKey });
  if (recomputed !== ceremony.requestHash || signed.entry.data['requestHash'] !== recomputed) throw tampered(ceremony.id, 'the request (scope, duration or policy)');
}

/** Returns the deadline the log records: the device's unseal entry, moved by signed extensions. */
export function signedDeadline(ctx: ServiceContext, ceremony: CeremonyRecord): string | null {
  const unsealed = ctx.log.listEntries({ ceremony: ceremony.id, type: 'ceremony.unsealed' }).at(-1);
  if (!unsealed) return null;
  const extended = signedEntries(ctx, ceremony.id, ['ceremony.extended']).at(-1);
  const deadline = (extended ?? unsealed).entry.data['deadline'];
  return typeof deadline === 'string' ? deadline : null;
}

/** Checks the stored deadline against the log. */
export function checkDeadline(ctx: ServiceContext, ceremony: CeremonyRecord): void {
  if (ceremony.state !== 'unsealed') return;
  if (signedDeadline(ctx, ceremony) !== ceremony.deadline) throw tampered(ceremony.id, 'the deadline');
}

/** Credential ids revealed in the ceremony, from the commander's signed reveal entries. */
export function signedReveals(ctx: ServiceContext, ceremonyId: string): Array<{ credentialId: string; by: string }> {
  return signedEntries(ctx, ceremonyId, ['secret.revealed']).map((stored) => ({ credentialId: String(stored.entry.data['credentialId']), by: stored.entry.actor }));
}

/** Reseal decisions (rotated or waived) per credential id, from signed entries. */
export function signedResealDecisions(ctx: ServiceContext, ceremonyId: string): Map<string, 'rotated' | 'waived'> {
  const decisions = new Map<string, 'rotated' | 'waived'>();
  for (const stored of signedEntries(ctx, ceremonyId, ['reseal.rotated', 'reseal.waived'])) {
    decisions.set(String(stored.entry.data['credentialId']), stored.entry.type === 'reseal.rotated' ? 'rotated' : 'waived');
  }
  return decisions;
}

/** Returns the signed dormancy attestation of the ceremony, or null. */
export function signedAttestation(ctx: ServiceContext, ceremonyId: string): { by: string } | null {
  const stored = signedEntries(ctx, ceremonyId, ['reseal.attested']).at(-1);
  return stored ? { by: stored.entry.actor } : null;
}
