// Audit-log entries: `{ v, type, time, actor, ceremony, data, sig }` encoded as RFC 8785 canonical
// JSON (canonical.ts). IMPORTANT: the field set, the encoding and the entry catalogue below are
// part of audit-log format version 1 and must never change within it. Entries never hold secrets:
// `append` rejects data whose field names look like secret material (see `findSecretField`).
import { canonicalBytes } from '../crypto/canonical.js';
import { fromBase64 } from '../util/bytes.js';
import { SIGNATURE_BYTES } from '../crypto/sign.js';
import { DEVICE_ACTOR, ENTRY_FORMAT_VERSION } from './labels.js';

export interface LogEntry {
  v: typeof ENTRY_FORMAT_VERSION;
  type: string;
  /** ISO 8601 UTC with milliseconds, set by the device when appending. */
  time: string;
  /** Person id, or 'device' for entries the app writes itself. */
  actor: string;
  ceremony: string | null;
  data: Record<string, unknown>;
  /** Base64 Ed25519 signature of the actor over `actMessage`, or null for device entries. */
  sig: string | null;
}

/** What a caller passes to `AuditLog.append`: an entry without version and time. */
export type EntryInput = Omit<LogEntry, 'v' | 'time'>;

/** Who writes an entry type: the device (unsigned), a person (signed), or either. */
export type EntryAuthor = 'device' | 'person' | 'either';

/** The entry catalogue: every type this format version knows, with its author. */
export const ENTRY_TYPES: Readonly<Record<string, EntryAuthor>> = Object.freeze({
  'vault.genesis': 'device',
  'credential.deposited': 'person',
  'credential.rotated': 'person',
  'ceremony.requested': 'person',
  'ceremony.amended': 'person',
  'ceremony.approved': 'person',
  'ceremony.cancelled': 'person',
  'ceremony.unsealed': 'device',
  'drill.verified': 'device',
  'secret.revealed': 'person',
  'ceremony.touched': 'person',
  'ceremony.extended': 'person',
  'ceremony.sealed': 'either',
  'reseal.rotated': 'person',
  'reseal.waived': 'person',
  'reseal.attested': 'person',
  'ceremony.closed': 'device',
  'rekey.prepared': 'device',
  'rekey.confirmed': 'person',
  'rekey.activated': 'device',
  'rekey.abandoned': 'person',
  'evidence.exported': 'person',
});

/** Entry types whose data carries a VaultHeader that comes into force with the entry. */
export const HEADER_ENTRY_TYPES = ['vault.genesis', 'rekey.activated'] as const;

const ENTRY_FIELDS = ['actor', 'ceremony', 'data', 'sig', 'time', 'type', 'v'];
const TIME_PATTERN = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/;
export const PERSON_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

// Field names that would mean secret material went into the log. Matched case-insensitively
// against every object key in entry data, at any depth, after removing '_' and '-'.
const SECRET_NAME_PARTS = ['secret', 'passphrase', 'password', 'privatekey', 'seed', 'mnemonic', 'plaintext', 'vaultkey', 'sharebytes'];
const SECRET_NAMES_EXACT = ['share', 'shares', 'vk', 'pin', 'otp', 'token', 'apitoken', 'codes', 'recoverycodes', 'contentbase64'];

/**
 * Returns the path of the first field in `value` whose name looks like secret material
 * (for example `secret`, `passphrase`, `privateKey`, `shares`), or null when there is none.
 * Only names are inspected, so a returned path never contains a value.
 */
export function findSecretField(value: unknown, path = 'data'): string | null {
  if (Array.isArray(value)) {
    for (let i = 0; i < value.length; i++) {
      const found = findSecretField(value[i], `${path}[${i}]`);
      if (found) return found;
    }
    return null;
  }
  if (value === null || typeof value !== 'object') return null;
  for (const [key, child] of Object.entries(value)) {
    const folded = key.toLowerCase().replace(/[_-]/g, '');
    if (SECRET_NAME_PARTS.some((part) => folded.includes(part)) || SECRET_NAMES_EXACT.includes(folded)) return `${path}.${key}`;
    const found = findSecretField(child, `${path}.${key}`);
    if (found) return found;
  }
  return null;
}

