// The open vault: the database, the audit log, the active epoch, the device signer, the clock and
// the ceremony session keys. An act is written in one of two ways: `personAct` signs it with the
// key of the person whose kit and passphrase were presented, and `deviceAct` leaves it unsigned.
// Invariant: every state change is written with its log entry inside one `transaction`.
import type { SignerInput } from '../api/contract.js';
import { signAct } from '../log/act.js';
import type { AuditLog } from '../log/audit-log.js';
import type { DeviceSigner } from '../log/checkpoint.js';
import { openKit, checkKitPublicAgainstHeader, readKitPublic, type OpenedKit } from '../kit/kit.js';
import { fromBase64 } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';
import type { VaultDb } from '../vault/db.js';
import { findPerson, type HeaderPerson, type VaultHeader } from '../vault/header.js';
import { getActiveEpoch, type EpochRecord } from '../vault/epochs-repo.js';
import type { SessionKeyStore } from '../ceremony/session-keys.js';

export const DEVICE_ACTOR = 'device';

/** A person who presented their kit and passphrase for one act. Call `wipe` when done. */
export interface Signer {
  person: HeaderPerson;
  kit: OpenedKit;
}

export class ServiceContext {
  constructor(
    readonly path: string,
    readonly db: VaultDb,
    readonly log: AuditLog,
    readonly device: DeviceSigner,
    readonly sessionKeys: SessionKeyStore,
    readonly now: () => Date,
  ) {}

  nowIso(): string {
    return this.now().toISOString();
  }

  activeEpoch(): EpochRecord {
    return getActiveEpoch(this.db);
  }

  header(): VaultHeader {
    return this.activeEpoch().header;
  }

  transaction<T>(fn: () => T): T {
    return this.db.transaction(fn).immediate();
  }

  /**
   * Opens a kit with its passphrase and checks it belongs to a person of `header` (default: the
   * active epoch's). Throws 'kit-invalid', 'kit-wrong-passphrase', 'kit-foreign', 'kit-old-epoch'.
   */
  async openSigner(input: SignerInput, header: VaultHeader = this.header()): Promise<Signer> {
    const kit = await openKitForHeader(input, header);
    const person = findPerson(header, kit.publicPart.personId);
    if (!person) {
      kit.wipe();
      throw new VaultError('kit-invalid', `the kit's person "${kit.publicPart.personId}" is not enrolled in this vault`);
    }
    return { person, kit };
  }

  /** Appends an act signed by `signer`'s key. Must run inside `transaction`. */
  personAct(signer: Signer, type: string, ceremony: string | null, data: Record<string, unknown>): number {
    const vaultId = this.header().vaultId;
    const act = { type, actor: signer.person.id, ceremony, data };
    const sig = signAct(vaultId, act, signer.kit.signingKeyPair.secretKey);
    return this.log.append({ ...act, sig }).index;
  }

  /** Appends an entry the device writes on its own (protected by its checkpoint signature). */
  deviceAct(type: string, ceremony: string | null, data: Record<string, unknown>): number {
    return this.log.append({ type, actor: DEVICE_ACTOR, ceremony, data, sig: null }).index;
  }
}

/**
 * Opens a kit presented as base64 file bytes with its passphrase, after checking its public part
 * against `header`, so a foreign or old kit fails before the slow key derivation.
 */
export async function openKitForHeader(input: SignerInput, header: VaultHeader): Promise<OpenedKit> {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(input.kit, 'kit');
  } catch {
    throw new VaultError('kit-invalid', 'the kit file could not be read: it is not a kit (expected the .bgkit file issued for this vault)');
  }
  checkKitPublicAgainstHeader(readKitPublic(bytes), header);
  return openKit(bytes, input.passphrase);
}

/** Throws unless the person has `role`. A vendor also needs a recorded internal sponsor. */
export function requireRole(person: HeaderPerson, role: HeaderPerson['roles'][number], what: string): void {
  if (!person.roles.includes(role)) {
    throw new VaultError('not-permitted', `${person.name} (${person.id}) is not enrolled as ${role.replace('-', ' ')}, so they cannot ${what}`);
  }
  requireSponsor(person, what);
}

export function requireSponsor(person: HeaderPerson, what: string): void {
  if (person.function === 'vendor' && !person.sponsorId) {
    throw new VaultError('not-permitted', `${person.name} (${person.id}) is a vendor without an internal sponsor, so they cannot ${what}; re-enrol them with a sponsor`);
  }
}

/** Data recorded on every act of a vendor person: their internal sponsor. */
export function sponsorField(person: HeaderPerson): Record<string, string> {
  return person.function === 'vendor' && person.sponsorId ? { sponsor: person.sponsorId } : {};
}
