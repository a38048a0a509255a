// Input schemas for every IPC method (zod v4). The renderer is untrusted: Electron main parses each
// input with its schema on arrival, before the core runs. Objects are strict, so an unknown key
// is rejected rather than dropped. Strings and arrays carry length limits, enums come from the
// contract's constants, and base64 fields must be canonical RFC 4648 base64 with padding.
// The limits bound memory and IPC size. They are not business rules, which the core enforces.
import { z } from 'zod';
import {
  CREDENTIAL_KINDS,
  CUSTODIAN_FUNCTIONS,
  ROLES,
  SEVERITIES,
  type ApiMethod,
  type BreakglassApi,
  type CeremonyKind,
  type DesktopApi,
  type DesktopMethod,
} from './contract.js';

// ---------- limits ----------

export const MAX_SHORT_TEXT = 200;
export const MAX_LONG_TEXT = 10_000;
export const MAX_PASSPHRASE_CHARS = 1024;
export const MAX_KIT_BASE64_CHARS = 256 * 1024;
export const MAX_SECRET_TEXT_CHARS = 64 * 1024;
/** A credential of kind 'file' contains at most 1.5 MiB of base64 text (about 1.1 MiB of bytes). */
export const MAX_FILE_SECRET_BASE64_CHARS = 1.5 * 1024 * 1024;
/** Files saved through `saveFile` include whole-log evidence bundles, so their bound is larger. */
export const MAX_SAVE_FILE_BASE64_CHARS = 64 * 1024 * 1024;
export const MAX_BUNDLE_CHARS = 64 * 1024 * 1024;
export const MAX_CHECKPOINT_CHARS = 16 * 1024;
export const MAX_CLIPBOARD_CHARS = MAX_SECRET_TEXT_CHARS;
export const MAX_FILE_NAME_CHARS = 255;
export const MAX_PEOPLE = 256;
export const MAX_POLICIES = 16;
export const MAX_GROUP_MEMBERS = 255;
export const MAX_LIST_ITEMS = 256;
export const MAX_DURATION_MINUTES = 7 * 24 * 60;
export const MAX_LOG_PAGE = 10_000;
export const MAX_ARGON2_MEMORY_KIB = 4 * 1024 * 1024;
export const MAX_ARGON2_ITERATIONS = 64;
/** Shamir over GF(256) has at most 255 distinct non-zero x coordinates. */
export const MAX_SHAMIR_THRESHOLD = 255;

/** Every ceremony kind. The contract declares only the type, so this list is checked against it. */
export const CEREMONY_KINDS = ['unseal', 'drill', 'rekey'] as const satisfies readonly CeremonyKind[];
type MissingCeremonyKind = Exclude<CeremonyKind, (typeof CEREMONY_KINDS)[number]>;
const _allCeremonyKinds: MissingCeremonyKind extends never ? true : never = true;
void _allCeremonyKinds;

export const TOTP_ALGORITHMS = ['SHA1', 'SHA256', 'SHA512'] as const;
export const REVEAL_MODES = ['show', 'copy'] as const;

// ---------- building blocks ----------

/** Person and policy ids: lowercase slugs fixed at enrolment. */
export const SLUG_PATTERN = /^[a-z0-9][a-z0-9._-]{0,63}$/;
/** Ceremony and credential ids are made by the core (UUIDs or similar): a conservative charset. */
export const RECORD_ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._:-]{0,127}$/;
const SHA256_HEX_PATTERN = /^[0-9a-f]{64}$/;
const BASE64_PATTERN = /^[A-Za-z0-9+/]*={0,2}$/;
/** A file name without any directory part, and not '.' or '..'. */
const FILE_NAME_PATTERN = /^(?!\.{1,2}$)[^/\\\0]+$/;

const BASE64_ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/**
 * True when `text` is canonical RFC 4648 base64 with padding, the form `toBase64` writes: the
 * unused low bits of the last character before '=' padding must be zero (RFC 4648 section 3.5).
 * Written without Buffer so the renderer can run the same schemas.
 */
export function isCanonicalBase64(text: string): boolean {
  if (text.length % 4 !== 0 || !BASE64_PATTERN.test(text)) return false;

  const padding = text.endsWith('==') ? 2 : text.endsWith('=') ? 1 : 0;
  if (padding === 0) return true;

  const lastDataValue = BASE64_ALPHABET.indexOf(text.charAt(text.length - padding - 1));
  const unusedBitsMask = padding === 2 ? 0b1111 : 0b11;
  return (lastDataValue & unusedBitsMask) === 0;
}

const text = (max: number) => z.string().max(max);
const requiredText = (max: number) => z.string().min(1).max(max);
const slug = z.string().regex(SLUG_PATTERN, 'must be a lowercase id of 1-64 characters (a-z, 0-9, ".", "_", "-")');
const recordId = z.string().regex(RECORD_ID_PATTERN, 'must be an id of 1-128 characters (letters, digits, ".", "_", ":", "-")');
const base64 = (max: number) =>
  z.string().min(1).max(max).refine(isCanonicalBase64, { message: 'must be canonical base64 with padding' });
