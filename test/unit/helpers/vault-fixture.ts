// Shared fixtures for the vault-core tests: people with real Ed25519 keys, the policies of the
// reference vault (3 functions x 2 custodians, plus an incident commander and an auditor), small
// Argon2id parameters, and subset helpers for exhaustive quorum checks.
import { generateSigningKeyPair, type SigningKeyPair } from '../../../shared/crypto/sign.js';
import { loadSodium } from '../../../shared/crypto/sodium.js';
import type { KdfParams } from '../../../shared/crypto/argon2.js';
import type { PolicyInput } from '../../../shared/api/contract.js';
import { toBase64 } from '../../../shared/util/bytes.js';
import type { EnrolledPerson } from '../../../shared/vault/people.js';

/** Small parameters so tests stay fast; production uses DEFAULT_KDF. */
export const TEST_KDF: KdfParams = { alg: 'argon2id', memoryKiB: 8192, iterations: 1, parallelism: 1 };

export const CUSTODIAN_IDS = ['ida', 'ivan', 'sara', 'sam', 'rita', 'ravi'] as const;

export interface Fixture {
  people: EnrolledPerson[];
  keys: Map<string, SigningKeyPair>;
  devicePublicKey: string;
}

/** Builds the reference people: identity (ida, ivan), security (sara, sam), incident response (rita, ravi), IC cole, auditor aud. */
export async function makePeople(): Promise<Fixture> {
  await loadSodium();
  const base = [
    { id: 'ida', name: 'Ida Identity', roles: ['custodian'], function: 'identity' },
    { id: 'ivan', name: 'Ivan Identity', roles: ['custodian'], function: 'identity' },
    { id: 'sara', name: 'Sara Security', roles: ['custodian'], function: 'security' },
    { id: 'sam', name: 'Sam Security', roles: ['custodian'], function: 'security' },
    { id: 'rita', name: 'Rita Response', roles: ['custodian'], function: 'incident-response' },
    { id: 'ravi', name: 'Ravi Response', roles: ['custodian'], function: 'incident-response' },
    { id: 'cole', name: 'Cole Commander', roles: ['incident-commander'] },
    { id: 'aud', name: 'Ada Auditor', roles: ['auditor'] },
  ] as const;
  const keys = new Map<string, SigningKeyPair>();
  const people: EnrolledPerson[] = base.map((person) => {
    const pair = generateSigningKeyPair();
    keys.set(person.id, pair);
    return { ...person, roles: [...person.roles], publicKey: toBase64(pair.publicKey) };
  });
  return { people, keys, devicePublicKey: toBase64(generateSigningKeyPair().publicKey) };
}

/** 2 of the 3 functions, with `inner` of 2 custodians inside each function. */
export function crossFunctionPolicy(id: string, inner: 1 | 2): PolicyInput {
  return {
    id,
    name: `Cross-function ${inner}-of-2`,
    groupThreshold: 2,
    groups: [
      { function: 'identity', threshold: inner, members: ['ida', 'ivan'] },
      { function: 'security', threshold: inner, members: ['sara', 'sam'] },
      { function: 'incident-response', threshold: inner, members: ['rita', 'ravi'] },
    ],
  };
}

/** Returns every subset of a list (2^n of them). */
export function subsets<T>(items: readonly T[]): T[][] {
  const result: T[][] = [];
  for (let mask = 0; mask < 1 << items.length; mask++) result.push(items.filter((_, index) => (mask & (1 << index)) !== 0));
  return result;
}
