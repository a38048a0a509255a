// `breakglass ceremony list | show`: read ceremonies and their progress.
import type { Command } from 'commander';
import { withCore } from '../core.js';
import { formatCeremony, formatCeremonyLine } from '../format.js';
import { writeData, writeJson } from '../io/output.js';
import { resolveVaultPath, withJsonOption, withVaultOption, type JsonFlags, type VaultFlags } from '../options.js';

async function runList(flags: VaultFlags & JsonFlags): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const ceremonies = await core.call('ceremonyList', {});
    if (flags.json) writeJson(ceremonies);
    else writeData(ceremonies.length === 0 ? '(no ceremonies)' : ceremonies.map(formatCeremonyLine).join('\n'));
  });
}

async function runShow(ceremonyId: string, flags: VaultFlags & JsonFlags): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const ceremony = await core.call('ceremonyGet', { ceremonyId });
    if (flags.json) writeJson(ceremony);
    else writeData(formatCeremony(ceremony));
  });
}

export function registerCeremony(program: Command): void {
  const ceremony = program.command('ceremony').summary('list ceremonies and show one').description('Read unseal, drill and rekey ceremonies.');

  const list = ceremony.command('list').summary('list ceremonies').description('List every ceremony: id, kind, state, ticket, requester.');
  withJsonOption(withVaultOption(list)).action(runList);

  const show = ceremony
    .command('show')
    .summary('show one ceremony, its request hash and progress')
    .description('Show a ceremony: the request and its hash (what approvers sign), approvals and progress per function, reveals, touched systems, reseal status and attestation.')
    .argument('<ceremony>', 'ceremony id');
  withJsonOption(withVaultOption(show)).action(runShow);
}
