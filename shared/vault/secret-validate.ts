// Validation of credential metadata and secrets per kind. Returns normalised copies (defaults filled
// in, TOTP seed in canonical base32) and throws VaultError('invalid-input') with a plain message
// that names the field but never echoes a secret value.
import { CREDENTIAL_KINDS, type CredentialMetadataInput, type SecretInput } from '../api/contract.js';
import { fromBase64 } from '../util/bytes.js';
import { VaultError } from '../util/errors.js';

export const MAX_FILE_BYTES = 1024 * 1024;
export const MAX_TEXT_SECRET_CHARS = 64 * 1024;
export const MAX_PASSWORD_CHARS = 4096;
export const MAX_RECOVERY_CODES = 100;
export const MAX_RECOVERY_CODE_CHARS = 200;
/** 16 base32 characters = 80 bits, the shortest seed common authenticator services issue. */
export const MIN_TOTP_SEED_CHARS = 16;
export const MAX_SHORT_FIELD_CHARS = 200;
export const MAX_RUNBOOK_CHARS = 10_000;
export const MAX_TAGS = 32;
export const MAX_TAG_CHARS = 64;
export const MAX_URL_CHARS = 2048;
export const MAX_FILE_NAME_CHARS = 255;

function invalid(message: string): never {
  throw new VaultError('invalid-input', message);
}

function requireText(value: unknown, field: string, max: number): string {
  if (typeof value !== 'string' || value.length === 0) invalid(`${field} is empty: enter a value`);
  if (value.length > max) invalid(`${field} is longer than ${max} characters`);
  return value;
}

function requirePem(value: unknown, field: string, marker: string): string {
  const text = requireText(value, field, MAX_TEXT_SECRET_CHARS);
  if (!text.includes('-----BEGIN') || !text.includes(marker)) invalid(`${field} is not in PEM or OpenSSH form (expected a "-----BEGIN ... ${marker}" block)`);
  return text;
}

/** Normalises a TOTP seed: removes spaces and padding, upper-cases, checks RFC 4648 base32. */
export function normaliseTotpSeed(seed: unknown): string {
  if (typeof seed !== 'string') invalid('TOTP seed is empty: enter the base32 seed');
  const compact = seed.replace(/[\s-]/g, '').toUpperCase().replace(/=+$/, '');
  if (compact.length === 0) invalid('TOTP seed is empty: enter the base32 seed');
  if (!/^[A-Z2-7]+$/.test(compact)) invalid('TOTP seed is not valid base32: use only the letters A-Z and digits 2-7');
  if ([1, 3, 6].includes(compact.length % 8)) invalid('TOTP seed is not valid base32: its length is impossible for base32');
  if (compact.length < MIN_TOTP_SEED_CHARS) invalid(`TOTP seed is too short: it needs at least ${MIN_TOTP_SEED_CHARS} base32 characters (80 bits)`);
  if (compact.length > 1024) invalid('TOTP seed is longer than 1024 characters');
  return compact;
}

function validateFileName(name: unknown): string {
  const text = requireText(name, 'file name', MAX_FILE_NAME_CHARS);
  if (/[/\\\0]/.test(text) || text === '.' || text === '..') invalid('file name must not contain "/", "\\" or NUL, and must not be "." or ".."');
  return text;
}

