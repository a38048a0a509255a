// `breakglass reseal ...`: bring an unsealed or sealed ceremony back to dormant. Each revealed
// credential is rotated or waived, a custodian who did not retrieve attests dormancy, then close.
import type { Command } from 'commander';
import { withCore } from '../core.js';
import { readSecret, secretUsesStdin, type SecretFlags } from '../io/secret-input.js';
import { resolveVaultPath, withJsonOption, withSignedCommandOptions, withSignerOptions, withVaultOption, type JsonFlags, type VaultFlags } from '../options.js';
import { loadSigner, type SignerFlags } from '../signer.js';
import { runSignedAct } from '../signed-act.js';
import { credentialKind, withSecretOptions } from './credential.js';
import { reportCeremony } from './request-flow.js';
import type { CeremonyView } from '../../shared/api/contract.js';

type SignedFlags = VaultFlags & JsonFlags & SignerFlags;

function pendingSummary(ceremony: CeremonyView): string {
  const pending = ceremony.reseal.filter((item) => item.status === 'pending').map((item) => item.credentialId);
  const attested = ceremony.attestation !== null;
  if (pending.length === 0 && attested) return 'Everything is resealed; close the ceremony with "breakglass reseal close".';
  const parts: string[] = [];
  if (pending.length > 0) parts.push(`still to rotate or waive: ${pending.join(', ')}`);
  if (!attested) parts.push('the dormancy attestation is missing');
  return `Reseal: ${parts.join('; ')}.`;
}

async function runResealRotate(ceremonyId: string, flags: SignedFlags & SecretFlags & { credential: string }): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const kind = await credentialKind(core, flags.credential);
    const secret = await readSecret(kind, flags);
    const signer = await loadSigner(flags, secretUsesStdin(flags));
    const ceremony = await core.call('resealRotate', { ceremonyId, credentialId: flags.credential, signer: signer.input, secret }, signer.derivation);
    reportCeremony(ceremony, flags, `Rotated ${flags.credential}. ${pendingSummary(ceremony)}`);
  });
}

async function runResealWaive(ceremonyId: string, flags: SignedFlags & { credential: string; reason: string }): Promise<void> {
  await runSignedAct(
    flags,
    'resealWaive',
    (signer) => ({ ceremonyId, credentialId: flags.credential, signer, reason: flags.reason }),
    (ceremony) => reportCeremony(ceremony, flags, `Waived rotation of ${flags.credential}. ${pendingSummary(ceremony)}`),
  );
}

async function runResealAttest(ceremonyId: string, flags: SignedFlags & { statement: string }): Promise<void> {
  await runSignedAct(
    flags,
    'resealAttest',
    (signer) => ({ ceremonyId, signer, statement: flags.statement }),
    (ceremony) => reportCeremony(ceremony, flags, `Dormancy attested by ${ceremony.attestation?.by ?? 'the custodian'}. ${pendingSummary(ceremony)}`),
  );
}

async function runResealClose(ceremonyId: string, flags: VaultFlags & JsonFlags): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const ceremony = await core.call('resealClose', { ceremonyId });
    reportCeremony(ceremony, flags, `Closed ceremony ${ceremony.id}; the vault is dormant again if no other exception is open.`);
  });
}

export const DEFAULT_ATTESTATION =
  'Access is back to dormant: revealed credentials were rotated or waived, sessions opened with them were revoked, and accounts were disabled where applicable.';

export function registerReseal(program: Command): void {
  const reseal = program.command('reseal').summary('rotate or waive revealed credentials, attest, close').description('The reseal ceremony that brings the vault back to dormant after an unseal.');

  const rotate = reseal
    .command('rotate')
    .summary('deposit a new version of a revealed credential')
    .description('Rotate a credential revealed in the ceremony: deposit its new secret as a new version, signed.')
    .argument('<ceremony>', 'ceremony id')
    .requiredOption('--credential <id>', 'credential id');
  withJsonOption(withVaultOption(withSecretOptions(withSignerOptions(rotate, 'person rotating')))).action(runResealRotate);

  const waive = reseal
    .command('waive')
    .summary('waive rotation of a revealed credential, with a reason')
    .description('Record, signed, that a revealed credential will not be rotated, and why.')
    .argument('<ceremony>', 'ceremony id')
    .requiredOption('--credential <id>', 'credential id')
    .requiredOption('--reason <text>', 'why no rotation is needed');
  withSignedCommandOptions(waive, 'person waiving').action(runResealWaive);

  const attest = reseal
    .command('attest')
    .summary('attest that access is dormant again (custodian who did not retrieve)')
    .description('Sign the dormancy attestation. Must be a custodian other than the person who revealed credentials.')
    .argument('<ceremony>', 'ceremony id')
    .option('--statement <text>', 'what is attested', DEFAULT_ATTESTATION);
  withSignedCommandOptions(attest, 'attesting custodian').action(runResealAttest);

  const close = reseal
    .command('close')
    .summary('close the ceremony once everything is resealed')
    .description('Close the ceremony. Fails while a revealed credential is neither rotated nor waived, or the attestation is missing.')
    .argument('<ceremony>', 'ceremony id');
  withJsonOption(withVaultOption(close)).action(runResealClose);
}
