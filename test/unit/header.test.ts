import { beforeAll, describe, expect, it } from 'vitest';
import { loadSodium } from '../../shared/crypto/sodium.js';
import { generateSigningKeyPair } from '../../shared/crypto/sign.js';
import { equalBytes, fromBase64, toHex } from '../../shared/util/bytes.js';
import { VaultError } from '../../shared/util/errors.js';
import { createRekeyMaterial, createVaultMaterial, type VaultMaterial } from '../../shared/vault/create.js';
import { missingGenesisSignatures, signGenesis, verifyGenesisSignature } from '../../shared/vault/genesis.js';
import { computeHeaderMac, headerBytes, headerHash, parseHeader, parseHeaderJson, verifyHeaderMac, type VaultHeader } from '../../shared/vault/header.js';
import { openVaultSecretKey } from '../../shared/vault/vault-keypair.js';
import { KAT_SEEDS, KAT_VAULT_KEY, katMaterial } from './helpers/kat-fixture.js';
import { crossFunctionPolicy, makePeople, TEST_KDF } from './helpers/vault-fixture.js';

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

// Known answers computed independently in Python (hashlib.blake2b with key, salt and person for
// crypto_kdf; hmac SHA-512 truncated to 32 bytes for crypto_auth; hashlib.sha256) from the
// canonical header bytes, and hard-coded here.
const KAT_CANONICAL_SHA256 = '1837cf7d69753baa536ffa5a6a5cc7c074bfe9e1a6533127a17173c0d79f39a1';
const KAT_HEADER_MAC = 'ee69449ddeabea8b1d16ea0f5edb8adf5a925cf58719300568a85230c343d984';
const KAT_HEADER_HASH = '16447c28966d94a07159ab7952cf94c3bcc75a97eca3e06557a194e283486fd0';
const KAT_IDA_COMMITMENT = '5ee9e6bd7b6f7d57c32365462e4ca2ee54145e391a571b3c86a42aa91df40c69';

describe('vault header', () => {
  let kat: VaultMaterial;

  beforeAll(async () => {
    await loadSodium();
    kat = await katMaterial();
  });

  it('matches the known-answer MAC, hash and commitment', async () => {
    const { sha256 } = await import('../../shared/crypto/canonical.js');
    expect(toHex(sha256(headerBytes(kat.header)))).toBe(KAT_CANONICAL_SHA256);
    expect(toHex(kat.headerMac)).toBe(KAT_HEADER_MAC);
    expect(toHex(computeHeaderMac(KAT_VAULT_KEY, kat.header))).toBe(KAT_HEADER_MAC);
    expect(headerHash(kat.header)).toBe(KAT_HEADER_HASH);
    expect(kat.header.commitments[0]!.commitment).toBe(KAT_IDA_COMMITMENT);
  });

  it('keeps a vault key that starts with zero bytes exactly', () => {
    expect(kat.vk[0]).toBe(0);
    expect(kat.vk[1]).toBe(0);
    expect(equalBytes(kat.vk, KAT_VAULT_KEY)).toBe(true);
    expect(equalBytes(kat.sharesByPerson.get('ida')![0]!.share.subarray(0, 32), KAT_VAULT_KEY)).toBe(true);
  });

  it('verifies the MAC with the right key only', () => {
    expect(verifyHeaderMac(KAT_VAULT_KEY, kat.header, kat.headerMac)).toBe(true);
    const wrongKey = KAT_VAULT_KEY.slice();
    wrongKey[31]! ^= 1;
    expect(verifyHeaderMac(wrongKey, kat.header, kat.headerMac)).toBe(false);
    expect(verifyHeaderMac(KAT_VAULT_KEY, kat.header, kat.headerMac.subarray(0, 31))).toBe(false);
  });

  it('detects a flipped bit at every position of the MAC', () => {
    for (let position = 0; position < kat.headerMac.length; position++) {
      const mac = kat.headerMac.slice();
      mac[position]! ^= 0x01;
      expect(verifyHeaderMac(KAT_VAULT_KEY, kat.header, mac), `MAC byte ${position}`).toBe(false);
    }
  });

  it('detects a flipped byte at every position of the canonical header', () => {
    const bytes = headerBytes(kat.header);
    for (let position = 0; position < bytes.length; position++) {
      const changed = bytes.slice();
      changed[position]! ^= 0x01;
      let parsed: VaultHeader;
      try {
        parsed = parseHeaderJson(new TextDecoder('utf-8', { fatal: false }).decode(changed));
      } catch (error) {
        expect((error as VaultError).code, `byte ${position}`).toBe('corrupt-vault');
        continue;
      }
      expect(verifyHeaderMac(KAT_VAULT_KEY, parsed, kat.headerMac), `byte ${position}`).toBe(false);
    }
  });

  it('rejects a header that breaks the schema', () => {
    expectVaultError(() => parseHeader({ ...kat.header, format: 2 }), 'corrupt-vault', /vault header is invalid at "format"/);
    expectVaultError(() => parseHeader({ ...kat.header, extra: true }), 'corrupt-vault', /vault header is invalid at "header"/);
    expectVaultError(() => parseHeader({ ...kat.header, origin: 'breakglass-vault/other' }), 'corrupt-vault', /origin "breakglass-vault\/other" does not match vault id/);
    expectVaultError(() => parseHeaderJson('{'), 'corrupt-vault', /vault header is not valid JSON/);
    expect(parseHeader(JSON.parse(JSON.stringify(kat.header)))).toEqual(kat.header);
  });

  it('opens the vault secret key with the vault key only', () => {
    const pair = openVaultSecretKey(kat.vk, kat.header, kat.encryptedVaultSecretKey);
    expect(equalBytes(pair.publicKey, fromBase64(kat.header.vaultPublicKey))).toBe(true);
    const wrongKey = kat.vk.slice();
    wrongKey[0]! ^= 1;
    expectVaultError(() => openVaultSecretKey(wrongKey, kat.header, kat.encryptedVaultSecretKey), 'corrupt-vault', /vault secret key of epoch 1 failed authentication/);
    for (let position = 0; position < kat.encryptedVaultSecretKey.length; position++) {
      const changed = kat.encryptedVaultSecretKey.slice();
      changed[position]! ^= 0x01;
      expectVaultError(() => openVaultSecretKey(kat.vk, kat.header, changed), 'corrupt-vault', /vault secret key of epoch 1/);
    }
    expectVaultError(() => openVaultSecretKey(kat.vk, { ...kat.header, epoch: 2 }, kat.encryptedVaultSecretKey), 'corrupt-vault', /epoch 2 failed authentication/);
  });

  it('checks genesis signatures of every custodian', () => {
    const ida = generateSigningKeyPair(KAT_SEEDS.ida);
    const sara = generateSigningKeyPair(KAT_SEEDS.sara);
    const idaSignature = signGenesis(kat.header, ida.secretKey);
    expect(verifyGenesisSignature(kat.header, 'ida', idaSignature)).toBe(true);
    expect(verifyGenesisSignature(kat.header, 'sara', idaSignature)).toBe(false);
    expect(missingGenesisSignatures(kat.header, [{ personId: 'ida', signature: idaSignature }])).toEqual(['sara']);
    const saraSignature = signGenesis(kat.header, sara.secretKey);
    expect(missingGenesisSignatures(kat.header, [{ personId: 'ida', signature: idaSignature }, { personId: 'sara', signature: saraSignature }])).toEqual([]);
  });
});

