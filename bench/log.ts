// Audit-log benchmark, printed and not asserted: (1) a durable append (synchronous=FULL, one
// transaction each) against a raw SQLite insert of the same bytes, (2) verifying a large log
// against a bare Ed25519 verify loop over the same signatures, on one thread and on worker threads
// on all cores, (3) the Merkle root of 1M leaves against bare SHA-256 calls. BENCH_LOG_ENTRIES
// sets the size of the verified log (default 100000).
import { createPrivateKey, createHash, randomUUID, sign as nodeSign } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { loadSodium } from '../shared/crypto/sodium.js';
import { generateSigningKeyPair } from '../shared/crypto/sign.js';
import type { SigningKeyPair } from '../shared/crypto/sign.js';
import { signDetached } from '../shared/crypto/sign.js';
import { genesisMessage, parseHeader } from '../shared/vault/header.js';
import { fromBase64, toBase64, utf8 } from '../shared/util/bytes.js';
import { AuditLog } from '../shared/log/audit-log.js';
import { actMessage } from '../shared/log/act.js';
import { parseCheckpoint } from '../shared/log/checkpoint.js';
import type { DeviceSigner } from '../shared/log/checkpoint.js';
import { decodeEntry, encodeEntry } from '../shared/log/entry.js';
import type { EntryInput } from '../shared/log/entry.js';
import { verifyEd25519Batch, verifyEd25519Inline } from '../shared/log/ed25519-batch.js';
import type { SignatureTask } from '../shared/log/ed25519-batch.js';
import { originFor } from '../shared/log/labels.js';
import { MerkleFrontier, leafHash } from '../shared/log/merkle.js';
import { LOG_SCHEMA_SQL } from '../shared/log/schema.js';
import { verifyVaultLog } from '../shared/log/verify.js';

const APPEND_COUNT = 2000;
const MERKLE_LEAVES = 1_000_000;
const PKCS8_ED25519_PREFIX = Buffer.from('302e020100300506032b657004220420', 'hex');

function seconds(start: bigint): number {
  return Number(process.hrtime.bigint() - start) / 1e9;
}

function print(line: string): void {
  process.stdout.write(`${line}\n`);
}

/** A device signer on Node's crypto, so building the large log is not bound by WASM signing. */
function nodeDeviceSigner(origin: string, pair: SigningKeyPair): DeviceSigner {
  const key = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, pair.seed]), format: 'der', type: 'pkcs8' });
  return { name: origin, publicKey: pair.publicKey, sign: (message) => new Uint8Array(nodeSign(null, message, key)) };
}

interface BenchVault {
  db: Database.Database;
  log: AuditLog;
  vaultId: string;
  carol: SigningKeyPair;
  carolKey: ReturnType<typeof createPrivateKey>;
}

function openVault(path: string, synchronous: 'FULL' | 'OFF'): BenchVault {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.pragma(`synchronous = ${synchronous}`);
  db.exec(LOG_SCHEMA_SQL);
  const vaultId = randomUUID();
  const origin = originFor(vaultId);
  const device = nodeDeviceSigner(origin, generateSigningKeyPair());
  const alice = generateSigningKeyPair();
  const carol = generateSigningKeyPair();
  const header = parseHeader({
    format: 1, vaultId, name: 'bench', epoch: 1, createdAt: new Date().toISOString(),
    kdf: { alg: 'argon2id', memoryKiB: 8192, iterations: 1, parallelism: 1 },
    people: [
      { id: 'alice', name: 'Alice', roles: ['custodian'], function: 'identity', publicKey: toBase64(alice.publicKey) },
      { id: 'carol', name: 'Carol', roles: ['incident-commander'], publicKey: toBase64(carol.publicKey) },
    ],
    policies: [{ id: 'standard', name: 'Standard', groupThreshold: 1, groups: [{ function: 'identity', threshold: 1, members: ['alice'] }], resealLimitHours: 24, fastPath: false }],
    commitments: [], vaultPublicKey: toBase64(generateSigningKeyPair().publicKey), devicePublicKey: toBase64(device.publicKey), origin, previousHeaderHash: null,
  });
  const log = new AuditLog(db, { vaultId, origin, device });
  const genesisSignatures = [{ personId: 'alice', signature: toBase64(signDetached(genesisMessage(header), alice.secretKey)) }];
  db.transaction(() => log.append({ type: 'vault.genesis', actor: 'device', ceremony: null, data: { header, genesisSignatures }, sig: null }))();
  const carolKey = createPrivateKey({ key: Buffer.concat([PKCS8_ED25519_PREFIX, carol.seed]), format: 'der', type: 'pkcs8' });
  return { db, log, vaultId, carol, carolKey };
}

