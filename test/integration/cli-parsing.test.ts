// The CLI's own parsers, called in process: person and touched specs, the policy built from flags,
// raw secret forms per kind, the reveal output per kind, and the guard against secret options.
import { describe, expect, it } from 'vitest';
import type { PersonInput, SecretInput } from '../../shared/api/contract.js';
import { CliError } from '../../cli/cli-error.js';
import { secretAsOutput, parseTouchedSpec } from '../../cli/commands/unseal.js';
import { parseRawSecret } from '../../cli/io/secret-input.js';
import { stripFinalNewline } from '../../cli/io/passphrase.js';
import { findSecretOption } from '../../cli/main.js';
import { parsePersonSpec, policyFromFlags } from '../../cli/setup-input.js';
import { exitCodeForErrorCode } from '../../cli/exit-codes.js';

const CERTIFICATE_PEM = '-----BEGIN CERTIFICATE-----\nMIIBcert\n-----END CERTIFICATE-----';
const CHAIN_PEM = '-----BEGIN CERTIFICATE-----\nMIIBchain\n-----END CERTIFICATE-----';
const KEY_PEM = '-----BEGIN PRIVATE KEY-----\nMIIBkey\n-----END PRIVATE KEY-----';

function expectUsageError(action: () => unknown, message: string): void {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    expect((error as CliError).message).toContain(message);
    return;
  }
  throw new Error('expected a usage error');
}

describe('parsePersonSpec', () => {
  it('parses every field', () => {
    expect(parsePersonSpec('id=vee,name=Vee Vendor,roles=custodian+incident-commander,function=vendor,sponsor=ida')).toEqual({
      id: 'vee',
      name: 'Vee Vendor',
      roles: ['custodian', 'incident-commander'],
      function: 'vendor',
      sponsorId: 'ida',
    });
  });

  it.each([
    ['id=a,name=A', 'id=, name= and roles= are required'],
    ['id=a,name=A,roles=admin', 'invalid role "admin"'],
    ['id=a,name=A,roles=custodian,function=finance', 'invalid function "finance"'],
    ['id=a,name=A,roles=custodian,colour=blue', 'each part must be one of'],
    ['id=a,id=b,name=A,roles=custodian', '"id" is given twice'],
  ])('rejects %s', (spec, message) => {
    expectUsageError(() => parsePersonSpec(spec), message);
  });
});

describe('policyFromFlags', () => {
  const people: PersonInput[] = [
    { id: 'ida', name: 'Ida', roles: ['custodian'], function: 'identity' },
    { id: 'sam', name: 'Sam', roles: ['custodian'], function: 'security' },
    { id: 'sara', name: 'Sara', roles: ['custodian'], function: 'security' },
    { id: 'carol', name: 'Carol', roles: ['incident-commander'], function: 'identity' },
  ];

  it('makes one group per custodian function', () => {
    const policy = policyFromFlags(people, { groups: 2, perGroup: 1, resealLimit: 12 });
    expect(policy).toEqual({
      id: 'standard',
      name: 'Standard cross-function policy',
      groupThreshold: 2,
      groups: [
        { function: 'identity', threshold: 1, members: ['ida'] },
        { function: 'security', threshold: 1, members: ['sam', 'sara'] },
      ],
      resealLimitHours: 12,
    });
  });

  it('requires --groups', () => {
    expectUsageError(() => policyFromFlags(people, {}), '--groups N');
  });
});

describe('parseTouchedSpec', () => {
  it('keeps colons inside the note', () => {
    expect(parseTouchedSpec('okta:reset MFA:ticket: INC-1')).toEqual({ system: 'okta', action: 'reset MFA', note: 'ticket: INC-1' });
  });

  it('rejects a missing action', () => {
    expectUsageError(() => parseTouchedSpec('okta'), 'expected SYSTEM:ACTION[:NOTE]');
  });
});

