// Signed notes in the C2SP signed-note format (https://c2sp.org/signed-note), Ed25519 keys only
// (signature type 0x01). A note is UTF-8 text ending in a newline, a blank line, then one line
// per signature: an em dash (U+2014), a space, the key name, a space, and base64(4-byte key id ||
// 64-byte signature). The key id is the first 4 bytes of SHA-256(name || 0x0A || 0x01 || public
// key). IMPORTANT: this encoding is fixed by the standard, so Go's golang.org/x/mod/sumdb/note and
// other signed-note verifiers accept these notes and the vkey strings below.
import { sha256 } from '../crypto/canonical.js';
import { signDetached, verifyDetached, SIGNATURE_BYTES, SIGNING_PUBLIC_KEY_BYTES, SIGNING_SECRET_KEY_BYTES } from '../crypto/sign.js';
import { concatBytes, equalBytes, fromBase64, fromHex, toBase64, toHex, utf8 } from '../util/bytes.js';

/** Signature algorithm byte of Ed25519 in key ids and vkeys. */
export const NOTE_ALG_ED25519 = 0x01;
export const NOTE_KEY_ID_BYTES = 4;
/** Prefix of every signature line: em dash and space. */
export const NOTE_SIGNATURE_PREFIX = '\u2014 ';

export interface NoteSignature {
  name: string;
  /** 4-byte key id, big-endian as written. */
  keyId: Uint8Array;
  /** 64-byte Ed25519 signature over the note body. */
  signature: Uint8Array;
  /** The line as it appears in the note, without its newline. */
  line: string;
}

export interface ParsedNote {
  /** The signed text, ending in a newline. */
  body: string;
  signatures: NoteSignature[];
}

export interface NoteVerifierKey {
  name: string;
  keyId: Uint8Array;
  publicKey: Uint8Array;
}

/** Checks a key name: non-empty, no whitespace and no '+' (it separates vkey fields). */
export function isValidKeyName(name: string): boolean {
  return name.length > 0 && !/[\s+]/u.test(name);
}

function requireKeyName(name: string): void {
  if (!isValidKeyName(name)) throw new Error(`signed-note key name "${name}" must be non-empty, without spaces or '+'`);
}

/** Returns the 4-byte key id of an Ed25519 key under `name`. */
export function noteKeyId(name: string, publicKey: Uint8Array): Uint8Array {
  requireKeyName(name);
  if (publicKey.length !== SIGNING_PUBLIC_KEY_BYTES) throw new Error(`Ed25519 public key of "${name}" must be ${SIGNING_PUBLIC_KEY_BYTES} bytes`);
  return sha256(utf8(name), new Uint8Array([0x0a, NOTE_ALG_ED25519]), publicKey).slice(0, NOTE_KEY_ID_BYTES);
}

/** Formats a verifier key (vkey): `<name>+<hex key id>+<base64(0x01 || public key)>`. */
export function formatVerifierKey(name: string, publicKey: Uint8Array): string {
  const keyId = noteKeyId(name, publicKey);
  return `${name}+${toHex(keyId)}+${toBase64(concatBytes(new Uint8Array([NOTE_ALG_ED25519]), publicKey))}`;
}

/** Parses a vkey and checks that its key id matches its name and key. */
export function parseVerifierKey(vkey: string): NoteVerifierKey {
  // The name and the hex id contain no '+', but the base64 key may.
  const first = vkey.indexOf('+');
  const second = vkey.indexOf('+', first + 1);
  if (first < 0 || second < 0) throw new Error('verifier key must have the form <name>+<hex key id>+<base64 key>');
  const name = vkey.slice(0, first);
  const idHex = vkey.slice(first + 1, second);
  const keyText = vkey.slice(second + 1);
  requireKeyName(name);
  const keyId = fromHex(idHex, `key id of verifier key "${name}"`);
  const keyBytes = fromBase64(keyText, `verifier key "${name}"`);
  if (keyBytes.length !== 1 + SIGNING_PUBLIC_KEY_BYTES || keyBytes[0] !== NOTE_ALG_ED25519) {
    throw new Error(`verifier key "${name}" is not an Ed25519 key (type byte 0x01 and 32 key bytes)`);
  }
  const publicKey = keyBytes.slice(1);
  if (!equalBytes(keyId, noteKeyId(name, publicKey))) throw new Error(`verifier key "${name}" has a key id that does not match its key`);
  return { name, keyId, publicKey };
}

