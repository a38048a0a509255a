// Genesis signatures: at vault creation every custodian signs the epoch-1 header with their own
// Ed25519 key. A later reader then checks, without the vault key, that the people, policies and
// vault public key are the ones the custodians agreed to.
import { signDetached, verifyDetached } from '../crypto/sign.js';
import { fromBase64 } from '../util/bytes.js';
import { findPerson, genesisMessage, type VaultHeader } from './header.js';

export function signGenesis(header: VaultHeader, secretKey: Uint8Array): Uint8Array {
  return signDetached(genesisMessage(header), secretKey);
}

/** Checks one person's genesis signature against their public key in the header. */
export function verifyGenesisSignature(header: VaultHeader, personId: string, signature: Uint8Array): boolean {
  const person = findPerson(header, personId);
  if (!person) return false;
  return verifyDetached(signature, genesisMessage(header), fromBase64(person.publicKey));
}

/** Returns the ids of custodians whose valid genesis signature is missing from the list. */
export function missingGenesisSignatures(header: VaultHeader, signatures: ReadonlyArray<{ personId: string; signature: Uint8Array }>): string[] {
  return header.people
    .filter((person) => person.roles.includes('custodian'))
    .filter((person) => !signatures.some((entry) => entry.personId === person.id && verifyGenesisSignature(header, person.id, entry.signature)))
    .map((person) => person.id);
}
