import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { CREDENTIAL_KINDS, type SecretInput } from '../../shared/api/contract.js';
import { loadSodium } from '../../shared/crypto/sodium.js';
import { verifyDetached } from '../../shared/crypto/sign.js';
import { fromBase64, toBase64 } from '../../shared/util/bytes.js';
import { VaultError } from '../../shared/util/errors.js';
import { createRekeyMaterial, createVaultMaterial, type VaultMaterial } from '../../shared/vault/create.js';
import { depositMessage, openSecret, sealedHashOf, sealSecret, type SealContext } from '../../shared/vault/credentials.js';
import { credentialView, getCredentialVersion, getSeal, listCredentialVersions } from '../../shared/vault/credentials-repo.js';
import { openVaultDb, type VaultDb } from '../../shared/vault/db.js';
import { depositCredential, openCredentialVersion, resealVersionsForEpoch, rotateCredential, verifyDepositSignature } from '../../shared/vault/deposit.js';
import { activateEpoch, getActiveEpoch, insertEpoch, insertVaultMeta } from '../../shared/vault/epochs-repo.js';
import { validateMetadata, validateSecret } from '../../shared/vault/secret-validate.js';
import { openVaultSecretKey, type VaultKeyPair } from '../../shared/vault/vault-keypair.js';
import { crossFunctionPolicy, makePeople, TEST_KDF, type Fixture } from './helpers/vault-fixture.js';
import { SAMPLE_SECRETS, sampleMetadata, ZERO_LEADING_FILE } from './helpers/secrets.js';

function expectInvalid(action: () => unknown, message: RegExp | string): void {
  let caught: unknown;
  try {
    action();
  } catch (error) {
    caught = error;
  }
  expect(caught).toBeInstanceOf(VaultError);
  expect((caught as VaultError).code).toBe('invalid-input');
  if (typeof message === 'string') expect((caught as VaultError).message).toBe(message);
  else expect((caught as VaultError).message).toMatch(message);
}

describe('secret validation', () => {
  it.each(CREDENTIAL_KINDS.map((kind) => [kind]))('accepts a valid %s', (kind) => {
    expect(validateSecret(SAMPLE_SECRETS[kind]).kind).toBe(kind);
  });

  const invalid: Array<[string, SecretInput, string]> = [
    ['empty password', { kind: 'password', password: '' }, 'password is empty: enter a value'],
    ['empty token', { kind: 'api-token', token: '' }, 'API token is empty: enter a value'],
    ['SSH key that is not PEM', { kind: 'ssh-key', privateKey: 'ssh-ed25519 AAAA' }, 'SSH private key is not in PEM or OpenSSH form (expected a "-----BEGIN ... PRIVATE KEY-----" block)'],
    ['certificate without its block', { kind: 'certificate', certificate: 'MIIB', privateKey: SAMPLE_SECRETS.certificate.kind === 'certificate' ? SAMPLE_SECRETS.certificate.privateKey : '' }, 'certificate is not in PEM or OpenSSH form (expected a "-----BEGIN ... CERTIFICATE-----" block)'],
    ['bad base32 TOTP seed', { kind: 'totp', seed: 'JBSWY3DPEHPK3PX1' }, 'TOTP seed is not valid base32: use only the letters A-Z and digits 2-7'],
    ['short TOTP seed', { kind: 'totp', seed: 'JBSWY3DP' }, 'TOTP seed is too short: it needs at least 16 base32 characters (80 bits)'],
    ['TOTP seed of impossible length', { kind: 'totp', seed: 'JBSWY3DPEHPK3PXPA' }, 'TOTP seed is not valid base32: its length is impossible for base32'],
    ['TOTP with 5 digits', { kind: 'totp', seed: 'JBSWY3DPEHPK3PXP', digits: 5 }, 'TOTP digits must be 6, 7 or 8'],
    ['no recovery codes', { kind: 'recovery-codes', codes: [] }, 'recovery codes are empty: enter at least one code'],
    ['blank recovery code', { kind: 'recovery-codes', codes: ['a', ' '] }, 'recovery code 2 is empty: enter a value'],
    ['file over 1 MiB', { kind: 'file', fileName: 'big.bin', contentBase64: toBase64(new Uint8Array(1024 * 1024 + 1)) }, 'file "big.bin" is 1048577 bytes, larger than the 1 MiB (1048576 bytes) limit'],
    ['empty file', { kind: 'file', fileName: 'e.bin', contentBase64: '' }, 'file "e.bin" is empty'],
    ['file with bad base64', { kind: 'file', fileName: 'x.bin', contentBase64: 'abc' }, 'content of file "x.bin" is not valid base64'],
    ['file name with a path', { kind: 'file', fileName: '../x', contentBase64: 'AA==' }, 'file name must not contain "/", "\\" or NUL, and must not be "." or ".."'],
    ['unknown kind', { kind: 'pin', pin: '1234' } as unknown as SecretInput, /secret kind "pin" is unknown/],
  ] as Array<[string, SecretInput, string]>;
  it.each(invalid)('rejects %s', (_name, secret, message) => {
    expectInvalid(() => validateSecret(secret), message);
  });

  it('accepts a file of exactly 1 MiB and normalises a TOTP seed', () => {
    expect(validateSecret({ kind: 'file', fileName: 'max.bin', contentBase64: toBase64(new Uint8Array(1024 * 1024)) }).kind).toBe('file');
    expect(validateSecret({ kind: 'totp', seed: 'jbsw y3dp ehpk 3pxp' })).toEqual({ kind: 'totp', seed: 'JBSWY3DPEHPK3PXP', digits: 6, period: 30, algorithm: 'SHA1' });
  });

  it('checks metadata', () => {
    expect(validateMetadata(sampleMetadata('password'))).toEqual(sampleMetadata('password'));
    expectInvalid(() => validateMetadata({ ...sampleMetadata('password'), label: ' ' }), 'label is empty: name the credential');
    expectInvalid(() => validateMetadata({ ...sampleMetadata('password'), system: '' }), 'system of credential "Sample password" is empty: name the system it opens');
    expectInvalid(() => validateMetadata({ ...sampleMetadata('password'), url: 'ftp://x' }), 'URL of credential "Sample password" is not a valid http or https URL');
    expectInvalid(() => validateMetadata({ ...sampleMetadata('password'), tags: ['a', 'a'] }), 'credential "Sample password" lists a tag twice');
  });
});

