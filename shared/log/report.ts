// The human-readable evidence report: one self-contained HTML page with inline CSS, no script and
// no external resource, under a CSP that forbids both. It lists the vault's people and policies
// and gives a timeline per ceremony (request, approvals, reveals, systems touched, rotations and
// waivers, dormancy attestation). Every text from the bundle is HTML-escaped. Entries never hold
// secrets, so neither does the report.
import type { VerifyReport } from '../api/contract.js';
import { keyIdOf } from '../crypto/sign.js';
import { fromBase64 } from '../util/bytes.js';
import type { EvidenceBundle } from './bundle.js';
import { parseCheckpoint } from './checkpoint.js';
import type { LogEntry } from './entry.js';
import type { HeaderPerson, VaultHeader } from './headers.js';
import { DEVICE_ACTOR } from './labels.js';

/** Escapes text for HTML element content and quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

const STYLE = `
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem; color: #1b1f24; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.2rem; margin-top: 2rem; border-bottom: 1px solid #ccd; } h3 { font-size: 1rem; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #d0d7de; padding: 4px 8px; text-align: left; vertical-align: top; }
th { background: #f3f5f7; }
.ok { color: #116329; font-weight: 600; } .fail { color: #a40e26; font-weight: 600; } .warn { color: #7d4e00; }
code { font-family: ui-monospace, monospace; font-size: 12px; word-break: break-all; }
ul { margin: 0.2rem 0; padding-left: 1.2rem; }
`;

type Row = Array<string>;

/** Plain words for the reasons a ceremony seals. */
const SEAL_REASONS: Record<string, string> = {
  'seal-now': 'sealed by hand ("seal now")',
  deadline: 'deadline reached',
  'os-lock': 'operating system locked',
  suspend: 'machine suspended',
  quit: 'app quit',
  shutdown: 'machine shut down',
};

function table(headings: string[], rows: Row[]): string {
  if (rows.length === 0) return '<p>None recorded.</p>';
  const head = headings.map((heading) => `<th>${escapeHtml(heading)}</th>`).join('');
  // Cells are already escaped HTML fragments.
  const body = rows.map((row) => `<tr>${row.map((cell) => `<td>${cell}</td>`).join('')}</tr>`).join('\n');
  return `<table><thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table>`;
}

function list(items: string[]): string {
  return items.length === 0 ? '' : `<ul>${items.map((item) => `<li>${item}</li>`).join('')}</ul>`;
}

/** Resolves person ids and credential ids of the bundle to readable names. */
class Names {
  private readonly people = new Map<string, HeaderPerson>();
  private readonly credentials = new Map<string, string>();

  constructor(bundle: EvidenceBundle) {
    for (const header of bundle.headers) for (const person of header.people) this.people.set(person.id, person);
    for (const { entry } of bundle.entries) {
      const data = entry.data;
      if (entry.type.startsWith('credential.') && typeof data['credentialId'] === 'string') {
        this.credentials.set(data['credentialId'], `${String(data['label'])} (${[data['system'], data['account']].filter((part) => typeof part === 'string' && part !== '').join(', ')})`);
      }
    }
  }

  person(id: string): string {
    if (id === DEVICE_ACTOR) return 'device';
    const person = this.people.get(id);
    if (!person) return `${escapeHtml(id)} (unknown person)`;
    const role = person.function ? `${person.function}` : person.roles.join(', ');
    return `${escapeHtml(person.name)} <code>${escapeHtml(id)}</code>, ${escapeHtml(role)}`;
  }

  personList(ids: unknown): string {
    return Array.isArray(ids) ? ids.map((id) => this.person(String(id))).join('; ') : '';
  }

  credential(id: unknown): string {
    const label = this.credentials.get(String(id));
    return label ? `${escapeHtml(label)} <code>${escapeHtml(id)}</code>` : `<code>${escapeHtml(id)}</code>`;
  }
}

function field(data: Record<string, unknown>, key: string): string {
  return escapeHtml(data[key] ?? '');
}

