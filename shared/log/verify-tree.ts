// Merkle and checkpoint checks of the verifier. A complete log is rebuilt leaf by leaf and its
// root compared with every stored checkpoint. At the first mismatch the verifier tries to name
// what happened (an entry moved or inserted) before it reports a plain mismatch. A partial bundle
// is checked through inclusion and consistency proofs against its latest checkpoint.
import { equalBytes, fromBase64, toHex, utf8 } from '../util/bytes.js';
import { parseCheckpoint } from './checkpoint.js';
import type { ParsedCheckpoint } from './checkpoint.js';
import { isCustodian, personPublicKey } from './headers.js';
import { custodianNoteName } from './labels.js';
import { MerkleFrontier } from './merkle.js';
import { verifyConsistency, verifyInclusion } from './merkle-verify.js';
import { noteKeyId, parseSignatureLine, verifyNoteSignature } from './note.js';
import type { ApprovalClaim, DecodedEntry, MaterialEntry } from './verify-entries.js';
import type { VerifyContext } from './verify-context.js';

/** One checkpoint as the verifier receives it. */
export interface MaterialCheckpoint {
  note: string;
  /** Size and root stored beside the note (vault database only). */
  storedSize?: number;
  storedRoot?: Uint8Array;
  cosignatures: string[];
  /** Consistency proof to the latest checkpoint (partial bundles only). */
  consistencyProof?: Uint8Array[];
}

export interface CheckedCheckpoint {
  size: number;
  rootHash: Uint8Array;
  note: string;
  consistencyProof?: Uint8Array[];
}

/** Parses checkpoints, queues device signatures and cosignatures; returns them by size, ascending. */
export function checkCheckpoints(context: VerifyContext, checkpoints: MaterialCheckpoint[], vaultId: string, origin: string): CheckedCheckpoint[] {
  const bySize = new Map<number, CheckedCheckpoint>();
  for (const item of checkpoints) {
    const label = item.storedSize === undefined ? 'checkpoint' : `checkpoint stored for size ${item.storedSize}`;
    let parsed: ParsedCheckpoint;
    try {
      parsed = parseCheckpoint(item.note);
    } catch (error) {
      context.error(indexOf(item.storedSize), 'checkpoint-malformed', `${label} is malformed: ${(error as Error).message}`);
      continue;
    }
    const { size, rootHash, note } = parsed;
    const at = indexOf(size);
    if (item.storedSize !== undefined && item.storedSize !== size) context.error(at, 'checkpoint-malformed', `${label} is a signed note for size ${size}`);
    if (parsed.origin !== origin) context.error(at, 'checkpoint-malformed', `checkpoint of size ${size} has origin "${parsed.origin}", expected "${origin}"`);
    if (item.storedRoot && !equalBytes(item.storedRoot, rootHash)) {
      context.error(at, 'checkpoint-stored-root-mismatch', `stored root of size ${size} differs from the root in its signed note`);
    }
    if (bySize.has(size)) context.error(at, 'checkpoint-malformed', `two checkpoints for tree size ${size}`);

    // The device signature: the key of the header in force when the checkpoint was made.
    const header = context.headerBefore(size);
    const deviceLine = note.signatures.find((signature) => signature.name === origin);
    if (!header || !deviceLine) {
      context.error(at, 'checkpoint-signature-invalid', `checkpoint of size ${size} has no device signature`);
    } else {
      const deviceKey = fromBase64(header.devicePublicKey);
      if (!equalBytes(deviceLine.keyId, noteKeyId(origin, deviceKey))) {
        context.error(at, 'checkpoint-signature-invalid', `device signature of checkpoint ${size} has the key id of another key`);
      } else {
        context.queueSignature({ publicKey: deviceKey, message: utf8(note.body), signature: deviceLine.signature }, at, 'checkpoint-signature-invalid', `device signature of checkpoint ${size} does not verify`);
      }
    }

    // Cosignatures: custodians of the header in force, over the same body.
    for (const line of item.cosignatures) {
      try {
        const signature = parseSignatureLine(line);
        const prefix = custodianNoteName(vaultId, '');
        const personId = signature.name.startsWith(prefix) ? signature.name.slice(prefix.length) : '';
        const person = header?.people.find((candidate) => candidate.id === personId);
        if (!person || !isCustodian(person)) throw new Error(`key "${signature.name}" is not a custodian of this vault`);
        const publicKey = personPublicKey(person);
        if (!equalBytes(signature.keyId, noteKeyId(signature.name, publicKey))) throw new Error(`key id of ${personId} does not match their key`);
        context.queueSignature({ publicKey, message: utf8(note.body), signature: signature.signature }, at, 'cosignature-invalid', `cosignature of ${personId} on checkpoint ${size} does not verify`);
      } catch (error) {
        context.error(at, 'cosignature-invalid', `cosignature on checkpoint ${size}: ${(error as Error).message}`);
      }
    }
    bySize.set(size, { size, rootHash, note: item.note, ...(item.consistencyProof ? { consistencyProof: item.consistencyProof } : {}) });
  }
  return [...bySize.values()].sort((a, b) => a.size - b.size);
}