describe('sealed secrets', () => {
  let material: VaultMaterial;
  let pair: VaultKeyPair;
  const context = (kind: SealContext['kind']): SealContext => ({ vaultId: material.header.vaultId, epoch: 1, credentialId: 'cred-1', version: 1, kind });

  beforeAll(async () => {
    await loadSodium();
    const fixture = await makePeople();
    material = await createVaultMaterial({ name: 'Seal test', people: fixture.people, policies: [crossFunctionPolicy('standard', 1)], kdf: TEST_KDF, devicePublicKey: fixture.devicePublicKey });
    pair = openVaultSecretKey(material.vk, material.header, material.encryptedVaultSecretKey);
  });

  it.each(CREDENTIAL_KINDS.map((kind) => [kind]))('round-trips a %s secret', (kind) => {
    const sealed = sealSecret(SAMPLE_SECRETS[kind], context(kind), pair.publicKey);
    expect(openSecret(sealed, context(kind), pair)).toEqual(validateSecret(SAMPLE_SECRETS[kind]));
  });

  it('keeps file bytes that start with zeros exactly', () => {
    const sealed = sealSecret(SAMPLE_SECRETS.file, context('file'), pair.publicKey);
    const opened = openSecret(sealed, context('file'), pair);
    expect(opened.kind).toBe('file');
    const content = opened.kind === 'file' ? fromBase64(opened.contentBase64) : new Uint8Array(0);
    expect(Array.from(content)).toEqual(Array.from(ZERO_LEADING_FILE));
  });

  it('binds the secret to its ids', () => {
    const sealed = sealSecret(SAMPLE_SECRETS.password, context('password'), pair.publicKey);
    for (const changed of [{ credentialId: 'cred-2' }, { version: 2 }, { epoch: 2 }, { vaultId: '00000000-0000-4000-8000-000000000009' }]) {
      let caught: unknown;
      try {
        openSecret(sealed, { ...context('password'), ...changed }, pair);
      } catch (error) {
        caught = error;
      }
      expect((caught as VaultError).code, JSON.stringify(changed)).toBe('corrupt-vault');
      expect((caught as VaultError).message).toMatch(/failed authentication; restore the vault file from a backup/);
    }
  });

  it('detects a flipped byte at every position', () => {
    const sealed = sealSecret(SAMPLE_SECRETS['api-token'], context('api-token'), pair.publicKey);
    for (let position = 0; position < sealed.length; position++) {
      const changed = sealed.slice();
      changed[position]! ^= 0x01;
      expect(() => openSecret(changed, context('api-token'), pair), `byte ${position}`).toThrow(/credential "cred-1" version 1 \(epoch 1\)/);
    }
  });

  it('rejects a secret whose kind differs from the credential', () => {
    expectInvalid(() => sealSecret(SAMPLE_SECRETS.password, context('api-token'), pair.publicKey), 'secret kind "password" does not match credential kind "api-token"');
  });
});