/** A signed reveal by carol (signed with Node's crypto, outside any timing). */
function revealAct(vault: BenchVault, i: number): EntryInput {
  const body = { type: 'secret.revealed', actor: 'carol', ceremony: `cer-${i >> 4}`, data: { credentialId: `cred-${i % 50}`, version: 1, mode: 'show' } };
  return { ...body, sig: toBase64(nodeSign(null, actMessage(vault.vaultId, body), vault.carolKey)) };
}

function deviceEntry(i: number): EntryInput {
  return { type: 'ceremony.closed', actor: 'device', ceremony: `cer-${i >> 4}`, data: {}, sig: null };
}

function benchAppend(dir: string): void {
  const vault = openVault(join(dir, 'append.sqlite'), 'FULL');
  const inputs = Array.from({ length: APPEND_COUNT }, (_, i) => (i % 2 === 0 ? revealAct(vault, i) : deviceEntry(i)));
  let start = process.hrtime.bigint();
  for (const input of inputs) vault.db.transaction(() => vault.log.append(input))();
  const appendSeconds = seconds(start);

  const raw = new Database(join(dir, 'raw.sqlite'));
  raw.pragma('journal_mode = WAL');
  raw.pragma('synchronous = FULL');
  raw.exec('CREATE TABLE raw (idx INTEGER PRIMARY KEY, entry BLOB NOT NULL)');
  const bytes = vault.log.listEntries({ from: 1, limit: APPEND_COUNT }).map((stored) => encodeEntry(stored.entry));
  const insert = raw.prepare('INSERT INTO raw (idx, entry) VALUES (?, ?)');
  start = process.hrtime.bigint();
  bytes.forEach((entry, i) => raw.transaction(() => insert.run(i, entry))());
  const rawSeconds = seconds(start);
  print(`append, WAL + synchronous=FULL, one transaction each, ${APPEND_COUNT} entries (half signed acts):`);
  print(`  AuditLog.append ${(appendSeconds * 1e6 / APPEND_COUNT).toFixed(0)} us/entry, raw insert ${(rawSeconds * 1e6 / APPEND_COUNT).toFixed(0)} us/entry, ratio ${(appendSeconds / rawSeconds).toFixed(1)}x`);
  raw.close();
  vault.db.close();
}

/** The same Ed25519 checks the verifier makes on a log: person acts, checkpoints, the genesis signature. */
function signatureTasks(db: Database.Database, vaultId: string): SignatureTask[] {
  const tasks: SignatureTask[] = [];
  const rows = db.prepare<[], { entry: Uint8Array }>('SELECT entry FROM log_entries ORDER BY idx').all();
  const genesis = decodeEntry(rows[0]!.entry);
  const header = genesis.data['header'] as { people: Array<{ id: string; publicKey: string }>; devicePublicKey: string };
  const keys = new Map(header.people.map((person) => [person.id, fromBase64(person.publicKey)]));
  for (const item of genesis.data['genesisSignatures'] as Array<{ personId: string; signature: string }>) {
    tasks.push({ publicKey: keys.get(item.personId)!, message: genesisMessage(genesis.data['header'] as never), signature: fromBase64(item.signature) });
  }
  for (const row of rows) {
    const entry = decodeEntry(row.entry);
    if (entry.sig) tasks.push({ publicKey: keys.get(entry.actor)!, message: actMessage(vaultId, entry), signature: fromBase64(entry.sig) });
  }
  const device = fromBase64(header.devicePublicKey);
  for (const row of db.prepare<[], { note: string }>('SELECT note FROM log_checkpoints ORDER BY size').all()) {
    const parsed = parseCheckpoint(row.note);
    tasks.push({ publicKey: device, message: utf8(parsed.note.body), signature: parsed.note.signatures[0]!.signature });
  }
  return tasks;
}

