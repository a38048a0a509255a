// Session keys of ceremonies. Each request creates an X25519 key pair; approvers' shares are
// sealed to its public key (crypto_box_seal) and stored in the vault until the ceremony seals. The
// secret key never enters the vault file: the desktop app keeps it in memory only, and the CLI,
// whose commands run as separate processes on the vault's machine, keeps it in a 0600 file beside
// the vault that is deleted when the ceremony seals. A copy of the vault file alone therefore
// opens nothing, even mid-ceremony.
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fromBase64, toBase64, wipe } from '../util/bytes.js';

export interface SessionKeyStore {
  save(ceremonyId: string, secretKey: Uint8Array): void;
  /** Returns a copy of the secret key, or null when this machine or process does not hold it. */
  load(ceremonyId: string): Uint8Array | null;
  /** Forgets the key (wipes memory, deletes the file). */
  drop(ceremonyId: string): void;
  dropAll(): void;
}

export class MemorySessionKeyStore implements SessionKeyStore {
  private readonly keys = new Map<string, Uint8Array>();

  save(ceremonyId: string, secretKey: Uint8Array): void {
    this.keys.set(ceremonyId, Uint8Array.from(secretKey));
  }

  load(ceremonyId: string): Uint8Array | null {
    const key = this.keys.get(ceremonyId);
    return key ? Uint8Array.from(key) : null;
  }

  drop(ceremonyId: string): void {
    wipe(this.keys.get(ceremonyId));
    this.keys.delete(ceremonyId);
  }

  dropAll(): void {
    for (const id of [...this.keys.keys()]) this.drop(id);
  }
}

const SESSION_FILE_MAGIC = 'breakglass-session-key-v1';

export class FileSessionKeyStore implements SessionKeyStore {
  constructor(private readonly vaultPath: string) {}

  private pathFor(ceremonyId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(ceremonyId)) throw new Error('invalid ceremony id');
    return `${this.vaultPath}.session-${ceremonyId}`;
  }

  save(ceremonyId: string, secretKey: Uint8Array): void {
    writeFileSync(this.pathFor(ceremonyId), `${SESSION_FILE_MAGIC}\n${toBase64(secretKey)}\n`, { mode: 0o600, flag: 'wx' });
  }

  load(ceremonyId: string): Uint8Array | null {
    const path = this.pathFor(ceremonyId);
    if (!existsSync(path)) return null;
    const [magic, key] = readFileSync(path, 'utf8').split('\n');
    if (magic !== SESSION_FILE_MAGIC || !key) return null;
    return fromBase64(key, 'session key file');
  }

  drop(ceremonyId: string): void {
    rmSync(this.pathFor(ceremonyId), { force: true });
  }

  dropAll(): void {
    // Files are dropped per ceremony when it seals; nothing is held in memory.
  }
}
