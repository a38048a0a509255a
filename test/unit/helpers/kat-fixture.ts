// Fixed inputs for the known-answer tests: every key, id, time, salt and nonce is constant, and the
// policy uses thresholds of 1 so its shares are deterministic. The vault key starts with two zero
// bytes on purpose.
import { generateSigningKeyPair } from '../../../shared/crypto/sign.js';
import { loadSodium } from '../../../shared/crypto/sodium.js';
import { toBase64 } from '../../../shared/util/bytes.js';
import { createVaultMaterial, type VaultMaterial } from '../../../shared/vault/create.js';
import { TEST_KDF } from './vault-fixture.js';

export const KAT_VAULT_KEY = Uint8Array.from({ length: 32 }, (_, i) => (i < 2 ? 0 : i));
export const KAT_SEEDS = {
  ida: new Uint8Array(32).fill(0x01),
  sara: new Uint8Array(32).fill(0x02),
  cole: new Uint8Array(32).fill(0x03),
};
export const KAT_VAULT_KEY_PAIR_SEED = new Uint8Array(32).fill(0x04);
export const KAT_DEVICE_SEED = new Uint8Array(32).fill(0x05);
export const KAT_SALT = Uint8Array.from({ length: 16 }, (_, i) => 0xa0 + i);
export const KAT_NONCE = Uint8Array.from({ length: 24 }, (_, i) => 0xb0 + i);
export const KAT_PASSPHRASE = 'correct horse battery staple';

export async function katMaterial(): Promise<VaultMaterial> {
  const sodium = await loadSodium();
  const boxPair = sodium.crypto_box_seed_keypair(KAT_VAULT_KEY_PAIR_SEED);
  const key = (seed: Uint8Array) => toBase64(generateSigningKeyPair(seed).publicKey);
  return createVaultMaterial({
    name: 'KAT vault',
    vaultId: '00000000-0000-4000-8000-000000000001',
    createdAt: '2026-01-01T00:00:00.000Z',
    vaultKey: KAT_VAULT_KEY,
    vaultKeyPair: { publicKey: boxPair.publicKey, secretKey: boxPair.privateKey },
    people: [
      { id: 'ida', name: 'Ida Identity', roles: ['custodian'], function: 'identity', publicKey: key(KAT_SEEDS.ida) },
      { id: 'sara', name: 'Sara Security', roles: ['custodian'], function: 'security', publicKey: key(KAT_SEEDS.sara) },
      { id: 'cole', name: 'Cole Commander', roles: ['incident-commander'], publicKey: key(KAT_SEEDS.cole) },
    ],
    policies: [{
      id: 'any-one',
      name: 'Any one function',
      groupThreshold: 1,
      groups: [
        { function: 'identity', threshold: 1, members: ['ida'] },
        { function: 'security', threshold: 1, members: ['sara'] },
      ],
    }],
    kdf: TEST_KDF,
    devicePublicKey: toBase64(generateSigningKeyPair(KAT_DEVICE_SEED).publicKey),
  });
}
