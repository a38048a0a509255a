import { beforeAll, describe, expect, it } from 'vitest';
import { canonicalBytes, labelled, sha256 } from '../../shared/crypto/canonical.js';
import { loadSodium } from '../../shared/crypto/sodium.js';
import { assembleKit, KIT_MAGIC, parseKit } from '../../shared/kit/format.js';
import { checkKitEpoch, checkKitPublicAgainstHeader, createKit, kitFileName, openKit, readKitPublic, verifyKitAgainstHeader } from '../../shared/kit/kit.js';
import { concatBytes, equalBytes, fromHex, toBase64, toHex } from '../../shared/util/bytes.js';
import { VaultError } from '../../shared/util/errors.js';
import { createRekeyMaterial, createVaultMaterial, type VaultMaterial } from '../../shared/vault/create.js';
import { KAT_NONCE, KAT_PASSPHRASE, KAT_SALT, KAT_SEEDS, KAT_VAULT_KEY, katMaterial } from './helpers/kat-fixture.js';
import { crossFunctionPolicy, makePeople, TEST_KDF, type Fixture } from './helpers/vault-fixture.js';

async function caught(action: () => unknown): Promise<VaultError> {
  const error = await Promise.resolve().then(action).then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(VaultError);
  return error as VaultError;
}

function u32be(value: number): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, value);
  return out;
}

/** Recomputes the trailing checksum, as an attacker who edits the file would. */
function withFreshChecksum(bytes: Uint8Array): Uint8Array {
  const body = bytes.subarray(0, bytes.length - 32);
  return concatBytes(body, sha256(labelled('breakglass/v1/kit-checksum', body)));
}

// Kit of "ida" for the KAT vault with fixed seed, salt, nonce and passphrase (Argon2id 8 MiB, t=1).
// The layout, checksum and commitment were checked independently in Python; the ciphertext was
// produced by libsodium's XChaCha20-Poly1305 and is pinned here so any change of format shows.
const KAT_KIT_HEX = [
  '42474b5401000001da7b2265706f6368223a312c22666f726d6174223a312c2266756e6374696f6e223a226964656e74',
  '697479222c226b6466223a7b22616c67223a226172676f6e326964222c22697465726174696f6e73223a312c226d656d',
  '6f72794b6942223a383139322c22706172616c6c656c69736d223a317d2c226e616d65223a22496461204964656e7469',
  '7479222c226e6f6e6365223a22734c4779733753317472653475627137764c322b763844427773504578636248222c22',
  '706572736f6e4964223a22696461222c227075626c69634b6579223a22696f6a6a3358514a385a583955747374504c70',
  '646373706e436238646c42496238335349416251506231773d222c22726f6c6573223a5b22637573746f6469616e225d',
  '2c2273616c74223a226f4b47696f36536c7071656f71617172724b327572773d3d222c22736861726573223a5b7b2266',
  '756e6374696f6e223a226964656e74697479222c2267726f7570496e646578223a302c226d656d626572496e64657822',
  '3a302c22706f6c6963794964223a22616e792d6f6e65227d5d2c227661756c744964223a2230303030303030302d3030',
  '30302d343030302d383030302d303030303030303030303031222c227661756c744e616d65223a224b4154207661756c',
  '74227d00000053929cf47b25ec3d982b5b04cc42ed8a5e126d711d1be90aa511ef2e01b21b2826c68d76825beda413f1',
  'b696c239f7060c3288f2773346bf3a5ff1f3c83a8f7d755a449cabb18e0a382dc1f74c8a0b07779790e495d3107c16bc',
  '5a6b08f562e858e91ca72a285f0652724ede789d8ae1d7a3875b',
].join('');

