// Plain-text renderings of API views for stdout. `--json` prints the views themselves instead.
import type {
  CeremonyView,
  CredentialView,
  EntryView,
  PersonView,
  PolicyProgress,
  PolicyView,
  VaultStatus,
  VerifyReport,
} from '../shared/api/contract.js';

function describePerson(person: PersonView): string {
  const parts = [person.roles.join('+')];
  if (person.function) parts.push(person.function);
  if (person.sponsorId) parts.push(`sponsor ${person.sponsorId}`);
  return `${person.id}  ${person.name}  (${parts.join(', ')})  key ${person.keyId}`;
}

export function describePolicy(policy: PolicyView): string {
  const groups = policy.groups.map((group) => `${group.function} ${group.threshold} of ${group.members.length}`).join(', ');
  const fastPath = policy.fastPath ? ', fast path' : '';
  return `${policy.id}: ${policy.groupThreshold} of ${policy.groups.length} functions (${groups}), reseal within ${policy.resealLimitHours} h${fastPath}`;
}

function formatAge(seconds: number): string {
  if (seconds < 3600) return `${Math.floor(seconds / 60)} min`;
  return `${Math.floor(seconds / 3600)} h ${Math.floor((seconds % 3600) / 60)} min`;
}

export function formatStatus(status: VaultStatus): string {
  if (!status.exists) return `No vault at ${status.path}. Create one with "breakglass init".`;

  const lines = [
    `Vault:        ${status.name ?? ''} (${status.vaultId ?? ''}, epoch ${status.epoch ?? ''})`,
    `Path:         ${status.path}`,
    `State:        ${status.state}${status.unsealedCeremonyId ? ` (ceremony ${status.unsealedCeremonyId})` : ''}`,
    `Credentials:  ${status.credentialCount}`,
    `Log entries:  ${status.logSize}`,
    `People (${status.people.length}):`,
    ...status.people.map((person) => `  ${describePerson(person)}`),
    'Policies:',
    ...status.policies.map((policy) => `  ${describePolicy(policy)}`),
  ];

  lines.push(status.openExceptions.length === 0 ? 'Open exceptions: none' : 'Open exceptions:');
  for (const exception of status.openExceptions) {
    const overdue = exception.overdue ? ', OVERDUE' : '';
    lines.push(`  ${exception.ceremonyId}  ticket ${exception.ticket}  ${exception.state}  open for ${formatAge(exception.ageSeconds)}${overdue}`);
  }

  lines.push('Last drill per policy:');
  for (const [policyId, at] of Object.entries(status.lastDrillByPolicy)) lines.push(`  ${policyId}: ${at ?? 'never'}`);
  if (status.pendingRekey) {
    const confirmed = status.pendingRekey.people.filter((person) => person.confirmed).length;
    lines.push(`Pending rekey: epoch ${status.pendingRekey.newEpoch}, ${confirmed} of ${status.pendingRekey.people.length} kits confirmed`);
  }
  return lines.join('\n');
}

export function formatProgress(progress: PolicyProgress): string {
  const groups = progress.groups.map((group) => `${group.function} ${group.approvedBy.length}/${group.threshold}${group.satisfied ? ' ✓' : ''}`).join(', ');
  const satisfied = progress.groups.filter((group) => group.satisfied).length;
  const missing = progress.missingFunctions.length > 0 ? `; still missing: ${progress.missingFunctions.join(', ')}` : '';
  return `policy ${progress.policyId}: ${satisfied} of ${progress.groupThreshold} functions satisfied (${groups})${missing}`;
}

export function formatCeremonyLine(ceremony: CeremonyView): string {
  return `${ceremony.id}  ${ceremony.kind}  ${ceremony.state}  ticket ${ceremony.request.ticket}  by ${ceremony.request.requestedBy} at ${ceremony.request.requestedAt}${ceremony.overdue ? '  OVERDUE' : ''}`;
}

