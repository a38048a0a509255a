// People, policies, kit destinations and passphrases for the commands that enrol people: `init`
// and `rekey prepare`. People come from a JSON file, --person flags, or both. Policies come from a
// JSON file, or from flags that build one cross-function policy out of the custodians' functions.
import { join } from 'node:path';
import { CUSTODIAN_FUNCTIONS, ROLES, type CustodianFunction, type PersonInput, type PolicyGroupInput, type PolicyInput, type Role } from '../shared/api/contract.js';
import { CliError } from './cli-error.js';
import { readJsonFile } from './io/files.js';

export interface PeopleFlags {
  people?: string;
  person?: string[];
}

export interface PolicyFlags {
  policyFile?: string;
  groups?: number;
  perGroup?: number;
  policyId?: string;
  policyName?: string;
  resealLimit?: number;
}

export interface KitDestinationFlags {
  kitDir?: string;
  kitOut?: string[];
}

export const DEFAULT_POLICY_ID = 'standard';
export const DEFAULT_POLICY_NAME = 'Standard cross-function policy';

const PERSON_KEYS = ['id', 'name', 'roles', 'function', 'sponsor'] as const;

/** Help text for --person. */
export const PERSON_SPEC_HELP = 'person as key=value pairs: id=alice,name=Alice Ng,roles=custodian+incident-commander,function=identity[,sponsor=bob] (repeatable)';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Parses one --person value; deeper checks (id pattern, function required) happen in the core. */
export function parsePersonSpec(spec: string): PersonInput {
  const fields = new Map<string, string>();
  for (const part of spec.split(',')) {
    const separator = part.indexOf('=');
    const key = separator > 0 ? part.slice(0, separator).trim() : '';
    if (!(PERSON_KEYS as readonly string[]).includes(key)) {
      throw CliError.usage(`invalid --person "${spec}": each part must be one of ${PERSON_KEYS.map((name) => `${name}=`).join(', ')}`);
    }
    if (fields.has(key)) throw CliError.usage(`invalid --person "${spec}": "${key}" is given twice`);
    fields.set(key, part.slice(separator + 1).trim());
  }

  const id = fields.get('id');
  const name = fields.get('name');
  const roles = fields.get('roles');
  if (!id || !name || !roles) throw CliError.usage(`invalid --person "${spec}": id=, name= and roles= are required`);

  const roleList = roles.split('+').map((role) => role.trim());
  for (const role of roleList) {
    if (!(ROLES as readonly string[]).includes(role)) throw CliError.usage(`invalid role "${role}" for person "${id}": use ${ROLES.join(', ')} (join several with +)`);
  }

  const person: PersonInput = { id, name, roles: roleList as Role[] };
  const personFunction = fields.get('function');
  if (personFunction !== undefined) {
    if (!(CUSTODIAN_FUNCTIONS as readonly string[]).includes(personFunction)) {
      throw CliError.usage(`invalid function "${personFunction}" for person "${id}": use ${CUSTODIAN_FUNCTIONS.join(', ')}`);
    }
    person.function = personFunction as CustodianFunction;
  }
  const sponsor = fields.get('sponsor');
  if (sponsor !== undefined) person.sponsorId = sponsor;
  return person;
}

interface PeopleFile {
  people: unknown[];
  policies: unknown[] | null;
}

function loadPeopleFile(path: string): PeopleFile {
  const parsed = readJsonFile(path, 'people file');
  if (Array.isArray(parsed)) return { people: parsed, policies: null };
  if (isRecord(parsed) && Array.isArray(parsed['people'])) {
    const policies = parsed['policies'];
    if (policies !== undefined && !Array.isArray(policies)) throw CliError.usage(`people file ${path}: "policies" must be an array`);
    return { people: parsed['people'] as unknown[], policies: (policies as unknown[] | undefined) ?? null };
  }
  throw CliError.usage(`people file ${path} must hold an array of people or an object with a "people" array`);
}