describe('deposit, rotation and rekey in a vault file', () => {
  let fixture: Fixture;
  let material: VaultMaterial;
  let dir: string;
  let db: VaultDb;
  const signer = (id: string) => ({ personId: id, secretKey: fixture.keys.get(id)!.secretKey });

  beforeAll(async () => {
    await loadSodium();
    fixture = await makePeople();
    material = await createVaultMaterial({ name: 'Deposit test', people: fixture.people, policies: [crossFunctionPolicy('standard', 1)], kdf: TEST_KDF, devicePublicKey: fixture.devicePublicKey });
  });

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bg-cred-'));
    db = openVaultDb(path.join(dir, 'vault.db'), { create: true });
    insertVaultMeta(db, { vaultId: material.header.vaultId, name: material.header.name, createdAt: material.header.createdAt });
    insertEpoch(db, { header: material.header, headerMac: material.headerMac, encryptedVaultSecretKey: material.encryptedVaultSecretKey, status: 'active' });
  });

  afterEach(() => {
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('signs a deposit and keeps old versions sealed on rotation', () => {
    const first = depositCredential(db, { signer: signer('cole'), credentialId: 'idp-admin', metadata: sampleMetadata('password'), secret: SAMPLE_SECRETS.password, now: '2026-01-02T00:00:00.000Z' });
    expect(first.version).toBe(1);
    const message = depositMessage({ vaultId: material.header.vaultId, epoch: 1, credentialId: 'idp-admin', version: 1, metadata: first.metadata, sealedHash: first.sealedHash, depositedBy: 'cole', ceremonyId: null });
    expect(verifyDetached(first.signature, message, fixture.keys.get('cole')!.publicKey)).toBe(true);
    expect(first.sealedHash).toBe(sealedHashOf(getSeal(db, 'idp-admin', 1, 1)!));

    const second = rotateCredential(db, { signer: signer('ida'), credentialId: 'idp-admin', secret: { kind: 'password', password: 'rotated' }, ceremonyId: 'cer-1' });
    expect(second.version).toBe(2);
    expect(listCredentialVersions(db, 'idp-admin').map((v) => [v.version, v.depositedBy, v.ceremonyId])).toEqual([[1, 'cole', null], [2, 'ida', 'cer-1']]);
    expect(verifyDepositSignature(material.header, getCredentialVersion(db, 'idp-admin', 1)!)).toBe(true);
    expect(verifyDepositSignature(material.header, { ...getCredentialVersion(db, 'idp-admin', 2)!, sealedHash: first.sealedHash })).toBe(false);

    const pair = openVaultSecretKey(material.vk, material.header, material.encryptedVaultSecretKey);
    expect(openCredentialVersion(db, { header: material.header, vaultKeyPair: pair, credentialId: 'idp-admin' }).secret).toEqual({ kind: 'password', password: 'rotated' });
    expect(openCredentialVersion(db, { header: material.header, vaultKeyPair: pair, credentialId: 'idp-admin', version: 1 }).secret).toEqual(SAMPLE_SECRETS.password);
    expect(credentialView(db, 'idp-admin')).toMatchObject({ id: 'idp-admin', currentVersion: 2, url: 'https://idp.example.com/admin', username: 'bg-admin', versions: [{ version: 1, depositedBy: 'cole', epoch: 1 }, { version: 2, depositedBy: 'ida', epoch: 1 }] });
  });

  it('rejects bad deposits with plain errors', () => {
    const cases: Array<[() => unknown, string, string]> = [
      [() => depositCredential(db, { signer: signer('cole'), metadata: sampleMetadata('password'), secret: { kind: 'password', password: '' } }), 'invalid-input', 'password is empty: enter a value'],
      [() => depositCredential(db, { signer: signer('cole'), metadata: sampleMetadata('api-token'), secret: SAMPLE_SECRETS.password }), 'invalid-input', 'secret kind "password" does not match credential kind "api-token"'],
      [() => depositCredential(db, { signer: { personId: 'cole', secretKey: fixture.keys.get('ida')!.secretKey }, metadata: sampleMetadata('password'), secret: SAMPLE_SECRETS.password }), 'signature-invalid', 'the signing key presented for "cole" is not the one enrolled in the vault header; use that person\'s own kit'],
      [() => depositCredential(db, { signer: { personId: 'zed', secretKey: fixture.keys.get('ida')!.secretKey }, metadata: sampleMetadata('password'), secret: SAMPLE_SECRETS.password }), 'not-permitted', 'person "zed" is not enrolled in this vault at epoch 1, so cannot deposit'],
      [() => rotateCredential(db, { signer: signer('cole'), credentialId: 'nope', secret: SAMPLE_SECRETS.password }), 'not-found', 'credential "nope" not found; check its id in the credential list'],
      [() => depositCredential(db, { signer: signer('cole'), credentialId: 'Bad Id', metadata: sampleMetadata('password'), secret: SAMPLE_SECRETS.password }), 'invalid-input', 'credential id "Bad Id" must be a lowercase slug or a UUID'],
    ];
    for (const [action, code, message] of cases) {
      let caught: unknown;
      try {
        action();
      } catch (error) {
        caught = error;
      }
      expect((caught as VaultError).code, message).toBe(code);
      expect((caught as VaultError).message).toBe(message);
    }
    depositCredential(db, { signer: signer('cole'), credentialId: 'dup', metadata: sampleMetadata('password'), secret: SAMPLE_SECRETS.password });
    expect(() => depositCredential(db, { signer: signer('cole'), credentialId: 'dup', metadata: sampleMetadata('password'), secret: SAMPLE_SECRETS.password })).toThrow('a credential with id "dup" already exists; rotate it instead');
  });

  it('re-seals for a rekey so the retired key opens nothing', async () => {
    depositCredential(db, { signer: signer('cole'), credentialId: 'root', metadata: sampleMetadata('api-token'), secret: SAMPLE_SECRETS['api-token'] });
    const rekey = await createRekeyMaterial({ previousHeader: material.header, people: fixture.people, policies: [crossFunctionPolicy('standard', 2)] });
    insertEpoch(db, { header: rekey.header, headerMac: rekey.headerMac, encryptedVaultSecretKey: rekey.encryptedVaultSecretKey, status: 'pending' });

    // A deposit while the rekey is pending is sealed for both epochs.
    depositCredential(db, { signer: signer('cole'), credentialId: 'during', metadata: sampleMetadata('totp'), secret: SAMPLE_SECRETS.totp });
    expect(getSeal(db, 'during', 1, 2)).not.toBeNull();
    expect(() => activateEpoch(db, 2)).toThrow('1 credential versions are not yet re-sealed for epoch 2; re-seal them before activating');

    const oldPair = openVaultSecretKey(material.vk, material.header, material.encryptedVaultSecretKey);
    expect(resealVersionsForEpoch(db, { from: { header: material.header, vaultKeyPair: oldPair }, to: rekey.header })).toBe(1);
    activateEpoch(db, 2);

    const active = getActiveEpoch(db);
    const newPair = openVaultSecretKey(rekey.vk, active.header, active.encryptedVaultSecretKey!);
    expect(openCredentialVersion(db, { header: active.header, vaultKeyPair: newPair, credentialId: 'root' }).secret).toEqual(SAMPLE_SECRETS['api-token']);
    expect(openCredentialVersion(db, { header: active.header, vaultKeyPair: newPair, credentialId: 'during' }).secret).toEqual(validateSecret(SAMPLE_SECRETS.totp));
    expect(() => openCredentialVersion(db, { header: material.header, vaultKeyPair: oldPair, credentialId: 'root' })).toThrow('credential "root" version 1 is not sealed for epoch 1; unseal with the active epoch\'s kits');
    expect(() => openSecret(getSeal(db, 'root', 1, 2)!, { vaultId: material.header.vaultId, epoch: 2, credentialId: 'root', version: 1, kind: 'api-token' }, oldPair)).toThrow(/failed authentication/);
  });
});