function indexOf(size: number | undefined): number | null {
  return size !== undefined && size > 0 ? size - 1 : null;
}

/** Ranges such as "3, 5 to 9" for a sorted list of numbers. */
function ranges(values: number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < values.length; ) {
    let j = i;
    while (j + 1 < values.length && values[j + 1] === values[j]! + 1) j++;
    parts.push(i === j ? `${values[i]}` : `${values[i]} to ${values[j]}`);
    i = j + 1;
  }
  return parts.join(', ');
}

/**
 * Rebuilds the tree of a complete log and compares it with every checkpoint. Returns the root of
 * every size (index = size) and the final frontier for later checks.
 */
export function checkCompleteTree(context: VerifyContext, decoded: DecodedEntry[], checkpoints: CheckedCheckpoint[], hasGaps: boolean): { roots: Uint8Array[]; frontier: MerkleFrontier } {
  const leaves = decoded.map((item) => item.leaf);
  const frontier = MerkleFrontier.empty();
  const roots: Uint8Array[] = [frontier.root()];
  for (const leaf of leaves) {
    frontier.append(leaf);
    roots.push(frontier.root());
  }
  const n = leaves.length;
  const bySize = new Map(checkpoints.map((checkpoint) => [checkpoint.size, checkpoint]));

  // Every size up to the latest checkpoint must have its own, no checkpoint may outlive the
  // entries it covers, and no entry may come after the latest checkpoint.
  const latest = checkpoints.filter((checkpoint) => checkpoint.size <= n).pop();
  const missing: number[] = [];
  for (let size = 1; size <= (latest?.size ?? 0); size++) if (!bySize.has(size)) missing.push(size);
  if (missing.length > 0) context.error(missing[0]! - 1, 'checkpoint-missing', `no checkpoint for tree sizes ${ranges(missing)}`);
  const beyond = checkpoints.filter((checkpoint) => checkpoint.size > n);
  if (beyond.length > 0) {
    const largest = beyond[beyond.length - 1]!.size;
    context.error(n, 'checkpoint-beyond-log', `a signed checkpoint covers ${largest} entries but the log holds only ${n}, so entries from index ${n} on were deleted`);
  }
  if (n > 0 && (!latest || latest.size < n)) {
    const from = latest?.size ?? 0;
    context.error(from, 'entry-unchecked', `entries ${from} to ${n - 1} are covered by no device-signed checkpoint, so they were added outside the log`);
  }

  // Roots against checkpoints: name the first divergence, then count the rest.
  const mismatches = checkpoints.filter((checkpoint) => checkpoint.size <= n && !equalBytes(roots[checkpoint.size]!, checkpoint.rootHash));
  if (mismatches.length > 0) {
    const first = mismatches[0]!;
    if (hasGaps) {
      context.error(first.size - 1, 'checkpoint-root-mismatch', `entries up to index ${first.size - 1} do not match the signed checkpoint of size ${first.size}`);
    } else {
      reportDivergence(context, leaves, first.size, bySize);
    }
    if (mismatches.length > 1) {
      context.error(mismatches[1]!.size - 1, 'checkpoint-root-mismatch', `${mismatches.length - 1} later checkpoints (sizes ${mismatches[1]!.size} to ${mismatches[mismatches.length - 1]!.size}) do not match the entries either`);
    }
  }
  return { roots, frontier };
}

// Explains why the tree of `size` differs from its checkpoint, when the entries before position
// k = size - 1 still match: another entry fits at k (moved there), or the entries after k fit
// shifted by one (k was inserted). Anything else means entry k itself changed.
function reportDivergence(context: VerifyContext, leaves: Uint8Array[], size: number, bySize: Map<number, CheckedCheckpoint>): void {
  const k = size - 1;
  const base = MerkleFrontier.empty();
  for (let i = 0; i < k; i++) base.append(leaves[i]!);
  const rootWith = (...extra: Uint8Array[]) => {
    const frontier = base.clone();
    for (const leaf of extra) frontier.append(leaf);
    return frontier.root();
  };
  const signedRoot = (s: number) => bySize.get(s)?.rootHash;

  for (let j = k + 1; j < leaves.length; j++) {
    if (!equalBytes(rootWith(leaves[j]!), signedRoot(size)!)) continue;
    const next = signedRoot(size + 1);
    if (j === k + 1 && next && !equalBytes(rootWith(leaves[j]!, leaves[k]!), next) && k + 2 < leaves.length && equalBytes(rootWith(leaves[j]!, leaves[k + 2]!), next)) {
      context.error(k, 'entry-inserted', `entry ${k} was inserted: the checkpoints say the entries from index ${k + 1} on belong one place earlier`);
      return;
    }
    context.error(k, 'entry-reordered', `entry ${j} stands where the checkpoint of size ${size} has entry ${k}, so entries were reordered`);
    return;
  }
  context.error(k, 'checkpoint-root-mismatch', `entry ${k} is not the entry the signed checkpoint of size ${size} covers, so it was changed or replaced after it was logged`);
}