export function formatCeremony(ceremony: CeremonyView): string {
  const request = ceremony.request;
  const lines = [
    `Ceremony:   ${ceremony.id} (${ceremony.kind}, ${ceremony.state})`,
    `Ticket:     ${request.ticket} (${request.severity})`,
    `Reason:     ${request.reason}`,
    `Requested:  by ${request.requestedBy} at ${request.requestedAt}`,
    `Scope:      ${request.scope.length > 0 ? request.scope.join(', ') : '(none)'}`,
    `Duration:   ${request.durationMinutes} min`,
    `Request hash: ${ceremony.requestHash}`,
    `Progress:   ${formatProgress(ceremony.progress)}`,
    'Approvals:',
    ...(ceremony.approvals.length === 0 ? ['  (none)'] : ceremony.approvals.map((approval) => `  ${approval.custodianId} (${approval.function}) at ${approval.at}, entry #${approval.logIndex}`)),
  ];

  if (ceremony.unsealedAt) lines.push(`Unsealed:   ${ceremony.unsealedAt}, deadline ${ceremony.deadline ?? 'none'}`);
  if (ceremony.sealedAt) lines.push(`Sealed:     ${ceremony.sealedAt}`);
  if (ceremony.closedAt) lines.push(`Closed:     ${ceremony.closedAt}`);

  if (ceremony.reveals.length > 0) {
    lines.push('Reveals:', ...ceremony.reveals.map((reveal) => `  ${reveal.credentialId} v${reveal.version} (${reveal.mode}) by ${reveal.by} at ${reveal.at}`));
  }
  if (ceremony.touched.length > 0) {
    lines.push('Touched:', ...ceremony.touched.map((item) => `  ${item.system}: ${item.action}${item.note ? ` (${item.note})` : ''}`));
  }
  if (ceremony.controls.length > 0) lines.push('Controls:', ...ceremony.controls.map((control) => `  ${control}`));

  if (ceremony.reseal.length > 0) {
    lines.push(
      'Reseal:',
      ...ceremony.reseal.map((item) => {
        if (item.status === 'rotated') return `  ${item.credentialId}: rotated to version ${item.version ?? '?'}`;
        if (item.status === 'waived') return `  ${item.credentialId}: waived (${item.reason ?? ''})`;
        return `  ${item.credentialId}: pending (rotate or waive it)`;
      }),
    );
  }

  if (ceremony.attestation) lines.push(`Attested:   by ${ceremony.attestation.by} at ${ceremony.attestation.at}: ${ceremony.attestation.statement}`);
  if (ceremony.ageSeconds !== null) lines.push(`Open for:   ${formatAge(ceremony.ageSeconds)}${ceremony.overdue ? ' (OVERDUE)' : ''}`);
  return lines.join('\n');
}

export function formatCredentialLine(credential: CredentialView): string {
  return `${credential.id}  ${credential.kind}  v${credential.currentVersion}  ${credential.label}  (${credential.system}${credential.account ? `, ${credential.account}` : ''})`;
}

export function formatEntry(entry: EntryView): string {
  const ceremony = entry.ceremony ? `  ceremony ${entry.ceremony}` : '';
  return `#${entry.index}  ${entry.time}  ${entry.type}  by ${entry.actor}${ceremony}${entry.signed ? '  signed' : ''}`;
}

export function formatVerifyReport(report: VerifyReport, subject: string): string {
  const lines = [
    `${report.ok ? 'Verified' : 'Verification FAILED'}: ${subject}`,
    `Vault:       ${report.vaultId ?? 'unknown'}`,
    `Tree size:   ${report.treeSize}`,
    `Root hash:   ${report.rootHash ?? 'none'}`,
    `Entries checked:    ${report.checkedEntries}`,
    `Signatures checked: ${report.checkedSignatures}`,
  ];
  for (const issue of report.issues) {
    lines.push(`${issue.severity}: ${issue.index === null ? 'bundle' : `entry #${issue.index}`}: ${issue.reason}`);
  }
  return lines.join('\n');
}
