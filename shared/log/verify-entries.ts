// Entry checks of the verifier: strict decoding, leaf hashes against stored ones, index order,
// the genesis trust root and later headers, person signatures against the header in force,
// clock order, and the cosignature each approval carries.
import { fromBase64, fromHex, utf8, equalBytes } from '../util/bytes.js';
import { actMessage } from './act.js';
import { formatCheckpointBody } from './checkpoint.js';
import { decodeEntry, entryProblems } from './entry.js';
import type { LogEntry } from './entry.js';
import { headerOfEntry, preparedHeaderOfEntry, readGenesisSignatures, personPublicKey, rekeyHeaderProblems } from './headers.js';
import type { HeaderPerson, VaultHeader } from './headers.js';
import { custodianNoteName, DEVICE_ACTOR } from './labels.js';
import { leafHash } from './merkle.js';
import { noteKeyId, parseSignatureLine } from './note.js';
import type { VerifyContext } from './verify-context.js';

/** One entry as the verifier receives it from a vault database or a bundle. */
export interface MaterialEntry {
  index: number;
  bytes: Uint8Array;
  /** Leaf hash stored beside the entry (vault database only). */
  storedLeafHash?: Uint8Array;
  /** Indexed copies of entry fields (vault database only). */
  columns?: { type: string; time: string; actor: string; ceremony: string | null };
  /** Inclusion proof against the latest checkpoint (partial bundles only). */
  inclusionProof?: Uint8Array[];
}

export interface DecodedEntry {
  index: number;
  entry: LogEntry | null;
  leaf: Uint8Array;
}

/** An approval's claim about the checkpoint its cosignature covers, checked once roots are known. */
export interface ApprovalClaim {
  index: number;
  size: number;
  rootHash: Uint8Array;
}

/** Decodes every entry and checks format, stored leaf hashes, stored columns and index order. */
export function decodeEntries(context: VerifyContext, entries: MaterialEntry[], complete: boolean): DecodedEntry[] {
  const decoded: DecodedEntry[] = [];
  let expected = 0;
  for (const item of entries) {
    const leaf = leafHash(item.bytes);
    let entry: LogEntry | null = null;
    try {
      entry = decodeEntry(item.bytes);
      for (const problem of entryProblems(entry)) context.error(item.index, problem.code, problem.message);
    } catch (error) {
      context.error(item.index, 'entry-malformed', (error as Error).message);
    }
    if (item.storedLeafHash && !equalBytes(item.storedLeafHash, leaf)) {
      context.error(item.index, 'leaf-hash-mismatch', `stored leaf hash of entry ${item.index} differs from the hash of its bytes, so the entry was changed after it was logged`);
    }
    if (item.columns && entry && !columnsMatch(item.columns, entry)) {
      context.error(item.index, 'entry-columns-mismatch', `indexed type, time, actor or ceremony of entry ${item.index} differ from the entry bytes`);
    }

    // Indexes must run 0, 1, 2... in a complete log and strictly upwards in a partial one.
    if (item.index < expected) {
      context.error(item.index, 'entry-out-of-order', `entry ${item.index} appears after entry ${expected - 1}`);
    } else if (item.index > expected && complete) {
      const range = item.index - 1 === expected ? `${expected}` : `${expected} to ${item.index - 1}`;
      context.error(expected, 'entry-missing', `entries ${range} are missing before entry ${item.index}`);
    }
    expected = Math.max(expected, item.index + 1);
    decoded.push({ index: item.index, entry, leaf });
  }
  return decoded;
}

function columnsMatch(columns: NonNullable<MaterialEntry['columns']>, entry: LogEntry): boolean {
  return columns.type === entry.type && columns.time === entry.time && columns.actor === entry.actor && columns.ceremony === entry.ceremony;
}

/**
 * Reads the genesis header (the trust root) and every later header into the context. Returns the
 * genesis header, or null when there is none to trust, in which case nothing else can be checked.
 */
export function loadHeaders(context: VerifyContext, decoded: DecodedEntry[], options: { expectedVaultId?: string; trustedDevicePublicKey?: Uint8Array }): VaultHeader | null {
  const first = decoded[0];
  if (!first || first.index !== 0 || first.entry?.type !== 'vault.genesis') {
    context.error(0, 'genesis-missing', 'the log does not start with a vault.genesis entry, so no key can be trusted');
    return null;
  }
  let genesis: VaultHeader;
  try {
    genesis = headerOfEntry(first.entry)!;
  } catch (error) {
    context.error(0, 'genesis-invalid', `genesis header is invalid: ${(error as Error).message}`);
    return null;
  }
  context.headers.push({ index: 0, header: genesis });

  if (options.expectedVaultId !== undefined && options.expectedVaultId !== genesis.vaultId) {
    context.error(null, 'vault-id-mismatch', `log belongs to vault ${genesis.vaultId}, not the expected vault ${options.expectedVaultId}`);
  }
  if (options.trustedDevicePublicKey && !equalBytes(options.trustedDevicePublicKey, fromBase64(genesis.devicePublicKey))) {
    context.error(null, 'device-key-mismatch', 'genesis header names a device public key other than the trusted one');
  }
  const { problems, checks } = readGenesisSignatures(genesis, first.entry.data['genesisSignatures']);
  for (const problem of problems) context.error(0, 'genesis-signature-invalid', problem);
  for (const check of checks) {
    context.queueSignature(check, 0, 'genesis-signature-invalid', `genesis signature of ${check.personId} is invalid`);
  }

  for (const item of decoded.slice(1)) {
    if (item.entry?.type === 'vault.genesis') context.error(item.index, 'header-invalid', `a second vault.genesis entry appears at index ${item.index}`);
    if (item.entry?.type !== 'rekey.activated') continue;
    try {
      const next = headerOfEntry(item.entry)!;
      const previous = context.headerBefore(item.index)!;
      for (const problem of rekeyHeaderProblems(previous, next)) context.error(item.index, 'header-invalid', problem);
      context.headers.push({ index: item.index, header: next });
    } catch (error) {
      context.error(item.index, 'header-invalid', `rekey.activated header is invalid: ${(error as Error).message}`);
    }
  }
  return genesis;
}

