// Where the device's Ed25519 checkpoint-signing key lives. The desktop app keeps it encrypted by
// the OS keychain (Electron safeStorage); the CLI and tests keep it in a file beside the vault with
// mode 0600, protected only by file permissions (see docs/SECURITY.md). The key never enters the
// vault file, so an edited vault cannot re-sign its own checkpoints.
import { chmodSync, existsSync, readFileSync, writeFileSync } from 'node:fs';

export interface DeviceKeyStore {
  /** Returns the 64-byte Ed25519 secret key, or null when none was saved yet. */
  load(): Uint8Array | null;
  save(secretKey: Uint8Array): void;
  /** Plain description of the protection, for status output and the one-time warning. */
  describe(): string;
}

const FILE_MAGIC = 'breakglass-device-key-v1\n';

/** File-backed store for the CLI and tests: `<vault path>.device-key`, mode 0600. */
export class FileDeviceKeyStore implements DeviceKeyStore {
  constructor(readonly path: string) {}

  load(): Uint8Array | null {
    if (!existsSync(this.path)) return null;
    const text = readFileSync(this.path, 'utf8');
    if (!text.startsWith(FILE_MAGIC)) throw new Error(`device key file ${this.path} is not a breakglass device key`);
    const bytes = new Uint8Array(Buffer.from(text.slice(FILE_MAGIC.length).trim(), 'base64'));
    if (bytes.length !== 64) throw new Error(`device key file ${this.path} has the wrong length`);
    return bytes;
  }

  save(secretKey: Uint8Array): void {
    writeFileSync(this.path, `${FILE_MAGIC}${Buffer.from(secretKey).toString('base64')}\n`, { mode: 0o600, flag: 'wx' });
    chmodSync(this.path, 0o600);
  }

  describe(): string {
    return `file ${this.path} (mode 0600, protected only by file-system permissions; the desktop app uses the OS keychain instead)`;
  }
}

export function defaultDeviceKeyPath(vaultPath: string): string {
  return `${vaultPath}.device-key`;
}
