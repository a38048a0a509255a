// Validation of the people listed in a header: ids, roles, functions, vendor sponsors, keys.
// Invariant: every custodian has a function and a unique Ed25519 public key, so each approval and
// share can be attributed to exactly one person.
import { CUSTODIAN_FUNCTIONS, ROLES, type PersonInput } from '../api/contract.js';
import { fromBase64 } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import type { HeaderPerson } from './header.js';

export const PERSON_ID_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
export const MAX_NAME_LENGTH = 200;

export type EnrolledPerson = PersonInput & { publicKey: string };

/** Array check that does not narrow a readonly array to any[]. */
function isList(value: unknown): boolean {
  return Array.isArray(value);
}

function rejectPerson(personId: string, rule: string): never {
  throw new VaultError('invalid-input', `person "${personId}": ${rule}`);
}

/** Checks the people of a vault and returns them in header form. Throws VaultError('invalid-input'). */
export function validatePeople(people: readonly EnrolledPerson[]): HeaderPerson[] {
  if (!isList(people) || people.length === 0) throw new VaultError('invalid-input', 'the vault has no people: enrol at least one custodian');
  const ids = new Set<string>();
  const keys = new Set<string>();
  for (const person of people) {
    if (typeof person.id !== 'string' || !PERSON_ID_PATTERN.test(person.id)) {
      rejectPerson(String(person.id), 'id must be a lowercase slug (letters, digits, ".", "_", "-"; at most 64 characters)');
    }
    if (ids.has(person.id)) rejectPerson(person.id, 'id is used twice: give each person their own id');
    ids.add(person.id);
    if (typeof person.name !== 'string' || person.name.trim() === '' || person.name.length > MAX_NAME_LENGTH) {
      rejectPerson(person.id, `name must be 1 to ${MAX_NAME_LENGTH} characters`);
    }
    if (!isList(person.roles) || person.roles.length === 0 || person.roles.some((role: string) => !(ROLES as readonly string[]).includes(role))) {
      rejectPerson(person.id, `roles must be a non-empty list of ${ROLES.join(', ')}`);
    }
    if (new Set(person.roles).size !== person.roles.length) rejectPerson(person.id, 'a role is listed twice');
    if (person.function !== undefined && !(CUSTODIAN_FUNCTIONS as readonly string[]).includes(person.function)) {
      rejectPerson(person.id, `function "${String(person.function)}" is unknown; use one of ${CUSTODIAN_FUNCTIONS.join(', ')}`);
    }
    if (person.roles.includes('custodian') && person.function === undefined) rejectPerson(person.id, 'a custodian needs a function');
    let key: Uint8Array;
    try {
      key = fromBase64(person.publicKey, 'publicKey');
    } catch {
      rejectPerson(person.id, 'public key is not valid base64');
    }
    if (key.length !== 32) rejectPerson(person.id, 'public key must be a 32-byte Ed25519 key');
    if (keys.has(person.publicKey)) rejectPerson(person.id, 'public key is already used by another person');
    keys.add(person.publicKey);
  }

  for (const person of people) {
    if (person.function === 'vendor' && person.sponsorId === undefined) rejectPerson(person.id, 'a vendor needs an internal sponsor (sponsorId)');
    if (person.sponsorId === undefined) continue;
    const sponsor = people.find((candidate) => candidate.id === person.sponsorId);
    if (!sponsor || sponsor.id === person.id) rejectPerson(person.id, `sponsor "${person.sponsorId}" is not another enrolled person`);
    if (sponsor.function === 'vendor') rejectPerson(person.id, `sponsor "${sponsor.id}" is a vendor; choose an internal sponsor`);
  }

  if (!people.some((person) => person.roles.includes('custodian'))) throw new VaultError('invalid-input', 'the vault has no custodian: enrol at least one');

  return people.map((person) => {
    const entry: HeaderPerson = { id: person.id, name: person.name.trim(), roles: [...person.roles], publicKey: person.publicKey };
    if (person.function !== undefined) entry.function = person.function;
    if (person.sponsorId !== undefined) entry.sponsorId = person.sponsorId;
    return entry;
  });
}
