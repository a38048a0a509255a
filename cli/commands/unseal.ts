// `breakglass unseal ...`: the unseal ceremony from request to seal. Only `reveal` writes a secret,
// and only to stdout.
import type { Command } from 'commander';
import type { SecretInput } from '../../shared/api/contract.js';
import { CliError } from '../cli-error.js';
import { withCore } from '../core.js';
import { parseJson, readTextFile } from '../io/files.js';
import { note, writeJson } from '../io/output.js';
import { collect, parsePositiveInteger, resolveVaultPath, withSignedCommandOptions, type JsonFlags, type VaultFlags } from '../options.js';
import { loadSigner, type SignerFlags } from '../signer.js';
import { runSignedAct } from '../signed-act.js';
import { addAmendOptions, addApproveCommand, addRequestOptions, amendRequest, describeCeremonyState, reportCeremony, runRequest, type RequestFlags } from './request-flow.js';

type SignedFlags = VaultFlags & JsonFlags & SignerFlags;

/** Returns the secret as the one value a script expects on stdout; `file` content stays binary. */
export function secretAsOutput(secret: SecretInput): string | Buffer {
  switch (secret.kind) {
    case 'password':
      return `${secret.password}\n`;
    case 'api-token':
      return `${secret.token}\n`;
    case 'ssh-key':
      return secret.privateKey.endsWith('\n') ? secret.privateKey : `${secret.privateKey}\n`;
    case 'certificate':
      return `${secret.certificate.trimEnd()}\n${secret.privateKey.trimEnd()}\n`;
    case 'totp':
      return `${secret.seed}\n`;
    case 'recovery-codes':
      return `${secret.codes.join('\n')}\n`;
    case 'file':
      return Buffer.from(secret.contentBase64, 'base64');
  }
}

async function runReveal(ceremonyId: string, flags: SignedFlags & { credential: string }): Promise<void> {
  await runSignedAct(
    flags,
    'unsealReveal',
    (signer) => ({ ceremonyId, credentialId: flags.credential, mode: 'show', signer }),
    (revealed) => {
      note(`Revealed ${revealed.credentialId} version ${revealed.version} (logged as entry #${revealed.logIndex}).`);
      if (flags.json) writeJson(revealed);
      else process.stdout.write(secretAsOutput(revealed.secret));
    },
  );
}

/** Parses a --touched value SYSTEM:ACTION[:NOTE]; the note may contain further colons. */
export function parseTouchedSpec(spec: string): { system: string; action: string; note: string } {
  const [system, action, ...rest] = spec.split(':');
  if (!system?.trim() || !action?.trim()) throw CliError.usage(`invalid --touched "${spec}": expected SYSTEM:ACTION[:NOTE]`);
  return { system: system.trim(), action: action.trim(), note: rest.join(':').trim() };
}

interface TouchedFlags extends SignedFlags {
  touched?: string[];
  control?: string[];
  fromFile?: string;
}

function readTouchedFile(path: string): { systems: Array<{ system: string; action: string; note: string }>; controls: string[] } {
  const parsed = parseJson(readTextFile(path, 'touched file'), `touched file ${path}`);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw CliError.usage(`touched file ${path} must hold {"systems": [{"system", "action", "note"}], "controls": ["..."]}`);
  }
  const record = parsed as Record<string, unknown>;
  // Field checks are left to the API input schema, which names each failing path.
  return {
    systems: (record['systems'] ?? []) as Array<{ system: string; action: string; note: string }>,
    controls: (record['controls'] ?? []) as string[],
  };
}

async function runTouched(ceremonyId: string, flags: TouchedFlags): Promise<void> {
  const fromFile = flags.fromFile !== undefined ? readTouchedFile(flags.fromFile) : { systems: [], controls: [] };
  const systems = [...fromFile.systems, ...(flags.touched ?? []).map(parseTouchedSpec)];
  const controls = [...fromFile.controls, ...(flags.control ?? [])];
  if (systems.length === 0 && controls.length === 0) throw CliError.usage('nothing to record: pass --touched, --control or --from-file');

  await runSignedAct(
    flags,
    'unsealTouched',
    (signer) => ({ ceremonyId, signer, systems, controls }),
    (ceremony) => reportCeremony(ceremony, flags, `Recorded ${systems.length} touched system(s) and ${controls.length} control(s) for ceremony ${ceremony.id}.`),
  );
}

async function runExtend(ceremonyId: string, flags: SignedFlags & { minutes: number; reason: string }): Promise<void> {
  await runSignedAct(
    flags,
    'unsealExtend',
    (signer) => ({ ceremonyId, signer, minutes: flags.minutes, reason: flags.reason }),
    (ceremony) => reportCeremony(ceremony, flags, `Extended by ${flags.minutes} min. ${describeCeremonyState(ceremony)}`),
  );
}

