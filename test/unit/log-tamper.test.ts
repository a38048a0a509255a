// Tamper matrix: an attacker with the SQLite file, who can drop the append-only triggers, edits,
// deletes, reorders or inserts entries, or edits one and recomputes every hash it can. Each attack
// must be reported with the right reason. The same attacks run on evidence bundles, and every byte
// of a small bundle is flipped in turn.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import Database from 'better-sqlite3';
import { canonicalBytes } from '../../shared/crypto/canonical.js';
import { loadSodium } from '../../shared/crypto/sodium.js';
import { buildBundle } from '../../shared/log/bundle.js';
import type { EvidenceBundle } from '../../shared/log/bundle.js';
import { formatCheckpointBody, parseCheckpoint } from '../../shared/log/checkpoint.js';
import { decodeEntry, encodeEntry } from '../../shared/log/entry.js';
import type { LogEntry } from '../../shared/log/entry.js';
import { MerkleFrontier, leafHash } from '../../shared/log/merkle.js';
import { LOG_TRIGGER_NAMES } from '../../shared/log/schema.js';
import { verifyBundle } from '../../shared/log/verify-bundle.js';
import { issueCode, verifyVaultLog } from '../../shared/log/verify.js';
import type { VerifyReport } from '../../shared/api/contract.js';
import { createCeremonyLog } from './log-fixture.js';
import type { LogFixture } from './log-fixture.js';

beforeAll(async () => {
  await loadSodium();
});

let fixture: LogFixture | undefined;
afterEach(() => {
  fixture?.db.close();
  fixture = undefined;
});

interface Row {
  idx: number;
  type: string;
  time: string;
  actor: string;
  ceremony: string | null;
  entry: Buffer;
  leaf_hash: Buffer;
}

/** Opens the vault file as the attacker: a second connection with the append-only triggers dropped. */
function attack(path: string, change: (db: Database.Database) => void): void {
  const db = new Database(path);
  for (const name of LOG_TRIGGER_NAMES) db.exec(`DROP TRIGGER IF EXISTS ${name}`);
  db.transaction(() => change(db))();
  db.close();
}

function rows(db: Database.Database): Row[] {
  return db.prepare<[], Row>('SELECT * FROM log_entries ORDER BY idx').all();
}

/** Writes the frontier of the current rows into log_state, as an attacker covering tracks would. */
function fixState(db: Database.Database): void {
  const frontier = MerkleFrontier.empty();
  for (const row of rows(db)) frontier.append(new Uint8Array(row.leaf_hash));
  db.prepare('UPDATE log_state SET size = ?, frontier = ? WHERE id = 1').run(frontier.size, frontier.serialize());
}

function writeEntry(db: Database.Database, idx: number, entry: LogEntry): void {
  const bytes = encodeEntry(entry);
  db.prepare('UPDATE log_entries SET type = ?, time = ?, actor = ?, ceremony = ?, entry = ?, leaf_hash = ? WHERE idx = ?').run(entry.type, entry.time, entry.actor, entry.ceremony, bytes, leafHash(bytes), idx);
}

function readEntry(db: Database.Database, idx: number): LogEntry {
  return decodeEntry(db.prepare<[number], { entry: Buffer }>('SELECT entry FROM log_entries WHERE idx = ?').get(idx)!.entry);
}

function codesAt(report: VerifyReport): string[] {
  return report.issues.filter((issue) => issue.severity === 'error').map((issue) => `${issueCode(issue)}@${issue.index ?? '-'}`);
}

