// Display helpers: durations, times and labels. No secret passes through here.
import type { CeremonyState, Role, VaultState } from '../../../shared/api/contract.js';

export function formatDuration(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const days = Math.floor(seconds / 86_400);
  const hours = Math.floor((seconds % 86_400) / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  if (days > 0) return `${days} d ${hours} h`;
  if (hours > 0) return `${hours} h ${minutes} min`;
  if (minutes > 0) return `${minutes} min ${rest} s`;
  return `${rest} s`;
}

export function formatClock(totalSeconds: number): string {
  const seconds = Math.max(0, Math.floor(totalSeconds));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  const two = (n: number): string => String(n).padStart(2, '0');
  return hours > 0 ? `${hours}:${two(minutes)}:${two(rest)}` : `${two(minutes)}:${two(rest)}`;
}

export function formatTime(iso: string | null | undefined): string {
  if (!iso) return 'never';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'medium' });
}

export const VAULT_STATE_LABELS: Record<VaultState, string> = {
  none: 'No vault',
  dormant: 'Dormant',
  sealed: 'Sealed with open exceptions',
  unsealed: 'Unsealed',
};

export const CEREMONY_STATE_LABELS: Record<CeremonyState, string> = {
  approving: 'Awaiting approvals',
  unsealed: 'Unsealed',
  expired: 'Expired, reseal needed',
  sealed: 'Sealed, reseal needed',
  closed: 'Closed',
  cancelled: 'Cancelled',
  verified: 'Drill verified',
};

export const ROLE_LABELS: Record<Role, string> = {
  custodian: 'Custodian',
  'incident-commander': 'Incident commander',
  auditor: 'Auditor',
};

/** Turns a display name into a person or policy id slug (^[a-z0-9][a-z0-9._-]{0,63}$). */
export function slugify(text: string): string {
  return text
    .normalize('NFKD')
    .toLowerCase()
    .replace(/[^a-z0-9._-]+/g, '-')
    .replace(/^[^a-z0-9]+/, '')
    .replace(/-+$/, '')
    .slice(0, 64);
}
