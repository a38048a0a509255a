// The request and approval steps that unseal, drill and rekey ceremonies share. The approve command
// prints the core's signing summary and request hash before it prompts for the passphrase. It signs
// only after the approver confirms, or with the hash they pass in --request-hash.
import { Option, type Command } from 'commander';
import { SEVERITIES, type CeremonyKind, type CeremonyView, type RequestInput, type Severity } from '../../shared/api/contract.js';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { withCore, type CoreSession } from '../core.js';
import { formatProgress } from '../format.js';
import { note, writeData, writeJson } from '../io/output.js';
import { promptYesNo, terminalAvailable } from '../io/tty-prompt.js';
import { collectList, parsePositiveInteger, resolveVaultPath, withSignedCommandOptions, type JsonFlags, type VaultFlags } from '../options.js';
import { loadSigner, type SignerFlags } from '../signer.js';

export const DEFAULT_DURATION_MINUTES = 60;

export interface RequestFlags extends VaultFlags, JsonFlags, SignerFlags {
  ticket: string;
  reason: string;
  severity: Severity;
  scope?: string[];
  duration: number;
  policy?: string;
}

export interface RequestDefaults {
  ticket?: string;
  reason?: string;
  severity: Severity;
  /** False for drills and rekeys, which reveal nothing. */
  withScope: boolean;
}

export function addRequestOptions(command: Command, defaults: RequestDefaults): Command {
  const ticket = new Option('--ticket <id>', 'incident or change ticket id');
  const reason = new Option('--reason <text>', 'why the ceremony is needed');
  if (defaults.ticket !== undefined) ticket.default(defaults.ticket);
  else ticket.makeOptionMandatory();
  if (defaults.reason !== undefined) reason.default(defaults.reason);
  else reason.makeOptionMandatory();

  command
    .addOption(ticket)
    .addOption(reason)
    .addOption(new Option('--severity <level>', 'incident severity').choices(SEVERITIES).default(defaults.severity))
    .option('--duration <minutes>', 'minutes the vault stays unsealed after the quorum is met', parsePositiveInteger, DEFAULT_DURATION_MINUTES)
    .option('--policy <id>', 'quorum policy to use (default: the vault\'s only policy that is not a fast path)');
  if (defaults.withScope) command.option('--scope <ids>', 'credential ids the incident commander may reveal (comma-separated or repeated)', collectList);
  return command;
}

/** Adds the request options of `unseal amend`: all optional, because what is not given is kept. */
export function addAmendOptions(command: Command): Command {
  return command
    .option('--ticket <id>', 'new incident or change ticket id (default: unchanged)')
    .option('--reason <text>', 'new reason (default: unchanged)')
    .addOption(new Option('--severity <level>', 'new incident severity (default: unchanged)').choices(SEVERITIES))
    .option('--duration <minutes>', 'new minutes the vault stays unsealed after the quorum is met (default: unchanged)', parsePositiveInteger)
    .option('--policy <id>', 'new quorum policy (default: unchanged)')
    .option('--scope <ids>', 'new credential ids the incident commander may reveal, replacing the old scope (comma-separated or repeated; default: unchanged)', collectList);
}

/** Builds an amended request: each option given replaces that field, every other field is kept. */
export function amendRequest(current: RequestInput, flags: Partial<RequestFlags>): RequestInput {
  return {
    ticket: flags.ticket ?? current.ticket,
    reason: flags.reason ?? current.reason,
    severity: flags.severity ?? current.severity,
    scope: flags.scope ?? current.scope,
    durationMinutes: flags.duration ?? current.durationMinutes,
    policyId: flags.policy ?? current.policyId,
  };
}

/** Picks --policy, or the one policy that is not a fast path when the vault has exactly one. */
async function choosePolicy(core: CoreSession, requested: string | undefined): Promise<string> {
  if (requested !== undefined) return requested;
  const status = await core.call('vaultStatus', {});
  const standard = status.policies.filter((policy) => !policy.fastPath);
  const only = standard[0];
  if (standard.length !== 1 || only === undefined) {
    throw CliError.usage(`this vault has several policies (${status.policies.map((policy) => policy.id).join(', ')}); choose one with --policy ID`);
  }
  return only.id;
}

