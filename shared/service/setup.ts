// First-run vault creation as one in-memory draft: people and policies are validated, every
// person's signing key, the device key and the vault key are generated, the vault is split, then
// each person is enrolled (their kit written under their passphrase) and each custodian signs the
// genesis header by opening their kit. Only `finish` writes the vault file; until then nothing is
// stored, and `abort` wipes the draft.
import type { KdfInput, KitFile, PersonInput, PolicyInput, SetupView, SignerInput } from '../api/contract.js';
import { canonicalBytes } from '../crypto/canonical.js';
import { DEFAULT_KDF, validateKdf } from '../crypto/argon2.js';
import { generateSigningKeyPair, signDetached } from '../crypto/sign.js';
import { loadSodium } from '../crypto/sodium.js';
import { createKit, kitFileName, readKitPublic } from '../kit/kit.js';
import { toBase64, wipe } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import { requireStrongPassphrase } from '../kit/passphrase-strength.js';
import { createVaultMaterial, type VaultMaterial } from '../vault/create.js';
import { genesisMessage } from '../vault/header.js';
import { openKitForHeader } from './context.js';

export interface SetupDraft {
  material: VaultMaterial;
  people: PersonInput[];
  seeds: Map<string, Uint8Array>;
  deviceSecretKey: Uint8Array;
  enrolled: Set<string>;
  genesisSignatures: Map<string, Uint8Array>;
}

export async function beginSetup(input: { name: string; people: PersonInput[]; policies: PolicyInput[]; kdf?: KdfInput }): Promise<SetupDraft> {
  const sodium = await loadSodium();
  if (!Array.isArray(input.people) || input.people.length === 0) throw new VaultError('invalid-input', 'enrol at least one person');
  const kdf = validateKdf(input.kdf ?? DEFAULT_KDF);

  // One signing key per person and one device key, generated here and held only in the draft.
  const seeds = new Map<string, Uint8Array>();
  const enrolledPeople = input.people.map((person) => {
    const seed = sodium.randombytes_buf(32);
    seeds.set(person.id, seed);
    const pair = generateSigningKeyPair(seed);
    wipe(pair.secretKey);
    return { ...person, publicKey: toBase64(pair.publicKey) };
  });
  const device = sodium.crypto_sign_keypair();
  try {
    const material = await createVaultMaterial({
      name: input.name, people: enrolledPeople, policies: input.policies, kdf, devicePublicKey: toBase64(device.publicKey),
    });
    return { material, people: input.people, seeds, deviceSecretKey: device.privateKey, enrolled: new Set(), genesisSignatures: new Map() };
  } catch (error) {
    seeds.forEach((seed) => wipe(seed));
    wipe(device.privateKey);
    throw error;
  }
}

export function setupView(draft: SetupDraft): SetupView {
  const header = draft.material.header;
  return {
    vaultId: header.vaultId,
    name: header.name,
    kdf: { memoryKiB: header.kdf.memoryKiB, iterations: header.kdf.iterations },
    people: draft.people.map((person) => ({ ...person, enrolled: draft.enrolled.has(person.id), signedGenesis: draft.genesisSignatures.has(person.id) })),
  };
}

function requirePerson(draft: SetupDraft, personId: string): PersonInput {
  const person = draft.people.find((candidate) => candidate.id === personId);
  if (!person) throw new VaultError('not-found', `person "${personId}" is not part of this vault setup`);
  return person;
}

export async function enrol(draft: SetupDraft, personId: string, passphrase: string): Promise<KitFile> {
  const person = requirePerson(draft, personId);
  if (draft.enrolled.has(personId)) throw new VaultError('wrong-state', `person "${personId}" is already enrolled; their kit was written`);
  requireStrongPassphrase(personId, passphrase, [person.name, draft.material.header.name]);
  const kit = await createKit({
    header: draft.material.header,
    personId,
    signingSeed: draft.seeds.get(personId)!,
    shares: draft.material.sharesByPerson.get(personId) ?? [],
    passphrase,
  });
  draft.enrolled.add(personId);
  return { fileName: kitFileName(readKitPublic(kit)), kit: toBase64(kit) };
}

export async function signGenesis(draft: SetupDraft, personId: string, signer: SignerInput): Promise<void> {
  requirePerson(draft, personId);
  if (!draft.enrolled.has(personId)) throw new VaultError('wrong-state', `enrol "${personId}" and save their kit before they sign the genesis`);
  const kit = await openKitForHeader(signer, draft.material.header);
  try {
    if (kit.publicPart.personId !== personId) {
      throw new VaultError('invalid-input', `this is the kit of "${kit.publicPart.personId}", not of "${personId}"; load the kit of the person signing`);
    }
    draft.genesisSignatures.set(personId, signDetached(genesisMessage(draft.material.header), kit.signingKeyPair.secretKey));
  } finally {
    kit.wipe();
  }
}

/** Checks the draft is complete: every person enrolled, every custodian signed the genesis. */
export function requireComplete(draft: SetupDraft): void {
  const notEnrolled = draft.people.filter((p) => !draft.enrolled.has(p.id)).map((p) => p.id);
  if (notEnrolled.length > 0) throw new VaultError('wrong-state', `enrol ${notEnrolled.join(', ')} before finishing`);
  const unsigned = draft.people.filter((p) => p.roles.includes('custodian') && !draft.genesisSignatures.has(p.id)).map((p) => p.id);
  if (unsigned.length > 0) throw new VaultError('wrong-state', `custodians ${unsigned.join(', ')} have not signed the genesis yet`);
}

export function genesisEntryData(draft: SetupDraft): Record<string, unknown> {
  const header = draft.material.header;
  return {
    header: JSON.parse(new TextDecoder().decode(canonicalBytes(header))) as unknown,
    genesisSignatures: [...draft.genesisSignatures.entries()].map(([personId, signature]) => ({ personId, signature: toBase64(signature) })),
  };
}

export function wipeDraft(draft: SetupDraft): void {
  draft.material.wipe();
  draft.seeds.forEach((seed) => wipe(seed));
  wipe(draft.deviceSecretKey);
}
