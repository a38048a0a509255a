// Signatures of persons over their acts (requests, approvals, reveals, attestations, deposits,
// waivers). A person signs `labelled('breakglass/v1/act', canonicalBytes({ vaultId, type, actor,
// ceremony, data }))` with Ed25519 (RFC 8032, libsodium). The time is not signed because the
// device sets it. IMPORTANT: this message layout is part of audit-log format version 1.
import { canonicalBytes, labelled } from '../crypto/canonical.js';
import { signDetached, verifyDetached } from '../crypto/sign.js';
import { fromBase64, toBase64 } from '../util/bytes.js';
import { LABEL_ACT } from './labels.js';
import type { LogEntry } from './entry.js';

/** The signed part of a person's act. */
export type Act = Pick<LogEntry, 'type' | 'actor' | 'ceremony' | 'data'>;

/** Returns the bytes a person signs for an act in vault `vaultId`. */
export function actMessage(vaultId: string, act: Act): Uint8Array {
  const { type, actor, ceremony, data } = act;
  return labelled(LABEL_ACT, canonicalBytes({ vaultId, type, actor, ceremony, data }));
}

/** Signs an act with the actor's 64-byte libsodium secret key and returns the base64 signature for `sig`. */
export function signAct(vaultId: string, act: Act, secretKey: Uint8Array): string {
  return toBase64(signDetached(actMessage(vaultId, act), secretKey));
}

/** Checks a base64 act signature against the actor's public key; false for any malformed input. */
export function verifyAct(vaultId: string, act: Act, signature: string, publicKey: Uint8Array): boolean {
  let signatureBytes: Uint8Array;
  try {
    signatureBytes = fromBase64(signature, 'act signature');
  } catch {
    return false;
  }
  return verifyDetached(signatureBytes, actMessage(vaultId, act), publicKey);
}
