// `breakglass drill ...`: a ceremony that proves the kits and the quorum still open the vault and
// reveals nothing. Request and approval work as for an unseal.
import type { Command } from 'commander';
import { withSignedCommandOptions } from '../options.js';
import { addApproveCommand, addRequestOptions, runRequest, type RequestFlags } from './request-flow.js';

export const DRILL_TICKET = 'drill';
export const DRILL_REASON = 'Scheduled quorum drill';

export function registerDrill(program: Command): void {
  const drill = program.command('drill').summary('prove the quorum still opens the vault, revealing nothing').description('A drill: request and approvals as for an unseal; when the policy is met the vault is verified to open and nothing is revealed.');

  const request = drill.command('request').summary('start a drill').description('Start a drill. Prints the ceremony id.');
  addRequestOptions(request, { ticket: DRILL_TICKET, reason: DRILL_REASON, severity: 'sev4', withScope: false });
  withSignedCommandOptions(request, 'incident commander');
  request.action((flags: RequestFlags) => runRequest('drill', flags));

  addApproveCommand(drill, 'Take part in a drill as a custodian: your share is checked and your approval signed; when the policy is met the drill is verified.');
}
