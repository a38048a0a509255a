import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { FileDeviceKeyStore, defaultDeviceKeyPath } from '../../shared/service/device-key-store.js';
import { VaultError } from '../../shared/util/errors.js';
import {
  KEYCHAIN_FILE_MAGIC,
  KeychainDeviceKeyStore,
  chooseDeviceKeyStore,
  isKeychainProtected,
  keychainDeviceKeyPath,
  type StringCipher,
} from '../../electron/device-key.js';

/** Stand-in for Electron safeStorage: AES-256-GCM under a key that never touches the disk. */
class AesCipher implements StringCipher {
  private readonly key = randomBytes(32);
  constructor(
    private readonly available = true,
    private readonly backend?: string,
  ) {}
  isEncryptionAvailable(): boolean {
    return this.available;
  }
  getSelectedStorageBackend(): string {
    return this.backend ?? 'gnome_libsecret';
  }
  encryptString(plainText: string): Buffer {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plainText, 'utf8'), cipher.final()]);
    return Buffer.concat([iv, cipher.getAuthTag(), body]);
  }
  decryptString(encrypted: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, encrypted.subarray(0, 12));
    decipher.setAuthTag(encrypted.subarray(12, 28));
    return Buffer.concat([decipher.update(encrypted.subarray(28)), decipher.final()]).toString('utf8');
  }
}

let dir: string;
let vaultPath: string;
const secretKey = () => new Uint8Array(randomBytes(64));

beforeEach(() => {
  dir = mkdtempSync(path.join(os.tmpdir(), 'bg-device-key-'));
  vaultPath = path.join(dir, 'vault.bgvault');
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('isKeychainProtected', () => {
  it('accepts a real keychain backend', () => {
    expect(isKeychainProtected(new AesCipher(true, 'kwallet6'))).toBe(true);
  });

  it('rejects basic_text and unavailable encryption', () => {
    expect(isKeychainProtected(new AesCipher(true, 'basic_text'))).toBe(false);
    expect(isKeychainProtected(new AesCipher(false))).toBe(false);
  });

  it('accepts platforms without a backend query', () => {
    const cipher = new AesCipher(true);
    const withoutBackend: StringCipher = {
      isEncryptionAvailable: () => true,
      encryptString: (text) => cipher.encryptString(text),
      decryptString: (data) => cipher.decryptString(data),
    };
    expect(isKeychainProtected(withoutBackend)).toBe(true);
  });
});

describe('chooseDeviceKeyStore', () => {
  it('uses the keychain when available', () => {
    const choice = chooseDeviceKeyStore(vaultPath, new AesCipher(), { requireKeychain: true });
    expect(choice.kind).toBe('keychain');
  });

  it('falls back to the file store with a warning', () => {
    const choice = chooseDeviceKeyStore(vaultPath, new AesCipher(true, 'basic_text'), { requireKeychain: false });
    expect(choice.kind).toBe('file-fallback');
    if (choice.kind !== 'file-fallback') return;
    expect(choice.store).toBeInstanceOf(FileDeviceKeyStore);
    expect(choice.warning).toContain(defaultDeviceKeyPath(vaultPath));
  });

  it('rejects start when a keychain is required', () => {
    const choice = chooseDeviceKeyStore(vaultPath, new AesCipher(false), { requireKeychain: true });
    expect(choice.kind).toBe('refused');
    if (choice.kind === 'refused') expect(choice.message).toContain('requireKeychain');
  });
});

describe('KeychainDeviceKeyStore', () => {
  it('returns null before a key is saved', () => {
    expect(new KeychainDeviceKeyStore(vaultPath, new AesCipher()).load()).toBeNull();
  });

  it('round-trips the key through an encrypted 0600 file', () => {
    const cipher = new AesCipher();
    const store = new KeychainDeviceKeyStore(vaultPath, cipher);
    const key = secretKey();
    store.save(key);

    expect(store.load()).toEqual(key);
    const file = keychainDeviceKeyPath(vaultPath);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    const text = readFileSync(file, 'utf8');
    expect(text.startsWith(KEYCHAIN_FILE_MAGIC)).toBe(true);
    expect(text).not.toContain(Buffer.from(key).toString('base64'));
    expect(existsSync(`${file}.tmp`)).toBe(false);
  });

  it('a second save replaces the key', () => {
    const store = new KeychainDeviceKeyStore(vaultPath, new AesCipher());
    store.save(secretKey());
    const replacement = secretKey();
    store.save(replacement);
    expect(store.load()).toEqual(replacement);
  });

  it('reads a key the CLI stored in the plain file', () => {
    const key = secretKey();
    new FileDeviceKeyStore(defaultDeviceKeyPath(vaultPath)).save(key);
    expect(new KeychainDeviceKeyStore(vaultPath, new AesCipher()).load()).toEqual(key);
  });

  it('rejects a key of the wrong length', () => {
    const store = new KeychainDeviceKeyStore(vaultPath, new AesCipher());
    expect(() => store.save(new Uint8Array(32))).toThrow(VaultError);
  });

  it('reports a key the keychain cannot decrypt', () => {
    new KeychainDeviceKeyStore(vaultPath, new AesCipher()).save(secretKey());
    const otherUser = new KeychainDeviceKeyStore(vaultPath, new AesCipher());
    expect(() => otherUser.load()).toThrow(/could not decrypt the device key/);
    try {
      otherUser.load();
    } catch (error) {
      expect((error as VaultError).code).toBe('io-error');
    }
  });

  it('reports a file that is not a device key file', () => {
    writeFileSync(keychainDeviceKeyPath(vaultPath), 'something else\n');
    expect(() => new KeychainDeviceKeyStore(vaultPath, new AesCipher()).load()).toThrow(/not a breakglass device key file/);
  });

  it('describes its protection', () => {
    expect(new KeychainDeviceKeyStore(vaultPath, new AesCipher()).describe()).toContain('OS keychain');
  });
});
