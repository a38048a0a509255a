// Reads the secret of a deposit or rotation from a file (--secret-file) or stdin, never from an
// argument. Each credential kind has a raw form that is easy to pipe, and `--secret-format json`
// takes the SecretInput fields as a JSON object. Error messages never quote the input, because it
// is secret.
import { basename } from 'node:path';
import type { CredentialKind, SecretInput } from '../../shared/api/contract.js';
import { CliError } from '../cli-error.js';
import { readFileBytes } from './files.js';
import { stripFinalNewline } from './passphrase.js';
import { promptHidden } from './tty-prompt.js';

export const SECRET_FORMATS = ['raw', 'json'] as const;
export type SecretFormat = (typeof SECRET_FORMATS)[number];

export interface SecretFlags {
  secretFile?: string;
  secretFormat?: SecretFormat;
  fileName?: string;
}

/** Kinds whose raw form is one line that a person can type at a hidden prompt. */
const PROMPTABLE_KINDS: ReadonlySet<CredentialKind> = new Set(['password', 'api-token', 'totp']);

const PEM_BLOCK = /-----BEGIN ([A-Z0-9 ]+)-----[\s\S]*?-----END \1-----/g;

/** One line per kind for --help: what the raw form of each kind is. */
export const RAW_FORMAT_HELP = [
  'Raw secret forms (--secret-format raw, the default):',
  '  password        the password (one trailing newline is ignored)',
  '  api-token       the token',
  '  ssh-key         the private key file as is (a key passphrase needs --secret-format json)',
  '  certificate     PEM text with the certificate chain and the private key',
  '  totp            the base32 seed, or an otpauth:// URI',
  '  recovery-codes  one code per line',
  '  file            the file bytes (name from --file-name or the --secret-file name)',
  'JSON form (--secret-format json): the fields of that kind, e.g. {"certificate":"...","privateKey":"..."}',
].join('\n');

async function readStdin(): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(Buffer.isBuffer(chunk) ? chunk : Buffer.from(String(chunk)));
  return Buffer.concat(chunks);
}

function parsePem(text: string): SecretInput & { kind: 'certificate' } {
  const certificates: string[] = [];
  let privateKey: string | null = null;
  for (const match of text.matchAll(PEM_BLOCK)) {
    const label = match[1] ?? '';
    if (label === 'CERTIFICATE') certificates.push(match[0]);
    else if (label.endsWith('PRIVATE KEY')) {
      if (privateKey !== null) throw CliError.usage('the certificate input contains more than one private key; give exactly one');
      privateKey = match[0];
    }
  }
  if (certificates.length === 0) throw CliError.usage('the certificate input is missing a "BEGIN CERTIFICATE" PEM block');
  if (privateKey === null) throw CliError.usage('the certificate input is missing a "BEGIN ... PRIVATE KEY" PEM block');
  return { kind: 'certificate', certificate: `${certificates.join('\n')}\n`, privateKey: `${privateKey}\n` };
}

function parseTotp(text: string): SecretInput & { kind: 'totp' } {
  const value = text.trim();
  if (!value.toLowerCase().startsWith('otpauth://')) return { kind: 'totp', seed: value };

  let uri: URL;
  try {
    uri = new URL(value);
  } catch {
    throw CliError.usage('the otpauth:// URI is malformed; give the base32 seed instead');
  }
  const seed = uri.searchParams.get('secret');
  if (!seed) throw CliError.usage('the otpauth:// URI has no "secret" parameter');

  const secret: SecretInput & { kind: 'totp' } = { kind: 'totp', seed };
  const digits = uri.searchParams.get('digits');
  const period = uri.searchParams.get('period');
  const algorithm = uri.searchParams.get('algorithm');
  if (digits !== null) secret.digits = Number(digits);
  if (period !== null) secret.period = Number(period);
  if (algorithm !== null) {
    const upper = algorithm.toUpperCase();
    if (upper !== 'SHA1' && upper !== 'SHA256' && upper !== 'SHA512') throw CliError.usage(`the otpauth:// URI names an unsupported algorithm; use SHA1, SHA256 or SHA512`);
    secret.algorithm = upper;
  }
  return secret;
}

/** Parses the raw form of a secret of `kind` (see RAW_FORMAT_HELP). */
export function parseRawSecret(kind: CredentialKind, bytes: Buffer, fileName: string | null): SecretInput {
  if (kind === 'file') {
    if (fileName === null) throw CliError.usage('a secret of kind "file" needs --file-name NAME when it comes from stdin');
    return { kind, fileName, contentBase64: bytes.toString('base64') };
  }

  const text = bytes.toString('utf8');
  switch (kind) {
    case 'password':
      return { kind, password: stripFinalNewline(text) };
    case 'api-token':
      return { kind, token: stripFinalNewline(text) };
    case 'ssh-key':
      return { kind, privateKey: text };
    case 'certificate':
      return parsePem(text);
    case 'totp':
      return parseTotp(text);
    case 'recovery-codes':
      return {
        kind,
        codes: text
          .split(/\r?\n/)
          .map((line) => line.trim())
          .filter((line) => line.length > 0),
      };
  }
}

function parseJsonSecret(kind: CredentialKind, bytes: Buffer, source: string): SecretInput {
  let parsed: unknown;
  try {
    parsed = JSON.parse(bytes.toString('utf8'));
  } catch {
    // The parser's message quotes part of the input, which is secret, so it is not shown.
    throw CliError.usage(`the secret from ${source} is not valid JSON; give an object with the fields of kind "${kind}"`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw CliError.usage(`the secret from ${source} must be a JSON object with the fields of kind "${kind}"`);
  }
  const fields = parsed as Record<string, unknown>;
  if (fields['kind'] !== undefined && fields['kind'] !== kind) {
    throw CliError.usage(`the secret from ${source} names another kind than the credential's kind "${kind}"; remove "kind" or correct it`);
  }
  // The schema check in the core call rejects missing or unknown fields by name.
  return { ...fields, kind } as SecretInput;
}

/** Reads and parses the secret for a credential of `kind`. */
export async function readSecret(kind: CredentialKind, flags: SecretFlags): Promise<SecretInput> {
  const format = flags.secretFormat ?? 'raw';
  let bytes: Buffer;
  let source: string;
  let fileName: string | null = flags.fileName ?? null;

  if (flags.secretFile !== undefined) {
    bytes = readFileBytes(flags.secretFile, 'secret file');
    source = `secret file ${flags.secretFile}`;
    fileName ??= basename(flags.secretFile);
  } else if (process.stdin.isTTY) {
    if (format !== 'raw' || !PROMPTABLE_KINDS.has(kind)) {
      throw CliError.usage(`pipe the ${kind} secret to stdin or pass --secret-file FILE; it is never accepted as an argument`);
    }
    const first = await promptHidden(`Secret (${kind}): `, { stdinBusy: false });
    const again = await promptHidden('Repeat the secret: ', { stdinBusy: false });
    if (first !== again) throw CliError.usage('the two entries of the secret differ; nothing was stored');
    bytes = Buffer.from(first, 'utf8');
    source = 'the prompt';
  } else {
    bytes = await readStdin();
    source = 'stdin';
  }

  if (bytes.length === 0) throw CliError.usage(`the secret from ${source} is empty`);
  return format === 'json' ? parseJsonSecret(kind, bytes, source) : parseRawSecret(kind, bytes, fileName);
}

/** True when the command will read the secret from stdin (so prompts must use /dev/tty). */
export function secretUsesStdin(flags: SecretFlags): boolean {
  return flags.secretFile === undefined && !process.stdin.isTTY;
}
