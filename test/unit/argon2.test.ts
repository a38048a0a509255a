import { describe, expect, it } from 'vitest';
import { DEFAULT_KDF, deriveKitKey, deriveKitKeyWithLibsodium, normalisePassphrase, validateKdf } from '../../shared/crypto/argon2.js';
import { toHex } from '../../shared/util/bytes.js';
import { VaultError } from '../../shared/util/errors.js';
import { TEST_KDF } from './helpers/vault-fixture.js';

const SALT = Uint8Array.from({ length: 16 }, (_, i) => i);

describe('argon2id kit key', () => {
  // Expected keys computed once with libsodium-wrappers-sumo 0.8 crypto_pwhash (ALG_ARGON2ID13) and hard-coded.
  const vectors = [
    { passphrase: 'correct horse battery staple', salt: SALT, iterations: 1, key: '9aeef75313e585f492c33c5e12d82e9ad253b7dd78632d537e899cd4eddd789c' },
    { passphrase: 'password', salt: new Uint8Array(16).fill(2), iterations: 2, key: '3c5fbd6083bd67cad5de2a3e10ca0719d6b743e9496c859b41b4ad0d7f316545' },
  ];

  it.each(vectors)('matches the known answer for "$passphrase" t=$iterations', async ({ passphrase, salt, iterations, key }) => {
    const kdf = { ...TEST_KDF, iterations };
    expect(toHex(await deriveKitKey(passphrase, salt, kdf))).toBe(key);
    expect(toHex(await deriveKitKeyWithLibsodium(passphrase, salt, kdf))).toBe(key);
  });

  it('gives the same key for NFKC-equivalent passphrases', async () => {
    const composed = 'Ångström ﬁle';
    const other = 'A\u030Angstro\u0308m file';
    expect(composed).not.toBe(other);
    expect(toHex(normalisePassphrase(composed))).toBe(toHex(normalisePassphrase(other)));
    expect(toHex(await deriveKitKey(composed, SALT, TEST_KDF))).toBe(toHex(await deriveKitKey(other, SALT, TEST_KDF)));
  });

  it('runs off the calling thread', async () => {
    let ticks = 0;
    const timer = setInterval(() => ticks++, 1);
    await deriveKitKey('x', SALT, { ...TEST_KDF, memoryKiB: 64 * 1024, iterations: 2 });
    clearInterval(timer);
    expect(ticks).toBeGreaterThan(0);
  });

  it('keeps the production default at 256 MiB or more', () => {
    expect(DEFAULT_KDF.memoryKiB).toBeGreaterThanOrEqual(256 * 1024);
    expect(validateKdf(DEFAULT_KDF)).toEqual(DEFAULT_KDF);
  });

  const bad: Array<[string, { memoryKiB: number; iterations: number; parallelism?: number; alg?: string }, RegExp]> = [
    ['memory below 8 MiB', { memoryKiB: 8191, iterations: 1 }, /KDF memory 8191 KiB is invalid/],
    ['memory not whole', { memoryKiB: 8192.5, iterations: 1 }, /KDF memory 8192.5 KiB is invalid/],
    ['memory above 4 GiB', { memoryKiB: 4 * 1024 * 1024 + 1, iterations: 1 }, /KDF memory 4194305 KiB is invalid/],
    ['iterations below 1', { memoryKiB: 8192, iterations: 0 }, /KDF iterations 0 is invalid/],
    ['iterations above 64', { memoryKiB: 8192, iterations: 65 }, /KDF iterations 65 is invalid/],
    ['parallelism 2', { memoryKiB: 8192, iterations: 1, parallelism: 2 }, /KDF parallelism 2 is not supported/],
    ['another algorithm', { memoryKiB: 8192, iterations: 1, alg: 'scrypt' }, /KDF algorithm "scrypt" is not supported/],
  ];
  it.each(bad)('rejects %s', (_name, kdf, message) => {
    let caught: unknown;
    try {
      validateKdf(kdf);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(VaultError);
    expect((caught as VaultError).code).toBe('invalid-input');
    expect((caught as VaultError).message).toMatch(message);
  });

  it('rejects a salt of the wrong length', async () => {
    await expect(deriveKitKey('x', new Uint8Array(15), TEST_KDF)).rejects.toThrow(/KDF salt must be 16 bytes, got 15/);
  });
});