async function benchVerify(dir: string, entries: number): Promise<void> {
  const vault = openVault(join(dir, 'verify.sqlite'), 'OFF');
  let start = process.hrtime.bigint();
  vault.db.transaction(() => {
    for (let i = 1; i < entries; i++) vault.log.append(i % 2 === 0 ? revealAct(vault, i) : deviceEntry(i));
  })();
  print(`verify, ${entries} entries (half signed acts, a checkpoint per entry), built in ${seconds(start).toFixed(1)} s:`);

  const tasks = signatureTasks(vault.db, vault.vaultId);
  const cores = os.availableParallelism();
  start = process.hrtime.bigint();
  const single = await verifyVaultLog(vault.db, { workers: 0 });
  const verifySingle = seconds(start);
  start = process.hrtime.bigint();
  const rawSingleResults = verifyEd25519Inline(tasks);
  const rawSingle = seconds(start);
  start = process.hrtime.bigint();
  const parallel = await verifyVaultLog(vault.db, { workers: cores });
  const verifyParallel = seconds(start);
  start = process.hrtime.bigint();
  await verifyEd25519Batch(tasks, { workers: cores });
  const rawParallel = seconds(start);

  const failures = rawSingleResults.filter((valid) => !valid).length;
  print(`  ${tasks.length} signatures (${failures} invalid); reports ok: ${single.ok && parallel.ok}, ${single.checkedSignatures} signatures checked`);
  print(`  1 thread:  verifier ${verifySingle.toFixed(2)} s, bare Ed25519 loop ${rawSingle.toFixed(2)} s, ratio ${(verifySingle / rawSingle).toFixed(2)}x`);
  print(`  ${cores} workers: verifier ${verifyParallel.toFixed(2)} s, bare Ed25519 batch ${rawParallel.toFixed(2)} s, ratio ${(verifyParallel / rawParallel).toFixed(2)}x; speed-up over 1 thread ${(verifySingle / verifyParallel).toFixed(2)}x`);
  vault.db.close();
}

function benchMerkle(): void {
  const data = new Uint8Array(64);
  let start = process.hrtime.bigint();
  const frontier = MerkleFrontier.empty();
  for (let i = 0; i < MERKLE_LEAVES; i++) {
    data[0] = i & 0xff;
    data[1] = (i >> 8) & 0xff;
    data[2] = (i >> 16) & 0xff;
    frontier.append(leafHash(data));
  }
  frontier.root();
  const merkle = seconds(start);

  // A tree of n leaves costs n leaf hashes and n - 1 node hashes.
  start = process.hrtime.bigint();
  for (let i = 0; i < 2 * MERKLE_LEAVES - 1; i++) createHash('sha256').update(data).digest();
  const bare = seconds(start);
  print(`Merkle root of ${MERKLE_LEAVES} leaves (64-byte entries): ${merkle.toFixed(2)} s; ${2 * MERKLE_LEAVES - 1} bare SHA-256 calls ${bare.toFixed(2)} s; ratio ${(merkle / bare).toFixed(2)}x`);
}

/** Prints append, verify and Merkle timings with their ratios to the bare operations. */
export async function benchLog(): Promise<void> {
  await loadSodium();
  const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
  print(`audit log: ${os.cpus().length} x ${cpu}, Node ${process.version}, load average ${os.loadavg()[0]!.toFixed(1)}`);
  const dir = mkdtempSync(join(os.tmpdir(), 'bg-bench-log-'));
  try {
    benchAppend(dir);
    await benchVerify(dir, Number(process.env['BENCH_LOG_ENTRIES'] ?? 100_000));
    benchMerkle();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchLog();