/** Formats one signature line (without its newline). */
export function formatSignatureLine(name: string, keyId: Uint8Array, signature: Uint8Array): string {
  requireKeyName(name);
  return `${NOTE_SIGNATURE_PREFIX}${name} ${toBase64(concatBytes(keyId, signature))}`;
}

/** Parses one signature line (without its newline); throws on any deviation from the format. */
export function parseSignatureLine(line: string): NoteSignature {
  if (!line.startsWith(NOTE_SIGNATURE_PREFIX)) throw new Error('signature line must start with an em dash and a space');
  const fields = line.slice(NOTE_SIGNATURE_PREFIX.length).split(' ');
  if (fields.length !== 2) throw new Error('signature line must hold a key name and a base64 signature separated by one space');
  const [name, encoded] = fields as [string, string];
  requireKeyName(name);
  const bytes = fromBase64(encoded, `signature of "${name}"`);
  if (bytes.length !== NOTE_KEY_ID_BYTES + SIGNATURE_BYTES) {
    throw new Error(`signature of "${name}" must be ${NOTE_KEY_ID_BYTES + SIGNATURE_BYTES} bytes (key id and Ed25519 signature)`);
  }
  return { name, keyId: bytes.slice(0, NOTE_KEY_ID_BYTES), signature: bytes.slice(NOTE_KEY_ID_BYTES), line };
}

/** Checks note text: UTF-8 without control characters other than newline, ending in a newline. */
function requireNoteText(body: string): void {
  if (!body.endsWith('\n')) throw new Error('signed-note text must end with a newline');
  // eslint-disable-next-line no-control-regex -- the format forbids control characters, so the pattern must name them
  if (/[\u0000-\u0009\u000b-\u001f\u007f]/u.test(body)) throw new Error('signed-note text must not contain control characters other than newline');
}

/** Splits a note into body and signature lines. Throws on malformed text; verifies nothing. */
export function parseNote(text: string): ParsedNote {
  const split = text.lastIndexOf('\n\n');
  if (split < 0) throw new Error('signed note has no blank line between text and signatures');
  const body = text.slice(0, split + 1);
  requireNoteText(body);
  const tail = text.slice(split + 2);
  if (tail === '') throw new Error('signed note has no signature');
  if (!tail.endsWith('\n')) throw new Error('signed note must end with a newline after its last signature');
  const lines = tail.slice(0, -1).split('\n');
  return { body, signatures: lines.map(parseSignatureLine) };
}

/** Signs a note body with any Ed25519 signer and returns the signature line. */
export function signNoteBody(body: string, name: string, publicKey: Uint8Array, sign: (message: Uint8Array) => Uint8Array): string {
  requireNoteText(body);
  return formatSignatureLine(name, noteKeyId(name, publicKey), sign(utf8(body)));
}

/** Joins a body and signature lines into note text. */
export function formatNote(body: string, signatureLines: string[]): string {
  requireNoteText(body);
  if (signatureLines.length === 0) throw new Error('a signed note needs at least one signature');
  return `${body}\n${signatureLines.map((line) => `${line}\n`).join('')}`;
}

/** Checks one signature against a key: name, key id and Ed25519 signature over the body must all match. */
export function verifyNoteSignature(body: string, signature: NoteSignature, key: { name: string; publicKey: Uint8Array }): boolean {
  if (signature.name !== key.name || !isValidKeyName(key.name) || key.publicKey.length !== SIGNING_PUBLIC_KEY_BYTES) return false;
  if (!equalBytes(signature.keyId, noteKeyId(key.name, key.publicKey))) return false;
  return verifyDetached(signature.signature, utf8(body), key.publicKey);
}

/**
 * Signs a note body with a libsodium 64-byte Ed25519 secret key (seed then public key) and
 * returns the signature line. Custodians use it to cosign a checkpoint.
 */
export function signNoteWithSecretKey(body: string, name: string, secretKey: Uint8Array): string {
  if (secretKey.length !== SIGNING_SECRET_KEY_BYTES) throw new Error(`secret key for "${name}" must be ${SIGNING_SECRET_KEY_BYTES} bytes`);
  const publicKey = secretKey.slice(SIGNING_SECRET_KEY_BYTES - SIGNING_PUBLIC_KEY_BYTES);
  return signNoteBody(body, name, publicKey, (message) => signDetached(message, secretKey));
}
