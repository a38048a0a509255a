// Session keys of ceremonies. Each request creates an X25519 key pair; approvers' shares are
// sealed to its public key (crypto_box_seal) and stored in the vault until the ceremony seals. The
// secret key never enters the vault file. The desktop app keeps it in memory only. The CLI runs
// each command as a separate process, so it keeps the key in a 0600 file in a per-user 0700
// folder outside the vault's folder ($XDG_RUNTIME_DIR, else the system temp folder), deleted when
// the ceremony seals. A copy of the vault's folder therefore opens nothing, even mid-ceremony.
import { createHash } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join, resolve } from 'node:path';
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

/** Per-user folder for CLI session keys: $XDG_RUNTIME_DIR (a per-user tmpfs on Linux), else the temp folder. */
export function sessionKeyFolder(env: NodeJS.ProcessEnv = process.env): string {
  const base = env['XDG_RUNTIME_DIR'] || tmpdir();
  return join(base, `breakglass-sessions-${userInfo().uid}`);
}

export class FileSessionKeyStore implements SessionKeyStore {
  private readonly folder: string;
  private readonly vaultTag: string;

  constructor(vaultPath: string, folder: string = sessionKeyFolder()) {
    this.folder = folder;
    // Files are named after the vault's absolute path, so two vaults never share a session key.
    this.vaultTag = createHash('sha256').update(resolve(vaultPath)).digest('hex').slice(0, 16);
  }

  /** Path of the session key file of one ceremony. */
  pathFor(ceremonyId: string): string {
    if (!/^[0-9a-f-]{36}$/.test(ceremonyId)) throw new Error('invalid ceremony id');
    return join(this.folder, `${this.vaultTag}-${ceremonyId}.key`);
  }

  save(ceremonyId: string, secretKey: Uint8Array): void {
    mkdirSync(this.folder, { recursive: true, mode: 0o700 });
    chmodSync(this.folder, 0o700);
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