describe('parseRawSecret', () => {
  it('strips one final newline from a password', () => {
    expect(parseRawSecret('password', Buffer.from('pw with space \n\n'), null)).toEqual({ kind: 'password', password: 'pw with space \n' });
  });

  it('splits a PEM bundle into chain and key', () => {
    const secret = parseRawSecret('certificate', Buffer.from(`${CERTIFICATE_PEM}\n${KEY_PEM}\n${CHAIN_PEM}\n`), null);
    expect(secret).toEqual({ kind: 'certificate', certificate: `${CERTIFICATE_PEM}\n${CHAIN_PEM}\n`, privateKey: `${KEY_PEM}\n` });
  });

  it('rejects a certificate without a key', () => {
    expectUsageError(() => parseRawSecret('certificate', Buffer.from(CERTIFICATE_PEM), null), 'PRIVATE KEY');
  });

  it('reads an otpauth URI', () => {
    const uri = 'otpauth://totp/Acme:admin?secret=JBSWY3DPEHPK3PXP&digits=8&period=60&algorithm=sha256';
    expect(parseRawSecret('totp', Buffer.from(`${uri}\n`), null)).toEqual({ kind: 'totp', seed: 'JBSWY3DPEHPK3PXP', digits: 8, period: 60, algorithm: 'SHA256' });
  });

  it('reads recovery codes one per line', () => {
    expect(parseRawSecret('recovery-codes', Buffer.from('a-1\r\n\n b-2 \n'), null)).toEqual({ kind: 'recovery-codes', codes: ['a-1', 'b-2'] });
  });

  it('needs a file name for a file from stdin', () => {
    expectUsageError(() => parseRawSecret('file', Buffer.from([0, 1, 2]), null), '--file-name');
    expect(parseRawSecret('file', Buffer.from([0, 1, 2]), 'blob.bin')).toEqual({ kind: 'file', fileName: 'blob.bin', contentBase64: 'AAEC' });
  });
});

describe('secretAsOutput', () => {
  it.each<[SecretInput, string]>([
    [{ kind: 'password', password: 'pw' }, 'pw\n'],
    [{ kind: 'api-token', token: 'tok' }, 'tok\n'],
    [{ kind: 'totp', seed: 'JBSW' }, 'JBSW\n'],
    [{ kind: 'recovery-codes', codes: ['a', 'b'] }, 'a\nb\n'],
    [{ kind: 'certificate', certificate: `${CERTIFICATE_PEM}\n`, privateKey: `${KEY_PEM}\n` }, `${CERTIFICATE_PEM}\n${KEY_PEM}\n`],
  ])('prints %j as one value', (secret, expected) => {
    expect(secretAsOutput(secret)).toBe(expected);
  });

  it('prints file content as raw bytes', () => {
    expect(secretAsOutput({ kind: 'file', fileName: 'x', contentBase64: 'AAEC' })).toEqual(Buffer.from([0, 1, 2]));
  });
});

describe('findSecretOption', () => {
  it.each([
    [['kit', 'verify', '--passphrase', 'x'], '--passphrase'],
    [['deposit', '--secret=x'], '--secret'],
    [['deposit', '--token', 'x'], '--token'],
    [['deposit', '--secret-file', 'f', '--passphrase-file', 'p'], null],
    [['unseal', 'touched', '--', '--password'], null],
  ])('finds the secret option in %j', (args, expected) => {
    expect(findSecretOption(args)).toBe(expected);
  });
});

describe('stripFinalNewline', () => {
  it.each([
    ['abc\n', 'abc'],
    ['abc\r\n', 'abc'],
    ['abc\n\n', 'abc\n'],
    [' abc ', ' abc '],
  ])('turns %j into %j', (input, expected) => {
    expect(stripFinalNewline(input)).toBe(expected);
  });
});

describe('exitCodeForErrorCode', () => {
  it.each([
    ['invalid-input', 2],
    ['not-found', 3],
    ['kit-wrong-passphrase', 4],
    ['kit-foreign', 4],
    ['wrong-state', 5],
    ['not-permitted', 5],
    ['verification-failed', 1],
    ['internal', 1],
    ['toString', 1],
  ])('maps %s to %i', (code, expected) => {
    expect(exitCodeForErrorCode(code)).toBe(expected);
  });
});