/** Returns the canonical bytes of an entry (what the leaf hash covers). */
export function encodeEntry(entry: LogEntry): Uint8Array {
  return canonicalBytes(entry);
}

/** One problem found in an entry: a missing signature, or anything else wrong with its shape. */
export interface EntryProblem {
  code: 'signature-missing' | 'entry-malformed';
  message: string;
}

/**
 * Checks an entry against the format and the catalogue and returns its problems (empty when
 * valid). It checks shape only; signatures are checked by the verifier.
 */
export function entryProblems(entry: LogEntry): EntryProblem[] {
  const problems: EntryProblem[] = [];
  const malformed = (message: string) => problems.push({ code: 'entry-malformed', message });
  const author = ENTRY_TYPES[entry.type];
  if (!author) malformed(`unknown entry type "${entry.type}"`);
  if (!TIME_PATTERN.test(entry.time) || Number.isNaN(Date.parse(entry.time))) malformed(`time "${entry.time}" is not ISO 8601 UTC with milliseconds`);
  if (entry.ceremony !== null && (typeof entry.ceremony !== 'string' || entry.ceremony.length === 0)) malformed('ceremony must be a non-empty string or null');
  if (entry.data === null || typeof entry.data !== 'object' || Array.isArray(entry.data)) malformed('data must be a JSON object');

  const byDevice = entry.actor === DEVICE_ACTOR;
  if (!byDevice && !PERSON_ID_PATTERN.test(entry.actor)) malformed(`actor "${entry.actor}" is neither "device" nor a person id`);
  if (author === 'device' && !byDevice) malformed(`entry type ${entry.type} must be written by the device`);
  if (author === 'person' && byDevice) malformed(`entry type ${entry.type} must be a person's signed act`);
  if (byDevice && entry.sig !== null) malformed('device entries carry no signature (sig must be null)');
  if (!byDevice && entry.sig === null) problems.push({ code: 'signature-missing', message: `${entry.type} by ${entry.actor} has no signature` });
  if (!byDevice && typeof entry.sig === 'string') {
    try {
      if (fromBase64(entry.sig, 'entry signature').length !== SIGNATURE_BYTES) malformed(`signature must be ${SIGNATURE_BYTES} bytes`);
    } catch {
      malformed('signature is not canonical base64');
    }
  }

  const secretField = findSecretField(entry.data);
  if (secretField) malformed(`field ${secretField} looks like secret material, which the log never stores`);
  return problems;
}

/**
 * Decodes entry bytes strictly: valid UTF-8 JSON, exactly the seven entry fields with their JSON
 * types, version 1, and bytes identical to their own canonical encoding (so two different byte
 * strings can never stand for one entry). Throws with the reason; call `entryProblems` after.
 */
export function decodeEntry(bytes: Uint8Array): LogEntry {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new Error('entry bytes are not valid UTF-8 JSON');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) throw new Error('entry is not a JSON object');
  const keys = Object.keys(value).sort();
  if (keys.join(',') !== ENTRY_FIELDS.join(',')) throw new Error(`entry fields are [${keys.join(', ')}], expected [${ENTRY_FIELDS.join(', ')}]`);

  const version: unknown = (value as { v: unknown }).v;
  if (version !== ENTRY_FORMAT_VERSION) throw new Error(`entry format version ${String(version)} is not supported (expected ${ENTRY_FORMAT_VERSION})`);
  const entry = value as LogEntry;
  if (typeof entry.type !== 'string' || typeof entry.time !== 'string' || typeof entry.actor !== 'string') throw new Error('entry type, time and actor must be strings');
  if (entry.sig !== null && typeof entry.sig !== 'string') throw new Error('entry sig must be a string or null');
  if (!Buffer.from(canonicalBytes(entry)).equals(Buffer.from(bytes))) throw new Error('entry bytes are not in RFC 8785 canonical form');
  return entry;
}
