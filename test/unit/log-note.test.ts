// C2SP signed notes and tlog checkpoints: key ids computed byte by byte in the test, vkeys, a note
// signed with Node's crypto (OpenSSL) rather than libsodium, cosignatures, and strict parsing.
import { createHash, generateKeyPairSync, sign as nodeSign } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadSodium } from '../../shared/crypto/sodium.js';
import { generateSigningKeyPair } from '../../shared/crypto/sign.js';
import { formatVerifierKey, noteKeyId, parseNote, parseSignatureLine, parseVerifierKey, verifyNoteSignature } from '../../shared/log/note.js';
import { cosignCheckpoint, formatCheckpointBody, parseCheckpoint, parseCheckpointBody, signCheckpoint } from '../../shared/log/checkpoint.js';
import { deviceSignerFromSecretKey } from '../../shared/log/device.js';

beforeAll(async () => {
  await loadSodium();
});

// Raw Ed25519 key pair from Node's crypto: the public key is the last 32 bytes of its SPKI DER.
function nodeKeyPair() {
  const { publicKey, privateKey } = generateKeyPairSync('ed25519');
  const spki = publicKey.export({ format: 'der', type: 'spki' });
  return { privateKey, raw: new Uint8Array(spki.subarray(spki.length - 32)) };
}

describe('signed-note key id', () => {
  it('matches SHA-256(name || 0x0A || 0x01 || key) assembled byte by byte', () => {
    const { raw } = nodeKeyPair();
    const name = 'breakglass-vault/0f0e/custodian/alice';
    const input: number[] = [];
    for (const char of name) input.push(char.charCodeAt(0));
    input.push(0x0a);
    input.push(0x01);
    for (const byte of raw) input.push(byte);
    const digest = createHash('sha256').update(Uint8Array.from(input)).digest();
    expect(Array.from(noteKeyId(name, raw))).toEqual([digest[0], digest[1], digest[2], digest[3]]);
  });

  it('formats and parses a vkey', () => {
    const { raw } = nodeKeyPair();
    const vkey = formatVerifierKey('example.com/log', raw);
    const [name, id, ...key] = vkey.split('+');
    expect(name).toBe('example.com/log');
    expect(id).toMatch(/^[0-9a-f]{8}$/);
    expect(Buffer.from(key.join('+'), 'base64')[0]).toBe(0x01);
    expect(Array.from(parseVerifierKey(vkey).publicKey)).toEqual(Array.from(raw));
  });

  it('parses a vkey whose base64 key contains a plus sign', () => {
    let raw = nodeKeyPair().raw;
    while (!formatVerifierKey('n', raw).split('+').slice(2).join('+').includes('+')) raw = nodeKeyPair().raw;
    expect(Array.from(parseVerifierKey(formatVerifierKey('n', raw)).publicKey)).toEqual(Array.from(raw));
  });

  it('rejects a vkey whose id does not match', () => {
    const { raw } = nodeKeyPair();
    const [name, , ...key] = formatVerifierKey('example.com/log', raw).split('+');
    expect(() => parseVerifierKey(`${name}+00000000+${key.join('+')}`)).toThrow(/key id/);
  });

  it('rejects key names with spaces or plus signs', () => {
    const { raw } = nodeKeyPair();
    expect(() => noteKeyId('bad name', raw)).toThrow(/without spaces/);
    expect(() => noteKeyId('bad+name', raw)).toThrow(/without spaces/);
  });
});

