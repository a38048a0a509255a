// End-to-end check of the vault core. A vault has 3 functions x 2 custodians plus an incident
// commander and an auditor, with one credential of every kind deposited into a real SQLite file.
// Shares taken from opened kits rebuild the vault key for every quorum and for no smaller set, and
// each quorum opens every credential.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CREDENTIAL_KINDS, type PolicyInput } from '../../shared/api/contract.js';
import { loadSodium } from '../../shared/crypto/sodium.js';
import { createKit, openKit, verifyKitAgainstHeader, type OpenedKit } from '../../shared/kit/kit.js';
import { rebuildVaultKey, ShareCollector } from '../../shared/quorum/collect.js';
import type { VaultError } from '../../shared/util/errors.js';
import { createVaultMaterial } from '../../shared/vault/create.js';
import { listCredentials } from '../../shared/vault/credentials-repo.js';
import { openVaultDb } from '../../shared/vault/db.js';
import { depositCredential, openCredentialVersion } from '../../shared/vault/deposit.js';
import { getActiveEpoch, insertEpoch, insertGenesisSignature, insertVaultMeta, listGenesisSignatures } from '../../shared/vault/epochs-repo.js';
import { missingGenesisSignatures, signGenesis } from '../../shared/vault/genesis.js';
import { validateSecret } from '../../shared/vault/secret-validate.js';
import { openVaultSecretKey } from '../../shared/vault/vault-keypair.js';
import { CUSTODIAN_IDS, crossFunctionPolicy, makePeople, subsets, TEST_KDF } from './helpers/vault-fixture.js';
import { SAMPLE_SECRETS, sampleMetadata } from './helpers/secrets.js';

const FUNCTION_OF: Record<string, string> = { ida: 'identity', ivan: 'identity', sara: 'security', sam: 'security', rita: 'incident-response', ravi: 'incident-response' };
const ALL_THREE: PolicyInput = { ...crossFunctionPolicy('all-three', 1), name: 'All three functions', groupThreshold: 3 };

describe('vault core, end to end', () => {
  let dir: string;
  let file: string;
  const kits = new Map<string, OpenedKit>();

  beforeAll(async () => {
    await loadSodium();
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-core-'));
    file = path.join(dir, 'vault.db');

    // Create the vault material and one kit per person.
    const fixture = await makePeople();
    const material = await createVaultMaterial({ name: 'Production break-glass', people: fixture.people, policies: [crossFunctionPolicy('standard', 1), ALL_THREE], kdf: TEST_KDF, devicePublicKey: fixture.devicePublicKey });
    const kitFiles = new Map<string, Uint8Array>();
    for (const person of fixture.people) {
      kitFiles.set(person.id, await createKit({ header: material.header, personId: person.id, signingSeed: fixture.keys.get(person.id)!.seed, shares: material.sharesByPerson.get(person.id)!, passphrase: `${person.id} passphrase` }));
    }

    // Store the vault with every custodian's genesis signature, then forget the vault key.
    const db = openVaultDb(file, { create: true });
    db.transaction(() => {
      insertVaultMeta(db, { vaultId: material.header.vaultId, name: material.header.name, createdAt: material.header.createdAt });
      insertEpoch(db, { header: material.header, headerMac: material.headerMac, encryptedVaultSecretKey: material.encryptedVaultSecretKey, status: 'active' });
      for (const id of CUSTODIAN_IDS) insertGenesisSignature(db, { epoch: 1, personId: id, signature: signGenesis(material.header, fixture.keys.get(id)!.secretKey), signedAt: material.header.createdAt });
    })();
    material.wipe();
    db.close();

    // People open their kits; the incident commander deposits one credential of every kind.
    for (const [id, bytes] of kitFiles) kits.set(id, await openKit(bytes, `${id} passphrase`));
    const deposit = openVaultDb(file, { create: false });
    for (const kind of CREDENTIAL_KINDS) {
      depositCredential(deposit, { signer: { personId: 'cole', secretKey: kits.get('cole')!.signingKeyPair.secretKey }, credentialId: `cred-${kind}`, metadata: sampleMetadata(kind), secret: SAMPLE_SECRETS[kind] });
    }
    deposit.close();
  });

  afterAll(() => {
    for (const kit of kits.values()) kit.wipe();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('has every genesis signature and kit check in place', () => {
    const db = openVaultDb(file, { create: false });
    const { header } = getActiveEpoch(db);
    expect(missingGenesisSignatures(header, listGenesisSignatures(db, 1))).toEqual([]);
    for (const id of CUSTODIAN_IDS) expect(verifyKitAgainstHeader(kits.get(id)!, header).every((share) => share.commitmentOk), id).toBe(true);
    expect(kits.get('cole')!.shares).toEqual([]);
    expect(kits.get('aud')!.shares).toEqual([]);
    expect(listCredentials(db).map((c) => c.kind).sort()).toEqual([...CREDENTIAL_KINDS].sort());
    db.close();
  });

  for (const [policyId, needed] of [['standard', 2], ['all-three', 3]] as const) {
    it(`${policyId}: every quorum opens every credential and no smaller set rebuilds the key`, async () => {
      const db = openVaultDb(file, { create: false });
      const active = getActiveEpoch(db);
      let quorums = 0;
      for (const subset of subsets([...CUSTODIAN_IDS])) {
        const functions = new Set(subset.map((id) => FUNCTION_OF[id]));
        const collector = new ShareCollector(active.header, policyId);
        for (const id of subset) collector.add(kits.get(id)!.shares.find((share) => share.policyId === policyId)!);

        if (functions.size < needed) {
          expect(collector.progress().satisfied, subset.join(',')).toBe(false);
          const error = await rebuildVaultKey(active.header, active.headerMac, collector).then(() => undefined, (e: unknown) => e);
          expect((error as VaultError).code, subset.join(',')).toBe('quorum-not-met');
          continue;
        }

        quorums++;
        const vaultKey = await rebuildVaultKey(active.header, active.headerMac, collector);
        const pair = openVaultSecretKey(vaultKey, active.header, active.encryptedVaultSecretKey!);
        for (const kind of CREDENTIAL_KINDS) {
          const opened = openCredentialVersion(db, { header: active.header, vaultKeyPair: pair, credentialId: `cred-${kind}` });
          expect(opened.secret, `${subset.join(',')} ${kind}`).toEqual(validateSecret(SAMPLE_SECRETS[kind]));
        }
        vaultKey.fill(0);
        pair.secretKey.fill(0);
        collector.wipe();
      }
      // standard: 64 - 1 - 3 * 3 = 54 sets; all-three: 3 * 3 * 3 = 27 sets.
      expect(quorums).toBe(policyId === 'standard' ? 54 : 27);
      db.close();
    });
  }
});
