// Evidence bundles: one JSON file an auditor can verify offline with no vault file. It carries the
// headers and the entries: the whole log, or one ceremony's entries plus the header entries, each
// with an RFC 9162 inclusion proof against the latest checkpoint. It also carries checkpoints with
// cosignatures and an optional consistency proof from a checkpoint the auditor held before. The
// exporting auditor and the device both sign the canonical body, under distinct labels.
// The file is the RFC 8785 canonical JSON of the signed bundle, and the parser rejects anything
// else (other whitespace, key order or duplicate keys, unknown fields, non-canonical base64), so
// changing any byte of the file makes verification fail. IMPORTANT: the layout and labels are
// part of bundle format version 1 and must never change within it.
import { z } from 'zod';
import { canonicalBytes, labelled } from '../crypto/canonical.js';
import { signDetached, SIGNING_PUBLIC_KEY_BYTES, SIGNING_SECRET_KEY_BYTES } from '../crypto/sign.js';
import { equalBytes, fromBase64, fromHex, toBase64, utf8 } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import type { AuditLog, StoredEntry } from './audit-log.js';
import { signAct } from './act.js';
import { parseCheckpoint } from './checkpoint.js';
import type { EntryInput, LogEntry } from './entry.js';
import { HEADER_ENTRY_TYPES } from './entry.js';
import type { VaultHeader } from './headers.js';
import { headerOfEntry, personPublicKey } from './headers.js';
import { BUNDLE_FORMAT, BUNDLE_FORMAT_VERSION, LABEL_BUNDLE_AUDITOR, LABEL_BUNDLE_DEVICE } from './labels.js';
import { MerkleTree } from './merkle.js';
import { verifyNoteSignature } from './note.js';

export interface BundleEntry {
  index: number;
  entry: LogEntry;
  /** base64 proof nodes against the latest checkpoint; null in a full bundle. */
  inclusionProof: string[] | null;
}

export interface BundleCheckpoint {
  /** Device-signed checkpoint note text. */
  note: string;
  /** Custodians' signature lines over this checkpoint. */
  cosignatures: string[];
  /** base64 consistency proof to the latest checkpoint; null in a full bundle and for the latest. */
  consistencyProof: string[] | null;
}

export interface EvidenceBundleBody {
  format: typeof BUNDLE_FORMAT;
  version: typeof BUNDLE_FORMAT_VERSION;
  vaultId: string;
  origin: string;
  exportedAt: string;
  /** Person id of the exporting auditor. */
  exportedBy: string;
  /** The ceremony this bundle covers, or null for the whole log. */
  ceremonyId: string | null;
  /** Headers of the genesis and rekey.activated entries, in log order. */
  headers: VaultHeader[];
  entries: BundleEntry[];
  /** Ascending by size; the last one is the latest checkpoint. */
  checkpoints: BundleCheckpoint[];
  /** The checkpoint the auditor held before, with a consistency proof to the latest. */
  earlierCheckpoint: { note: string; consistencyProof: string[] } | null;
}

export interface EvidenceBundle extends EvidenceBundleBody {
  signatures: {
    /** base64 Ed25519 signature of `exportedBy` over labelled(LABEL_BUNDLE_AUDITOR, canonical body). */
    auditor: string;
    /** base64 Ed25519 signature of the device over labelled(LABEL_BUNDLE_DEVICE, canonical body). */
    device: string;
  };
}

export interface BundleOptions {
  /** The exporting auditor: a person of the current header and their 64-byte libsodium secret key. */
  auditor: { personId: string; secretKey: Uint8Array };
  /** One ceremony's entries with inclusion proofs; the whole log when absent. */
  ceremonyId?: string;
  /** Checkpoint note text the auditor held before, to prove the log still extends it. */
  sinceCheckpoint?: string;
  now?: () => Date;
}

/** Returns the bytes the auditor or device signature covers. */
export function bundleSignedMessage(label: typeof LABEL_BUNDLE_AUDITOR | typeof LABEL_BUNDLE_DEVICE, body: EvidenceBundleBody): Uint8Array {
  return labelled(label, canonicalBytes(body));
}

/**
 * Returns a signed `evidence.exported` entry input for the auditor, to append (inside a
 * transaction) before `buildBundle` so the export itself is in the exported log.
 */
export function exportEntryInput(log: AuditLog, auditor: { personId: string; secretKey: Uint8Array }, ceremonyId: string | null): EntryInput {
  const act = { type: 'evidence.exported', actor: auditor.personId, ceremony: ceremonyId, data: { ceremonyId, treeSize: log.size() + 1 } };
  return { ...act, sig: signAct(log.vaultId, act, auditor.secretKey) };
}

