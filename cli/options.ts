// Option helpers shared by every command: --vault, the signing options, --json, and value parsers
// whose errors exit with code 2 through commander.
import { InvalidArgumentError, Option, type Command } from 'commander';
import { defaultVaultPath } from '../shared/paths.js';

export interface VaultFlags {
  vault?: string;
}

export interface JsonFlags {
  json?: boolean;
}

export function resolveVaultPath(flags: VaultFlags): string {
  return flags.vault ?? defaultVaultPath();
}

/** Adds --vault, which every command accepts. */
export function withVaultOption(command: Command): Command {
  return command.option('--vault <path>', `vault file (default: the desktop app's vault, ${defaultVaultPath()})`);
}

export function withJsonOption(command: Command): Command {
  return command.option('--json', 'print machine-readable JSON on stdout');
}

/** Adds --kit, --passphrase-file and --passphrase-fd; `signerRole` names the expected signer in help. */
export function withSignerOptions(command: Command, signerRole: string): Command {
  return command
    .requiredOption('--kit <file>', `kit file of the ${signerRole}`)
    .option('--passphrase-file <file>', 'read the kit passphrase from this file (one trailing newline is ignored); default: hidden prompt')
    .addOption(new Option('--passphrase-fd <n>', 'read the kit passphrase from this open file descriptor, e.g. 3 with 3<file').argParser(parseDescriptor));
}

export function parsePositiveInteger(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) < 1 || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a whole number of at least 1.');
  }
  return Number(value);
}

export function parseNonNegativeInteger(value: string): number {
  if (!/^\d+$/.test(value) || !Number.isSafeInteger(Number(value))) {
    throw new InvalidArgumentError('expected a whole number of at least 0.');
  }
  return Number(value);
}

function parseDescriptor(value: string): number {
  return parseNonNegativeInteger(value);
}

/** Accumulates a repeatable option into an array. */
export function collect(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

/** Accumulates a repeatable option whose values may also be comma-separated lists. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  const items = value
    .split(',')
    .map((item) => item.trim())
    .filter((item) => item.length > 0);
  return [...(previous ?? []), ...items];
}

/** Adds the options of a command that one signer signs: --kit and its passphrase source, --vault, --json. */
export function withSignedCommandOptions(command: Command, signerRole: string): Command {
  return withJsonOption(withVaultOption(withSignerOptions(command, signerRole)));
}
