// The vault header in force along the log. `vault.genesis` brings the first header (the trust root:
// people's public keys and the device public key) and each `rekey.activated` replaces it for the
// entries after it. A rekey is confirmed by the people of the new epoch before it is activated, so
// `rekey.confirmed` is signed by a key that only the header of its `rekey.prepared` entry lists.
import { parseHeader, headerHash, genesisMessage } from '../vault/header.js';
import type { HeaderPerson, VaultHeader } from '../vault/header.js';
import { verifyDetached } from '../crypto/sign.js';
import { fromBase64 } from '../util/bytes.js';
import type { LogEntry } from './entry.js';

export type { HeaderPerson, VaultHeader };

/** Returns the header an entry brings into force, or null for entry types that carry none. Throws when invalid. */
export function headerOfEntry(entry: LogEntry): VaultHeader | null {
  if (entry.type !== 'vault.genesis' && entry.type !== 'rekey.activated') return null;
  return parseHeader(entry.data['header']);
}

/**
 * Returns the next epoch's header that a `rekey.prepared` entry carries, or null for other types.
 * `rekey.confirmed` acts are signed with keys of that header: the people confirm their new kits
 * before the header comes into force, and an abandoned rekey never brings it into force at all.
 */
export function preparedHeaderOfEntry(entry: LogEntry): VaultHeader | null {
  if (entry.type !== 'rekey.prepared') return null;
  return parseHeader(entry.data['header']);
}

export function personPublicKey(person: HeaderPerson): Uint8Array {
  return fromBase64(person.publicKey, `public key of ${person.id}`);
}

export function isCustodian(person: HeaderPerson): boolean {
  return person.roles.includes('custodian');
}

/** One genesis signature to check: by whom, and the Ed25519 inputs. */
export interface GenesisSignatureCheck {
  personId: string;
  publicKey: Uint8Array;
  message: Uint8Array;
  signature: Uint8Array;
}

/**
 * Reads the genesis signatures of a header. Returns the problems found without verifying (unknown
 * or repeated signers, malformed signatures, custodians without a signature) and the signature
 * checks still to run, so a caller can verify them one by one or in a batch.
 */
export function readGenesisSignatures(header: VaultHeader, signatures: unknown): { problems: string[]; checks: GenesisSignatureCheck[] } {
  if (!Array.isArray(signatures)) return { problems: ['genesisSignatures is missing or not a list'], checks: [] };
  const problems: string[] = [];
  const checks: GenesisSignatureCheck[] = [];
  const message = genesisMessage(header);
  const seen = new Set<string>();
  for (const item of signatures as Array<{ personId?: unknown; signature?: unknown }>) {
    const personId = typeof item?.personId === 'string' ? item.personId : '(no person id)';
    const person = header.people.find((candidate) => candidate.id === personId);
    if (!person) {
      problems.push(`genesis signature by ${personId}, who is not in the genesis header`);
      continue;
    }
    if (seen.has(personId)) problems.push(`genesis signature of ${personId} appears twice`);
    seen.add(personId);
    try {
      const signature = fromBase64(typeof item.signature === 'string' ? item.signature : '', `genesis signature of ${personId}`);
      checks.push({ personId, publicKey: personPublicKey(person), message, signature });
    } catch {
      problems.push(`genesis signature of ${personId} is not canonical base64`);
    }
  }
  for (const person of header.people.filter(isCustodian)) {
    if (!seen.has(person.id)) problems.push(`custodian ${person.id} has no genesis signature`);
  }
  return { problems, checks };
}

/** Checks the genesis signatures of a header: one valid signature per custodian, none from outside. Returns the problems. */
export function genesisSignatureProblems(header: VaultHeader, signatures: unknown): string[] {
  const { problems, checks } = readGenesisSignatures(header, signatures);
  for (const check of checks) {
    if (!verifyDetached(check.signature, check.message, check.publicKey)) problems.push(`genesis signature of ${check.personId} is invalid`);
  }
  return problems;
}

/** Checks that `next` may follow `previous`: same vault and origin, next epoch, hash chain intact. */
export function rekeyHeaderProblems(previous: VaultHeader, next: VaultHeader): string[] {
  const problems: string[] = [];
  if (next.vaultId !== previous.vaultId) problems.push(`rekey header belongs to vault ${next.vaultId}, not ${previous.vaultId}`);
  if (next.origin !== previous.origin) problems.push('rekey header changes the checkpoint origin');
  if (next.epoch !== previous.epoch + 1) problems.push(`rekey header has epoch ${next.epoch}, expected ${previous.epoch + 1}`);
  if (next.previousHeaderHash !== headerHash(previous)) problems.push('rekey header does not name the hash of the header it replaces');
  return problems;
}