describe('custodian kit', () => {
  let kat: VaultMaterial;
  let katKit: Uint8Array;

  beforeAll(async () => {
    await loadSodium();
    kat = await katMaterial();
    katKit = await createKit({ header: kat.header, personId: 'ida', signingSeed: KAT_SEEDS.ida, shares: kat.sharesByPerson.get('ida')!, passphrase: KAT_PASSPHRASE, salt: KAT_SALT, nonce: KAT_NONCE });
  });

  it('matches the known-answer bytes', () => {
    expect(toHex(katKit)).toBe(KAT_KIT_HEX);
    expect(equalBytes(katKit.subarray(0, 4), KIT_MAGIC)).toBe(true);
    expect(katKit[4]).toBe(1);
  });

  it('opens the known-answer kit to its seed and share', async () => {
    const opened = await openKit(fromHex(KAT_KIT_HEX), KAT_PASSPHRASE);
    expect(opened.publicPart.personId).toBe('ida');
    expect(equalBytes(opened.signingKeyPair.seed, KAT_SEEDS.ida)).toBe(true);
    expect(opened.shares).toHaveLength(1);
    // The share starts with the vault key's two zero bytes and survives the round trip exactly.
    expect(equalBytes(opened.shares[0]!.share, concatBytes(KAT_VAULT_KEY, new Uint8Array([1])))).toBe(true);
    expect(verifyKitAgainstHeader(opened, kat.header)).toEqual([{ policyId: 'any-one', groupIndex: 0, function: 'identity', commitmentOk: true, problem: null }]);
    opened.wipe();
    expect(opened.signingKeyPair.secretKey.every((byte) => byte === 0)).toBe(true);
  });

  it('reads the public part without the passphrase', () => {
    const publicPart = readKitPublic(katKit);
    expect(publicPart).toMatchObject({ vaultId: kat.header.vaultId, vaultName: 'KAT vault', epoch: 1, personId: 'ida', name: 'Ida Identity', roles: ['custodian'], function: 'identity', kdf: TEST_KDF, salt: toBase64(KAT_SALT), nonce: toBase64(KAT_NONCE) });
    expect(publicPart.shares).toEqual([{ policyId: 'any-one', groupIndex: 0, memberIndex: 0, function: 'identity' }]);
    expect(kitFileName(publicPart)).toBe('kat-vault-ida-epoch1.bgkit');
  });

  it('detects a flipped bit at every position', async () => {
    for (let position = 0; position < katKit.length; position++) {
      const changed = katKit.slice();
      changed[position]! ^= 0x01;
      const error = await caught(() => openKit(changed, KAT_PASSPHRASE));
      expect(error.code, `byte ${position}`).toBe('kit-invalid');
      expect(error.message, `byte ${position}`).toMatch(/^kit file is invalid: /);
    }
  });

  it('detects an edit at every position even with a recomputed checksum', async () => {
    let aeadRejections = 0;
    for (let position = 0; position < katKit.length - 32; position++) {
      const changed = katKit.slice();
      changed[position]! ^= 0x01;
      const error = await caught(() => openKit(withFreshChecksum(changed), KAT_PASSPHRASE));
      expect(['kit-invalid', 'kit-wrong-passphrase'], `byte ${position}`).toContain(error.code);
      if (error.code === 'kit-wrong-passphrase') aeadRejections++;
    }
    expect(aeadRejections).toBeGreaterThan(83);
  });

  it('rejects a wrong passphrase', async () => {
    const error = await caught(() => openKit(katKit, 'correct horse battery stapler'));
    expect(error.code).toBe('kit-wrong-passphrase');
    expect(error.message).toBe('the passphrase does not open the kit of "ida", or the kit was modified; check the passphrase and try again');
  });

  it('opens with another Unicode form of the passphrase (NFKC)', async () => {
    const kit = await createKit({ header: kat.header, personId: 'sara', signingSeed: KAT_SEEDS.sara, shares: kat.sharesByPerson.get('sara')!, passphrase: 'Ångström ﬁle cafe\u0301' });
    const opened = await openKit(kit, 'A\u030Angstro\u0308m file caf\u00e9');
    expect(opened.publicPart.personId).toBe('sara');
  });

  const strict: Array<[string, (kit: Uint8Array) => Uint8Array, RegExp]> = [
    ['a trailing byte', (kit) => concatBytes(kit, new Uint8Array([0])), /the file length does not match/],
    ['a truncated file', (kit) => kit.subarray(0, kit.length - 1), /the file length does not match/],
    ['an empty file', () => new Uint8Array(0), /the file is too short to be a kit/],
    ['another magic', (kit) => withFreshChecksum(concatBytes(new Uint8Array([0x42, 0x47, 0x4b, 0x55]), kit.subarray(4))), /does not start with the kit magic/],
    ['another version', (kit) => withFreshChecksum(concatBytes(kit.subarray(0, 4), new Uint8Array([2]), kit.subarray(5))), /kit format version 2 is not supported/],
    ['a bad checksum', (kit) => concatBytes(kit.subarray(0, kit.length - 1), new Uint8Array([kit[kit.length - 1]! ^ 0x80])), /checksum mismatch/],
  ];
  it.each(strict)('rejects %s', async (_name, change, message) => {
    const error = await caught(() => openKit(change(katKit), KAT_PASSPHRASE));
    expect(error.code).toBe('kit-invalid');
    expect(error.message).toMatch(message);
  });

  it('rejects a public part that is not canonical JSON', async () => {
    const parsed = parseKit(katKit);
    const loose = new TextEncoder().encode(JSON.stringify(parsed.publicPart, null, 1));
    const rebuilt = assembleKit(concatBytes(KIT_MAGIC, new Uint8Array([1]), u32be(loose.length), loose, u32be(parsed.ciphertext.length)), parsed.ciphertext);
    const error = await caught(() => readKitPublic(rebuilt));
    expect(error.code).toBe('kit-invalid');
    expect(error.message).toMatch(/the public part is not in canonical JSON form/);
  });

  it('rejects a public part with an unknown field', async () => {
    const parsed = parseKit(katKit);
    const extended = canonicalBytes({ ...parsed.publicPart, extra: 1 });
    const rebuilt = assembleKit(concatBytes(KIT_MAGIC, new Uint8Array([1]), u32be(extended.length), extended, u32be(parsed.ciphertext.length)), parsed.ciphertext);
    const error = await caught(() => readKitPublic(rebuilt));
    expect(error.code).toBe('kit-invalid');
    expect(error.message).toMatch(/the public part field "" is invalid/);
  });

  it('rejects nonsense KDF parameters in a crafted kit before deriving', async () => {
    const parsed = parseKit(katKit);
    const crafted = canonicalBytes({ ...parsed.publicPart, kdf: { ...parsed.publicPart.kdf, memoryKiB: 1 << 30 } });
    const rebuilt = assembleKit(concatBytes(KIT_MAGIC, new Uint8Array([1]), u32be(crafted.length), crafted, u32be(parsed.ciphertext.length)), parsed.ciphertext);
    const error = await caught(() => openKit(rebuilt, KAT_PASSPHRASE));
    expect(error.code).toBe('kit-invalid');
    expect(error.message).toMatch(/field "kdf.memoryKiB" is invalid/);
  });

  it('rejects an empty passphrase and a foreign signing key at creation', async () => {
    const empty = await caught(() => createKit({ header: kat.header, personId: 'ida', signingSeed: KAT_SEEDS.ida, shares: kat.sharesByPerson.get('ida')!, passphrase: '' }));
    expect(empty.code).toBe('invalid-input');
    expect(empty.message).toBe('passphrase for the kit of "ida" is empty');
    const foreignKey = await caught(() => createKit({ header: kat.header, personId: 'ida', signingSeed: KAT_SEEDS.sara, shares: [], passphrase: 'x' }));
    expect(foreignKey.code).toBe('invalid-input');
    expect(foreignKey.message).toBe('signing key does not match the public key of person "ida" in the header');
    const otherShares = await caught(() => createKit({ header: kat.header, personId: 'ida', signingSeed: KAT_SEEDS.ida, shares: kat.sharesByPerson.get('sara')!, passphrase: 'x' }));
    expect(otherShares.message).toBe('a share of custodian "sara" cannot go into the kit of "ida"');
  });

  it('creates an incident commander kit with no shares', async () => {
    const kit = await createKit({ header: kat.header, personId: 'cole', signingSeed: KAT_SEEDS.cole, shares: [], passphrase: 'commander' });
    const opened = await openKit(kit, 'commander');
    expect(opened.publicPart.roles).toEqual(['incident-commander']);
    expect(opened.publicPart.function).toBeNull();
    expect(opened.shares).toEqual([]);
    expect(verifyKitAgainstHeader(opened, kat.header)).toEqual([]);
  });
});

