// Policy builder helpers: which functions have custodians, and starting points for a standard
// cross-function policy and an emergency fast path. The core validates every policy again.
import type { CustodianFunction, PersonInput, PolicyGroupInput, PolicyInput } from '../../../shared/api/contract.js';
import { CUSTODIAN_FUNCTIONS } from '../../../shared/api/contract.js';

export const DEFAULT_RESEAL_LIMIT_HOURS = 24;
export const DEFAULT_FAST_PATH_RESEAL_LIMIT_HOURS = 4;
export const PERSON_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function custodiansByFunction(people: PersonInput[]): Map<CustodianFunction, PersonInput[]> {
  const groups = new Map<CustodianFunction, PersonInput[]>();
  for (const fn of CUSTODIAN_FUNCTIONS) {
    const members = people.filter((p) => p.roles.includes('custodian') && p.function === fn);
    if (members.length > 0) groups.set(fn, members);
  }
  return groups;
}

/** Every function with custodians, 1 approval per function, and 2 functions (or 1 if only one). */
export function standardPolicy(people: PersonInput[]): PolicyInput {
  const groups: PolicyGroupInput[] = [...custodiansByFunction(people)].map(([fn, members]) => ({
    function: fn,
    threshold: 1,
    members: members.map((m) => m.id),
  }));
  return {
    id: 'standard',
    name: 'Standard',
    groupThreshold: Math.min(2, Math.max(1, groups.length)),
    groups,
    resealLimitHours: DEFAULT_RESEAL_LIMIT_HOURS,
    fastPath: false,
  };
}

/** One function whose custodians must all approve, with a short reseal limit. */
export function fastPathPolicy(people: PersonInput[]): PolicyInput {
  const first = [...custodiansByFunction(people)][0];
  const groups: PolicyGroupInput[] = first ? [{ function: first[0], threshold: first[1].length, members: first[1].map((m) => m.id) }] : [];
  return {
    id: 'fast-path',
    name: 'Emergency fast path',
    groupThreshold: 1,
    groups,
    resealLimitHours: DEFAULT_FAST_PATH_RESEAL_LIMIT_HOURS,
    fastPath: true,
  };
}