// One readable line of details per entry type; unknown shapes fall back to escaped JSON.
function details(entry: LogEntry, names: Names): string {
  const data = entry.data;
  const request = (data['request'] ?? {}) as Record<string, unknown>;
  switch (entry.type) {
    case 'ceremony.requested':
    case 'ceremony.amended':
      return [
        `${field(data, 'kind')} request, ticket <b>${escapeHtml(request['ticket'] ?? '')}</b>, severity ${escapeHtml(request['severity'] ?? '')}, ${escapeHtml(request['durationMinutes'] ?? '')} minutes, policy ${escapeHtml(request['policyId'] ?? '')}`,
        `reason: ${escapeHtml(request['reason'] ?? '')}`,
        `scope: ${Array.isArray(request['scope']) ? request['scope'].map((id) => names.credential(id)).join(', ') || 'none' : 'none'}`,
        Array.isArray(data['voidedApprovals']) && data['voidedApprovals'].length > 0 ? `voided approvals: ${names.personList(data['voidedApprovals'])}` : '',
      ].filter(Boolean).join('<br>');
    case 'ceremony.approved':
      return `approved for ${field(data, 'function')} under policy ${field(data, 'policyId')}; cosigned checkpoint ${escapeHtml((data['checkpoint'] as { size?: unknown } | undefined)?.size ?? '')}`;
    case 'ceremony.unsealed':
      return `unsealed under policy ${field(data, 'policyId')} by ${names.personList(data['approvers'])}; deadline ${field(data, 'deadline')}`;
    case 'drill.verified':
      return `drill passed under policy ${field(data, 'policyId')} with ${names.personList(data['approvers'])}`;
    case 'secret.revealed':
      return `${field(data, 'mode')} ${names.credential(data['credentialId'])} version ${field(data, 'version')}`;
    case 'ceremony.touched': {
      const systems = Array.isArray(data['systems']) ? (data['systems'] as Array<Record<string, unknown>>).map((item) => `${field(item, 'system')}: ${field(item, 'action')}${item['note'] ? ` (${field(item, 'note')})` : ''}`) : [];
      const controls = Array.isArray(data['controls']) ? data['controls'].map((control) => `control: ${escapeHtml(control)}`) : [];
      return list([...systems, ...controls]);
    }
    case 'ceremony.extended':
      return `extended by ${field(data, 'minutes')} minutes to ${field(data, 'deadline')}: ${field(data, 'reason')}`;
    case 'ceremony.sealed':
      return `sealed: ${escapeHtml(SEAL_REASONS[String(data['reason'])] ?? String(data['reason']))}`;
    case 'ceremony.cancelled':
      return `cancelled: ${field(data, 'reason')}`;
    case 'ceremony.closed':
      return 'closed: every revealed credential rotated or waived, dormancy attested';
    case 'evidence.exported':
      return `evidence exported (${data['ceremonyId'] ? `ceremony ${field(data, 'ceremonyId')}` : 'whole log'}, ${field(data, 'treeSize')} entries)`;
    case 'reseal.rotated':
      return `rotated ${names.credential(data['credentialId'])} to version ${field(data, 'version')}`;
    case 'reseal.waived':
      return `waived rotation of ${names.credential(data['credentialId'])}: ${field(data, 'reason')}`;
    case 'reseal.attested':
      return `dormancy attested: ${field(data, 'statement')}<br>revealed credentials: ${Array.isArray(data['revealedCredentials']) ? data['revealedCredentials'].map((id) => names.credential(id)).join(', ') : ''}`;
    case 'credential.deposited':
    case 'credential.rotated':
      return `${field(data, 'label')} (${field(data, 'kind')}) on ${field(data, 'system')}${data['account'] ? `, account ${field(data, 'account')}` : ''}, version ${field(data, 'version')}`;
    case 'vault.genesis':
      return `vault created, epoch ${escapeHtml((data['header'] as VaultHeader | undefined)?.epoch ?? '')}, signed by ${Array.isArray(data['genesisSignatures']) ? data['genesisSignatures'].length : 0} people`;
    default:
      return `<code>${escapeHtml(JSON.stringify(data))}</code>`;
  }
}

function timelineRows(entries: EvidenceBundle['entries'], names: Names): Row[] {
  return entries.map(({ index, entry }) => [escapeHtml(index), escapeHtml(entry.time), escapeHtml(entry.type), names.person(entry.actor), details(entry, names)]);
}

const TIMELINE_HEADINGS = ['#', 'time (UTC)', 'event', 'by', 'details'];

// The parts of one ceremony an auditor asks about, each under its own heading.
function ceremonySection(id: string, entries: EvidenceBundle['entries'], names: Names): string {
  const of = (...types: string[]) => entries.filter(({ entry }) => types.includes(entry.type));
  const part = (title: string, items: EvidenceBundle['entries']) => `<h4>${escapeHtml(title)}</h4>${table(TIMELINE_HEADINGS, timelineRows(items, names))}`;
  return [
    `<h3>Ceremony <code>${escapeHtml(id)}</code></h3>`,
    part('Request', of('ceremony.requested', 'ceremony.amended', 'ceremony.cancelled')),
    part('Approvals', of('ceremony.approved', 'ceremony.extended', 'ceremony.unsealed', 'drill.verified')),
    part('Reveals', of('secret.revealed')),
    part('Systems touched', of('ceremony.touched')),
    part('Rotations and waivers', of('reseal.rotated', 'reseal.waived', 'credential.rotated')),
    part('Dormancy attestation', of('reseal.attested', 'ceremony.sealed', 'ceremony.closed')),
    part('Full timeline', entries),
  ].join('\n');
}

