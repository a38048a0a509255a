// The command tree of `breakglass`. Each command lives in cli/commands/ and maps onto
// BreakglassApi methods of the core service.
import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { registerCeremony } from './commands/ceremony.js';
import { registerCredentialCommands } from './commands/credential.js';
import { registerDrill } from './commands/drill.js';
import { registerInit } from './commands/init.js';
import { registerKit } from './commands/kit.js';
import { registerLog } from './commands/log.js';
import { registerRekey } from './commands/rekey.js';
import { registerReseal } from './commands/reseal.js';
import { registerStatus } from './commands/status.js';
import { registerUnseal } from './commands/unseal.js';

export const EXIT_CODE_HELP = `
Exit codes:
  0    success
  1    failure, or a verification found a problem
  2    usage error or invalid input (unknown option, bad JSON, invalid value)
  3    not found (vault, file, credential, ceremony)
  4    kit rejected (wrong passphrase, tampered, other vault, older epoch)
  5    not permitted for this person, or not allowed in the current state
  130  cancelled at a prompt

Passphrases come only from a hidden prompt, --passphrase-file FILE or --passphrase-fd N, and
secrets only from stdin or --secret-file FILE: never from arguments or environment variables.`;

function packageVersion(): string {
  const text = readFileSync(new URL('../package.json', import.meta.url), 'utf8');
  return (JSON.parse(text) as { version: string }).version;
}

export function createProgram(): Command {
  const program = new Command('breakglass')
    .description('Break-glass credential vault: sealed under a cross-function custodian quorum, with a signed, verifiable audit log.')
    .version(packageVersion())
    .showSuggestionAfterError()
    .exitOverride()
    .configureOutput({
      writeOut: (text) => process.stdout.write(text),
      writeErr: (text) => process.stderr.write(text),
    })
    .addHelpText('after', EXIT_CODE_HELP);

  registerInit(program);
  registerStatus(program);
  registerKit(program);
  registerCredentialCommands(program);
  registerUnseal(program);
  registerReseal(program);
  registerDrill(program);
  registerRekey(program);
  registerCeremony(program);
  registerLog(program);
  return program;
}
