// Verifies an evidence bundle on its own. It parses the file strictly and runs the log checks of
// verify.ts on the bundle's entries and checkpoints. Then it checks the bundle's own evidence: the
// headers against the header entries, the auditor's and the device's signatures, and the
// auditor's earlier checkpoint.
import type { VerifyReport } from '../api/contract.js';
import { canonicalBytes, labelled } from '../crypto/canonical.js';
import { equalBytes, fromBase64, utf8 } from '../util/bytes.js';
import { bundleBody, decodeBundle } from './bundle.js';
import type { EvidenceBundle } from './bundle.js';
import { parseCheckpoint } from './checkpoint.js';
import { HEADER_ENTRY_TYPES } from './entry.js';
import { LABEL_BUNDLE_AUDITOR, LABEL_BUNDLE_DEVICE } from './labels.js';
import { verifyConsistency } from './merkle-verify.js';
import { personPublicKey } from './headers.js';
import { verifyMaterial } from './verify.js';
import type { ExtraChecks, LogMaterial, VerifyOptions } from './verify.js';
import type { VerifyContext } from './verify-context.js';
import type { CheckedCheckpoint } from './verify-tree.js';

/** Verifies evidence bundle file bytes (or text) with no vault file. Requires `loadSodium()`. */
export async function verifyBundle(file: Uint8Array | string, options: VerifyOptions = {}): Promise<VerifyReport> {
  let bundle: EvidenceBundle;
  try {
    bundle = decodeBundle(file);
  } catch (error) {
    return {
      ok: false,
      vaultId: null,
      treeSize: 0,
      rootHash: null,
      checkedEntries: 0,
      checkedSignatures: 0,
      issues: [{ index: null, severity: 'error', reason: `bundle-malformed: ${(error as Error).message}` }],
    };
  }

  const material: LogMaterial = {
    complete: bundle.ceremonyId === null,
    entries: bundle.entries.map((item) => ({
      index: item.index,
      bytes: canonicalBytes(item.entry),
      ...(item.inclusionProof ? { inclusionProof: item.inclusionProof.map((node) => fromBase64(node)) } : {}),
    })),
    checkpoints: bundle.checkpoints.map((item) => ({
      note: item.note,
      cosignatures: item.cosignatures,
      ...(item.consistencyProof ? { consistencyProof: item.consistencyProof.map((node) => fromBase64(node)) } : {}),
    })),
  };
  const checks: ExtraChecks = (context, view) => checkBundleEvidence(context, bundle, view);
  return verifyMaterial(material, options, checks);
}

function checkBundleEvidence(context: VerifyContext, bundle: EvidenceBundle, view: Parameters<ExtraChecks>[1]): CheckedCheckpoint[] {
  if (bundle.vaultId !== view.vaultId || bundle.origin !== view.origin) {
    context.error(null, 'bundle-header-mismatch', `bundle names vault ${bundle.vaultId} (origin ${bundle.origin}) but its genesis entry is of vault ${view.vaultId}`);
  }

  // The readable headers must be exactly those the header entries bring into force.
  const fromEntries = bundle.entries.filter((item) => (HEADER_ENTRY_TYPES as readonly string[]).includes(String(item.entry['type']))).map((item) => (item.entry['data'] as { header?: unknown } | undefined)?.header);
  const same = fromEntries.length === bundle.headers.length && fromEntries.every((header, i) => equalBytes(canonicalBytes(header ?? null), canonicalBytes(bundle.headers[i])));
  if (!same) context.error(null, 'bundle-header-mismatch', 'the bundle headers differ from the headers in its genesis and rekey entries');

  // Both signatures over the canonical body: the auditor from the header in force at the latest checkpoint, and the device.
  const bodyBytes = canonicalBytes(bundleBody(bundle));
  const header = context.headerBefore(view.latest?.size ?? 0);
  const auditor = header?.people.find((person) => person.id === bundle.exportedBy);
  if (!header || !auditor) {
    context.error(null, 'bundle-signature-invalid', `the bundle is signed by ${bundle.exportedBy}, who is not a person of the vault header in force`);
  } else {
    context.queueSignature({ publicKey: personPublicKey(auditor), message: labelled(LABEL_BUNDLE_AUDITOR, bodyBytes), signature: fromBase64(bundle.signatures.auditor) }, null, 'bundle-signature-invalid', `signature of auditor ${bundle.exportedBy} over the bundle does not verify`);
  }
  if (header) {
    context.queueSignature({ publicKey: fromBase64(header.devicePublicKey), message: labelled(LABEL_BUNDLE_DEVICE, bodyBytes), signature: fromBase64(bundle.signatures.device) }, null, 'bundle-signature-invalid', 'device signature over the bundle does not verify');
  }

  // The auditor's earlier checkpoint: device-signed and proven consistent with the latest.
  if (!bundle.earlierCheckpoint) return [];
  try {
    const earlier = parseCheckpoint(bundle.earlierCheckpoint.note);
    const line = earlier.note.signatures.find((signature) => signature.name === view.origin);
    const deviceKey = context.headerBefore(earlier.size)?.devicePublicKey;
    if (!line || !deviceKey || earlier.origin !== view.origin) throw new Error('it carries no device signature of this vault');
    context.queueSignature({ publicKey: fromBase64(deviceKey), message: utf8(earlier.note.body), signature: line.signature }, null, 'auditor-checkpoint-invalid', `device signature of the earlier checkpoint (size ${earlier.size}) does not verify`);
    const latest = view.latest;
    const proof = bundle.earlierCheckpoint.consistencyProof.map((node) => fromBase64(node));
    if (!latest || !verifyConsistency(earlier.size, latest.size, earlier.rootHash, latest.rootHash, proof)) {
      context.error(null, 'consistency-proof-invalid', `the latest checkpoint is not proven to extend the earlier checkpoint of size ${earlier.size}`);
      return [];
    }
    return [{ size: earlier.size, rootHash: earlier.rootHash, note: bundle.earlierCheckpoint.note }];
  } catch (error) {
    context.error(null, 'auditor-checkpoint-invalid', `the earlier checkpoint in the bundle is invalid: ${(error as Error).message}`);
    return [];
  }
}
