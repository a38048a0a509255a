// `breakglass init`: creates a vault in one process, because the core keeps the setup draft in
// memory. It begins the draft and enrols each person, who chooses a passphrase and gets a kit file.
// Then each person signs the genesis header with their new kit, and the draft is finished. On
// failure the draft is aborted and the kits written so far are deleted.
import { existsSync } from 'node:fs';
import { Option, type Command } from 'commander';
import type { KdfInput } from '../../shared/api/contract.js';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { validateInput, withCore } from '../core.js';
import { checkPassphraseSources, chooseNewPassphrase, enterPassphrase, KitWriter } from '../enrolment.js';
import { note, writeData, writeJson } from '../io/output.js';
import { parsePassphraseSources } from '../io/passphrase.js';
import { collect, parsePositiveInteger, resolveVaultPath, withVaultOption, type JsonFlags, type VaultFlags } from '../options.js';
import { resolveKitDestinations, resolvePeople, resolvePolicies, type KitDestinationFlags, type PeopleFlags, type PolicyFlags } from '../setup-input.js';
import { addEnrolmentOptions } from './enrolment-options.js';

interface InitFlags extends VaultFlags, JsonFlags, PeopleFlags, PolicyFlags, KitDestinationFlags {
  name: string;
  passphraseFile?: string[];
  passphraseDir?: string;
  kdfMemory?: number;
  kdfIterations?: number;
}

function resolveKdf(flags: InitFlags): KdfInput | undefined {
  if (flags.kdfMemory === undefined && flags.kdfIterations === undefined) return undefined;
  if (flags.kdfMemory === undefined || flags.kdfIterations === undefined) throw CliError.usage('--kdf-memory and --kdf-iterations must be given together');
  return { memoryKiB: flags.kdfMemory, iterations: flags.kdfIterations };
}

async function runInit(flags: InitFlags): Promise<void> {
  const vaultPath = resolveVaultPath(flags);

  // Check every input before anything is created.
  if (existsSync(vaultPath)) throw new CliError(EXIT.notPermitted, `a vault already exists at ${vaultPath}; pass --vault PATH to create another`, 'vault-exists');
  const { people, filePolicies } = resolvePeople(flags);
  const policies = resolvePolicies(people, filePolicies, flags);
  const kdf = resolveKdf(flags);
  const beginInput = { name: flags.name, people, policies, ...(kdf ? { kdf } : {}) };
  await validateInput('setupBegin', beginInput);
  const kitWriter = new KitWriter(resolveKitDestinations(people, flags));
  const passphrases = parsePassphraseSources(flags.passphraseFile ?? [], flags.passphraseDir);
  checkPassphraseSources(people, passphrases);

  await withCore(vaultPath, { mustExist: false }, async (core) => {
    const draft = await core.call('setupBegin', beginInput);
    note(`Creating vault "${draft.name}" (${draft.vaultId}) with ${people.length} ${people.length === 1 ? 'person' : 'people'}.`);
    const kits = new Map<string, string>();

    try {
      // Enrol each person in turn: their passphrase protects the kit the core creates for them.
      for (const person of people) {
        const passphrase = await chooseNewPassphrase(person, passphrases);
        const kit = await core.call('setupEnroll', { personId: person.id, passphrase }, { memoryKiB: draft.kdf.memoryKiB });
        const path = kitWriter.write(person.id, kit);
        kits.set(person.id, kit.kit);
        note(`Enrolled ${person.id}: kit written to ${path}`);
      }

      // Each person opens their new kit and signs the genesis header, which proves it works.
      for (const person of people) {
        const passphrase = await enterPassphrase(person, passphrases, 'sign the vault header');
        const kit = kits.get(person.id) ?? '';
        await core.call('setupSign', { personId: person.id, signer: { kit, passphrase } }, { memoryKiB: draft.kdf.memoryKiB });
        note(`${person.id} signed the vault header.`);
      }

      const status = await core.call('setupFinish', {});
      note(`Vault created at ${vaultPath}. Hand each person their kit file.`);
      // Said once, at creation: the CLI has no OS keychain, so file permissions alone protect this key.
      note(`Warning: the device key that signs audit checkpoints is stored in ${vaultPath}.device-key (mode 0600) and is protected only by file-system permissions. The desktop app keeps it in the OS keychain instead.`);
      if (flags.json) writeJson(status);
      else writeData(status.vaultId ?? draft.vaultId);
    } catch (error) {
      kitWriter.removeAll();
      await core.call('setupAbort', {}).catch(() => undefined);
      throw error;
    }
  });
}

export function registerInit(program: Command): void {
  const command = program
    .command('init')
    .summary('create a vault, enrol every person and write their kits')
    .description('Create a vault: enrol each person (their passphrase protects their custodian kit), write the kits, and have every person sign the genesis header. Prints the vault id.')
    .requiredOption('--name <name>', 'vault name shown in the app and the evidence report');
  addEnrolmentOptions(command);
  command
    .option('--passphrase-file <id=file>', 'read the passphrase of person ID from FILE (repeatable); people without one are prompted', collect)
    .option('--passphrase-dir <dir>', 'read the passphrase of each person from DIR/<person id>')
    .addOption(new Option('--kdf-memory <KiB>', 'Argon2id memory cost in KiB (for tests only; the default is the product setting)').argParser(parsePositiveInteger))
    .addOption(new Option('--kdf-iterations <n>', 'Argon2id passes (for tests only; give together with --kdf-memory)').argParser(parsePositiveInteger))
    .option('--json', 'print the new vault status as JSON instead of the vault id');
  withVaultOption(command).action(runInit);
}
