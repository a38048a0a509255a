// Opening the vault's single SQLite file (better-sqlite3): WAL journal, foreign keys on, schema
// migrations in transactions, and plain VaultErrors for a file that is not a vault, a corrupted
// file, a newer format and a file locked by another writer. Invariant: a returned connection is
// open on a healthy vault file at this build's schema version, and this process can write to it.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { createLogger } from '../util/logger.js';
import { VaultError } from '../util/errors.js';
import { MIGRATIONS, SCHEMA_VERSION, VAULT_APPLICATION_ID } from './migrations.js';

export type VaultDb = Database.Database;

/** How long a statement waits for another connection's write lock before 'vault-locked'. */
export const DEFAULT_BUSY_TIMEOUT_MS = 2000;

const log = createLogger('vault-db');

export interface OpenVaultDbOptions {
  /** true: create a new vault file (fails if a non-empty file exists); false: open an existing one. */
  create: boolean;
  busyTimeoutMs?: number;
}

function sqliteCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : undefined;
}

/**
 * Converts a better-sqlite3 error into a VaultError with a plain message; returns other errors
 * unchanged. Callers use it around their own statements too.
 */
export function mapSqliteError(error: unknown, path: string): unknown {
  if (error instanceof VaultError) return error;
  const code = sqliteCode(error);
  if (code === undefined || !code.startsWith('SQLITE_')) return error;
  if (code === 'SQLITE_NOTADB') {
    return new VaultError('not-a-vault', `${path} is not a vault file (not an SQLite database); choose the vault file the app created`, { cause: error });
  }
  if (code.startsWith('SQLITE_CORRUPT')) {
    return new VaultError('corrupt-vault', `vault file ${path} is corrupted; restore it from a backup`, { cause: error });
  }
  if (code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED')) {
    return new VaultError('vault-locked', `vault file ${path} is locked by another process or window; close it there and try again`, { cause: error });
  }
  if (code === 'SQLITE_FULL') {
    return new VaultError('io-error', `the disk holding ${path} is full; free some space and try again (nothing was written)`, { cause: error });
  }
  if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN') || code.startsWith('SQLITE_READONLY') || code === 'SQLITE_PERM') {
    return new VaultError('io-error', `cannot read or write vault file ${path} (${code}); check the file's location and permissions`, { cause: error });
  }
  return error;
}

function checkIdentity(db: VaultDb, path: string, create: boolean): number {
  const applicationId = db.pragma('application_id', { simple: true }) as number;
  const userVersion = db.pragma('user_version', { simple: true }) as number;
  if (applicationId !== VAULT_APPLICATION_ID) {
    const tableCount = (db.prepare("SELECT count(*) AS n FROM sqlite_schema").get() as { n: number }).n;
    if (!(create && applicationId === 0 && userVersion === 0 && tableCount === 0)) {
      throw new VaultError('not-a-vault', `${path} is an SQLite database but not a vault file; choose the vault file the app created`);
    }
  }
  if (userVersion > SCHEMA_VERSION) {
    throw new VaultError('newer-format', `vault file ${path} has format version ${userVersion}, newer than version ${SCHEMA_VERSION} this app reads; update the app`);
  }
  return userVersion;
}

function checkIntegrity(db: VaultDb, path: string): void {
  const rows = db.pragma('quick_check') as Array<{ quick_check: string }>;
  if (rows.length !== 1 || rows[0]?.quick_check !== 'ok') {
    throw new VaultError('corrupt-vault', `vault file ${path} failed the SQLite integrity check; restore it from a backup`);
  }
}

function migrate(db: VaultDb, from: number): void {
  for (const migration of MIGRATIONS) {
    if (migration.version <= from) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)').run(migration.version, new Date().toISOString());
      db.pragma(`user_version = ${migration.version}`);
    }).immediate();
    log.info('migration applied', { version: migration.version });
  }
}

/** Takes and releases the write lock, so a file locked by another writer is reported at open. */
function probeWriteLock(db: VaultDb): void {
  db.transaction(() => undefined).immediate();
}

/**
 * Inside Electron, better-sqlite3 needs a build for Electron's ABI: the main process points
 * BREAKGLASS_SQLITE_BINDING at it. Node (CLI, tests) uses the package's own build.
 */
function nativeBindingOption(): { nativeBinding?: string } {
  const binding = process.env['BREAKGLASS_SQLITE_BINDING'];
  return binding ? { nativeBinding: binding } : {};
}

/**
 * Opens (or creates) a vault file. Throws VaultError: 'not-found' (no file and create false),
 * 'vault-exists' (create true but a non-empty file exists), 'not-a-vault', 'corrupt-vault',
 * 'newer-format', 'vault-locked', 'io-error'.
 */
export function openVaultDb(path: string, options: OpenVaultDbOptions): VaultDb {
  const exists = fs.existsSync(path);
  if (options.create && exists && fs.statSync(path).size > 0) {
    throw new VaultError('vault-exists', `a file already exists at ${path}; choose another location or open the existing vault`);
  }
  if (!options.create && !exists) {
    throw new VaultError('not-found', `no vault file at ${path}; check the path or create a vault`);
  }

  let db: VaultDb | undefined;
  try {
    db = new Database(path, { fileMustExist: !options.create, timeout: options.busyTimeoutMs ?? DEFAULT_BUSY_TIMEOUT_MS, ...nativeBindingOption() });
    const userVersion = checkIdentity(db, path, options.create);
    if (!options.create) checkIntegrity(db, path);
    db.pragma('journal_mode = WAL');
    db.pragma('foreign_keys = ON');
    db.pragma('synchronous = FULL');
    // Deleted rows (sealed session shares after a ceremony seals) are overwritten, not left in free pages.
    db.pragma('secure_delete = ON');
    if (userVersion < SCHEMA_VERSION) migrate(db, userVersion);
    else probeWriteLock(db);
    log.info('vault file opened', { schemaVersion: SCHEMA_VERSION });
    return db;
  } catch (error) {
    db?.close();
    const mapped = mapSqliteError(error, path);
    log.warn('vault file open failed', { code: mapped instanceof VaultError ? mapped.code : 'unexpected' });
    throw mapped;
  }
}