/**
 * Builds and signs an evidence bundle and returns its file text. Throws VaultError: 'not-found'
 * for an empty log or an unknown ceremony, 'not-permitted' for an auditor outside the header, and
 * 'verification-failed' when `sinceCheckpoint` is not a checkpoint of this log's history.
 */
export function buildBundle(log: AuditLog, device: { sign(message: Uint8Array): Uint8Array }, options: BundleOptions): string {
  const latest = log.latestCheckpoint();
  if (!latest) throw new VaultError('not-found', 'the audit log is empty, so there is nothing to export');
  const size = latest.size;
  const header = log.currentHeader();
  const person = header?.people.find((candidate) => candidate.id === options.auditor.personId);
  if (!header || !person) throw new VaultError('not-permitted', `${options.auditor.personId} is not a person of this vault, so they cannot sign evidence`);
  if (options.auditor.secretKey.length !== SIGNING_SECRET_KEY_BYTES || !equalBytes(options.auditor.secretKey.slice(SIGNING_SECRET_KEY_BYTES - SIGNING_PUBLIC_KEY_BYTES), personPublicKey(person))) {
    throw new VaultError('not-permitted', `the signing key given for ${person.id} is not the key the vault header lists for them`);
  }

  // Step 1: entries, headers and checkpoints of the requested scope.
  const all = log.listEntries({ limit: size });
  const tree = new MerkleTree(all.map((stored) => fromHex(stored.leafHash)));
  const headers = all.filter((stored) => (HEADER_ENTRY_TYPES as readonly string[]).includes(stored.entry.type)).map((stored) => headerOfEntry(stored.entry)!);
  const full = options.ceremonyId === undefined;
  const selected = full ? all : selectCeremony(all, options.ceremonyId!);
  const entries: BundleEntry[] = selected.map((stored) => ({
    index: stored.index,
    entry: stored.entry,
    inclusionProof: full ? null : tree.inclusionProof(stored.index, size).map(toBase64),
  }));
  const sizes = full ? all.map((stored) => stored.index + 1) : cosignedSizes(selected, size);
  const checkpoints: BundleCheckpoint[] = sizes.map((s) => ({
    note: log.checkpointAt(s)?.note ?? missingCheckpoint(s),
    cosignatures: log.cosignatures(s),
    consistencyProof: full || s === size ? null : tree.consistencyProof(s, size).map(toBase64),
  }));

  // Step 2: the auditor's earlier checkpoint, checked before it goes into the evidence.
  const earlierCheckpoint = options.sinceCheckpoint === undefined ? null : proveEarlier(log, tree, options.sinceCheckpoint, size);

  // Step 3: both signatures over the canonical body.
  const body: EvidenceBundleBody = {
    format: BUNDLE_FORMAT,
    version: BUNDLE_FORMAT_VERSION,
    vaultId: log.vaultId,
    origin: log.origin,
    exportedAt: (options.now ?? (() => new Date()))().toISOString(),
    exportedBy: person.id,
    ceremonyId: options.ceremonyId ?? null,
    headers,
    entries,
    checkpoints,
    earlierCheckpoint,
  };
  const bundle: EvidenceBundle = {
    ...body,
    signatures: {
      auditor: toBase64(signDetached(bundleSignedMessage(LABEL_BUNDLE_AUDITOR, body), options.auditor.secretKey)),
      device: toBase64(device.sign(bundleSignedMessage(LABEL_BUNDLE_DEVICE, body))),
    },
  };
  return new TextDecoder().decode(canonicalBytes(bundle));
}

function missingCheckpoint(size: number): never {
  throw new VaultError('corrupt-vault', `the checkpoint of tree size ${size} is missing from the vault; run log verify`);
}

// A ceremony's entries, plus the header entries (so keys are anchored) and the deposits of the
// credentials it names (so the report can show their labels).
function selectCeremony(all: StoredEntry[], ceremonyId: string): StoredEntry[] {
  const own = all.filter((stored) => stored.entry.ceremony === ceremonyId);
  if (own.length === 0) throw new VaultError('not-found', `ceremony ${ceremonyId} has no entries in the audit log`);
  const credentials = new Set<string>();
  for (const stored of own) {
    const data = stored.entry.data;
    if (typeof data['credentialId'] === 'string') credentials.add(data['credentialId']);
    const scope = (data['request'] as { scope?: unknown } | undefined)?.scope;
    if (Array.isArray(scope)) scope.filter((id): id is string => typeof id === 'string').forEach((id) => credentials.add(id));
  }
  return all.filter((stored) => {
    if (stored.entry.ceremony === ceremonyId) return true;
    if ((HEADER_ENTRY_TYPES as readonly string[]).includes(stored.entry.type)) return true;
    return stored.entry.type.startsWith('credential.') && credentials.has(String(stored.entry.data['credentialId']));
  });
}

