// Quorum policy validation. A policy is a two-level access structure in the manner of SLIP-0039:
// G of its groups must be satisfied, and a group (one custodian function) is satisfied by m of its
// n members. Invariant: every policy that passes here can be split and rebuilt, so no vault is ever
// created with a quorum that cannot be met or with a member who has no valid share.
import { CUSTODIAN_FUNCTIONS, type CustodianFunction, type PersonInput, type PolicyInput, type PolicyView } from '../api/contract.js';
import { VaultError } from '../util/errors.js';

/** shamir-secret-sharing works in GF(256) with x in 1..255, so one split has at most 255 shares. */
export const MAX_SHARES_PER_SPLIT = 255;
export const DEFAULT_RESEAL_LIMIT_HOURS = 24;
export const MAX_RESEAL_LIMIT_HOURS = 24 * 90;
export const POLICY_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function reject(policyId: string, rule: string): never {
  throw new VaultError('invalid-policy', `policy "${policyId}": ${rule}`);
}

/** Array check that does not narrow a readonly array to any[]. */
function isList(value: unknown): boolean {
  return Array.isArray(value);
}

function isWholeNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value);
}

/** Returns the custodians (role 'custodian') of each function, by person id. */
function custodiansByFunction(people: readonly PersonInput[]): Map<CustodianFunction, Set<string>> {
  const result = new Map<CustodianFunction, Set<string>>();
  for (const person of people) {
    if (!person.roles.includes('custodian') || person.function === undefined) continue;
    const members = result.get(person.function) ?? new Set<string>();
    members.add(person.id);
    result.set(person.function, members);
  }
  return result;
}

function validateGroups(policy: PolicyInput, custodians: Map<CustodianFunction, Set<string>>): void {
  const seenFunctions = new Set<string>();
  for (const [index, group] of policy.groups.entries()) {
    const where = `group ${index + 1}`;
    if (!(CUSTODIAN_FUNCTIONS as readonly string[]).includes(group.function)) {
      reject(policy.id, `${where} has unknown function "${String(group.function)}"; use one of ${CUSTODIAN_FUNCTIONS.join(', ')}`);
    }
    if (seenFunctions.has(group.function)) {
      reject(policy.id, `duplicate function group "${group.function}": each function may appear once per policy, so merge the two groups`);
    }
    seenFunctions.add(group.function);

    const enrolled = custodians.get(group.function);
    if (!enrolled || enrolled.size === 0) {
      reject(policy.id, `group "${group.function}" has nobody who belongs to it: enrol a custodian of function ${group.function} or remove the group`);
    }
    if (!Array.isArray(group.members) || group.members.length === 0) {
      reject(policy.id, `group "${group.function}" is empty: list at least one custodian of function ${group.function}`);
    }
    if (group.members.length > MAX_SHARES_PER_SPLIT) {
      reject(policy.id, `group "${group.function}" has ${group.members.length} members, more than ${MAX_SHARES_PER_SPLIT} shares in one split`);
    }
    const seenMembers = new Set<string>();
    for (const member of group.members) {
      if (seenMembers.has(member)) reject(policy.id, `group "${group.function}" lists custodian "${member}" twice`);
      seenMembers.add(member);
      if (!enrolled.has(member)) {
        reject(policy.id, `group "${group.function}" member "${member}" is not an enrolled custodian of function ${group.function}`);
      }
    }

    if (!isWholeNumber(group.threshold) || group.threshold < 1) {
      reject(policy.id, `group "${group.function}" threshold ${String(group.threshold)} is below 1: use a whole number from 1 to ${group.members.length}`);
    }
    if (group.threshold > group.members.length) {
      reject(policy.id, `group "${group.function}" threshold ${group.threshold} is above its member count ${group.members.length}: lower the threshold or add members`);
    }
  }
}

function validatePolicy(policy: PolicyInput, custodians: Map<CustodianFunction, Set<string>>): PolicyView {
  if (typeof policy.id !== 'string' || !POLICY_ID_PATTERN.test(policy.id)) {
    reject(String(policy.id), 'id must be a lowercase slug (letters, digits, ".", "_", "-"; at most 64 characters)');
  }
  if (typeof policy.name !== 'string' || policy.name.trim() === '') reject(policy.id, 'name is missing');
  if (!Array.isArray(policy.groups) || policy.groups.length === 0) reject(policy.id, 'has no groups: add at least one function group');
  if (policy.groups.length > MAX_SHARES_PER_SPLIT) {
    reject(policy.id, `has ${policy.groups.length} groups, more than ${MAX_SHARES_PER_SPLIT} shares in one split`);
  }

  validateGroups(policy, custodians);

  if (!isWholeNumber(policy.groupThreshold) || policy.groupThreshold < 1) {
    reject(policy.id, `group threshold ${String(policy.groupThreshold)} is below 1: use a whole number from 1 to ${policy.groups.length}`);
  }
  if (policy.groupThreshold > policy.groups.length) {
    reject(policy.id, `group threshold ${policy.groupThreshold} is above the group count ${policy.groups.length}: lower it or add groups`);
  }

  const resealLimitHours = policy.resealLimitHours ?? DEFAULT_RESEAL_LIMIT_HOURS;
  if (!isWholeNumber(resealLimitHours) || resealLimitHours < 1 || resealLimitHours > MAX_RESEAL_LIMIT_HOURS) {
    reject(policy.id, `reseal limit ${String(resealLimitHours)} hours is invalid: use a whole number from 1 to ${MAX_RESEAL_LIMIT_HOURS}`);
  }

  return {
    id: policy.id,
    name: policy.name.trim(),
    groupThreshold: policy.groupThreshold,
    groups: policy.groups.map((group) => ({ function: group.function, threshold: group.threshold, members: [...group.members] })),
    resealLimitHours,
    fastPath: policy.fastPath ?? false,
  };
}

/**
 * Checks every policy against the enrolled people and returns them in stored form (defaults
 * filled in). Throws VaultError('invalid-policy') naming the policy and the broken rule.
 */
export function validatePolicies(people: readonly PersonInput[], policies: readonly PolicyInput[]): PolicyView[] {
  if (!isList(policies) || policies.length === 0) {
    throw new VaultError('invalid-policy', 'the vault has no quorum policy: define at least one');
  }
  const custodians = custodiansByFunction(people);
  const seenIds = new Set<string>();
  const result: PolicyView[] = [];
  for (const policy of policies) {
    if (seenIds.has(policy.id)) reject(policy.id, 'duplicate policy id: give each policy its own id');
    seenIds.add(policy.id);
    result.push(validatePolicy(policy, custodians));
  }
  return result;
}