/** Checks a secret for its kind and returns its normalised form. */
export function validateSecret(secret: SecretInput): SecretInput {
  if (typeof secret !== 'object' || secret === null) invalid('secret is missing');
  switch (secret.kind) {
    case 'password':
      return { kind: 'password', password: requireText(secret.password, 'password', MAX_PASSWORD_CHARS) };
    case 'api-token':
      return { kind: 'api-token', token: requireText(secret.token, 'API token', MAX_TEXT_SECRET_CHARS) };
    case 'ssh-key': {
      const result: SecretInput = { kind: 'ssh-key', privateKey: requirePem(secret.privateKey, 'SSH private key', 'PRIVATE KEY-----') };
      if (secret.keyPassphrase !== undefined && secret.keyPassphrase !== '') result.keyPassphrase = requireText(secret.keyPassphrase, 'SSH key passphrase', MAX_PASSWORD_CHARS);
      return result;
    }
    case 'certificate':
      return {
        kind: 'certificate',
        certificate: requirePem(secret.certificate, 'certificate', 'CERTIFICATE-----'),
        privateKey: requirePem(secret.privateKey, 'certificate private key', 'PRIVATE KEY-----'),
      };
    case 'totp': {
      const digits = secret.digits ?? 6;
      const period = secret.period ?? 30;
      const algorithm = secret.algorithm ?? 'SHA1';
      if (!Number.isInteger(digits) || digits < 6 || digits > 8) invalid('TOTP digits must be 6, 7 or 8');
      if (!Number.isInteger(period) || period < 1 || period > 300) invalid('TOTP period must be a whole number of seconds from 1 to 300');
      if (!['SHA1', 'SHA256', 'SHA512'].includes(algorithm)) invalid('TOTP algorithm must be SHA1, SHA256 or SHA512');
      return { kind: 'totp', seed: normaliseTotpSeed(secret.seed), digits, period, algorithm };
    }
    case 'recovery-codes': {
      if (!Array.isArray(secret.codes) || secret.codes.length === 0) invalid('recovery codes are empty: enter at least one code');
      if (secret.codes.length > MAX_RECOVERY_CODES) invalid(`more than ${MAX_RECOVERY_CODES} recovery codes`);
      const codes = secret.codes.map((code, index) => requireText(typeof code === 'string' ? code.trim() : code, `recovery code ${index + 1}`, MAX_RECOVERY_CODE_CHARS));
      return { kind: 'recovery-codes', codes };
    }
    case 'file': {
      const fileName = validateFileName(secret.fileName);
      let content: Uint8Array;
      try {
        content = fromBase64(secret.contentBase64, 'file content');
      } catch {
        invalid(`content of file "${fileName}" is not valid base64`);
      }
      if (content.length === 0) invalid(`file "${fileName}" is empty`);
      if (content.length > MAX_FILE_BYTES) invalid(`file "${fileName}" is ${content.length} bytes, larger than the 1 MiB (${MAX_FILE_BYTES} bytes) limit`);
      content.fill(0);
      return { kind: 'file', fileName, contentBase64: secret.contentBase64 };
    }
    default:
      invalid(`secret kind "${String((secret as { kind: unknown }).kind)}" is unknown; use one of ${CREDENTIAL_KINDS.join(', ')}`);
  }
}

function optionalText(value: unknown, field: string, max: number): string {
  if (value === undefined || value === null) return '';
  if (typeof value !== 'string') invalid(`${field} must be text`);
  if (value.length > max) invalid(`${field} is longer than ${max} characters`);
  return value.trim();
}

/** Checks credential metadata (readable while sealed) and returns its normalised form. */
export function validateMetadata(metadata: CredentialMetadataInput): CredentialMetadataInput {
  if (typeof metadata !== 'object' || metadata === null) invalid('credential metadata is missing');
  const label = optionalText(metadata.label, 'label', MAX_SHORT_FIELD_CHARS);
  if (label === '') invalid('label is empty: name the credential');
  const system = optionalText(metadata.system, 'system', MAX_SHORT_FIELD_CHARS);
  if (system === '') invalid(`system of credential "${label}" is empty: name the system it opens`);
  if (!(CREDENTIAL_KINDS as readonly string[]).includes(metadata.kind)) invalid(`kind "${String(metadata.kind)}" of credential "${label}" is unknown; use one of ${CREDENTIAL_KINDS.join(', ')}`);
  if (!Array.isArray(metadata.tags)) invalid(`tags of credential "${label}" must be a list`);
  if (metadata.tags.length > MAX_TAGS) invalid(`credential "${label}" has more than ${MAX_TAGS} tags`);
  const tags = metadata.tags.map((tag) => optionalText(tag, 'tag', MAX_TAG_CHARS));
  if (tags.some((tag) => tag === '')) invalid(`credential "${label}" has an empty tag`);
  if (new Set(tags).size !== tags.length) invalid(`credential "${label}" lists a tag twice`);

  const result: CredentialMetadataInput = {
    label,
    system,
    account: optionalText(metadata.account, 'account', MAX_SHORT_FIELD_CHARS),
    kind: metadata.kind,
    owner: optionalText(metadata.owner, 'owner', MAX_SHORT_FIELD_CHARS),
    runbook: optionalText(metadata.runbook, 'runbook', MAX_RUNBOOK_CHARS),
    tags,
  };
  const url = optionalText(metadata.url, 'URL', MAX_URL_CHARS);
  if (url !== '') {
    if (!URL.canParse(url) || !/^https?:$/.test(new URL(url).protocol)) invalid(`URL of credential "${label}" is not a valid http or https URL`);
    result.url = url;
  }
  const username = optionalText(metadata.username, 'username', MAX_SHORT_FIELD_CHARS);
  if (username !== '') result.username = username;
  return result;
}
