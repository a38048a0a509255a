// The audit-log verifier. It runs on a vault database or on an evidence bundle alone. It trusts
// only the genesis header (people's keys and the device key) plus what the caller pins: vault id,
// device key, a checkpoint the auditor kept. Every failure is reported with the entry index and a
// reason that starts with a stable code (VERIFY_CODES). Signatures are checked in one batch at the
// end, on worker threads for large logs.
import type Database from 'better-sqlite3';
import type { VerifyReport } from '../api/contract.js';
import { equalBytes, fromBase64, toHex } from '../util/bytes.js';
import type { MerkleFrontier } from './merkle.js';
import { verifyEd25519Batch } from './ed25519-batch.js';
import { checkApprovalClaims, checkAuditorCheckpoint, checkCheckpoints, checkCompleteTree, checkPartialTree } from './verify-tree.js';
import type { CheckedCheckpoint, MaterialCheckpoint } from './verify-tree.js';
import { checkEntries, decodeEntries, loadHeaders } from './verify-entries.js';
import type { MaterialEntry } from './verify-entries.js';
import { VerifyContext } from './verify-context.js';

export { VERIFY_CODES, issueCode } from './verify-context.js';
export type { VerifyCode } from './verify-context.js';
export type { MaterialEntry, MaterialCheckpoint };

export interface VerifyOptions {
  /** Fail unless the genesis header is of this vault. */
  expectedVaultId?: string;
  /** Fail unless the genesis header names this device public key (32 bytes). */
  trustedDevicePublicKey?: Uint8Array;
  /** Checkpoint note text the auditor kept from earlier: the log must still contain it. */
  earlierCheckpoint?: string;
  /** Worker threads for signature checks; 0 checks on the calling thread. Default: by batch size. */
  workers?: number;
}

/** Everything the verifier reads, from a vault database or a bundle. */
export interface LogMaterial {
  /** True when `entries` is the whole log (database, full bundle); false for one ceremony's entries with proofs. */
  complete: boolean;
  entries: MaterialEntry[];
  checkpoints: MaterialCheckpoint[];
  /** Merkle state row of a vault database. */
  state?: { size: number; frontier: Uint8Array } | null;
}

/**
 * Extra checks a caller (the bundle verifier) runs with the headers known, before signatures are
 * checked. Returns further checkpoints it proved part of this history.
 */
export type ExtraChecks = (context: VerifyContext, view: { vaultId: string; origin: string; latest: CheckedCheckpoint | undefined; checkpoints: CheckedCheckpoint[] }) => CheckedCheckpoint[];

/** Verifies log material and returns the report. Requires `loadSodium()`. */
export async function verifyMaterial(material: LogMaterial, options: VerifyOptions = {}, extraChecks?: ExtraChecks): Promise<VerifyReport> {
  const context = new VerifyContext();

  // Step 1: entries and the headers that say whose keys count.
  const decoded = decodeEntries(context, material.entries, material.complete);
  const genesis = loadHeaders(context, decoded, options);
  if (!genesis) return report(context, null, decoded.length, null);
  const { vaultId, origin } = genesis;
  const claims = checkEntries(context, decoded, vaultId, origin);

  // Step 2: checkpoints and the tree they sign.
  const checkpoints = checkCheckpoints(context, material.checkpoints, vaultId, origin);
  const hasGaps = decoded.some((item, position) => item.index !== position);
  let roots: Uint8Array[] | null = null;
  if (material.complete) {
    const tree = checkCompleteTree(context, decoded, checkpoints, hasGaps);
    roots = tree.roots;
    if (material.state !== undefined) checkState(context, material.state, tree.frontier);
  } else {
    checkPartialTree(context, decoded, material.entries, checkpoints);
  }
  checkApprovalClaims(context, claims, roots, checkpoints);
  const latest = checkpoints[checkpoints.length - 1];
  const proven = [...checkpoints, ...(extraChecks?.(context, { vaultId, origin, latest, checkpoints }) ?? [])];
  if (options.earlierCheckpoint !== undefined) {
    const deviceKey = options.trustedDevicePublicKey ?? fromBase64(genesis.devicePublicKey);
    checkAuditorCheckpoint(context, options.earlierCheckpoint, origin, deviceKey, { roots, latest, proven });
  }

  // Step 3: every queued signature in one batch.
  const results = await verifyEd25519Batch(context.signatures.map((item) => item.task), options.workers === undefined ? {} : { workers: options.workers });
  results.forEach((valid, i) => {
    const item = context.signatures[i]!;
    if (!valid) context.error(item.index, item.code, item.message);
  });
  return report(context, vaultId, decoded.length, latest ?? null);
}

// The stored frontier must be the one the entries produce, or appends would continue a different tree.
function checkState(context: VerifyContext, state: LogMaterial['state'], frontier: MerkleFrontier): void {
  const size = state?.size ?? 0;
  if (size !== frontier.size) {
    context.error(null, 'merkle-state-mismatch', `stored Merkle state is for ${size} entries but the log holds ${frontier.size}`);
  } else if (state && !equalBytes(state.frontier, frontier.serialize())) {
    context.error(null, 'merkle-state-mismatch', `stored Merkle state differs from the tree of the ${size} entries`);
  }
}

function report(context: VerifyContext, vaultId: string | null, checkedEntries: number, latest: CheckedCheckpoint | null): VerifyReport {
  const issues = context.issues.slice().sort((a, b) => (a.index ?? -1) - (b.index ?? -1));
  return {
    ok: !context.hasErrors(),
    vaultId,
    treeSize: latest?.size ?? 0,
    rootHash: latest ? toHex(latest.rootHash) : null,
    checkedEntries,
    checkedSignatures: context.signatures.length + context.immediateSignatureCount,
    issues,
  };
}

interface EntryRow {
  idx: number;
  type: string;
  time: string;
  actor: string;
  ceremony: string | null;
  entry: Uint8Array;
  leaf_hash: Uint8Array;
}

/** Reads the whole audit log of a vault database as verifier material. */
export function readVaultMaterial(db: Database.Database): LogMaterial {
  const entries = db.prepare<[], EntryRow>('SELECT idx, type, time, actor, ceremony, entry, leaf_hash FROM log_entries ORDER BY idx').all();
  const checkpoints = db.prepare<[], { size: number; root_hash: Uint8Array; note: string }>('SELECT size, root_hash, note FROM log_checkpoints ORDER BY size').all();
  const cosignatures = db.prepare<[], { size: number; line: string }>('SELECT size, line FROM log_cosignatures ORDER BY size, name').all();
  const state = db.prepare<[], { size: number; frontier: Uint8Array }>('SELECT size, frontier FROM log_state WHERE id = 1').get() ?? null;

  const linesBySize = new Map<number, string[]>();
  for (const row of cosignatures) linesBySize.set(row.size, [...(linesBySize.get(row.size) ?? []), row.line]);
  return {
    complete: true,
    entries: entries.map((row) => ({
      index: row.idx,
      bytes: row.entry,
      storedLeafHash: row.leaf_hash,
      columns: { type: row.type, time: row.time, actor: row.actor, ceremony: row.ceremony },
    })),
    checkpoints: checkpoints.map((row) => ({ note: row.note, storedSize: row.size, storedRoot: row.root_hash, cosignatures: linesBySize.get(row.size) ?? [] })),
    state,
  };
}

/** Verifies the audit log stored in a vault database. Requires `loadSodium()`. */
export async function verifyVaultLog(db: Database.Database, options: VerifyOptions = {}): Promise<VerifyReport> {
  return verifyMaterial(readVaultMaterial(db), options);
}