function peopleTable(header: VaultHeader): string {
  const rows = header.people.map((person) => [
    escapeHtml(person.name),
    `<code>${escapeHtml(person.id)}</code>`,
    escapeHtml(person.roles.join(', ')),
    escapeHtml(person.function ?? ''),
    escapeHtml(person.sponsorId ?? ''),
    `<code>${escapeHtml(keyIdOf(fromBase64(person.publicKey)))}</code>`,
  ]);
  return table(['name', 'id', 'roles', 'function', 'sponsor', 'key id'], rows);
}

function policiesTable(header: VaultHeader): string {
  const rows = header.policies.map((policy) => [
    `${escapeHtml(policy.name)} <code>${escapeHtml(policy.id)}</code>${policy.fastPath ? ' (fast path)' : ''}`,
    escapeHtml(`${policy.groupThreshold} of ${policy.groups.length} functions`),
    list(policy.groups.map((group) => escapeHtml(`${group.function}: ${group.threshold} of ${group.members.join(', ')}`))),
    escapeHtml(`${policy.resealLimitHours} h`),
  ]);
  return table(['policy', 'quorum', 'groups', 'reseal limit'], rows);
}

function verificationSection(report: VerifyReport | undefined): string {
  if (!report) return '<p>This report was rendered without verifying the bundle. Run the verifier on the bundle file.</p>';
  const status = report.ok ? '<span class="ok">Verified</span>' : '<span class="fail">Verification failed</span>';
  const issues = report.issues.map((issue) => [escapeHtml(issue.index ?? '-'), `<span class="${issue.severity === 'error' ? 'fail' : 'warn'}">${escapeHtml(issue.severity)}</span>`, escapeHtml(issue.reason)]);
  return `<p>${status}: ${escapeHtml(report.checkedEntries)} entries and ${escapeHtml(report.checkedSignatures)} signatures checked; tree size ${escapeHtml(report.treeSize)}, root <code>${escapeHtml(report.rootHash ?? '')}</code>.</p>${table(['entry', 'severity', 'reason'], issues)}`;
}

/** Renders the HTML report of a decoded bundle, with the verifier's report when given. */
export function renderReport(bundle: EvidenceBundle, verification?: VerifyReport): string {
  const names = new Names(bundle);
  const header = bundle.headers[bundle.headers.length - 1]!;
  const latest = bundle.checkpoints[bundle.checkpoints.length - 1];
  let latestText = '';
  try {
    if (latest) latestText = `${parseCheckpoint(latest.note).size} entries, signed by the device and cosigned by ${latest.cosignatures.length} custodians (custodians cosign the checkpoint current when they approve, listed with each approval)`;
  } catch {
    latestText = 'malformed';
  }

  // Entries grouped by ceremony in order of first appearance; the rest are vault events.
  const ceremonies = new Map<string, EvidenceBundle['entries']>();
  const vaultEvents: EvidenceBundle['entries'] = [];
  for (const item of bundle.entries) {
    if (item.entry.ceremony === null) vaultEvents.push(item);
    else ceremonies.set(item.entry.ceremony, [...(ceremonies.get(item.entry.ceremony) ?? []), item]);
  }

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; style-src 'unsafe-inline'">
<title>Evidence report: ${escapeHtml(header.name)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>Evidence report: ${escapeHtml(header.name)}</h1>
<p>Vault <code>${escapeHtml(bundle.vaultId)}</code>, epoch ${escapeHtml(header.epoch)}. Exported ${escapeHtml(bundle.exportedAt)} by ${names.person(bundle.exportedBy)}; scope: ${bundle.ceremonyId === null ? 'the whole audit log' : `ceremony <code>${escapeHtml(bundle.ceremonyId)}</code>`}. Latest checkpoint: ${escapeHtml(latestText)}.</p>
<h2>Verification</h2>
${verificationSection(verification)}
<h2>People</h2>
${peopleTable(header)}
<h2>Quorum policies</h2>
${policiesTable(header)}
<h2>Ceremonies</h2>
${[...ceremonies].map(([id, entries]) => ceremonySection(id, entries, names)).join('\n') || '<p>None.</p>'}
<h2>Vault events</h2>
${table(TIMELINE_HEADINGS, timelineRows(vaultEvents, names))}
</body>
</html>
`;
}