/** Returns the people, and policies when the people file also carries them. */
export function resolvePeople(flags: PeopleFlags): { people: PersonInput[]; filePolicies: PolicyInput[] | null } {
  const fromFile = flags.people !== undefined ? loadPeopleFile(flags.people) : { people: [], policies: null };
  // Field-level checks of file entries are left to the API input schema, which names each path.
  const people = [...(fromFile.people as PersonInput[]), ...(flags.person ?? []).map(parsePersonSpec)];
  if (people.length === 0) throw CliError.usage('no people given: pass --people FILE or at least one --person');
  return { people, filePolicies: fromFile.policies as PolicyInput[] | null };
}

function loadPolicyFile(path: string): PolicyInput[] {
  const parsed = readJsonFile(path, 'policy file');
  if (Array.isArray(parsed)) return parsed as PolicyInput[];
  if (isRecord(parsed) && Array.isArray(parsed['policies'])) return parsed['policies'] as PolicyInput[];
  if (isRecord(parsed)) return [parsed as unknown as PolicyInput];
  throw CliError.usage(`policy file ${path} must hold a policy object, an array of policies, or an object with a "policies" array`);
}

/** Builds one policy with a group per custodian function present among `people`. */
export function policyFromFlags(people: PersonInput[], flags: PolicyFlags): PolicyInput {
  if (flags.groups === undefined) {
    throw CliError.usage('no quorum policy given: pass --groups N (functions that must agree), or --policy-file FILE');
  }
  const perGroup = flags.perGroup ?? 1;
  const groups: PolicyGroupInput[] = [];
  for (const custodianFunction of CUSTODIAN_FUNCTIONS) {
    const members = people.filter((person) => person.roles.includes('custodian') && person.function === custodianFunction).map((person) => person.id);
    if (members.length > 0) groups.push({ function: custodianFunction, threshold: perGroup, members });
  }
  if (groups.length === 0) throw CliError.usage('no custodian with a function was given, so no policy group can be formed');

  const policy: PolicyInput = {
    id: flags.policyId ?? DEFAULT_POLICY_ID,
    name: flags.policyName ?? DEFAULT_POLICY_NAME,
    groupThreshold: flags.groups,
    groups,
  };
  if (flags.resealLimit !== undefined) policy.resealLimitHours = flags.resealLimit;
  return policy;
}

export function resolvePolicies(people: PersonInput[], filePolicies: PolicyInput[] | null, flags: PolicyFlags): PolicyInput[] {
  const flagPolicyGiven = flags.groups !== undefined || flags.perGroup !== undefined;
  if (flags.policyFile !== undefined && flagPolicyGiven) throw CliError.usage('use either --policy-file or --groups/--per-group, not both');
  if (flags.policyFile !== undefined) return loadPolicyFile(flags.policyFile);
  if (!flagPolicyGiven && filePolicies !== null) return filePolicies;
  return [policyFromFlags(people, flags)];
}

/** Maps each person id to the path its kit is written to; fails before any enrolment if one is missing. */
export function resolveKitDestinations(people: PersonInput[], flags: KitDestinationFlags): (personId: string, suggestedName: string) => string {
  const explicit = new Map<string, string>();
  for (const pair of flags.kitOut ?? []) {
    const separator = pair.indexOf('=');
    if (separator <= 0 || separator === pair.length - 1) throw CliError.usage(`invalid --kit-out value "${pair}": expected PERSON_ID=FILE`);
    const id = pair.slice(0, separator);
    if (!people.some((person) => person.id === id)) throw CliError.usage(`--kit-out names "${id}", who is not among the people`);
    explicit.set(id, pair.slice(separator + 1));
  }

  const missing = people.filter((person) => !explicit.has(person.id)).map((person) => person.id);
  if (missing.length > 0 && flags.kitDir === undefined) {
    throw CliError.usage(`no kit destination for ${missing.join(', ')}: pass --kit-dir DIR or --kit-out ID=FILE for each person`);
  }

  const kitDir = flags.kitDir;
  return (personId, suggestedName) => explicit.get(personId) ?? join(kitDir ?? '.', suggestedName);
}
