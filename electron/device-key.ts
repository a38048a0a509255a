// The desktop app's DeviceKeyStore. The device's Ed25519 secret key (it signs checkpoints) is
// encrypted with Electron safeStorage, that is the OS keychain: Keychain on macOS, DPAPI on
// Windows, libsecret or KWallet on Linux. It is stored in `<vault>.device-key.safestorage`, mode 0600.
//
// Decision when no keychain is available: safeStorage is unavailable, or it uses Linux's
// 'basic_text' backend, whose key is a fixed constant. By default the app then falls back to the
// CLI's file store (`<vault>.device-key`, mode 0600, file permissions only) and shows a warning at
// start. A break-glass vault must still open on a minimal offline machine during an outage, and
// the device key protects log integrity since the last cosigned checkpoint, not any credential.
// `"requireKeychain": true` in settings.json turns the fallback into a refusal to start.
//
// The safeStorage API is injected (`StringCipher`) so this module runs in Node tests.
import { chmodSync, existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { FileDeviceKeyStore, defaultDeviceKeyPath, type DeviceKeyStore } from '../shared/service/device-key-store.js';
import { VaultError } from '../shared/util/errors.js';

/** The part of Electron's `safeStorage` this store uses. */
export interface StringCipher {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  /** Exists on Linux only. Elsewhere it is absent or returns 'unknown'. */
  getSelectedStorageBackend?(): string;
}

/** First line of the encrypted key file. Format version 1: this line, then base64 of the ciphertext. */
export const KEYCHAIN_FILE_MAGIC = 'breakglass-device-key-safestorage-v1\n';
export const KEYCHAIN_FILE_SUFFIX = '.safestorage';
const ED25519_SECRET_KEY_BYTES = 64;
/** safeStorage on Linux without a keyring encrypts with a hard-coded password: no protection. */
const UNPROTECTED_BACKENDS = new Set(['basic_text']);

export function keychainDeviceKeyPath(vaultPath: string): string {
  return `${defaultDeviceKeyPath(vaultPath)}${KEYCHAIN_FILE_SUFFIX}`;
}

/** True when `cipher` encrypts under a key held by the OS keychain. */
export function isKeychainProtected(cipher: StringCipher): boolean {
  if (!cipher.isEncryptionAvailable()) return false;
  const backend = cipher.getSelectedStorageBackend?.();
  return backend === undefined || !UNPROTECTED_BACKENDS.has(backend);
}

/** Device key encrypted by the OS keychain, beside the vault. */
export class KeychainDeviceKeyStore implements DeviceKeyStore {
  readonly path: string;
  private readonly legacyFile: FileDeviceKeyStore;

  constructor(
    vaultPath: string,
    private readonly cipher: StringCipher,
  ) {
    this.path = keychainDeviceKeyPath(vaultPath);
    this.legacyFile = new FileDeviceKeyStore(defaultDeviceKeyPath(vaultPath));
  }

  load(): Uint8Array | null {
    if (!existsSync(this.path)) {
      // A vault created by the CLI keeps its key in the plain file store, which is read as it is.
      return this.legacyFile.load();
    }

    const text = readFileSync(this.path, 'utf8');
    if (!text.startsWith(KEYCHAIN_FILE_MAGIC)) {
      throw new VaultError('corrupt-vault', `The device key file ${this.path} is not a breakglass device key file. Restore it from backup.`);
    }

    let keyBase64: string;
    try {
      keyBase64 = this.cipher.decryptString(Buffer.from(text.slice(KEYCHAIN_FILE_MAGIC.length).trim(), 'base64'));
    } catch (error) {
      throw new VaultError(
        'io-error',
        `The OS keychain could not decrypt the device key in ${this.path}. Unlock the keychain of the user who created the vault and start the app again.`,
        { cause: error },
      );
    }

    const secretKey = new Uint8Array(Buffer.from(keyBase64, 'base64'));
    if (secretKey.length !== ED25519_SECRET_KEY_BYTES) {
      throw new VaultError('corrupt-vault', `The device key in ${this.path} has the wrong length. Restore it from backup.`);
    }
    return secretKey;
  }

  save(secretKey: Uint8Array): void {
    if (secretKey.length !== ED25519_SECRET_KEY_BYTES) {
      throw new VaultError('invalid-input', `A device secret key must be ${ED25519_SECRET_KEY_BYTES} bytes.`);
    }

    // NOTE: safeStorage takes a string, so the key exists briefly as a base64 string that cannot be wiped.
    const encrypted = this.cipher.encryptString(Buffer.from(secretKey).toString('base64'));
    const temporary = `${this.path}.tmp`;
    writeFileSync(temporary, `${KEYCHAIN_FILE_MAGIC}${encrypted.toString('base64')}\n`, { mode: 0o600 });
    chmodSync(temporary, 0o600);
    renameSync(temporary, this.path);
  }

  describe(): string {
    return `file ${this.path}, encrypted by the OS keychain (Electron safeStorage)`;
  }
}

export type DeviceKeyChoice =
  | { kind: 'keychain'; store: DeviceKeyStore }
  | { kind: 'file-fallback'; store: DeviceKeyStore; warning: string }
  | { kind: 'refused'; message: string };

/** Picks the device key store for this machine, following the decision in the file header. */
export function chooseDeviceKeyStore(vaultPath: string, cipher: StringCipher, options: { requireKeychain: boolean }): DeviceKeyChoice {
  if (isKeychainProtected(cipher)) return { kind: 'keychain', store: new KeychainDeviceKeyStore(vaultPath, cipher) };

  if (options.requireKeychain) {
    return {
      kind: 'refused',
      message:
        'No OS keychain is available to protect the device key, and settings.json sets "requireKeychain": true. Unlock or install a keychain (on Linux: GNOME Keyring or KWallet), or set "requireKeychain": false, then start the app again.',
    };
  }

  const store = new FileDeviceKeyStore(defaultDeviceKeyPath(vaultPath));
  return {
    kind: 'file-fallback',
    store,
    warning: `No OS keychain is available, so the device key that signs checkpoints is kept in ${store.path} and protected only by file permissions (mode 0600). Anyone who can read that file can sign checkpoints for this vault. Credentials stay protected by the custodian quorum.`,
  };
}