describe('tamper matrix on the vault file', () => {
  it('edit of one entry: leaf hash, signature and checkpoint', async () => {
    fixture = await createCeremonyLog();
    attack(fixture.path, (db) => {
      const entry = readEntry(db, 8);
      const bytes = encodeEntry({ ...entry, data: { ...entry.data, mode: 'copy' } });
      db.prepare('UPDATE log_entries SET entry = ? WHERE idx = 8').run(bytes);
    });
    const report = await verifyVaultLog(fixture.db);
    expect(report.ok).toBe(false);
    expect(codesAt(report)).toEqual(expect.arrayContaining(['leaf-hash-mismatch@8', 'signature-invalid@8', 'checkpoint-root-mismatch@8']));
  });

  it('deletion of one entry', async () => {
    fixture = await createCeremonyLog();
    attack(fixture.path, (db) => db.prepare('DELETE FROM log_entries WHERE idx = 10').run());
    const report = await verifyVaultLog(fixture.db);
    expect(report.ok).toBe(false);
    expect(codesAt(report)).toContain('entry-missing@10');
  });

  it('deletion of the newest entries, checkpoints kept', async () => {
    fixture = await createCeremonyLog();
    attack(fixture.path, (db) => {
      db.prepare('DELETE FROM log_entries WHERE idx >= 17').run();
      fixState(db);
    });
    const report = await verifyVaultLog(fixture.db);
    expect(report.ok).toBe(false);
    expect(codesAt(report)).toContain('checkpoint-beyond-log@17');
  });

  it('deletion of the newest entries and their checkpoints, caught by the auditor checkpoint', async () => {
    fixture = await createCeremonyLog();
    const held = fixture.log.latestCheckpoint()!.note;
    attack(fixture.path, (db) => {
      db.prepare('DELETE FROM log_entries WHERE idx >= 17').run();
      db.prepare('DELETE FROM log_checkpoints WHERE size > 17').run();
      fixState(db);
    });
    // Without an outside reference the shorter log is self-consistent: this is what the auditor's checkpoint is for.
    expect((await verifyVaultLog(fixture.db)).ok).toBe(true);
    const report = await verifyVaultLog(fixture.db, { earlierCheckpoint: held });
    expect(report.ok).toBe(false);
    expect(codesAt(report)).toContain('log-truncated@17');
  });

  it('swap of two adjacent entries', async () => {
    fixture = await createCeremonyLog();
    attack(fixture.path, (db) => {
      const [a, b] = [readEntry(db, 8), readEntry(db, 9)];
      writeEntry(db, 8, b);
      writeEntry(db, 9, a);
    });
    const report = await verifyVaultLog(fixture.db);
    expect(report.ok).toBe(false);
    expect(codesAt(report)).toContain('entry-reordered@8');
    expect(report.issues.map(issueCode)).toContain('time-backwards');
  });

  it('swap of two distant entries', async () => {
    fixture = await createCeremonyLog();
    attack(fixture.path, (db) => {
      const [a, b] = [readEntry(db, 3), readEntry(db, 12)];
      writeEntry(db, 3, b);
      writeEntry(db, 12, a);
    });
    const report = await verifyVaultLog(fixture.db);
    expect(codesAt(report)).toContain('entry-reordered@3');
  });

  it('insertion of one entry', async () => {
    fixture = await createCeremonyLog();
    attack(fixture.path, (db) => {
      const all = rows(db);
      for (const row of all.filter((item) => item.idx >= 10).reverse()) db.prepare('UPDATE log_entries SET idx = ? WHERE idx = ?').run(row.idx + 1, row.idx);
      const forged: LogEntry = { ...readEntry(db, 11), type: 'ceremony.closed', actor: 'device', data: {}, sig: null };
      const bytes = encodeEntry(forged);
      db.prepare('INSERT INTO log_entries VALUES (?, ?, ?, ?, ?, ?, ?)').run(10, forged.type, forged.time, forged.actor, forged.ceremony, bytes, leafHash(bytes));
      fixState(db);
    });
    const report = await verifyVaultLog(fixture.db);
    expect(report.ok).toBe(false);
    expect(codesAt(report)).toEqual(expect.arrayContaining(['entry-inserted@10', 'entry-unchecked@20']));
  });

  it('edit with every leaf hash and stored root recomputed', async () => {
    fixture = await createCeremonyLog();
    const held = fixture.log.latestCheckpoint()!.note;
    attack(fixture.path, (db) => {
      // Entry 7 is the device's ceremony.unsealed: no person signature to break.
      const entry = readEntry(db, 7);
      writeEntry(db, 7, { ...entry, data: { ...entry.data, approvers: ['alice'] } });
      const frontier = MerkleFrontier.empty();
      for (const row of rows(db)) {
        frontier.append(new Uint8Array(row.leaf_hash));
        const stored = db.prepare<[number], { note: string }>('SELECT note FROM log_checkpoints WHERE size = ?').get(frontier.size)!;
        const parsed = parseCheckpoint(stored.note);
        const body = formatCheckpointBody(parsed.origin, frontier.size, frontier.root());
        const note = `${body}\n${parsed.note.signatures.map((signature) => `${signature.line}\n`).join('')}`;
        db.prepare('UPDATE log_checkpoints SET root_hash = ?, note = ? WHERE size = ?').run(frontier.root(), note, frontier.size);
      }
      fixState(db);
    });
    const report = await verifyVaultLog(fixture.db);
    expect(report.ok).toBe(false);
    const codes = codesAt(report);
    expect(codes).toContain('checkpoint-signature-invalid@7');
    expect(codes.filter((code) => code.startsWith('checkpoint-signature-invalid'))).toHaveLength(13);
    expect(codes.some((code) => code.startsWith('leaf-hash-mismatch') || code.startsWith('checkpoint-root-mismatch'))).toBe(false);
    const withHeld = await verifyVaultLog(fixture.db, { earlierCheckpoint: held });
    expect(codesAt(withHeld)).toContain('auditor-checkpoint-mismatch@19');
  });

  it('stored root changed without its signed note', async () => {
    fixture = await createCeremonyLog();
    attack(fixture.path, (db) => db.prepare('UPDATE log_checkpoints SET root_hash = ? WHERE size = 4').run(Buffer.alloc(32, 7)));
    expect(codesAt(await verifyVaultLog(fixture.db))).toContain('checkpoint-stored-root-mismatch@3');
  });

  it('changed Merkle state', async () => {
    fixture = await createCeremonyLog();
    attack(fixture.path, (db) => db.prepare('UPDATE log_state SET frontier = zeroblob(length(frontier))').run());
    expect(codesAt(await verifyVaultLog(fixture.db))).toContain('merkle-state-mismatch@-');
  });

  it('entry added without a checkpoint', async () => {
    fixture = await createCeremonyLog();
    attack(fixture.path, (db) => {
      const forged: LogEntry = { ...readEntry(db, 19), type: 'ceremony.closed', ceremony: 'cer-0002', actor: 'device', data: {}, sig: null };
      const bytes = encodeEntry(forged);
      db.prepare('INSERT INTO log_entries VALUES (?, ?, ?, ?, ?, ?, ?)').run(20, forged.type, forged.time, forged.actor, forged.ceremony, bytes, leafHash(bytes));
      fixState(db);
    });
    expect(codesAt(await verifyVaultLog(fixture.db))).toEqual(['entry-unchecked@20']);
  });

  it('person act whose signer is not in the header', async () => {
    fixture = await createCeremonyLog();
    attack(fixture.path, (db) => {
      const entry = readEntry(db, 8);
      writeEntry(db, 8, { ...entry, actor: 'mallory' });
    });
    expect(codesAt(await verifyVaultLog(fixture.db))).toContain('signer-unknown@8');
  });

  it('act with its signature removed', async () => {
    fixture = await createCeremonyLog();
    attack(fixture.path, (db) => writeEntry(db, 9, { ...readEntry(db, 9), sig: null }));
    expect(codesAt(await verifyVaultLog(fixture.db))).toContain('signature-missing@9');
  });

  it('genesis signature of a custodian replaced', async () => {
    fixture = await createCeremonyLog();
    attack(fixture.path, (db) => {
      const entry = readEntry(db, 0);
      const signatures = (entry.data['genesisSignatures'] as Array<{ personId: string; signature: string }>).filter((item) => item.personId !== 'bob');
      writeEntry(db, 0, { ...entry, data: { ...entry.data, genesisSignatures: signatures } });
    });
    const report = await verifyVaultLog(fixture.db);
    expect(report.issues.find((issue) => issueCode(issue) === 'genesis-signature-invalid')?.reason).toMatch(/custodian bob has no genesis signature/);
  });
});

