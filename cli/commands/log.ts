// `breakglass log ...`: verify the audit log or an evidence bundle, export evidence, print the
// latest signed checkpoint, list entries.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import type { VerifyReport } from '../../shared/api/contract.js';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';
import { withCore, type CoreSession } from '../core.js';
import { formatEntry, formatVerifyReport } from '../format.js';
import { assertAbsent, readTextFile, writeNewFile } from '../io/files.js';
import { note, writeData, writeJson } from '../io/output.js';
import { parseNonNegativeInteger, parsePositiveInteger, resolveVaultPath, withJsonOption, withSignedCommandOptions, withVaultOption, type JsonFlags, type VaultFlags } from '../options.js';
import { loadSigner, type SignerFlags } from '../signer.js';

/**
 * Runs `body` on a service opened over a path in an empty temporary folder. Bundle verification
 * needs no vault, so it neither reads the vault file nor creates anything at the vault path.
 */
async function withoutVault<T>(body: (core: CoreSession) => Promise<T>): Promise<T> {
  const scratch = mkdtempSync(join(tmpdir(), 'breakglass-verify-'));
  try {
    return await withCore(join(scratch, 'none.bgvault'), { mustExist: false }, body);
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function runVerify(flags: VaultFlags & JsonFlags & { bundle?: string }): Promise<void> {
  const vaultPath = resolveVaultPath(flags);
  let subject: string;
  let report: VerifyReport;
  if (flags.bundle !== undefined) {
    const bundle = readTextFile(flags.bundle, 'evidence bundle');
    subject = `evidence bundle ${flags.bundle}`;
    report = await withoutVault((core) => core.call('logVerifyBundle', { bundle }));
  } else {
    subject = `audit log of ${vaultPath}`;
    report = await withCore(vaultPath, { mustExist: true }, (core) => core.call('logVerify', {}));
  }

  if (flags.json) writeJson(report);
  else writeData(formatVerifyReport(report, subject));
  if (!report.ok) {
    const errors = report.issues.filter((issue) => issue.severity === 'error').length;
    throw new CliError(EXIT.failure, `verification failed with ${errors} error(s); see the issues listed above`, 'verification-failed');
  }
}

interface ExportFlags extends VaultFlags, JsonFlags, SignerFlags {
  bundle?: string;
  report?: string;
  ceremony?: string;
  since?: string;
}

async function runExport(flags: ExportFlags): Promise<void> {
  if (flags.bundle !== undefined) assertAbsent(flags.bundle, 'bundle file');
  if (flags.report !== undefined) assertAbsent(flags.report, 'report file');
  const sinceCheckpoint = flags.since !== undefined ? readTextFile(flags.since, 'checkpoint file') : undefined;
  const signer = await loadSigner(flags, false);

  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const input = {
      signer: signer.input,
      ...(flags.ceremony !== undefined ? { ceremonyId: flags.ceremony } : {}),
      ...(sinceCheckpoint !== undefined ? { sinceCheckpoint } : {}),
    };
    const exported = await core.call('logExport', input, signer.derivation);

    const bundlePath = resolve(flags.bundle ?? exported.bundleFileName);
    const reportPath = resolve(flags.report ?? exported.reportFileName);
    writeNewFile(bundlePath, exported.bundle, 'bundle file', 0o644);
    writeNewFile(reportPath, exported.report, 'report file', 0o644);
    note(`Evidence bundle written to ${bundlePath}`);
    note(`HTML report written to ${reportPath}`);
    if (flags.json) writeJson({ bundle: bundlePath, report: reportPath });
  });
}

async function runCheckpoint(flags: VaultFlags & JsonFlags): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const { note: checkpoint } = await core.call('logCheckpoint', {});
    if (flags.json) writeJson({ note: checkpoint });
    else writeData(checkpoint);
  });
}

interface EntriesFlags extends VaultFlags, JsonFlags {
  ceremony?: string;
  type?: string;
  from?: number;
  limit?: number;
}

async function runEntries(flags: EntriesFlags): Promise<void> {
  await withCore(resolveVaultPath(flags), { mustExist: true }, async (core) => {
    const entries = await core.call('logEntries', {
      ...(flags.ceremony !== undefined ? { ceremonyId: flags.ceremony } : {}),
      ...(flags.type !== undefined ? { type: flags.type } : {}),
      ...(flags.from !== undefined ? { fromIndex: flags.from } : {}),
      ...(flags.limit !== undefined ? { limit: flags.limit } : {}),
    });
    if (flags.json) writeJson(entries);
    else writeData(entries.length === 0 ? '(no entries)' : entries.map(formatEntry).join('\n'));
  });
}

export function registerLog(program: Command): void {
  const log = program.command('log').summary('verify, export and read the audit log').description('The audit log: an RFC 6962 Merkle tree of signed entries with device-signed checkpoints.');

  const verify = log
    .command('verify')
    .summary('verify the vault\'s log, or an evidence bundle')
    .description('Verify every entry, signature and checkpoint of the vault\'s audit log, or of an evidence bundle (offline; needs no vault). Exits 1 when anything fails, listing each entry and reason.')
    .option('--bundle <file>', 'verify this evidence bundle instead of the vault');
  withJsonOption(withVaultOption(verify)).action(runVerify);

  const exportCommand = log
    .command('export')
    .summary('export a signed evidence bundle and an HTML report (auditor)')
    .description('Export an evidence bundle signed by the auditor and the device, and a self-contained HTML report. Existing files are never overwritten.')
    .option('--bundle <file>', 'where to write the evidence bundle (default: the suggested name in the current folder)')
    .option('--report <file>', 'where to write the HTML report (default: the suggested name in the current folder)')
    .option('--ceremony <id>', 'export one ceremony with inclusion proofs (default: the whole log)')
    .option('--since <file>', 'an earlier checkpoint (signed note) to prove consistency from');
  withSignedCommandOptions(exportCommand, 'auditor').action(runExport);

  const checkpoint = log.command('checkpoint').summary('print the latest signed checkpoint').description('Print the latest checkpoint as a C2SP signed note (origin, tree size, root hash, signatures). Keep it to prove later that the log was not rewritten.');
  withJsonOption(withVaultOption(checkpoint)).action(runCheckpoint);

  const entries = log
    .command('entries')
    .summary('list log entries')
    .description('List audit-log entries: index, time, type, actor, ceremony. Entries never hold secrets.')
    .option('--ceremony <id>', 'only entries of this ceremony')
    .option('--type <type>', 'only entries of this type, e.g. secret.revealed')
    .option('--from <index>', 'first entry index (default: 0)', parseNonNegativeInteger)
    .option('--limit <n>', 'at most this many entries', parsePositiveInteger);
  withJsonOption(withVaultOption(entries)).action(runEntries);
}
