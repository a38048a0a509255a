// Evidence bundles and the HTML report: export scopes, the auditor's earlier checkpoint, rejected
// exports, batch signature checks on worker threads, and report escaping and self-containment.
// A scan shows that secret strings offered to the log end up in no file it writes.
import { readFileSync } from 'node:fs';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes } from '../../shared/crypto/canonical.js';
import { loadSodium } from '../../shared/crypto/sodium.js';
import { generateSigningKeyPair, signDetached } from '../../shared/crypto/sign.js';
import { signAct } from '../../shared/log/act.js';
import { buildBundle, decodeBundle, exportEntryInput } from '../../shared/log/bundle.js';
import { signCheckpoint } from '../../shared/log/checkpoint.js';
import { deviceSignerFromSecretKey } from '../../shared/log/device.js';
import { verifyEd25519Batch } from '../../shared/log/ed25519-batch.js';
import { escapeHtml, renderReport } from '../../shared/log/report.js';
import { verifyBundle } from '../../shared/log/verify-bundle.js';
import { issueCode } from '../../shared/log/verify.js';
import { isVaultError } from '../../shared/util/errors.js';
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

function exportAs(f: LogFixture, options: { ceremonyId?: string; sinceCheckpoint?: string } = {}): string {
  return buildBundle(f.log, f.device, { auditor: { personId: 'dave', secretKey: f.keys.dave.secretKey }, ...options });
}

function vaultErrorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (isVaultError(error)) return error.code;
    throw error;
  }
  return 'no error';
}

describe('evidence bundle', () => {
  it('holds one ceremony with the header entries and credential deposits', async () => {
    fixture = await createCeremonyLog();
    const bundle = decodeBundle(exportAs(fixture, { ceremonyId: 'cer-0001' }));
    expect(bundle.format).toBe('breakglass-evidence-bundle');
    expect(bundle.version).toBe(1);
    const indexes = bundle.entries.map((item) => item.index);
    expect(indexes[0]).toBe(0);
    expect(indexes).toEqual([0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17]);
    expect(bundle.entries.every((item) => item.inclusionProof !== null)).toBe(true);
    expect(bundle.checkpoints.map((item) => item.note.split('\n')[1])).toEqual(['5', '6', '20']);
    expect(bundle.checkpoints[0]!.cosignatures).toHaveLength(1);
    expect(bundle.headers).toHaveLength(1);
  });

  it('records the export in the log it exports', async () => {
    fixture = await createCeremonyLog();
    const { db, log, keys } = fixture;
    db.transaction(() => log.append(exportEntryInput(log, { personId: 'dave', secretKey: keys.dave.secretKey }, 'cer-0001')))();
    const bundle = decodeBundle(exportAs(fixture, { ceremonyId: 'cer-0001' }));
    const exported = bundle.entries[bundle.entries.length - 1]!.entry;
    expect(exported.type).toBe('evidence.exported');
    expect(exported.data).toEqual({ ceremonyId: 'cer-0001', treeSize: 21 });
    expect((await verifyBundle(exportAs(fixture, { ceremonyId: 'cer-0001' }))).ok).toBe(true);
  });

  it('proves consistency from the auditor checkpoint', async () => {
    fixture = await createCeremonyLog();
    const held = fixture.log.checkpointAt(9)!.note;
    const text = exportAs(fixture, { ceremonyId: 'cer-0001', sinceCheckpoint: held });
    expect(decodeBundle(text).earlierCheckpoint?.note).toBe(held);
    const report = await verifyBundle(text, { earlierCheckpoint: held });
    expect(report.issues).toEqual([]);

    // A checkpoint the bundle carries no proof from is reported, not silently accepted.
    const other = fixture.log.checkpointAt(11)!.note;
    const unproven = await verifyBundle(text, { earlierCheckpoint: other });
    expect(unproven.issues.map(issueCode)).toEqual(['auditor-checkpoint-unchecked']);
  });

  it('refuses an earlier checkpoint not signed by the device or from another history', async () => {
    fixture = await createCeremonyLog();
    const stranger = deviceSignerFromSecretKey(fixture.origin, generateSigningKeyPair().secretKey);
    const foreign = signCheckpoint(stranger, fixture.origin, 5, new Uint8Array(32));
    expect(vaultErrorCode(() => exportAs(fixture!, { sinceCheckpoint: foreign }))).toBe('verification-failed');
    const forked = signCheckpoint(fixture.device, fixture.origin, 5, new Uint8Array(32));
    expect(vaultErrorCode(() => exportAs(fixture!, { sinceCheckpoint: forked }))).toBe('verification-failed');
    const ahead = signCheckpoint(fixture.device, fixture.origin, 25, new Uint8Array(32));
    expect(vaultErrorCode(() => exportAs(fixture!, { sinceCheckpoint: ahead }))).toBe('verification-failed');
  });

  it('refuses an auditor outside the header, a wrong key and an unknown ceremony', async () => {
    fixture = await createCeremonyLog();
    const { log, device, keys } = fixture;
    expect(vaultErrorCode(() => buildBundle(log, device, { auditor: { personId: 'eve', secretKey: keys.dave.secretKey } }))).toBe('not-permitted');
    expect(vaultErrorCode(() => buildBundle(log, device, { auditor: { personId: 'dave', secretKey: keys.alice.secretKey } }))).toBe('not-permitted');
    expect(vaultErrorCode(() => exportAs(fixture!, { ceremonyId: 'cer-9999' }))).toBe('not-found');
  });

  it('reports a bundle re-signed by someone else', async () => {
    fixture = await createCeremonyLog();
    const bundle = decodeBundle(exportAs(fixture, { ceremonyId: 'cer-0002' }));
    const resigned = { ...bundle, exportedBy: 'alice' };
    const report = await verifyBundle(canonicalBytes(resigned));
    expect(report.issues.map(issueCode)).toEqual(['bundle-signature-invalid', 'bundle-signature-invalid']);
  });
});