describe('vault material', () => {
  it('creates a UUID v4 vault at epoch 1 and a rekey at epoch 2', async () => {
    const fixture = await makePeople();
    const material = await createVaultMaterial({ name: ' Prod ', people: fixture.people, policies: [crossFunctionPolicy('standard', 1)], kdf: TEST_KDF, devicePublicKey: fixture.devicePublicKey });
    expect(material.header.vaultId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(material.header.name).toBe('Prod');
    expect(material.header.epoch).toBe(1);
    expect(material.header.origin).toBe(`breakglass-vault/${material.header.vaultId}`);
    expect(material.header.previousHeaderHash).toBeNull();
    expect(material.header.commitments).toHaveLength(6);
    expect(material.sharesByPerson.get('cole')).toEqual([]);
    expect(parseHeader(material.header)).toEqual(material.header);

    const rekey = await createRekeyMaterial({ previousHeader: material.header, people: fixture.people.filter((p) => p.id !== 'ravi'), policies: [{ ...crossFunctionPolicy('standard', 1), groups: crossFunctionPolicy('standard', 1).groups.map((g) => ({ ...g, members: g.members.filter((m) => m !== 'ravi') })) }] });
    expect(rekey.header.vaultId).toBe(material.header.vaultId);
    expect(rekey.header.epoch).toBe(2);
    expect(rekey.header.previousHeaderHash).toBe(headerHash(material.header));
    expect(equalBytes(rekey.vk, material.vk)).toBe(false);
    expect(rekey.header.vaultPublicKey).not.toBe(material.header.vaultPublicKey);
    expect(verifyHeaderMac(material.vk, rekey.header, rekey.headerMac)).toBe(false);
    expect(verifyHeaderMac(rekey.vk, rekey.header, rekey.headerMac)).toBe(true);
    expect(rekey.sharesByPerson.has('ravi')).toBe(false);

    material.wipe();
    expect(material.vk.every((byte) => byte === 0)).toBe(true);
  });

  it('rejects invalid people and inputs', async () => {
    const fixture = await makePeople();
    const base = { name: 'V', people: fixture.people, policies: [crossFunctionPolicy('standard', 1)], kdf: TEST_KDF, devicePublicKey: fixture.devicePublicKey };
    const cases: Array<[string, Parameters<typeof createVaultMaterial>[0], RegExp]> = [
      ['empty name', { ...base, name: ' ' }, /vault name must be 1 to 200 characters/],
      ['duplicate id', { ...base, people: [...fixture.people, { ...fixture.people[0]!, publicKey: fixture.people[7]!.publicKey }] }, /person "ida": id is used twice/],
      ['custodian without function', { ...base, people: fixture.people.map((p) => (p.id === 'cole' ? { ...p, roles: ['custodian' as const] } : p)) }, /person "cole": a custodian needs a function/],
      ['shared public key', { ...base, people: fixture.people.map((p) => (p.id === 'aud' ? { ...p, publicKey: fixture.people[0]!.publicKey } : p)) }, /person "aud": public key is already used by another person/],
      ['vendor without sponsor', { ...base, people: fixture.people.map((p) => (p.id === 'cole' ? { ...p, function: 'vendor' as const } : p)) }, /person "cole": a vendor needs an internal sponsor/],
      ['bad device key', { ...base, devicePublicKey: 'AAAA' }, /device public key must be a base64 32-byte Ed25519 key/],
      ['bad kdf', { ...base, kdf: { memoryKiB: 1024, iterations: 1 } }, /KDF memory 1024 KiB is invalid/],
    ];
    for (const [name, input, message] of cases) {
      const caught = await createVaultMaterial(input).then(() => undefined, (error: unknown) => error);
      expect(caught, name).toBeInstanceOf(VaultError);
      expect((caught as VaultError).code, name).toBe('invalid-input');
      expect((caught as VaultError).message, name).toMatch(message);
    }
  });
});
