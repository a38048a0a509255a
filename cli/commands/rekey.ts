// `breakglass rekey ...`: a new vault key and new kits, in two phases. After a rekey ceremony is
// approved, `prepare` writes the new kits and each holder confirms theirs. `activate` then switches
// to the new epoch, and until it does the old kits keep working.
import type { Command } from 'commander';
import type { PersonInput, PolicyInput, RekeyView } from '../../shared/api/contract.js';
import { withCore } from '../core.js';
import { checkPassphraseSources, chooseNewPassphrase, KitWriter } from '../enrolment.js';
import { note, writeData, writeJson } from '../io/output.js';
import { parsePassphraseSources } from '../io/passphrase.js';
import { collect, resolveVaultPath, withJsonOption, withSignedCommandOptions, withVaultOption, type JsonFlags, type VaultFlags } from '../options.js';
import { resolveKitDestinations, resolvePeople, resolvePolicies, type KitDestinationFlags, type PeopleFlags, type PolicyFlags } from '../setup-input.js';
import { runSignedAct } from '../signed-act.js';
import type { SignerFlags } from '../signer.js';
import { addEnrolmentOptions } from './enrolment-options.js';
import { addApproveCommand, addRequestOptions, runRequest, type RequestFlags } from './request-flow.js';

interface PrepareFlags extends VaultFlags, JsonFlags, PeopleFlags, PolicyFlags, KitDestinationFlags {
  passphraseFile?: string[];
  passphraseDir?: string;
}

function describeRekey(rekey: RekeyView): string {
  const waiting = rekey.people.filter((person) => !person.confirmed).map((person) => person.id);
  return waiting.length === 0
    ? `Every new kit of epoch ${rekey.newEpoch} is confirmed; switch with "breakglass rekey activate".`
    : `Epoch ${rekey.newEpoch}: waiting for kit confirmation by ${waiting.join(', ')}.`;
}

async function runPrepare(ceremonyId: string, flags: PrepareFlags): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    // Without new people or policy options the current ones are kept.
    let people: PersonInput[];
    let policies: PolicyInput[];
    const peopleGiven = flags.people !== undefined || (flags.person ?? []).length > 0;
    const policyGiven = flags.policyFile !== undefined || flags.groups !== undefined;
    if (peopleGiven) {
      const resolved = resolvePeople(flags);
      people = resolved.people;
      policies = policyGiven || resolved.filePolicies !== null ? resolvePolicies(people, resolved.filePolicies, flags) : (await core.call('vaultStatus', {})).policies;
    } else {
      const status = await core.call('vaultStatus', {});
      people = status.people.map(({ id, name, roles, function: custodianFunction, sponsorId }) => ({
        id,
        name,
        roles,
        ...(custodianFunction ? { function: custodianFunction } : {}),
        ...(sponsorId ? { sponsorId } : {}),
      }));
      policies = policyGiven ? resolvePolicies(people, null, flags) : status.policies;
    }

    const kitWriter = new KitWriter(resolveKitDestinations(people, flags));
    const sources = parsePassphraseSources(flags.passphraseFile ?? [], flags.passphraseDir);
    checkPassphraseSources(people, sources);

    const passphrases: Record<string, string> = {};
    for (const person of people) passphrases[person.id] = await chooseNewPassphrase(person, sources);

    note(`Deriving keys for ${people.length} new kits (Argon2id, once per kit)…`);
    const prepared = await core.call('rekeyPrepare', { ceremonyId, people, policies, passphrases });
    try {
      for (const [personId, kit] of Object.entries(prepared.kits)) note(`New kit for ${personId} written to ${kitWriter.write(personId, kit)}`);
    } catch (error) {
      kitWriter.removeAll();
      throw error;
    }
    note(describeRekey(prepared.rekey));
    if (flags.json) writeJson(prepared.rekey);
    else writeData(String(prepared.rekey.newEpoch));
  });
}

async function runConfirm(flags: VaultFlags & JsonFlags & SignerFlags): Promise<void> {
  await runSignedAct(
    flags,
    'rekeyConfirm',
    (signer) => ({ signer }),
    (rekey) => {
      note(`New kit confirmed. ${describeRekey(rekey)}`);
      if (flags.json) writeJson(rekey);
    },
  );
}

async function runActivate(flags: VaultFlags & JsonFlags): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const status = await core.call('rekeyActivate', {});
    note(`Epoch ${status.epoch ?? '?'} is active; kits of earlier epochs no longer work.`);
    if (flags.json) writeJson(status);
  });
}

async function runAbandon(flags: VaultFlags & JsonFlags & SignerFlags & { reason: string }): Promise<void> {
  await runSignedAct(
    flags,
    'rekeyAbandon',
    (signer) => ({ signer, reason: flags.reason }),
    (status) => {
      note(`Rekey abandoned; epoch ${status.epoch ?? '?'} and its kits stay in use.`);
      if (flags.json) writeJson(status);
    },
  );
}

export function registerRekey(program: Command): void {
  const rekey = program.command('rekey').summary('replace the vault key and every kit (two phases)').description('Rekey: a new vault key and new kits. The new epoch becomes active only after every new kit is confirmed by its holder.');

  const request = rekey.command('request').summary('request a rekey ceremony').description('Request a rekey ceremony; it needs approvals as for an unseal. Prints the ceremony id.');
  addRequestOptions(request, { severity: 'sev3', withScope: false });
  withSignedCommandOptions(request, 'incident commander');
  request.action((flags: RequestFlags) => runRequest('rekey', flags));

  addApproveCommand(rekey, 'Approve a rekey request as a custodian.');

  const prepare = rekey
    .command('prepare')
    .summary('write the new kits of an approved rekey')
    .description('Create the new epoch for an approved rekey ceremony and write a new kit per person. Without people or policy options the current ones are kept. Prints the new epoch.')
    .argument('<ceremony>', 'approved rekey ceremony id');
  addEnrolmentOptions(prepare);
  prepare
    .option('--passphrase-file <id=file>', 'read the new passphrase of person ID from FILE (repeatable); people without one are prompted', collect)
    .option('--passphrase-dir <dir>', 'read the new passphrase of each person from DIR/<person id>');
  withJsonOption(withVaultOption(prepare)).action(runPrepare);

  const confirm = rekey.command('confirm').summary('confirm your new kit opens').description('Open your new kit with its passphrase to confirm it works for the new epoch.');
  withSignedCommandOptions(confirm, 'holder of the new kit').action(runConfirm);

  const activate = rekey.command('activate').summary('switch to the new epoch').description('Switch to the new epoch once every new kit is confirmed; the old kits stop working.');
  withJsonOption(withVaultOption(activate)).action(runActivate);

  const abandon = rekey
    .command('abandon')
    .summary('abandon a pending rekey')
    .description('Abandon a pending rekey; the current epoch and kits stay in use.')
    .requiredOption('--reason <text>', 'why the rekey is abandoned');
  withSignedCommandOptions(abandon, 'person abandoning the rekey').action(runAbandon);
}
