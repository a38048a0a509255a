// Rekey: membership or policy change, or suspected exposure. Needs a rekey ceremony whose policy
// was satisfied. Two phases: `prepare` creates the next epoch (new vault key, new vault key pair,
// new signing keys and kits for everyone, every credential version re-sealed) as a pending epoch in
// one transaction; the active epoch keeps working. The new epoch becomes active only when every
// holder has opened their new kit (`confirm`); until then the rekey can be resumed (more
// confirmations) or abandoned, which deletes the pending epoch. After activation, kits of the old
// epoch are rejected with a message naming both epochs.
import type { KitFile, PersonInput, PolicyInput, RekeyView, SignerInput } from '../api/contract.js';
import { canonicalBytes } from '../crypto/canonical.js';
import { generateSigningKeyPair } from '../crypto/sign.js';
import { loadSodium } from '../crypto/sodium.js';
import { createKit, kitFileName, readKitPublic, verifyKitAgainstHeader } from '../kit/kit.js';
import { toBase64, wipe } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import { requireStrongPassphrase } from '../kit/passphrase-strength.js';
import { createRekeyMaterial } from '../vault/create.js';
import { resealVersionsForEpoch } from '../vault/deposit.js';
import { activateEpoch, deletePendingEpoch, getPendingEpoch, insertEpoch } from '../vault/epochs-repo.js';
import { headerHash } from '../vault/header.js';
import { rebuildKeys, requireCeremony } from './ceremonies.js';
import { requireSponsor, sponsorField, type ServiceContext } from './context.js';
import * as records from './records.js';

export function rekeyView(ctx: ServiceContext): RekeyView | null {
  const pending = records.pendingRekey(ctx.db);
  if (!pending) return null;
  return { ceremonyId: pending.ceremonyId, newEpoch: pending.newEpoch, people: pending.people.map((p) => ({ id: p.id, kitIssued: true, confirmed: p.confirmed })) };
}

// NOTE: the rekey request does not bind the new people and policies, so approvers do not sign the
// new access structure. Only each holder's confirmation of their own new kit gates activation.
export async function prepareRekey(
  ctx: ServiceContext,
  input: { ceremonyId: string; people: PersonInput[]; policies: PolicyInput[]; passphrases: Record<string, string> },
): Promise<{ rekey: RekeyView; kits: Record<string, KitFile> }> {
  const ceremony = requireCeremony(ctx, input.ceremonyId);
  if (ceremony.kind !== 'rekey') throw new VaultError('wrong-state', `ceremony ${ceremony.id} is a ${ceremony.kind}, not a rekey; request a rekey ceremony`);
  if (ceremony.state !== 'unsealed') throw new VaultError('wrong-state', `rekey ceremony ${ceremony.id} is ${ceremony.state}; it needs a satisfied quorum first`);
  if (records.pendingRekey(ctx.db)) throw new VaultError('wrong-state', 'another rekey is pending; confirm or abandon it first');
  for (const person of input.people) {
    if (typeof input.passphrases[person.id] !== 'string' || input.passphrases[person.id] === '') {
      throw new VaultError('invalid-input', `a passphrase for the new kit of "${person.id}" is missing`);
    }
    requireStrongPassphrase(person.id, input.passphrases[person.id]!, [person.name]);
  }

  const sodium = await loadSodium();
  const active = ctx.activeEpoch();
  const keys = await rebuildKeys(ctx, ceremony);
  const seeds = new Map<string, Uint8Array>();
  try {
    // New signing keys for everyone, then the next epoch's material.
    const people = input.people.map((person) => {
      const seed = sodium.randombytes_buf(32);
      seeds.set(person.id, seed);
      const pair = generateSigningKeyPair(seed);
      wipe(pair.secretKey);
      return { ...person, publicKey: toBase64(pair.publicKey) };
    });
    const material = await createRekeyMaterial({ previousHeader: active.header, people, policies: input.policies, createdAt: ctx.nowIso() });
    try {
      const next = material.header;

      // New kits, one per person, under the passphrases they chose.
      const kits: Record<string, KitFile> = {};
      for (const person of input.people) {
        const kit = await createKit({ header: next, personId: person.id, signingSeed: seeds.get(person.id)!, shares: material.sharesByPerson.get(person.id) ?? [], passphrase: input.passphrases[person.id]! });
        kits[person.id] = { fileName: kitFileName(readKitPublic(kit)), kit: toBase64(kit) };
      }

      const at = ctx.nowIso();
      ctx.transaction(() => {
        insertEpoch(ctx.db, { header: next, headerMac: material.headerMac, encryptedVaultSecretKey: material.encryptedVaultSecretKey, status: 'pending', createdAt: at });
        // Re-seal every credential version to the new vault public key, with fresh data keys.
        resealVersionsForEpoch(ctx.db, { from: { header: active.header, vaultKeyPair: keys.pair }, to: next });
        records.insertRekey(ctx.db, ceremony.id, next.epoch, input.people.map((p) => p.id), at);
        records.deleteSessionShares(ctx.db, ceremony.id);
        records.updateCeremony(ctx.db, ceremony.id, { state: 'verified', sealedAt: at, closedAt: at });
        ctx.deviceAct('rekey.prepared', ceremony.id, { newEpoch: next.epoch, headerHash: headerHash(next), header: JSON.parse(new TextDecoder().decode(canonicalBytes(next))) as unknown });
      });
      ctx.sessionKeys.drop(ceremony.id);
      return { rekey: rekeyView(ctx)!, kits };
    } finally {
      material.wipe();
    }
  } finally {
    keys.wipe();
    seeds.forEach((seed) => wipe(seed));
  }
}

