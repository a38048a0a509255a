// Checkpoints in the C2SP tlog-checkpoint format (https://c2sp.org/tlog-checkpoint): a signed note
// whose body is the origin line, the tree size in decimal and the base64 root hash, each ending in
// a newline. This log writes no extension lines and rejects them on parse. The device signs a
// checkpoint after every append, under a key name equal to the origin. Custodians add their own
// signature lines (cosignatures) at each approval.
import { formatNote, parseNote, signNoteBody, signNoteWithSecretKey } from './note.js';
import type { ParsedNote } from './note.js';
import { fromBase64, toBase64 } from '../util/bytes.js';
import { HASH_BYTES } from './labels.js';

/** Signs with the device's Ed25519 key; the key itself stays with whoever stores it. */
export interface DeviceSigner {
  /** Signed-note key name: the checkpoint origin, `breakglass-vault/<vaultId>`. */
  name: string;
  publicKey: Uint8Array;
  /** Returns the 64-byte Ed25519 signature of `message`. */
  sign(message: Uint8Array): Uint8Array;
}

export interface CheckpointBody {
  origin: string;
  size: number;
  rootHash: Uint8Array;
}

export interface ParsedCheckpoint extends CheckpointBody {
  note: ParsedNote;
}

/** Formats the checkpoint body: origin, decimal size, base64 root hash, each line ending in \n. */
export function formatCheckpointBody(origin: string, size: number, rootHash: Uint8Array): string {
  if (origin.length === 0 || /[\n\r]/.test(origin)) throw new Error('checkpoint origin must be one non-empty line');
  if (!Number.isSafeInteger(size) || size < 0) throw new Error(`checkpoint tree size ${size} is not a non-negative integer`);
  if (rootHash.length !== HASH_BYTES) throw new Error(`checkpoint root hash must be ${HASH_BYTES} bytes`);
  return `${origin}\n${size}\n${toBase64(rootHash)}\n`;
}

/** Parses a checkpoint body strictly: exactly three lines, canonical decimal size and base64 root. */
export function parseCheckpointBody(body: string): CheckpointBody {
  const lines = body.split('\n');
  if (lines.length !== 4 || lines[3] !== '') throw new Error('checkpoint must have exactly three lines: origin, tree size, root hash');
  const [origin, sizeText, rootText] = lines as [string, string, string];
  if (origin.length === 0) throw new Error('checkpoint origin line is empty');
  if (!/^(0|[1-9][0-9]*)$/.test(sizeText)) throw new Error(`checkpoint tree size "${sizeText}" is not a canonical decimal number`);
  const size = Number(sizeText);
  if (!Number.isSafeInteger(size)) throw new Error(`checkpoint tree size ${sizeText} is too large`);
  const rootHash = fromBase64(rootText, 'checkpoint root hash');
  if (rootHash.length !== HASH_BYTES) throw new Error(`checkpoint root hash must be ${HASH_BYTES} bytes`);
  return { origin, size, rootHash };
}

/** Parses checkpoint note text (body and signature lines); verifies no signature. */
export function parseCheckpoint(text: string): ParsedCheckpoint {
  const note = parseNote(text);
  return { ...parseCheckpointBody(note.body), note };
}

/** Returns checkpoint note text signed by the device. */
export function signCheckpoint(device: DeviceSigner, origin: string, size: number, rootHash: Uint8Array): string {
  const body = formatCheckpointBody(origin, size, rootHash);
  return formatNote(body, [signNoteBody(body, device.name, device.publicKey, (message) => device.sign(message))]);
}

/**
 * Returns a custodian's cosignature of a checkpoint: one signature line (without its newline) by
 * the custodian's 64-byte libsodium Ed25519 secret key under `name`
 * (`breakglass-vault/<vaultId>/custodian/<personId>`) over the checkpoint body.
 */
export function cosignCheckpoint(note: string, name: string, secretKey: Uint8Array): string {
  const { note: parsed } = parseCheckpoint(note);
  return signNoteWithSecretKey(parsed.body, name, secretKey);
}
