// `breakglass deposit`, `breakglass rotate` and `breakglass credential list`. Deposits and
// rotations seal the secret to the vault public key, so they work while the vault is sealed. The
// depositor signs the act with their kit.
import { Option, type Command } from 'commander';
import { CREDENTIAL_KINDS, type CredentialKind, type CredentialMetadataInput } from '../../shared/api/contract.js';
import { CliError } from '../cli-error.js';
import { withCore, type CoreSession } from '../core.js';
import { formatCredentialLine } from '../format.js';
import { readJsonFile } from '../io/files.js';
import { note, writeData, writeJson } from '../io/output.js';
import { RAW_FORMAT_HELP, readSecret, secretUsesStdin, SECRET_FORMATS, type SecretFlags } from '../io/secret-input.js';
import { collect, resolveVaultPath, withJsonOption, withSignerOptions, withVaultOption, type JsonFlags, type VaultFlags } from '../options.js';
import { loadSigner, type SignerFlags } from '../signer.js';

/** Adds --secret-file, --secret-format and --file-name; the secret itself is never an argument. */
export function withSecretOptions(command: Command): Command {
  return command
    .option('--secret-file <file>', 'read the secret from FILE (default: stdin, or a hidden prompt for password, api-token and totp)')
    .addOption(new Option('--secret-format <format>', 'how the secret input is written').choices(SECRET_FORMATS).default('raw'))
    .option('--file-name <name>', 'for kind "file": the file name stored with the content (default: the --secret-file name)')
    .addHelpText('after', `\n${RAW_FORMAT_HELP}`);
}

interface DepositFlags extends VaultFlags, JsonFlags, SignerFlags, SecretFlags {
  metadataFile?: string;
  kind?: CredentialKind;
  label?: string;
  system?: string;
  account?: string;
  owner?: string;
  runbook?: string;
  tag?: string[];
  url?: string;
  username?: string;
}

function buildMetadata(flags: DepositFlags): CredentialMetadataInput {
  let fromFile: Partial<CredentialMetadataInput> = {};
  if (flags.metadataFile !== undefined) {
    const parsed = readJsonFile(flags.metadataFile, 'metadata file');
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw CliError.usage(`metadata file ${flags.metadataFile} must hold a JSON object`);
    fromFile = parsed;
  }

  const metadata: CredentialMetadataInput = {
    label: flags.label ?? fromFile.label ?? '',
    system: flags.system ?? fromFile.system ?? '',
    account: flags.account ?? fromFile.account ?? '',
    kind: (flags.kind ?? fromFile.kind) as CredentialKind,
    owner: flags.owner ?? fromFile.owner ?? '',
    runbook: flags.runbook ?? fromFile.runbook ?? '',
    tags: flags.tag ?? fromFile.tags ?? [],
  };
  const url = flags.url ?? fromFile.url;
  const username = flags.username ?? fromFile.username;
  if (url !== undefined) metadata.url = url;
  if (username !== undefined) metadata.username = username;

  if (!metadata.kind) throw CliError.usage(`missing --kind: use one of ${CREDENTIAL_KINDS.join(', ')}`);
  if (!metadata.label) throw CliError.usage('missing --label (the name people search for)');
  if (!metadata.system) throw CliError.usage('missing --system (the system the credential opens)');
  return metadata;
}

async function runDeposit(flags: DepositFlags): Promise<void> {
  const metadata = buildMetadata(flags);
  const secret = await readSecret(metadata.kind, flags);
  const signer = await loadSigner(flags, secretUsesStdin(flags));

  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const credential = await core.call('credentialDeposit', { signer: signer.input, metadata, secret }, signer.derivation);
    note(`Deposited ${credential.kind} credential "${credential.label}" as ${credential.id} (version ${credential.currentVersion}).`);
    if (flags.json) writeJson(credential);
    else writeData(credential.id);
  });
}

/** Looks up a credential's kind, which decides how its new secret is read. */
export async function credentialKind(core: CoreSession, credentialId: string): Promise<CredentialKind> {
  const credentials = await core.call('credentialList', {});
  const credential = credentials.find((item) => item.id === credentialId);
  if (!credential) throw CliError.notFound(`credential ${credentialId} not found; list the ids with "breakglass credential list"`);
  return credential.kind;
}

interface RotateFlags extends VaultFlags, JsonFlags, SignerFlags, SecretFlags {
  credential: string;
  ceremony?: string;
}

async function runRotate(flags: RotateFlags): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const kind = await credentialKind(core, flags.credential);
    const secret = await readSecret(kind, flags);
    const signer = await loadSigner(flags, secretUsesStdin(flags));

    const input = { signer: signer.input, credentialId: flags.credential, secret, ...(flags.ceremony ? { ceremonyId: flags.ceremony } : {}) };
    const credential = await core.call('credentialRotate', input, signer.derivation);
    note(`Rotated ${credential.id} to version ${credential.currentVersion}.`);
    if (flags.json) writeJson(credential);
    else writeData(String(credential.currentVersion));
  });
}

async function runCredentialList(flags: VaultFlags & JsonFlags & { query?: string }): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const credentials = await core.call('credentialList', flags.query !== undefined ? { query: flags.query } : {});
    if (flags.json) writeJson(credentials);
    else writeData(credentials.length === 0 ? '(no credentials)' : credentials.map(formatCredentialLine).join('\n'));
  });
}

export function registerCredentialCommands(program: Command): void {
  const deposit = program
    .command('deposit')
    .summary('add a credential (works while sealed)')
    .description('Add a credential: its metadata stays readable while sealed, its secret is sealed to the vault public key. The depositor signs with their kit. Prints the credential id.')
    .option('--metadata-file <file>', 'JSON file with the metadata fields below; flags override it')
    .addOption(new Option('--kind <kind>', 'credential kind').choices(CREDENTIAL_KINDS))
    .option('--label <text>', 'name people search for, e.g. "IdP emergency admin"')
    .option('--system <text>', 'system the credential opens')
    .option('--account <text>', 'account name on that system (default: empty)')
    .option('--owner <text>', 'team or person that owns the credential (default: empty)')
    .option('--runbook <text>', 'how to rotate it, or a link to the runbook (default: empty)')
    .option('--tag <tag>', 'tag (repeatable)', collect)
    .option('--url <url>', 'login URL (password kind)')
    .option('--username <name>', 'user name (password kind)');
  withJsonOption(withVaultOption(withSecretOptions(withSignerOptions(deposit, 'depositor'))));
  deposit.action(runDeposit);

  const rotate = program
    .command('rotate')
    .summary('deposit a new version of a credential')
    .description('Deposit a new version of an existing credential; earlier versions stay sealed. Prints the new version number. Use "reseal rotate" to rotate a credential revealed in a ceremony.')
    .requiredOption('--credential <id>', 'credential id')
    .option('--ceremony <id>', 'ceremony this rotation belongs to, if any');
  withJsonOption(withVaultOption(withSecretOptions(withSignerOptions(rotate, 'depositor'))));
  rotate.action(runRotate);

  const credential = program.command('credential').summary('list credentials').description('Read credential metadata (never secrets).');
  const list = credential
    .command('list')
    .summary('list credentials and their ids')
    .description('List credential metadata: id, kind, current version, label, system and account. Secrets stay sealed.')
    .option('--query <text>', 'only credentials whose metadata contains this text');
  withJsonOption(withVaultOption(list)).action(runCredentialList);
}