async function runSeal(ceremonyId: string, flags: SignedFlags): Promise<void> {
  await runSignedAct(
    flags,
    'unsealSeal',
    (signer) => ({ ceremonyId, signer }),
    (ceremony) => reportCeremony(ceremony, flags, `Sealed ceremony ${ceremony.id}. Next: rotate or waive each revealed credential with "breakglass reseal".`),
  );
}

async function runCancel(ceremonyId: string, flags: SignedFlags & { reason: string }): Promise<void> {
  await runSignedAct(
    flags,
    'unsealCancel',
    (signer) => ({ ceremonyId, signer, reason: flags.reason }),
    (ceremony) => reportCeremony(ceremony, flags, `Cancelled ceremony ${ceremony.id}.`),
  );
}

async function runAmend(ceremonyId: string, flags: Partial<RequestFlags> & VaultFlags & SignerFlags & JsonFlags): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const current = await core.call('ceremonyGet', { ceremonyId });
    const request = amendRequest(current.request, flags);
    const signer = await loadSigner(flags, false);
    const ceremony = await core.call('unsealAmend', { ceremonyId, signer: signer.input, request }, signer.derivation);
    reportCeremony(ceremony, flags, `Amended ceremony ${ceremony.id}; earlier approvals are void. New request hash ${ceremony.requestHash}.`);
  });
}

export function registerUnseal(program: Command): void {
  const unseal = program.command('unseal').summary('request, approve and use an unseal ceremony').description('The unseal ceremony: request, approvals, reveals, record of touched systems, seal.');

  const request = unseal
    .command('request')
    .summary('request an unseal for an incident (incident commander)')
    .description('Request an unseal for a declared incident, signed by the incident commander. Prints the ceremony id.');
  addRequestOptions(request, { severity: 'sev2', withScope: true });
  withSignedCommandOptions(request, 'incident commander');
  request.action((flags: RequestFlags) => runRequest('unseal', flags));

  addApproveCommand(unseal, 'Approve an unseal request as a custodian: shows what you sign, checks your share, and signs the request and the current checkpoint. When the policy is met, the vault unseals until the deadline.');

  const amend = unseal
    .command('amend')
    .summary('change a request (voids earlier approvals)')
    .description('Change the request of a ceremony that is still collecting approvals. Every earlier approval becomes void and must be given again.')
    .argument('<ceremony>', 'ceremony id');
  addAmendOptions(amend);
  withSignedCommandOptions(amend, 'incident commander').action(runAmend);

  const reveal = unseal
    .command('reveal')
    .summary('print one credential in scope to stdout (incident commander)')
    .description('Reveal one credential in the ceremony\'s scope while the vault is unsealed. The reveal is logged before the secret is printed. The secret goes to stdout only: one value (PEM text for certificates, one code per line for recovery codes, raw bytes for files), or the structured secret with --json.')
    .argument('<ceremony>', 'ceremony id')
    .requiredOption('--credential <id>', 'credential id (must be in the request scope)');
  withSignedCommandOptions(reveal, 'incident commander').action(runReveal);

  const touched = unseal
    .command('touched')
    .summary('record systems touched and compensating controls')
    .description('Record, signed by the incident commander, which systems were touched and which compensating controls were applied.')
    .argument('<ceremony>', 'ceremony id')
    .option('--touched <system:action[:note]>', 'a system touched and what was done, e.g. "okta:reset MFA:for jdoe" (repeatable)', collect)
    .option('--control <text>', 'a compensating control applied (repeatable)', collect)
    .option('--from-file <file>', 'JSON file {"systems": [{"system", "action", "note"}], "controls": ["..."]}');
  withSignedCommandOptions(touched, 'incident commander').action(runTouched);

  const extend = unseal
    .command('extend')
    .summary('extend the unseal deadline (custodian)')
    .description('Extend the deadline of an unsealed ceremony; needs a signed approval by a custodian.')
    .argument('<ceremony>', 'ceremony id')
    .requiredOption('--minutes <minutes>', 'minutes to add to the deadline', parsePositiveInteger)
    .requiredOption('--reason <text>', 'why more time is needed');
  withSignedCommandOptions(extend, 'custodian').action(runExtend);

  const seal = unseal.command('seal').summary('seal the vault now').description('Seal the vault now, ending the unsealed period of the ceremony.').argument('<ceremony>', 'ceremony id');
  withSignedCommandOptions(seal, 'person sealing the vault').action(runSeal);

  const cancel = unseal
    .command('cancel')
    .summary('cancel a request')
    .description('Cancel a ceremony that has not unsealed the vault.')
    .argument('<ceremony>', 'ceremony id')
    .requiredOption('--reason <text>', 'why the request is cancelled');
  withSignedCommandOptions(cancel, 'person cancelling').action(runCancel);
}
