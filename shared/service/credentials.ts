// Deposit and rotation of credentials without unsealing, with their audit entries. The vault
// layer (shared/vault/deposit.ts) seals the secret to the active epoch's vault public key (and a
// pending rekey epoch's) and stores the depositor's deposit signature; here the depositor's kit
// is opened and the act is logged in the same transaction. Old versions stay sealed.
import type { CredentialMetadataInput, SecretInput, SignerInput } from '../api/contract.js';
import { loadSodium } from '../crypto/sodium.js';
import { VaultError } from '../util/errors.js';
import { getCredential } from '../vault/credentials-repo.js';
import { depositCredential as storeDeposit, rotateCredential, type DepositResult } from '../vault/deposit.js';
import { validateSecret } from '../vault/secret-validate.js';
import { requireSponsor, sponsorField, type ServiceContext, type Signer } from './context.js';

interface DepositRequest {
  signerInput: SignerInput;
  secret: SecretInput;
  ceremonyId: string | null;
  /** New credential: its metadata. Rotation: the existing credential id. */
  target: { metadata: CredentialMetadataInput } | { credentialId: string };
  /** Extra writes in the same transaction (reseal bookkeeping), after the version is stored. */
  after?: (signer: Signer, version: number) => void;
}

/** Seals and stores a new credential or a new version, logs it, and returns the stored result. */
export async function depositVersion(ctx: ServiceContext, request: DepositRequest): Promise<DepositResult> {
  await loadSodium();
  if ('credentialId' in request.target) {
    const existing = getCredential(ctx.db, request.target.credentialId);
    if (!existing) throw new VaultError('not-found', `credential ${request.target.credentialId} not found; check its id in the credential list`);
    const secret = validateSecret(request.secret);
    if (secret.kind !== existing.kind) {
      throw new VaultError('invalid-input', `the new secret is a ${secret.kind} but credential ${existing.id} is a ${existing.kind}; deposit a secret of the same kind`);
    }
  }

  const signer = await ctx.openSigner(request.signerInput);
  try {
    requireSponsor(signer.person, 'deposit credentials');
    const depositor = { personId: signer.person.id, secretKey: signer.kit.signingKeyPair.secretKey };
    const now = ctx.nowIso();
    return ctx.transaction(() => {
      const target = request.target;
      const result = 'credentialId' in target
        ? rotateCredential(ctx.db, { signer: depositor, credentialId: target.credentialId, secret: request.secret, ceremonyId: request.ceremonyId, now })
        : storeDeposit(ctx.db, { signer: depositor, metadata: target.metadata, secret: request.secret, ceremonyId: request.ceremonyId, now });
      ctx.personAct(signer, result.version === 1 ? 'credential.deposited' : 'credential.rotated', request.ceremonyId, {
        credentialId: result.credentialId, version: result.version, label: result.metadata.label, system: result.metadata.system, account: result.metadata.account,
        kind: result.metadata.kind, sealedHash: result.sealedHash, ceremonyId: request.ceremonyId, ...sponsorField(signer.person),
      });
      request.after?.(signer, result.version);
      return result;
    });
  } finally {
    signer.kit.wipe();
  }
}
