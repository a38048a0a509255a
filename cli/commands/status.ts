// `breakglass status`: the vault's state, people, policies, open exceptions and last drills.
import type { Command } from 'commander';
import { withCore } from '../core.js';
import { formatStatus } from '../format.js';
import { writeData, writeJson } from '../io/output.js';
import { resolveVaultPath, withJsonOption, withVaultOption, type JsonFlags, type VaultFlags } from '../options.js';

async function runStatus(flags: VaultFlags & JsonFlags): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const status = await core.call('vaultStatus', {});
    if (flags.json) writeJson(status);
    else writeData(formatStatus(status));
  });
}

export function registerStatus(program: Command): void {
  const command = program
    .command('status')
    .summary('show the vault state, people, policies and open exceptions')
    .description('Show whether the vault is dormant, sealed with open exceptions, or unsealed; its people, policies, open exceptions with their age, and the last drill per policy.');
  withJsonOption(withVaultOption(command)).action(runStatus);
}