/** Checks a partial bundle: every entry's inclusion proof and every checkpoint's consistency proof against the latest one. */
export function checkPartialTree(context: VerifyContext, decoded: DecodedEntry[], entries: MaterialEntry[], checkpoints: CheckedCheckpoint[]): void {
  const latest = checkpoints[checkpoints.length - 1];
  if (!latest) {
    context.error(null, 'checkpoint-missing', 'the bundle holds no checkpoint to prove its entries against');
    return;
  }
  decoded.forEach((item, position) => {
    const proof = entries[position]!.inclusionProof;
    if (!proof || !verifyInclusion(item.index, latest.size, item.leaf, proof, latest.rootHash)) {
      context.error(item.index, 'inclusion-proof-invalid', `entry ${item.index} is not included at that index in the checkpoint of size ${latest.size}`);
    }
  });
  for (const checkpoint of checkpoints.slice(0, -1)) {
    const proof = checkpoint.consistencyProof;
    if (!proof || !verifyConsistency(checkpoint.size, latest.size, checkpoint.rootHash, latest.rootHash, proof)) {
      context.error(checkpoint.size - 1, 'consistency-proof-invalid', `checkpoint of size ${checkpoint.size} is not proven consistent with the latest checkpoint (size ${latest.size})`);
    }
  }
}

/** Compares each approval's cosigned checkpoint with the log: the recomputed roots, or the checkpoints of a partial bundle. */
export function checkApprovalClaims(context: VerifyContext, claims: ApprovalClaim[], roots: Uint8Array[] | null, checkpoints: CheckedCheckpoint[]): void {
  for (const claim of claims) {
    const known = roots ? roots[claim.size] : checkpoints.find((checkpoint) => checkpoint.size === claim.size)?.rootHash;
    if (!known) {
      context.warn(claim.index, 'approval-checkpoint-unproven', `the checkpoint of size ${claim.size} cosigned by approval ${claim.index} is not in this bundle`);
    } else if (!equalBytes(known, claim.rootHash)) {
      context.error(claim.index, 'approval-checkpoint-mismatch', `approval ${claim.index} cosigned a root of size ${claim.size} that differs from the log's`);
    }
  }
}

/**
 * Checks a checkpoint the auditor held from earlier: its device signature, that the log did not
 * shrink below it, and that the log still has the same history up to it. A complete log is
 * compared through its recomputed roots, and a partial bundle through the checkpoints it proved.
 */
export function checkAuditorCheckpoint(
  context: VerifyContext,
  text: string,
  origin: string,
  devicePublicKey: Uint8Array,
  view: { roots: Uint8Array[] | null; latest: CheckedCheckpoint | undefined; proven: CheckedCheckpoint[] },
): void {
  let parsed: ParsedCheckpoint;
  try {
    parsed = parseCheckpoint(text);
  } catch (error) {
    context.error(null, 'auditor-checkpoint-invalid', `the auditor's checkpoint is malformed: ${(error as Error).message}`);
    return;
  }
  const line = parsed.note.signatures.find((signature) => signature.name === origin);
  context.immediateSignatureCount += 1;
  if (parsed.origin !== origin || !line || !verifyNoteSignature(parsed.note.body, line, { name: origin, publicKey: devicePublicKey })) {
    context.error(null, 'auditor-checkpoint-invalid', `the auditor's checkpoint of size ${parsed.size} is not signed by this vault's device`);
    return;
  }

  const logSize = view.roots ? view.roots.length - 1 : (view.latest?.size ?? 0);
  if (parsed.size > logSize) {
    context.error(logSize, 'log-truncated', `the auditor holds a signed checkpoint of size ${parsed.size} but the log ends at size ${logSize}, so entries were deleted`);
    return;
  }
  const known = view.roots ? view.roots[parsed.size] : view.proven.find((checkpoint) => checkpoint.size === parsed.size)?.rootHash;
  if (!known) {
    context.warn(null, 'auditor-checkpoint-unchecked', `the bundle carries no proof from the auditor's checkpoint of size ${parsed.size}`);
  } else if (!equalBytes(known, parsed.rootHash)) {
    context.error(parsed.size - 1, 'auditor-checkpoint-mismatch', `the log's root at size ${parsed.size} is ${toHex(known)}, not the root the auditor holds, so history up to that size was rewritten`);
  }
}
