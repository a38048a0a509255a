// Options shared by `init` and `rekey prepare`: who is enrolled, the quorum policy, and where
// each kit is written.
import type { Command } from 'commander';
import { collect, parsePositiveInteger } from '../options.js';
import { DEFAULT_POLICY_ID, PERSON_SPEC_HELP } from '../setup-input.js';

export function addEnrolmentOptions(command: Command): Command {
  return command
    .option('--people <file>', 'JSON file: an array of people ({id, name, roles, function?, sponsorId?}), or {"people": [...], "policies": [...]}')
    .option('--person <spec>', PERSON_SPEC_HELP, collect)
    .option('--policy-file <file>', 'JSON file: a policy, an array of policies, or {"policies": [...]}')
    .option('--groups <n>', 'build one policy: number of custodian functions that must agree (one group per function present)', parsePositiveInteger)
    .option('--per-group <n>', 'with --groups: custodians of each function that must approve (default: 1)', parsePositiveInteger)
    .option('--policy-id <id>', `with --groups: policy id (default: "${DEFAULT_POLICY_ID}")`)
    .option('--policy-name <name>', 'with --groups: policy name')
    .option('--reseal-limit <hours>', 'with --groups: hours after an unseal by which its ceremony must be closed (default: 24)', parsePositiveInteger)
    .option('--kit-dir <dir>', 'write each kit into DIR under the name the core suggests')
    .option('--kit-out <id=file>', 'write the kit of person ID to FILE (repeatable; overrides --kit-dir)', collect);
}