// The latest size plus every size an approval in the selection cosigned.
function cosignedSizes(selected: StoredEntry[], latest: number): number[] {
  const sizes = new Set<number>([latest]);
  for (const stored of selected) {
    const size = (stored.entry.data['checkpoint'] as { size?: unknown } | undefined)?.size;
    if (stored.entry.type === 'ceremony.approved' && typeof size === 'number' && Number.isSafeInteger(size) && size >= 1 && size <= latest) sizes.add(size);
  }
  return [...sizes].sort((a, b) => a - b);
}

function proveEarlier(log: AuditLog, tree: MerkleTree, text: string, size: number): { note: string; consistencyProof: string[] } {
  let parsed;
  try {
    parsed = parseCheckpoint(text);
  } catch (error) {
    throw new VaultError('verification-failed', `the earlier checkpoint is not a valid signed checkpoint: ${(error as Error).message}`);
  }
  const header = log.headerBefore(parsed.size) ?? log.currentHeader();
  const line = parsed.note.signatures.find((signature) => signature.name === log.origin);
  if (!header || parsed.origin !== log.origin || !line || !verifyNoteSignature(parsed.note.body, line, { name: log.origin, publicKey: fromBase64(header.devicePublicKey) })) {
    throw new VaultError('verification-failed', "the earlier checkpoint is not signed by this vault's device; check that it comes from this vault");
  }
  if (parsed.size > size) {
    throw new VaultError('verification-failed', `the earlier checkpoint has size ${parsed.size} but the log contains only ${size} entries, so entries were deleted; run log verify with that checkpoint`);
  }
  if (!equalBytes(tree.root(parsed.size), parsed.rootHash)) {
    throw new VaultError('verification-failed', `the log's history up to size ${parsed.size} differs from the earlier checkpoint; run log verify with that checkpoint`);
  }
  return { note: text, consistencyProof: tree.consistencyProof(parsed.size, size).map(toBase64) };
}

// ---------- strict parsing ----------

const base64Text = z.string().refine((text) => {
  try {
    fromBase64(text);
    return true;
  } catch {
    return false;
  }
}, 'must be canonical base64');

const bundleSchema = z.strictObject({
  format: z.literal(BUNDLE_FORMAT),
  version: z.literal(BUNDLE_FORMAT_VERSION),
  vaultId: z.string().min(1),
  origin: z.string().min(1),
  exportedAt: z.iso.datetime(),
  exportedBy: z.string().min(1),
  ceremonyId: z.string().min(1).nullable(),
  headers: z.array(z.record(z.string(), z.unknown())).min(1),
  entries: z.array(z.strictObject({
    index: z.number().int().nonnegative(),
    entry: z.record(z.string(), z.unknown()),
    inclusionProof: z.array(base64Text).nullable(),
  })).min(1),
  checkpoints: z.array(z.strictObject({
    note: z.string(),
    cosignatures: z.array(z.string()),
    consistencyProof: z.array(base64Text).nullable(),
  })).min(1),
  earlierCheckpoint: z.strictObject({ note: z.string(), consistencyProof: z.array(base64Text) }).nullable(),
  signatures: z.strictObject({ auditor: base64Text, device: base64Text }),
});

/**
 * Parses bundle file bytes strictly: UTF-8, JSON, byte-identical to its own RFC 8785 encoding,
 * and matching the format-1 layout with no unknown field. Entry and header contents are checked
 * by the verifier. Throws VaultError('invalid-input') with the first reason.
 */
export function decodeBundle(file: Uint8Array | string): EvidenceBundle {
  let text: string;
  let value: unknown;
  try {
    text = typeof file === 'string' ? file : new TextDecoder('utf-8', { fatal: true }).decode(file);
    value = JSON.parse(text);
  } catch {
    throw new VaultError('invalid-input', 'evidence bundle is not valid UTF-8 JSON; export it again');
  }
  let canonical: Uint8Array;
  try {
    canonical = canonicalBytes(value);
  } catch {
    throw new VaultError('invalid-input', 'evidence bundle contains a value that has no canonical JSON form (such as a non-finite number)');
  }
  if (!equalBytes(canonical, utf8(text))) {
    throw new VaultError('invalid-input', 'evidence bundle is not in RFC 8785 canonical form (changed whitespace, key order, number form or a duplicate key)');
  }
  const parsed = bundleSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new VaultError('invalid-input', `evidence bundle is invalid at "${issue?.path.join('.') ?? ''}": ${issue?.message ?? 'unknown problem'}`);
  }
  return value as EvidenceBundle;
}

/** Returns the body of a bundle: everything but its signatures. */
export function bundleBody(bundle: EvidenceBundle): EvidenceBundleBody {
  const { signatures: _signatures, ...body } = bundle;
  return body;
}