function pendingEpoch(ctx: ServiceContext) {
  const rekey = records.pendingRekey(ctx.db);
  const epoch = getPendingEpoch(ctx.db);
  if (!rekey || !epoch) throw new VaultError('wrong-state', 'no rekey is pending');
  return { rekey, epoch };
}

export async function confirmRekey(ctx: ServiceContext, signerInput: SignerInput): Promise<RekeyView> {
  const { rekey, epoch } = pendingEpoch(ctx);
  const signer = await ctx.openSigner(signerInput, epoch.header);
  try {
    const failed = verifyKitAgainstHeader(signer.kit, epoch.header).filter((check) => !check.commitmentOk);
    if (failed.length > 0) throw new VaultError('kit-invalid', `the new kit of "${signer.person.id}" fails its share check: ${failed.map((f) => f.problem).join('; ')}`);
    if (!rekey.people.some((p) => p.id === signer.person.id)) throw new VaultError('not-found', `"${signer.person.id}" has no kit in the pending rekey`);
    if (rekey.people.some((p) => p.id === signer.person.id && p.confirmed)) throw new VaultError('wrong-state', `"${signer.person.id}" already confirmed their new kit`);
    ctx.transaction(() => {
      records.confirmRekeyPerson(ctx.db, rekey.ceremonyId, signer.person.id);
      ctx.personAct(signer, 'rekey.confirmed', rekey.ceremonyId, { newEpoch: epoch.epoch, ...sponsorField(signer.person) });
    });
    return rekeyView(ctx)!;
  } finally {
    signer.kit.wipe();
  }
}

export function activateRekey(ctx: ServiceContext): void {
  const { rekey, epoch } = pendingEpoch(ctx);
  const missing = rekey.people.filter((p) => !p.confirmed).map((p) => p.id);
  if (missing.length > 0) throw new VaultError('wrong-state', `epoch ${epoch.epoch} cannot become active until every new kit is confirmed; still waiting for ${missing.join(', ')}`);
  const previous = ctx.activeEpoch();
  const at = ctx.nowIso();
  ctx.transaction(() => {
    ctx.deviceAct('rekey.activated', rekey.ceremonyId, { header: JSON.parse(new TextDecoder().decode(canonicalBytes(epoch.header))) as unknown, previousEpoch: previous.epoch });
    activateEpoch(ctx.db, epoch.epoch, at);
    records.setRekeyState(ctx.db, rekey.ceremonyId, 'activated');
  });
}

export async function abandonRekey(ctx: ServiceContext, signerInput: SignerInput, reason: string): Promise<void> {
  const { rekey, epoch } = pendingEpoch(ctx);
  if (typeof reason !== 'string' || reason.trim() === '') throw new VaultError('invalid-input', 'a reason for abandoning the rekey is missing');
  const signer = await ctx.openSigner(signerInput);
  try {
    requireSponsor(signer.person, 'abandon a rekey');
    if (!signer.person.roles.includes('custodian') && !signer.person.roles.includes('incident-commander')) {
      throw new VaultError('not-permitted', 'only a custodian or incident commander can abandon a rekey');
    }
    ctx.transaction(() => {
      records.setRekeyState(ctx.db, rekey.ceremonyId, 'abandoned');
      deletePendingEpoch(ctx.db, epoch.epoch);
      ctx.personAct(signer, 'rekey.abandoned', rekey.ceremonyId, { newEpoch: epoch.epoch, reason: reason.trim(), ...sponsorField(signer.person) });
    });
  } finally {
    signer.kit.wipe();
  }
}
