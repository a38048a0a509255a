import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { loadSodium } from '../../shared/crypto/sodium.js';
import { toHex } from '../../shared/util/bytes.js';
import { VaultError } from '../../shared/util/errors.js';
import { createRekeyMaterial, createVaultMaterial, type VaultMaterial } from '../../shared/vault/create.js';
import { mapSqliteError, openVaultDb, type VaultDb } from '../../shared/vault/db.js';
import { activateEpoch, deletePendingEpoch, getActiveEpoch, getEpoch, getPendingEpoch, getVaultMeta, insertEpoch, insertGenesisSignature, insertVaultMeta, listEpochs, listGenesisSignatures } from '../../shared/vault/epochs-repo.js';
import { signGenesis } from '../../shared/vault/genesis.js';
import { MIGRATIONS, SCHEMA_VERSION, VAULT_APPLICATION_ID } from '../../shared/vault/migrations.js';
import { crossFunctionPolicy, makePeople, TEST_KDF, type Fixture } from './helpers/vault-fixture.js';

function expectVaultError(action: () => unknown, code: string, message: RegExp): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(VaultError);
  expect((caught as VaultError).code).toBe(code);
  expect((caught as VaultError).message).toMatch(message);
}

let dir: string;
let fixture: Fixture;
let material: VaultMaterial;
const open: VaultDb[] = [];

function track(db: VaultDb): VaultDb {
  open.push(db);
  return db;
}

/** Creates a vault file with epoch 1 and returns its path. */
function createVaultFile(name = 'vault.db'): string {
  const file = path.join(dir, name);
  const db = openVaultDb(file, { create: true });
  insertVaultMeta(db, { vaultId: material.header.vaultId, name: material.header.name, createdAt: material.header.createdAt });
  insertEpoch(db, { header: material.header, headerMac: material.headerMac, encryptedVaultSecretKey: material.encryptedVaultSecretKey, status: 'active' });
  db.close();
  return file;
}

beforeAll(async () => {
  await loadSodium();
  fixture = await makePeople();
  material = await createVaultMaterial({ name: 'Store test', people: fixture.people, policies: [crossFunctionPolicy('standard', 1)], kdf: TEST_KDF, devicePublicKey: fixture.devicePublicKey });
});

beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-store-'));
});

afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('openVaultDb', () => {
  it('creates a vault file with WAL, foreign keys and the schema version', () => {
    const file = path.join(dir, 'new.db');
    const db = track(openVaultDb(file, { create: true }));
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(db.pragma('foreign_keys', { simple: true })).toBe(1);
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
    expect(db.pragma('application_id', { simple: true })).toBe(VAULT_APPLICATION_ID);
    const tables = (db.prepare("SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name);
    expect(tables).toEqual(expect.arrayContaining(['vault_meta', 'schema_migrations', 'epochs', 'genesis_signatures', 'credentials', 'credential_versions', 'credential_seals']));
    expect(db.prepare('SELECT version FROM schema_migrations').all()).toEqual([{ version: 1 }]);
  });

  it('reopens an existing vault file', () => {
    const file = createVaultFile();
    const db = track(openVaultDb(file, { create: false }));
    expect(getVaultMeta(db)).toEqual({ vaultId: material.header.vaultId, name: 'Store test', createdAt: material.header.createdAt });
    expect(getActiveEpoch(db).header).toEqual(material.header);
  });

  it('rejects a missing file and an existing file on create', () => {
    expectVaultError(() => openVaultDb(path.join(dir, 'missing.db'), { create: false }), 'not-found', /no vault file at .*missing\.db; check the path or create a vault/);
    const file = createVaultFile();
    expectVaultError(() => openVaultDb(file, { create: true }), 'vault-exists', /a file already exists at .*vault\.db; choose another location/);
  });

  it('rejects a file that is not a database', () => {
    const file = path.join(dir, 'notes.txt');
    fs.writeFileSync(file, 'these are not the droids\n'.repeat(200));
    expectVaultError(() => openVaultDb(file, { create: false }), 'not-a-vault', /notes\.txt is not a vault file \(not an SQLite database\)/);
  });

  it('rejects an SQLite database of another application', () => {
    const file = path.join(dir, 'other.db');
    const other = new Database(file);
    other.exec('CREATE TABLE t (x)');
    other.close();
    expectVaultError(() => openVaultDb(file, { create: false }), 'not-a-vault', /other\.db is an SQLite database but not a vault file/);
    expectVaultError(() => openVaultDb(path.join(dir, 'empty.db'), { create: false }), 'not-found', /no vault file/);
    fs.writeFileSync(path.join(dir, 'empty.db'), '');
    expectVaultError(() => openVaultDb(path.join(dir, 'empty.db'), { create: false }), 'not-a-vault', /empty\.db is an SQLite database but not a vault file/);
  });

  it('rejects a newer format version', () => {
    const file = createVaultFile();
    const raw = new Database(file);
    raw.pragma(`user_version = ${SCHEMA_VERSION + 1}`);
    raw.close();
    expectVaultError(() => openVaultDb(file, { create: false }), 'newer-format', new RegExp(`has format version ${SCHEMA_VERSION + 1}, newer than version ${SCHEMA_VERSION} this app reads; update the app`));
  });

  it('rejects a corrupted file', () => {
    const file = createVaultFile();
    const bytes = fs.readFileSync(file);
    expect(bytes.length).toBeGreaterThan(4096 * 3);
    // Overwrite the second page (a b-tree page) with garbage, keeping the database header intact.
    bytes.fill(0xa5, 4096, 8192);
    fs.writeFileSync(file, bytes);
    expectVaultError(() => openVaultDb(file, { create: false }), 'corrupt-vault', /vault file .*vault\.db (is corrupted|failed the SQLite integrity check); restore it from a backup/);
  });

  it('rejects a truncated file', () => {
    const file = createVaultFile();
    const bytes = fs.readFileSync(file);
    fs.writeFileSync(file, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expectVaultError(() => openVaultDb(file, { create: false }), 'corrupt-vault', /restore it from a backup/);
    fs.writeFileSync(file, bytes.subarray(0, 50));
    expectVaultError(() => openVaultDb(file, { create: false }), 'corrupt-vault', /restore it from a backup/);
  });

  it('rejects a file locked by another writer', () => {
    const file = createVaultFile();
    const holder = track(new Database(file));
    holder.exec('BEGIN IMMEDIATE');
    expectVaultError(() => openVaultDb(file, { create: false, busyTimeoutMs: 100 }), 'vault-locked', /vault file .*vault\.db is locked by another process or window; close it there and try again/);
    holder.exec('ROLLBACK');
    track(openVaultDb(file, { create: false }));
  });

  it('reports a lock met during a write', () => {
    const file = createVaultFile();
    const db = track(openVaultDb(file, { create: false, busyTimeoutMs: 50 }));
    const holder = track(new Database(file));
    holder.exec('BEGIN IMMEDIATE');
    let caught: unknown;
    try {
      insertGenesisSignature(db, { epoch: 1, personId: 'ida', signature: new Uint8Array(64), signedAt: 'now' });
    } catch (error) {
      caught = mapSqliteError(error, file);
    }
    expect((caught as VaultError).code).toBe('vault-locked');
    holder.exec('ROLLBACK');
  });

  it('migrates a version-0 vault file', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual([1]);
    const file = path.join(dir, 'partial.db');
    // A file created by this app whose migration 1 never committed is still version 0 and empty.
    const raw = new Database(file);
    raw.pragma(`application_id = ${VAULT_APPLICATION_ID}`);
    raw.close();
    const db = track(openVaultDb(file, { create: false }));
    expect(db.pragma('user_version', { simple: true })).toBe(SCHEMA_VERSION);
  });

  it('rolls back a failed migration', () => {
    const file = path.join(dir, 'clash.db');
    // A table that migration 1 also creates makes it fail halfway through.
    const raw = new Database(file);
    raw.pragma(`application_id = ${VAULT_APPLICATION_ID}`);
    raw.exec('CREATE TABLE credentials (x)');
    raw.close();
    expect(() => openVaultDb(file, { create: false })).toThrow(/table credentials already exists/);
    const after = new Database(file);
    expect(after.pragma('user_version', { simple: true })).toBe(0);
    expect(after.prepare("SELECT name FROM sqlite_schema WHERE name IN ('vault_meta', 'epochs')").all()).toEqual([]);
    after.close();
  });
});

describe('epoch repository', () => {
  it('stores a pending rekey, activates it and erases the retired key', async () => {
    const db = track(openVaultDb(createVaultFile(), { create: false }));
    const rekey = await createRekeyMaterial({ previousHeader: material.header, people: fixture.people, policies: [crossFunctionPolicy('standard', 2)] });
    db.transaction(() => insertEpoch(db, { header: rekey.header, headerMac: rekey.headerMac, encryptedVaultSecretKey: rekey.encryptedVaultSecretKey, status: 'pending' }))();
    expect(getPendingEpoch(db)?.epoch).toBe(2);
    expect(getActiveEpoch(db).epoch).toBe(1);
    expect(toHex(getEpoch(db, 2)!.headerMac)).toBe(toHex(rekey.headerMac));

    expectVaultError(() => insertEpoch(db, { header: rekey.header, headerMac: rekey.headerMac, encryptedVaultSecretKey: rekey.encryptedVaultSecretKey, status: 'pending' }), 'wrong-state', /epoch 2 is already stored in this vault file/);
    expectVaultError(() => activateEpoch(db, 1), 'wrong-state', /epoch 1 is not a pending rekey, so it cannot be activated/);

    activateEpoch(db, 2, '2026-02-01T00:00:00.000Z');
    expect(getActiveEpoch(db).epoch).toBe(2);
    expect(getPendingEpoch(db)).toBeNull();
    const retired = getEpoch(db, 1)!;
    expect(retired.status).toBe('retired');
    expect(retired.retiredAt).toBe('2026-02-01T00:00:00.000Z');
    expect(retired.encryptedVaultSecretKey).toBeNull();
    expect(listEpochs(db).map((e) => [e.epoch, e.status])).toEqual([[1, 'retired'], [2, 'active']]);
  });

  it('deletes an abandoned rekey', async () => {
    const db = track(openVaultDb(createVaultFile(), { create: false }));
    const rekey = await createRekeyMaterial({ previousHeader: material.header, people: fixture.people, policies: [crossFunctionPolicy('standard', 1)] });
    insertEpoch(db, { header: rekey.header, headerMac: rekey.headerMac, encryptedVaultSecretKey: rekey.encryptedVaultSecretKey, status: 'pending' });
    deletePendingEpoch(db, 2);
    expect(getPendingEpoch(db)).toBeNull();
    expectVaultError(() => deletePendingEpoch(db, 1), 'wrong-state', /epoch 1 is not a pending rekey, so it cannot be abandoned/);
  });

  it('stores genesis signatures', () => {
    const db = track(openVaultDb(createVaultFile(), { create: false }));
    const signature = signGenesis(material.header, fixture.keys.get('ida')!.secretKey);
    insertGenesisSignature(db, { epoch: 1, personId: 'ida', signature, signedAt: '2026-01-01T00:00:00.000Z' });
    expect(listGenesisSignatures(db, 1)).toEqual([{ epoch: 1, personId: 'ida', signature, signedAt: '2026-01-01T00:00:00.000Z' }]);
  });

  it('rejects a stored header that was modified', () => {
    const file = createVaultFile();
    const raw = new Database(file);
    raw.prepare('UPDATE epochs SET header_json = replace(header_json, ?, ?)').run('"name":"Store test"', '"name":"Store test!"');
    raw.close();
    const db = track(openVaultDb(file, { create: false }));
    expectVaultError(() => getActiveEpoch(db), 'corrupt-vault', /stored header of epoch 1 does not match its epoch number or hash/);
  });

  it('reports a file with no active epoch', () => {
    const db = track(openVaultDb(path.join(dir, 'blank.db'), { create: true }));
    expect(getVaultMeta(db)).toBeNull();
    expectVaultError(() => getActiveEpoch(db), 'not-found', /this vault file has no active epoch/);
  });
});