const fileName = z.string().min(1).max(MAX_FILE_NAME_CHARS).regex(FILE_NAME_PATTERN, 'must be a file name without a directory part');
const positiveInt = (max: number) => z.number().int().min(1).max(max);
const uniqueList = <T extends z.ZodType>(item: T, max: number) =>
  z
    .array(item)
    .max(max)
    .refine((items) => new Set(items).size === items.length, { message: 'must not list the same value twice' });

export const signerSchema = z.strictObject({
  kit: base64(MAX_KIT_BASE64_CHARS),
  passphrase: requiredText(MAX_PASSPHRASE_CHARS),
});

export const personSchema = z.strictObject({
  id: slug,
  name: requiredText(MAX_SHORT_TEXT),
  roles: uniqueList(z.enum(ROLES), ROLES.length).min(1),
  function: z.enum(CUSTODIAN_FUNCTIONS).optional(),
  sponsorId: slug.optional(),
});

export const policyGroupSchema = z.strictObject({
  function: z.enum(CUSTODIAN_FUNCTIONS),
  threshold: positiveInt(MAX_SHAMIR_THRESHOLD),
  members: uniqueList(slug, MAX_GROUP_MEMBERS).min(1),
});

export const policySchema = z.strictObject({
  id: slug,
  name: requiredText(MAX_SHORT_TEXT),
  groupThreshold: positiveInt(CUSTODIAN_FUNCTIONS.length),
  groups: z.array(policyGroupSchema).min(1).max(CUSTODIAN_FUNCTIONS.length),
  resealLimitHours: positiveInt(365 * 24).optional(),
  fastPath: z.boolean().optional(),
});

export const kdfSchema = z.strictObject({
  memoryKiB: positiveInt(MAX_ARGON2_MEMORY_KIB),
  iterations: positiveInt(MAX_ARGON2_ITERATIONS),
});

export const credentialMetadataSchema = z.strictObject({
  label: requiredText(MAX_SHORT_TEXT),
  system: requiredText(MAX_SHORT_TEXT),
  account: text(MAX_SHORT_TEXT),
  kind: z.enum(CREDENTIAL_KINDS),
  owner: text(MAX_SHORT_TEXT),
  runbook: text(MAX_LONG_TEXT),
  tags: z.array(requiredText(64)).max(64),
  url: text(2048).optional(),
  username: text(MAX_SHORT_TEXT).optional(),
});

const secretText = requiredText(MAX_SECRET_TEXT_CHARS);

export const secretSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('password'), password: secretText }),
  z.strictObject({ kind: z.literal('api-token'), token: secretText }),
  z.strictObject({ kind: z.literal('ssh-key'), privateKey: secretText, keyPassphrase: text(MAX_PASSPHRASE_CHARS).optional() }),
  z.strictObject({ kind: z.literal('certificate'), certificate: secretText, privateKey: secretText }),
  z.strictObject({
    kind: z.literal('totp'),
    seed: requiredText(1024),
    digits: z.number().int().min(6).max(10).optional(),
    period: positiveInt(3600).optional(),
    algorithm: z.enum(TOTP_ALGORITHMS).optional(),
  }),
  z.strictObject({ kind: z.literal('recovery-codes'), codes: z.array(requiredText(MAX_SHORT_TEXT)).min(1).max(MAX_LIST_ITEMS) }),
  z.strictObject({ kind: z.literal('file'), fileName, contentBase64: base64(MAX_FILE_SECRET_BASE64_CHARS) }),
]);

export const requestSchema = z.strictObject({
  ticket: requiredText(128),
  reason: requiredText(2000),
  severity: z.enum(SEVERITIES),
  scope: uniqueList(recordId, MAX_LIST_ITEMS),
  durationMinutes: positiveInt(MAX_DURATION_MINUTES),
  policyId: slug,
});

const empty = z.strictObject({});
const reason = requiredText(2000);

// ---------- one schema per method ----------

type ApiInput<M extends ApiMethod> = Parameters<BreakglassApi[M]>[0];
type DesktopInput<M extends DesktopMethod> = Parameters<DesktopApi[M]>[0];

/** Each schema's output type must match the contract's input type for that method. */
export type InputSchemas = { [M in ApiMethod]: z.ZodType<ApiInput<M>> } & { [M in DesktopMethod]: z.ZodType<DesktopInput<M>> };