describe('checkpoint note signed with Node crypto', () => {
  it('parses and verifies', () => {
    const { privateKey, raw } = nodeKeyPair();
    const origin = 'breakglass-vault/5c1d2f7e-0000-4000-8000-000000000001';
    const root = createHash('sha256').update('root').digest();
    const body = `${origin}\n42\n${root.toString('base64')}\n`;

    // Signature line assembled by hand: em dash, space, name, space, base64(key id || signature).
    const keyId = createHash('sha256').update(Buffer.concat([Buffer.from(origin), Buffer.from([0x0a, 0x01]), raw])).digest().subarray(0, 4);
    const signature = nodeSign(null, Buffer.from(body), privateKey);
    const note = `${body}\n\u2014 ${origin} ${Buffer.concat([keyId, signature]).toString('base64')}\n`;

    const parsed = parseCheckpoint(note);
    expect(parsed.origin).toBe(origin);
    expect(parsed.size).toBe(42);
    expect(Buffer.from(parsed.rootHash).equals(root)).toBe(true);
    expect(verifyNoteSignature(parsed.note.body, parsed.note.signatures[0]!, { name: origin, publicKey: raw })).toBe(true);
    expect(verifyNoteSignature(parsed.note.body.replace('42', '43'), parsed.note.signatures[0]!, { name: origin, publicKey: raw })).toBe(false);
  });

  it('produces the same signature line as the device signer', () => {
    const pair = generateSigningKeyPair();
    const origin = 'breakglass-vault/test';
    const device = deviceSignerFromSecretKey(origin, pair.secretKey);
    const note = signCheckpoint(device, origin, 7, new Uint8Array(32).fill(9));
    expect(note).toBe(`${origin}\n7\n${Buffer.alloc(32, 9).toString('base64')}\n\n${note.split('\n\n')[1]}`);
    const line = parseNote(note).signatures[0]!;
    expect(line.line.startsWith('\u2014 breakglass-vault/test ')).toBe(true);
    expect(verifyNoteSignature(parseNote(note).body, line, { name: origin, publicKey: pair.publicKey })).toBe(true);
  });
});

describe('cosignature', () => {
  it('adds a custodian line that verifies under the custodian name', () => {
    const device = generateSigningKeyPair();
    const custodian = generateSigningKeyPair();
    const origin = 'breakglass-vault/v1';
    const note = signCheckpoint(deviceSignerFromSecretKey(origin, device.secretKey), origin, 3, new Uint8Array(32));
    const name = `${origin}/custodian/alice`;
    const line = cosignCheckpoint(note, name, custodian.secretKey);
    const cosigned = `${note}${line}\n`;
    const parsed = parseNote(cosigned);
    expect(parsed.signatures.map((signature) => signature.name)).toEqual([origin, name]);
    expect(verifyNoteSignature(parsed.body, parsed.signatures[1]!, { name, publicKey: custodian.publicKey })).toBe(true);
    expect(verifyNoteSignature(parsed.body, parsed.signatures[1]!, { name, publicKey: device.publicKey })).toBe(false);
  });
});

describe('strict parsing', () => {
  const root = Buffer.alloc(32, 1).toString('base64');
  it.each([
    ['missing trailing newline', `o\n1\n${root}`],
    ['extension line', `o\n1\n${root}\nextra\n`],
    ['leading zero size', `o\n01\n${root}\n`],
    ['negative size', `o\n-1\n${root}\n`],
    ['short root', `o\n1\n${Buffer.alloc(31).toString('base64')}\n`],
    ['non-canonical base64 root', `o\n1\n${root.slice(0, -2)}F=\n`],
    ['empty origin', `\n1\n${root}\n`],
  ])('rejects a checkpoint body with %s', (_case, body) => {
    expect(() => parseCheckpointBody(body)).toThrow();
  });

  it.each([
    ['no dash', 'x name AAAA'],
    ['hyphen instead of em dash', '- name AAAA'],
    ['two spaces', '\u2014 name  AAAA'],
    ['short signature', '\u2014 name AAAA'],
  ])('rejects a signature line with %s', (_case, line) => {
    expect(() => parseSignatureLine(line)).toThrow();
  });

  it('rejects a note without signatures', () => {
    expect(() => parseNote(`o\n1\n${root}\n\n`)).toThrow(/no signature/);
  });

  it('formats a body with decimal size and base64 root', () => {
    expect(formatCheckpointBody('o', 10, Buffer.alloc(32, 1))).toBe(`o\n10\n${root}\n`);
  });
});
