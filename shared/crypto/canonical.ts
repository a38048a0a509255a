// Canonical JSON per RFC 8785 (JSON Canonicalization Scheme) through the `canonicalize` package,
// and domain-separated SHA-256. IMPORTANT: every signed or hashed structure is encoded here; the
// encoding and the labels in labels.ts must never change within format version 1.
import { createHash } from 'node:crypto';
import canonicalize from 'canonicalize';
import { concatBytes, utf8 } from '../util/bytes.js';

/** Encodes a JSON value as RFC 8785 canonical UTF-8 bytes. Rejects undefined and non-finite numbers. */
export function canonicalBytes(value: unknown): Uint8Array {
  const text = canonicalize(value);
  if (text === undefined) throw new Error('value cannot be canonicalised as JSON');
  return utf8(text);
}

export function sha256(...parts: Uint8Array[]): Uint8Array {
  const hash = createHash('sha256');
  for (const part of parts) hash.update(part);
  return new Uint8Array(hash.digest());
}

/**
 * Returns the bytes a signature or MAC covers: the label, one 0x00 byte, then the message. The
 * label names the use, so a signature made for one purpose can never be replayed for another.
 */
export function labelled(label: string, message: Uint8Array): Uint8Array {
  return concatBytes(utf8(label), new Uint8Array([0]), message);
}

/** SHA-256 over a labelled canonical JSON value. */
export function hashCanonical(label: string, value: unknown): Uint8Array {
  return sha256(labelled(label, canonicalBytes(value)));
}