export const INPUT_SCHEMAS: InputSchemas = {
  vaultStatus: empty,

  setupBegin: z.strictObject({
    name: requiredText(MAX_SHORT_TEXT),
    people: z.array(personSchema).min(1).max(MAX_PEOPLE),
    policies: z.array(policySchema).min(1).max(MAX_POLICIES),
    kdf: kdfSchema.optional(),
  }),
  setupEnroll: z.strictObject({ personId: slug, passphrase: requiredText(MAX_PASSPHRASE_CHARS) }),
  setupSign: z.strictObject({ personId: slug, signer: signerSchema }),
  setupFinish: empty,
  setupAbort: empty,

  kitVerify: signerSchema,

  credentialList: z.strictObject({ query: text(MAX_SHORT_TEXT).optional() }),
  credentialDeposit: z.strictObject({ signer: signerSchema, metadata: credentialMetadataSchema, secret: secretSchema }),
  credentialRotate: z.strictObject({ signer: signerSchema, credentialId: recordId, secret: secretSchema, ceremonyId: recordId.optional() }),

  ceremonyList: empty,
  ceremonyGet: z.strictObject({ ceremonyId: recordId }),

  unsealRequest: z.strictObject({ signer: signerSchema, kind: z.enum(CEREMONY_KINDS), request: requestSchema }),
  unsealAmend: z.strictObject({ ceremonyId: recordId, signer: signerSchema, request: requestSchema }),
  unsealApprove: z.strictObject({
    ceremonyId: recordId,
    signer: signerSchema,
    requestHash: z.string().regex(SHA256_HEX_PATTERN, 'must be 64 lowercase hex digits (SHA-256)'),
  }),
  unsealCancel: z.strictObject({ ceremonyId: recordId, signer: signerSchema, reason }),
  unsealReveal: z.strictObject({ ceremonyId: recordId, credentialId: recordId, mode: z.enum(REVEAL_MODES), signer: signerSchema }),
  unsealTouched: z.strictObject({
    ceremonyId: recordId,
    signer: signerSchema,
    systems: z
      .array(z.strictObject({ system: requiredText(MAX_SHORT_TEXT), action: requiredText(MAX_SHORT_TEXT), note: text(2000) }))
      .max(MAX_LIST_ITEMS),
    controls: z.array(requiredText(2000)).max(MAX_LIST_ITEMS),
  }),
  unsealExtend: z.strictObject({ ceremonyId: recordId, signer: signerSchema, minutes: positiveInt(MAX_DURATION_MINUTES), reason }),
  unsealSeal: z.strictObject({ ceremonyId: recordId, signer: signerSchema }),

  resealRotate: z.strictObject({ ceremonyId: recordId, credentialId: recordId, signer: signerSchema, secret: secretSchema }),
  resealWaive: z.strictObject({ ceremonyId: recordId, credentialId: recordId, signer: signerSchema, reason }),
  resealAttest: z.strictObject({ ceremonyId: recordId, signer: signerSchema, statement: requiredText(4000) }),
  resealClose: z.strictObject({ ceremonyId: recordId }),

  rekeyPrepare: z.strictObject({
    ceremonyId: recordId,
    people: z.array(personSchema).min(1).max(MAX_PEOPLE),
    policies: z.array(policySchema).min(1).max(MAX_POLICIES),
    passphrases: z
      .record(slug, requiredText(MAX_PASSPHRASE_CHARS))
      .refine((map) => Object.keys(map).length <= MAX_PEOPLE, { message: `must hold at most ${MAX_PEOPLE} passphrases` }),
  }),
  rekeyConfirm: z.strictObject({ signer: signerSchema }),
  rekeyActivate: empty,
  rekeyAbandon: z.strictObject({ signer: signerSchema, reason }),

  logEntries: z.strictObject({
    ceremonyId: recordId.optional(),
    type: requiredText(64).optional(),
    fromIndex: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).optional(),
    limit: positiveInt(MAX_LOG_PAGE).optional(),
  }),
  logVerify: empty,
  logVerifyBundle: z.strictObject({ bundle: requiredText(MAX_BUNDLE_CHARS) }),
  logExport: z.strictObject({
    signer: signerSchema,
    ceremonyId: recordId.optional(),
    sinceCheckpoint: requiredText(MAX_CHECKPOINT_CHARS).optional(),
  }),
  logCheckpoint: empty,

  saveFile: z.strictObject({ suggestedName: fileName, contentBase64: z.union([z.literal(''), base64(MAX_SAVE_FILE_BASE64_CHARS)]) }),
  copyToClipboard: z.strictObject({ text: requiredText(MAX_CLIPBOARD_CHARS) }),
  appInfo: empty,
};

/**
 * Formats a zod error as one plain sentence naming each failing field path (at most `maxIssues`).
 * Zod's issue messages name expected types and limits, never the received value, so no secret
 * input is echoed.
 */
export function describeInputError(method: string, error: z.ZodError, maxIssues = 3): string {
  const parts = error.issues.slice(0, maxIssues).map((issue) => {
    const where = issue.path.length > 0 ? issue.path.map(String).join('.') : 'input';
    return `${where}: ${issue.message}`;
  });
  const more = error.issues.length > maxIssues ? ` (and ${error.issues.length - maxIssues} more)` : '';
  return `Invalid input for ${method}: ${parts.join('; ')}${more}. Correct the listed fields and try again.`;
}