// ---------- bundles ----------

function exportBundle(f: LogFixture, options: { ceremonyId?: string; sinceCheckpoint?: string } = {}): string {
  return buildBundle(f.log, f.device, { auditor: { personId: 'dave', secretKey: f.keys.dave.secretKey }, ...options, now: () => new Date('2026-03-01T00:00:00.000Z') });
}

/** Re-encodes an edited bundle canonically, as an attacker would to pass the strict parser. */
function reencode(bundle: EvidenceBundle): string {
  return new TextDecoder().decode(canonicalBytes(bundle));
}

function edited(text: string, change: (bundle: EvidenceBundle) => void): string {
  const bundle = JSON.parse(text) as EvidenceBundle;
  change(bundle);
  return reencode(bundle);
}

describe('tamper matrix on bundles', () => {
  it('verifies a full and a ceremony bundle untouched', async () => {
    fixture = await createCeremonyLog();
    const full = await verifyBundle(exportBundle(fixture), { expectedVaultId: fixture.vaultId });
    expect(full.issues).toEqual([]);
    expect(full.treeSize).toBe(20);
    const partial = await verifyBundle(exportBundle(fixture, { ceremonyId: 'cer-0001' }));
    expect(partial.issues).toEqual([]);
  });

  it('edit of one entry', async () => {
    fixture = await createCeremonyLog();
    const text = edited(exportBundle(fixture), (bundle) => {
      bundle.entries[8]!.entry.data['mode'] = 'copy';
    });
    const codes = codesAt(await verifyBundle(text));
    expect(codes).toEqual(expect.arrayContaining(['bundle-signature-invalid@-', 'signature-invalid@8', 'checkpoint-root-mismatch@8']));
  });

  it('edit of one entry in a ceremony bundle', async () => {
    fixture = await createCeremonyLog();
    const text = edited(exportBundle(fixture, { ceremonyId: 'cer-0001' }), (bundle) => {
      const item = bundle.entries.find((candidate) => candidate.index === 7)!;
      item.entry.data['approvers'] = ['alice'];
    });
    expect(codesAt(await verifyBundle(text))).toEqual(expect.arrayContaining(['bundle-signature-invalid@-', 'inclusion-proof-invalid@7']));
  });

  it('deletion of one entry', async () => {
    fixture = await createCeremonyLog();
    const text = edited(exportBundle(fixture), (bundle) => {
      bundle.entries.splice(10, 1);
    });
    expect(codesAt(await verifyBundle(text))).toEqual(expect.arrayContaining(['bundle-signature-invalid@-', 'entry-missing@10']));
  });

  it('deletion of the newest entries', async () => {
    fixture = await createCeremonyLog();
    const held = fixture.log.latestCheckpoint()!.note;
    const entriesOnly = edited(exportBundle(fixture), (bundle) => {
      bundle.entries.splice(17);
    });
    expect(codesAt(await verifyBundle(entriesOnly))).toContain('checkpoint-beyond-log@17');
    const withCheckpoints = edited(exportBundle(fixture), (bundle) => {
      bundle.entries.splice(17);
      bundle.checkpoints.splice(17);
    });
    expect(codesAt(await verifyBundle(withCheckpoints, { earlierCheckpoint: held }))).toEqual(expect.arrayContaining(['bundle-signature-invalid@-', 'log-truncated@17']));
  });

  it('reorder of two entries', async () => {
    fixture = await createCeremonyLog();
    const moved = edited(exportBundle(fixture), (bundle) => {
      const [a, b] = [bundle.entries[8]!, bundle.entries[9]!];
      bundle.entries[8] = b;
      bundle.entries[9] = a;
    });
    expect(codesAt(await verifyBundle(moved))).toContain('entry-out-of-order@8');
    const renumbered = edited(exportBundle(fixture), (bundle) => {
      const [a, b] = [bundle.entries[8]!.entry, bundle.entries[9]!.entry];
      bundle.entries[8]!.entry = b;
      bundle.entries[9]!.entry = a;
    });
    expect(codesAt(await verifyBundle(renumbered))).toContain('entry-reordered@8');
  });

  it('insertion of one entry', async () => {
    fixture = await createCeremonyLog();
    const text = edited(exportBundle(fixture), (bundle) => {
      const forged = { ...bundle.entries[10]!.entry, type: 'ceremony.closed', actor: 'device', data: {}, sig: null };
      bundle.entries.splice(10, 0, { index: 10, entry: forged, inclusionProof: null });
      bundle.entries.forEach((item, position) => (item.index = position));
    });
    expect(codesAt(await verifyBundle(text))).toEqual(expect.arrayContaining(['entry-inserted@10', 'entry-unchecked@20']));
  });

  it('edit with recomputed checkpoint bodies', async () => {
    fixture = await createCeremonyLog();
    const text = edited(exportBundle(fixture), (bundle) => {
      bundle.entries[7]!.entry.data['approvers'] = ['alice'];
      const frontier = MerkleFrontier.empty();
      bundle.entries.forEach((item, position) => {
        frontier.append(leafHash(canonicalBytes(item.entry)));
        const parsed = parseCheckpoint(bundle.checkpoints[position]!.note);
        const body = formatCheckpointBody(parsed.origin, frontier.size, frontier.root());
        bundle.checkpoints[position]!.note = `${body}\n${parsed.note.signatures.map((signature) => `${signature.line}\n`).join('')}`;
      });
    });
    expect(codesAt(await verifyBundle(text))).toEqual(expect.arrayContaining(['bundle-signature-invalid@-', 'checkpoint-signature-invalid@7']));
  });

  it('rejects whitespace, unknown fields and duplicate keys', async () => {
    fixture = await createCeremonyLog();
    const text = exportBundle(fixture, { ceremonyId: 'cer-0002' });
    const spaced = text.replace('{"ceremonyId"', '{ "ceremonyId"');
    expect(codesAt(await verifyBundle(spaced))).toEqual(['bundle-malformed@-']);
    const extra = edited(text, (bundle) => Object.assign(bundle, { zzz: 1 }));
    expect((await verifyBundle(extra)).issues[0]!.reason).toMatch(/unrecognized key|zzz/i);
    const duplicate = text.replace('"format":', '"format":"x","format":');
    expect(codesAt(await verifyBundle(duplicate))).toEqual(['bundle-malformed@-']);
  });

  it('fails on every single-byte flip of a small bundle', async () => {
    fixture = await createCeremonyLog();
    const file = Buffer.from(exportBundle(fixture, { ceremonyId: 'cer-0002' }));
    expect((await verifyBundle(new Uint8Array(file))).ok).toBe(true);
    const accepted: number[] = [];
    for (let position = 0; position < file.length; position++) {
      const copy = new Uint8Array(file);
      copy[position] = copy[position]! ^ 0x01;
      const report = await verifyBundle(copy, { workers: 0 });
      if (report.ok) accepted.push(position);
    }
    expect(accepted).toEqual([]);
  });
});
