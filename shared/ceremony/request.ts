// Unseal, drill and rekey requests. The request hash binds an approval to one request: vault,
// epoch, ceremony id, kind, ticket, reason, severity, scope, duration, policy and the ceremony's
// session public key. Changing any of them changes the hash, so earlier approvals no longer match.
// IMPORTANT: the hashed layout below (RFC 8785 JSON under LABEL_REQUEST) is part of format
// version 1 and must never change within it.
import type { CeremonyKind, RequestInput } from '../api/contract.js';
import { SEVERITIES } from '../api/contract.js';
import { hashCanonical } from '../crypto/canonical.js';
import { toBase64, toHex } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';

export const LABEL_REQUEST = 'breakglass/v1/request';

export const MAX_DURATION_MINUTES = 24 * 60;
export const MAX_TEXT_LENGTH = 2000;

export interface BoundRequest {
  vaultId: string;
  epoch: number;
  ceremonyId: string;
  kind: CeremonyKind;
  request: RequestInput;
  sessionPublicKey: Uint8Array;
}

/** Validates a request and returns a normalised copy (trimmed text, sorted unique scope). */
export function normaliseRequest(kind: CeremonyKind, input: RequestInput): RequestInput {
  const text = (value: unknown, field: string, max = MAX_TEXT_LENGTH): string => {
    if (typeof value !== 'string' || value.trim() === '') throw new VaultError('invalid-input', `request ${field} is missing: enter a ${field}`);
    if (value.length > max) throw new VaultError('invalid-input', `request ${field} is longer than ${max} characters`);
    return value.trim();
  };
  const ticket = text(input.ticket, 'ticket', 200);
  const reason = text(input.reason, 'reason');
  if (!SEVERITIES.includes(input.severity)) {
    throw new VaultError('invalid-input', `request severity "${String(input.severity)}" is invalid: use one of ${SEVERITIES.join(', ')}`);
  }
  if (!Number.isInteger(input.durationMinutes) || input.durationMinutes < 1 || input.durationMinutes > MAX_DURATION_MINUTES) {
    throw new VaultError('invalid-input', `request duration must be a whole number of minutes from 1 to ${MAX_DURATION_MINUTES}`);
  }
  if (!Array.isArray(input.scope)) throw new VaultError('invalid-input', 'request scope must be a list of credential ids');
  const scope = [...new Set(input.scope.map((id) => String(id)))].sort();
  if (kind === 'unseal' && scope.length === 0) {
    throw new VaultError('invalid-input', 'an unseal request needs at least one credential in scope; use a drill to test the quorum without revealing');
  }
  if (kind !== 'unseal' && scope.length > 0) {
    throw new VaultError('invalid-input', `a ${kind} reveals nothing, so its scope must be empty`);
  }
  const policyId = text(input.policyId, 'policy', 64);
  return { ticket, reason, severity: input.severity, scope, durationMinutes: input.durationMinutes, policyId };
}

/** Returns the hex request hash that approvers sign. */
export function requestHash(bound: BoundRequest): string {
  return toHex(
    hashCanonical(LABEL_REQUEST, {
      vaultId: bound.vaultId,
      epoch: bound.epoch,
      ceremonyId: bound.ceremonyId,
      kind: bound.kind,
      ticket: bound.request.ticket,
      reason: bound.request.reason,
      severity: bound.request.severity,
      scope: bound.request.scope,
      durationMinutes: bound.request.durationMinutes,
      policyId: bound.request.policyId,
      sessionPublicKey: toBase64(bound.sessionPublicKey),
    }),
  );
}

/** Human-readable lines of exactly what an approver signs, in the order shown on screen and in the CLI. */
export function signingSummary(bound: BoundRequest, hash: string, scopeLabels: Map<string, string>, requestedBy: string): string[] {
  const scope = bound.request.scope.map((id) => `${scopeLabels.get(id) ?? id} (${id})`);
  return [
    `Vault ${bound.vaultId}, epoch ${bound.epoch}`,
    `Ceremony ${bound.ceremonyId} (${bound.kind}) requested by ${requestedBy}`,
    `Ticket: ${bound.request.ticket}`,
    `Reason: ${bound.request.reason}`,
    `Severity: ${bound.request.severity}`,
    `Scope: ${scope.length > 0 ? scope.join(', ') : 'none (nothing can be revealed)'}`,
    `Duration: ${bound.request.durationMinutes} minutes after unseal`,
    `Policy: ${bound.request.policyId}`,
    `Request hash: ${hash}`,
  ];
}
