// `breakglass kit verify`: opens a kit with its passphrase and checks its shares against the
// vault's commitments, without changing the vault.
import type { Command } from 'commander';
import { withCore } from '../core.js';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { note, writeData, writeJson } from '../io/output.js';
import { resolveVaultPath, withSignedCommandOptions, type JsonFlags, type VaultFlags } from '../options.js';
import { loadSigner, type SignerFlags } from '../signer.js';

async function runKitVerify(flags: VaultFlags & JsonFlags & SignerFlags): Promise<void> {
  const signer = await loadSigner(flags, false);
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const result = await core.call('kitVerify', signer.input, signer.derivation);
    const badShares = result.shares.filter((share) => !share.commitmentOk);

    if (flags.json) writeJson(result);
    else {
      writeData(
        [
          `Kit of ${result.name} (${result.personId}), vault ${result.vaultId}, epoch ${result.epoch}`,
          `Roles: ${result.roles.join(', ')}`,
          ...result.shares.map((share) => `Share for policy ${share.policyId}, function ${share.function}: ${share.commitmentOk ? 'matches its commitment' : 'DOES NOT match its commitment'}`),
        ].join('\n'),
      );
    }

    if (badShares.length > 0) {
      throw new CliError(EXIT.kitRejected, `${badShares.length} share(s) of ${result.personId} do not match the vault's commitments; ask for a rekey to get a new kit`, 'share-rejected');
    }
    note('The kit opens and every share matches the vault.');
  });
}

export function registerKit(program: Command): void {
  const kit = program.command('kit').summary('check custodian kits').description('Check custodian kits.');
  const verify = kit
    .command('verify')
    .summary('open a kit and check its shares against the vault')
    .description('Open a kit with its passphrase and check that it belongs to this vault and epoch and that every share matches its commitment. Changes nothing.');
  withSignedCommandOptions(verify, 'person whose kit is checked').action(runKitVerify);
}
