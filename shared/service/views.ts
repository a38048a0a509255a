// Read models for the API: vault status and ceremony views, built from the database rows.
import type { CeremonyView, ExceptionView, VaultStatus } from '../api/contract.js';
import { keyIdOf } from '../crypto/sign.js';
import { signingSummary } from '../ceremony/request.js';
import { fromBase64 } from '../util/bytes.js';
import { findPolicy, type VaultHeader } from '../vault/header.js';
import type { ServiceContext } from './context.js';
import { progressOf } from './ceremonies.js';
import { rekeyView } from './rekey.js';
import * as records from './records.js';
import { countCredentials, listCredentials } from '../vault/credentials-repo.js';
import type { CeremonyRecord } from './records.js';

const OPEN_STATES: ReadonlyArray<CeremonyRecord['state']> = ['unsealed', 'sealed', 'expired'];
const DEFAULT_RESEAL_LIMIT_HOURS = 24;

function ageOf(ctx: ServiceContext, ceremony: CeremonyRecord, header: VaultHeader): { ageSeconds: number | null; overdue: boolean } {
  if (ceremony.kind !== 'unseal' || !OPEN_STATES.includes(ceremony.state) || !ceremony.unsealedAt) return { ageSeconds: null, overdue: false };
  const ageSeconds = Math.max(0, Math.floor((ctx.now().getTime() - Date.parse(ceremony.unsealedAt)) / 1000));
  const limitHours = findPolicy(header, ceremony.request.policyId)?.resealLimitHours ?? DEFAULT_RESEAL_LIMIT_HOURS;
  return { ageSeconds, overdue: ageSeconds > limitHours * 3600 };
}

export function ceremonyView(ctx: ServiceContext, ceremony: CeremonyRecord): CeremonyView {
  const header = ctx.header();
  const labels = new Map(listCredentials(ctx.db).map((c) => [c.id, c.label] as [string, string]));
  const requester = header.people.find((p) => p.id === ceremony.requestedBy);
  const bound = { vaultId: header.vaultId, epoch: ceremony.epoch, ceremonyId: ceremony.id, kind: ceremony.kind, request: ceremony.request, sessionPublicKey: ceremony.sessionPublicKey };
  const reveals = records.revealsOf(ctx.db, ceremony.id);
  const resealRows = records.resealOf(ctx.db, ceremony.id);
  const revealed = [...new Set(reveals.map((r) => r.credentialId))].sort();
  const touched = records.touchedOf(ctx.db, ceremony.id);
  return {
    id: ceremony.id,
    kind: ceremony.kind,
    state: ceremony.state,
    request: { ...ceremony.request, requestedBy: ceremony.requestedBy, requestedAt: ceremony.requestedAt },
    requestHash: ceremony.requestHash,
    signingSummary: signingSummary(bound, ceremony.requestHash, labels, requester ? `${requester.name} (${requester.id})` : ceremony.requestedBy),
    approvals: records.approvalsOf(ctx.db, ceremony.id).filter((a) => !a.voided).map((a) => ({ custodianId: a.custodianId, function: a.function as CeremonyView['approvals'][number]['function'], at: a.at, logIndex: a.logIndex })),
    progress: progressOf(ctx, ceremony),
    unsealedAt: ceremony.unsealedAt,
    deadline: ceremony.deadline,
    sealedAt: ceremony.sealedAt,
    closedAt: ceremony.closedAt,
    reveals: reveals.map((r) => ({ credentialId: r.credentialId, version: r.version, mode: r.mode, by: r.by, at: r.at })),
    touched: touched.filter((t) => t.kind === 'system').map((t) => ({ system: t.system, action: t.action, note: t.note, at: t.at })),
    controls: touched.filter((t) => t.kind === 'control').map((t) => t.action),
    reseal: revealed.map((credentialId) => {
      const row = resealRows.find((r) => r.credentialId === credentialId);
      if (!row) return { credentialId, status: 'pending' as const };
      return { credentialId, status: row.status, ...(row.version !== null ? { version: row.version } : {}), ...(row.reason !== null ? { reason: row.reason } : {}) };
    }),
    attestation: records.attestationOf(ctx.db, ceremony.id),
    ...ageOf(ctx, ceremony, header),
  };
}

export function vaultStatus(ctx: ServiceContext): VaultStatus {
  const header = ctx.header();
  const ceremonies = records.listCeremonies(ctx.db);
  const openExceptions: ExceptionView[] = ceremonies
    .filter((c) => c.kind === 'unseal' && OPEN_STATES.includes(c.state))
    .map((c) => {
      const age = ageOf(ctx, c, header);
      return { ceremonyId: c.id, ticket: c.request.ticket, state: c.state, ageSeconds: age.ageSeconds ?? 0, overdue: age.overdue };
    });
  const unsealed = ceremonies.find((c) => c.state === 'unsealed' && c.kind === 'unseal');
  const drills = records.lastDrills(ctx.db);
  return {
    exists: true,
    path: ctx.path,
    vaultId: header.vaultId,
    name: header.name,
    epoch: header.epoch,
    state: unsealed ? 'unsealed' : openExceptions.length > 0 ? 'sealed' : 'dormant',
    people: header.people.map((p) => ({ ...p, keyId: keyIdOf(fromBase64(p.publicKey)) })),
    policies: header.policies,
    credentialCount: countCredentials(ctx.db),
    openExceptions,
    lastDrillByPerson: Object.fromEntries(header.people.filter((p) => p.roles.includes('custodian')).map((p) => [p.id, drills.byPerson.get(p.id) ?? null])),
    lastDrillByPolicy: Object.fromEntries(header.policies.map((p) => [p.id, drills.byPolicy.get(p.id) ?? null])),
    unsealedCeremonyId: unsealed?.id ?? null,
    pendingRekey: rekeyView(ctx),
    logSize: ctx.log.size(),
  };
}
