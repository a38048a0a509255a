// Constants of the audit-log formats: versions, domain-separation labels, names and sizes.
// IMPORTANT: every value here is part of audit-log format version 1 and must never change within
// it. A new use gets a new label, and a changed encoding gets a new version.

/** Version field `v` of every entry. */
export const ENTRY_FORMAT_VERSION = 1;

/** Label of the bytes a person signs for an act (see `actMessage`). */
export const LABEL_ACT = 'breakglass/v1/act';
/** Label of the exporting auditor's signature over a canonical bundle body. */
export const LABEL_BUNDLE_AUDITOR = 'breakglass/v1/bundle/auditor';
/** Label of the device's signature over a canonical bundle body. */
export const LABEL_BUNDLE_DEVICE = 'breakglass/v1/bundle/device';

/** `format` and `version` fields of an evidence bundle. */
export const BUNDLE_FORMAT = 'breakglass-evidence-bundle';
export const BUNDLE_FORMAT_VERSION = 1;

/** Checkpoint origin of a vault: `breakglass-vault/<vaultId>`. */
export const ORIGIN_PREFIX = 'breakglass-vault/';
/** Actor of entries written by the app itself rather than a person. */
export const DEVICE_ACTOR = 'device';

/** RFC 6962 domain separation: first byte hashed before a leaf and before an interior node. */
export const LEAF_HASH_PREFIX = 0x00;
export const NODE_HASH_PREFIX = 0x01;
export const HASH_BYTES = 32;

/** Returns the checkpoint origin (and the device's signed-note key name) of a vault. */
export function originFor(vaultId: string): string {
  return `${ORIGIN_PREFIX}${vaultId}`;
}

/** Returns the signed-note key name a custodian cosigns checkpoints with. */
export function custodianNoteName(vaultId: string, personId: string): string {
  return `${originFor(vaultId)}/custodian/${personId}`;
}
