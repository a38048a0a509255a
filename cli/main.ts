// Entry point of the `breakglass` CLI (cli/bin/breakglass.mjs loads it through tsx). Parses the
// arguments, runs one command, and turns every failure into a message on stderr and an exit code.
import { CommanderError } from 'commander';
import { CliError } from './cli-error.js';
import { EXIT } from './exit-codes.js';
import { createProgram } from './program.js';

/** Option names that would carry a secret; they do not exist, and get a specific message. */
const SECRET_OPTION_NAMES = ['--passphrase', '--password', '--secret', '--token'];

const SECRET_ARGUMENT_MESSAGE =
  'passphrases and secrets are never accepted as arguments, because other users can read process lists and shell history. ' +
  'Use the hidden prompt, --passphrase-file FILE or --passphrase-fd N for passphrases, and stdin or --secret-file FILE for secrets.';

/** Returns the first argument that tries to pass a secret as an option, without its value. */
export function findSecretOption(args: readonly string[]): string | null {
  for (const arg of args) {
    if (arg === '--') return null;
    const name = arg.split('=', 1)[0] ?? '';
    if (SECRET_OPTION_NAMES.includes(name)) return name;
  }
  return null;
}

function exitCodeForCommanderError(error: CommanderError): number {
  if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
  return EXIT.usage;
}

/** Runs one command with `args` (without the node and script paths) and returns the exit code. */
export async function main(args: readonly string[]): Promise<number> {
  const secretOption = findSecretOption(args);
  if (secretOption !== null) {
    process.stderr.write(`error: unknown option '${secretOption}': ${SECRET_ARGUMENT_MESSAGE}\n`);
    return EXIT.usage;
  }

  const program = createProgram();
  try {
    await program.parseAsync([...args], { from: 'user' });
    return EXIT.ok;
  } catch (error) {
    // Commander has already printed its own message (usage errors) or the help text.
    if (error instanceof CommanderError) return exitCodeForCommanderError(error);
    if (error instanceof CliError) {
      process.stderr.write(`error: ${error.message}\n`);
      return error.exitCode;
    }
    const detail = error instanceof Error ? error.message : String(error);
    process.stderr.write(`error: unexpected failure: ${detail}\n`);
    return EXIT.failure;
  }
}
