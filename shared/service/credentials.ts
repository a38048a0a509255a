// Deposit and rotation of credentials without unsealing: the secret is sealed to the active
// epoch's vault public key, the depositor signs the deposit (deposit signature stored with the
// version) and the act (audit entry) with their own key. Old versions stay sealed.
import { randomUUID } from 'node:crypto';
import type { CredentialMetadataInput, SecretInput, SignerInput } from '../api/contract.js';
import { loadSodium } from '../crypto/sodium.js';
import { signDetached } from '../crypto/sign.js';
import { fromBase64 } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import { depositMessage, sealedHashOf, sealSecret } from '../vault/credentials.js';
import { validateMetadata, validateSecret } from '../vault/secret-validate.js';
import { requireSponsor, sponsorField, type ServiceContext, type Signer } from './context.js';
import * as records from './records.js';

interface DepositRequest {
  signerInput: SignerInput;
  credentialId: string;
  secret: SecretInput;
  ceremonyId: string | null;
  metadata?: CredentialMetadataInput;
  /** Extra writes in the same transaction (reseal bookkeeping), after the version is stored. */
  after?: (signer: Signer, version: number) => void;
}

/** Seals and stores a new version (version 1 creates the credential). Returns the version. */
export async function depositVersion(ctx: ServiceContext, request: DepositRequest): Promise<number> {
  await loadSodium();
  const existing = records.getCredential(ctx.db, request.credentialId);
  if (!request.metadata && !existing) throw new VaultError('not-found', `credential ${request.credentialId} not found`);
  const metadata = request.metadata ? validateMetadata(request.metadata) : metadataOf(existing!);
  const secret = validateSecret(request.secret);
  if (secret.kind !== metadata.kind) {
    throw new VaultError('invalid-input', `the new secret is a ${secret.kind} but credential ${request.credentialId} is a ${metadata.kind}; deposit a secret of the same kind`);
  }
  const version = (existing?.currentVersion ?? 0) + 1;

  const signer = await ctx.openSigner(request.signerInput);
  try {
    requireSponsor(signer.person, 'deposit credentials');
    const epoch = ctx.activeEpoch();
    const sealed = sealSecret(secret, { vaultId: epoch.header.vaultId, epoch: epoch.epoch, credentialId: request.credentialId, version, kind: metadata.kind }, fromBase64(epoch.header.vaultPublicKey));
    const sealedHash = sealedHashOf(sealed);
    const at = ctx.nowIso();
    const signature = signDetached(
      depositMessage({ vaultId: epoch.header.vaultId, epoch: epoch.epoch, credentialId: request.credentialId, version, metadata, sealedHash, depositedBy: signer.person.id, ceremonyId: request.ceremonyId }),
      signer.kit.signingKeyPair.secretKey,
    );
    ctx.transaction(() => {
      if (version === 1) records.insertCredential(ctx.db, request.credentialId, metadata, at, signer.person.id);
      records.insertVersion(ctx.db, { credentialId: request.credentialId, version, metadata, epoch: epoch.epoch, sealed, sealedHash, depositedBy: signer.person.id, depositedAt: at, signature, ceremonyId: request.ceremonyId });
      ctx.personAct(signer, version === 1 ? 'credential.deposited' : 'credential.rotated', request.ceremonyId, {
        credentialId: request.credentialId, version, label: metadata.label, system: metadata.system, account: metadata.account, kind: metadata.kind, sealedHash, ceremonyId: request.ceremonyId,
        ...sponsorField(signer.person),
      });
      request.after?.(signer, version);
    });
    return version;
  } finally {
    signer.kit.wipe();
  }
}

function metadataOf(view: NonNullable<ReturnType<typeof records.getCredential>>): CredentialMetadataInput {
  return {
    label: view.label, system: view.system, account: view.account, kind: view.kind, owner: view.owner, runbook: view.runbook, tags: view.tags,
    ...(view.url !== undefined ? { url: view.url } : {}),
    ...(view.username !== undefined ? { username: view.username } : {}),
  };
}

export async function depositCredential(ctx: ServiceContext, signerInput: SignerInput, metadata: CredentialMetadataInput, secret: SecretInput): Promise<string> {
  const id = randomUUID();
  await depositVersion(ctx, { signerInput, credentialId: id, secret, ceremonyId: null, metadata });
  return id;
}