describe('kit against a vault header', () => {
  let fixture: Fixture;
  let vault: VaultMaterial;
  let idaKit: Uint8Array;

  beforeAll(async () => {
    fixture = await makePeople();
    vault = await createVaultMaterial({ name: 'Prod', people: fixture.people, policies: [crossFunctionPolicy('standard', 1), crossFunctionPolicy('strict', 2)], kdf: TEST_KDF, devicePublicKey: fixture.devicePublicKey });
    idaKit = await createKit({ header: vault.header, personId: 'ida', signingSeed: fixture.keys.get('ida')!.seed, shares: vault.sharesByPerson.get('ida')!, passphrase: 'ida passphrase' });
  });

  it('checks each share alone against its commitment', async () => {
    const opened = await openKit(idaKit, 'ida passphrase');
    expect(verifyKitAgainstHeader(opened, vault.header)).toEqual([
      { policyId: 'standard', groupIndex: 0, function: 'identity', commitmentOk: true, problem: null },
      { policyId: 'strict', groupIndex: 0, function: 'identity', commitmentOk: true, problem: null },
    ]);
  });

  it('lists a share the kit lacks and a share that fails its commitment', async () => {
    const opened = await openKit(idaKit, 'ida passphrase');
    opened.shares.pop();
    opened.shares[0]!.share[3]! ^= 0xff;
    const results = verifyKitAgainstHeader(opened, vault.header);
    expect(results.map((r) => [r.policyId, r.commitmentOk])).toEqual([['standard', false], ['strict', false]]);
    expect(results[0]!.problem).toMatch(/share of custodian "ida" rejected: it does not match its commitment/);
    expect(results[1]!.problem).toBe('the kit carries no share for policy "strict"');
  });

  it('rejects a kit of another vault', async () => {
    const other = await createVaultMaterial({ name: 'Staging', people: fixture.people, policies: [crossFunctionPolicy('standard', 1)], kdf: TEST_KDF, devicePublicKey: fixture.devicePublicKey });
    const error = await caught(() => checkKitPublicAgainstHeader(readKitPublic(idaKit), other.header));
    expect(error.code).toBe('kit-foreign');
    expect(error.message).toBe(`this kit belongs to vault "Prod" (${vault.header.vaultId}), not to this vault "Staging" (${other.header.vaultId}); use the kit issued for this vault`);
  });

  it('rejects a kit of an older epoch, naming both epochs', async () => {
    const rekey = await createRekeyMaterial({ previousHeader: vault.header, people: fixture.people, policies: [crossFunctionPolicy('standard', 1)] });
    const opened = await openKit(idaKit, 'ida passphrase');
    const error = await caught(() => verifyKitAgainstHeader(opened, rekey.header));
    expect(error.code).toBe('kit-old-epoch');
    expect(error.message).toBe('this kit is from epoch 1, but the vault is at epoch 2: a rekey replaced it; use the kit issued at epoch 2');
    const newer = await caught(() => checkKitEpoch(3, 2));
    expect(newer.code).toBe('kit-invalid');
    expect(newer.message).toMatch(/this kit is from epoch 3, newer than epoch 2/);
  });

  it('rejects a kit whose person or key is not in the header', async () => {
    const publicPart = readKitPublic(idaKit);
    const unknown = await caught(() => checkKitPublicAgainstHeader({ ...publicPart, personId: 'zed' }, vault.header));
    expect(unknown.code).toBe('kit-invalid');
    expect(unknown.message).toBe('the kit\'s person "zed" is not enrolled in this vault at epoch 1');
    const otherKey = await caught(() => checkKitPublicAgainstHeader({ ...publicPart, publicKey: vault.header.people[1]!.publicKey }, vault.header));
    expect(otherKey.code).toBe('kit-invalid');
    expect(otherKey.message).toMatch(/the kit's public key for "ida" differs from the one in the vault header/);
  });
});