export async function buildRequest(core: CoreSession, flags: RequestFlags): Promise<RequestInput> {
  return {
    ticket: flags.ticket,
    reason: flags.reason,
    severity: flags.severity,
    scope: flags.scope ?? [],
    durationMinutes: flags.duration,
    policyId: await choosePolicy(core, flags.policy),
  };
}

export function describeCeremonyState(ceremony: CeremonyView): string {
  switch (ceremony.state) {
    case 'approving':
      return `Ceremony ${ceremony.id} is waiting for approvals: ${formatProgress(ceremony.progress)}.`;
    case 'unsealed':
      if (ceremony.kind === 'rekey') return `Rekey ${ceremony.id} is approved; write the new kits with "breakglass rekey prepare ${ceremony.id}".`;
      return `The vault is UNSEALED for ceremony ${ceremony.id} until ${ceremony.deadline ?? 'its deadline'}.`;
    case 'verified':
      return `Drill ${ceremony.id} verified: the quorum opened the vault and nothing was revealed.`;
    default:
      return `Ceremony ${ceremony.id} is ${ceremony.state}.`;
  }
}

/** Prints the view as JSON on stdout when --json is set; the message goes to stderr either way. */
export function reportCeremony(ceremony: CeremonyView, flags: JsonFlags, message: string): void {
  note(message);
  if (flags.json) writeJson(ceremony);
}

export async function runRequest(kind: CeremonyKind, flags: RequestFlags): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const request = await buildRequest(core, flags);
    const signer = await loadSigner(flags, false);
    const ceremony = await core.call('unsealRequest', { signer: signer.input, kind, request }, signer.derivation);

    note(`Requested ${kind} ceremony ${ceremony.id}. Approvers will sign:`);
    for (const line of ceremony.signingSummary) note(`  ${line}`);
    note(describeCeremonyState(ceremony));
    if (flags.json) writeJson(ceremony);
    else writeData(ceremony.id);
  });
}

export interface ApproveFlags extends VaultFlags, JsonFlags, SignerFlags {
  requestHash?: string;
  yes?: boolean;
}

async function confirmRequest(ceremony: CeremonyView, flags: ApproveFlags): Promise<string> {
  note(`You are approving ${ceremony.kind} ceremony ${ceremony.id}. You sign:`);
  for (const line of ceremony.signingSummary) note(`  ${line}`);

  if (flags.requestHash !== undefined) {
    // The core rejects the approval if this hash is not the ceremony's current request hash.
    return flags.requestHash.toLowerCase();
  }
  if (flags.yes) return ceremony.requestHash;
  if (!terminalAvailable({ stdinBusy: false })) {
    throw CliError.usage('no terminal to confirm the request; pass --request-hash HASH (from "breakglass ceremony show") or --yes');
  }
  if (!(await promptYesNo('Approve this request?', { stdinBusy: false }))) {
    throw new CliError(EXIT.cancelled, 'approval cancelled; nothing was signed');
  }
  return ceremony.requestHash;
}

export async function runApprove(ceremonyId: string, flags: ApproveFlags): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const current = await core.call('ceremonyGet', { ceremonyId });
    const requestHash = await confirmRequest(current, flags);
    const signer = await loadSigner(flags, false);

    const ceremony = await core.call('unsealApprove', { ceremonyId, signer: signer.input, requestHash }, signer.derivation);
    const latest = ceremony.approvals[ceremony.approvals.length - 1];
    const approver = latest ? `${latest.custodianId} (${latest.function})` : 'the custodian';
    reportCeremony(ceremony, flags, `Approval by ${approver} recorded. ${describeCeremonyState(ceremony)}`);
  });
}

export function addApproveCommand(parent: Command, description: string): Command {
  const approve = parent
    .command('approve')
    .summary('approve a request with your custodian kit')
    .description(description)
    .argument('<ceremony>', 'ceremony id')
    .option('--request-hash <hex>', 'sign only if the request still has this hash (shown by "ceremony show"); skips the confirmation prompt')
    .option('--yes', 'sign the request as shown without asking for confirmation');
  withSignedCommandOptions(approve, 'approving custodian');
  return approve.action(runApprove);
}