describe('batch signature checks', () => {
  it('give the same answers inline and on worker threads', async () => {
    const pair = generateSigningKeyPair();
    const tasks = Array.from({ length: 64 }, (_, i) => {
      const message = new Uint8Array([i, 1, 2, 3]);
      return { publicKey: pair.publicKey, message, signature: signDetached(message, pair.secretKey) };
    });
    tasks[3] = { ...tasks[3]!, message: new Uint8Array([9]) };
    tasks[7] = { ...tasks[7]!, signature: tasks[7]!.signature.slice(1) };
    tasks[9] = { ...tasks[9]!, publicKey: new Uint8Array(32) };
    const inline = await verifyEd25519Batch(tasks, { workers: 0 });
    const parallel = await verifyEd25519Batch(tasks, { workers: 3 });
    expect(inline.filter((valid) => !valid)).toHaveLength(3);
    expect([inline[3], inline[7], inline[9]]).toEqual([false, false, false]);
    expect(parallel).toEqual(inline);
  });
});

describe('HTML report', () => {
  it('is self-contained, escaped and shows each part of the ceremony', async () => {
    fixture = await createCeremonyLog();
    const text = exportAs(fixture, { ceremonyId: 'cer-0001' });
    const html = renderReport(decodeBundle(text), await verifyBundle(text));
    expect(html).not.toMatch(/<script/i);
    expect(html).not.toMatch(/\ssrc=|\shref=|<link|@import|url\(/i);
    expect(html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(html).toContain('Payments &lt;prod&gt; &amp; &quot;DR&quot;');
    for (const heading of ['Request', 'Approvals', 'Reveals', 'Systems touched', 'Rotations and waivers', 'Dormancy attestation']) {
      expect(html).toContain(`<h4>${heading}</h4>`);
    }
    expect(html).toContain('Carol Commander');
    expect(html).toContain('incident-response');
    expect(html).toContain('idp-root (idp.example.com, idp-root-admin)');
    expect(html).toContain('restored SSO');
    expect(html).toContain('access is dormant again');
    expect(html).toContain('2026-02-01T09:');
    expect(html).toContain('class="ok">Verified');
  });

  it('escapes every HTML special character', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('secret scan', () => {
  it('keeps secret strings out of the vault file, bundle, report and errors', async () => {
    fixture = await createCeremonyLog();
    const { db, log, keys, vaultId, path } = fixture;
    const secrets = ['hunter2-correct-horse', 'AKIAIOSFODNN7EXAMPLE', 'JBSWY3DPEHPK3PXP', 'share-bytes-0a1b2c'];
    const attempts: Array<Record<string, unknown>> = [
      { credentialId: 'cred-idp', version: 1, mode: 'show', password: secrets[0] },
      { systems: [{ system: 'aws', action: 'login', note: 'ok', secretKey: secrets[1] }], controls: [] },
      { credentialId: 'cred-idp', version: 2, totp: { seed: secrets[2] } },
      { statement: 'done', revealedCredentials: [], shares: [secrets[3]] },
    ];
    const messages: string[] = [];
    for (const data of attempts) {
      const body = { type: 'ceremony.touched', actor: 'carol', ceremony: 'cer-0001', data };
      try {
        db.transaction(() => log.append({ ...body, sig: signAct(vaultId, body, keys.carol.secretKey) }))();
        messages.push('accepted');
      } catch (error) {
        messages.push((error as Error).message);
      }
    }
    expect(messages.every((message) => /looks like secret material/.test(message))).toBe(true);
    expect(log.size()).toBe(20);

    db.pragma('wal_checkpoint(TRUNCATE)');
    const bundle = exportAs(fixture);
    const report = renderReport(decodeBundle(bundle));
    const files = { vault: readFileSync(path).toString('latin1'), bundle, report, errors: messages.join('\n') };
    for (const [name, content] of Object.entries(files)) {
      for (const secret of secrets) expect(content.includes(secret), `${secret} in ${name}`).toBe(false);
    }
  });
});
