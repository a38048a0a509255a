// Runs a command that one kit holder signs. The kit and passphrase are read before the vault is
// opened, so a missing kit or passphrase fails without touching the vault.
import type { ApiMethod, SignerInput } from '../shared/api/contract.js';
import { withCore, type ApiInput, type ApiOutput } from './core.js';
import { resolveVaultPath, type VaultFlags } from './options.js';
import { loadSigner, type SignerFlags } from './signer.js';

/**
 * Loads the signer from `--kit` and its passphrase, opens the vault, calls `method` with the input
 * that `buildInput` makes around the signer, and hands the result to `report`.
 */
export async function runSignedAct<M extends ApiMethod>(
  flags: VaultFlags & SignerFlags,
  method: M,
  buildInput: (signer: SignerInput) => ApiInput<M>,
  report: (result: ApiOutput<M>) => void,
): Promise<void> {
  const signer = await loadSigner(flags, false);
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const result = await core.call(method, buildInput(signer.input), signer.derivation);
    report(result);
  });
}