/**
 * Finds the signer of a person act: in the header in force or, for a rekey confirmation, in the
 * next epoch's header that the same ceremony's earlier `rekey.prepared` entry carries.
 */
function findSigner(context: VerifyContext, decoded: DecodedEntry[], index: number, entry: LogEntry): HeaderPerson | undefined {
  if (entry.type !== 'rekey.confirmed') return context.headerBefore(index)?.people.find((candidate) => candidate.id === entry.actor);
  for (let position = decoded.length - 1; position >= 0; position--) {
    const item = decoded[position]!;
    if (item.index >= index || item.entry?.type !== 'rekey.prepared' || item.entry.ceremony !== entry.ceremony) continue;
    try {
      const prepared = preparedHeaderOfEntry(item.entry);
      if (prepared && prepared.epoch === entry.data['newEpoch']) return prepared.people.find((candidate) => candidate.id === entry.actor);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** Queues person signatures, checks clock order, and collects approval checkpoint claims. */
export function checkEntries(context: VerifyContext, decoded: DecodedEntry[], vaultId: string, origin: string): ApprovalClaim[] {
  const claims: ApprovalClaim[] = [];
  let previousTime: string | null = null;
  for (const { index, entry } of decoded) {
    if (!entry) continue;
    if (previousTime !== null && entry.time < previousTime) {
      context.warn(index, 'time-backwards', `entry ${index} is dated ${entry.time}, before the previous entry (${previousTime}); the device clock went backwards`);
    }
    previousTime = entry.time;
    if (entry.actor === DEVICE_ACTOR || entry.sig === null) continue;

    const person = findSigner(context, decoded, index, entry);
    if (!person) {
      context.error(index, 'signer-unknown', `${entry.type} is signed by ${entry.actor}, who is not a person of the vault header in force`);
      continue;
    }
    let signature: Uint8Array;
    try {
      signature = fromBase64(entry.sig);
    } catch {
      continue; // reported as entry-malformed already
    }
    context.queueSignature({ publicKey: personPublicKey(person), message: actMessage(vaultId, entry), signature }, index, 'signature-invalid', `signature of ${entry.actor} on ${entry.type} does not verify`);
    if (entry.type === 'ceremony.approved') {
      const claim = queueApprovalCosignature(context, index, entry, person, vaultId, origin);
      if (claim) claims.push(claim);
    }
  }
  return claims;
}

// An approval carries the custodian's signature line over the checkpoint they reviewed.
function queueApprovalCosignature(context: VerifyContext, index: number, entry: LogEntry, person: HeaderPerson, vaultId: string, origin: string): ApprovalClaim | null {
  const checkpoint = entry.data['checkpoint'] as { size?: unknown; rootHash?: unknown } | undefined;
  const line = entry.data['cosignature'];
  try {
    if (!checkpoint || typeof checkpoint.size !== 'number' || typeof checkpoint.rootHash !== 'string' || typeof line !== 'string') {
      throw new Error('approval must carry checkpoint { size, rootHash } and a cosignature line');
    }
    const { size } = checkpoint;
    if (!Number.isSafeInteger(size) || size < 1 || size > index) throw new Error(`approval cosigns tree size ${size}, which is not a checkpoint before the approval`);
    const rootHash = fromHex(checkpoint.rootHash, 'approval checkpoint root hash');
    const body = formatCheckpointBody(origin, size, rootHash);
    const signature = parseSignatureLine(line);
    const name = custodianNoteName(vaultId, entry.actor);
    if (signature.name !== name) throw new Error(`cosignature key name is "${signature.name}", expected "${name}"`);
    const publicKey = personPublicKey(person);
    if (!equalBytes(signature.keyId, noteKeyId(name, publicKey))) throw new Error('cosignature key id does not match the custodian key');
    context.queueSignature({ publicKey, message: utf8(body), signature: signature.signature }, index, 'approval-cosignature-invalid', `cosignature of ${entry.actor} in approval ${index} does not verify over the checkpoint of size ${size}`);
    return { index, size, rootHash };
  } catch (error) {
    context.error(index, 'approval-cosignature-invalid', (error as Error).message);
    return null;
  }
}
