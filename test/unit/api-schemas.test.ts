import { describe, expect, it } from 'vitest';
import {
  API_METHODS,
  CHANNELS,
  DESKTOP_CHANNELS,
  type BreakglassApi,
  type DesktopApi,
  type DesktopMethod,
  type ApiMethod,
} from '../../shared/api/contract.js';
import {
  INPUT_SCHEMAS,
  MAX_FILE_SECRET_BASE64_CHARS,
  MAX_PASSPHRASE_CHARS,
  describeInputError,
  isCanonicalBase64,
} from '../../shared/api/schemas.js';

type Inputs = { [M in ApiMethod]: Parameters<BreakglassApi[M]>[0] } & { [M in DesktopMethod]: Parameters<DesktopApi[M]>[0] };

const KIT = Buffer.from('kit file bytes').toString('base64');
const signer = { kit: KIT, passphrase: 'correct horse battery staple' };
const CEREMONY = '0190f3c2-7b1e-7c44-9a51-3f2d1c0b9a88';
const CREDENTIAL = 'cred-01';
const people = [
  { id: 'alice', name: 'Alice', roles: ['custodian' as const], function: 'identity' as const },
  { id: 'vic', name: 'Vic', roles: ['incident-commander' as const], function: 'vendor' as const, sponsorId: 'alice' },
];
const policies = [
  { id: 'standard', name: 'Standard', groupThreshold: 1, groups: [{ function: 'identity' as const, threshold: 1, members: ['alice'] }] },
];
const request = { ticket: 'INC-1', reason: 'IdP outage', severity: 'sev1' as const, scope: [CREDENTIAL], durationMinutes: 60, policyId: 'standard' };

/** One valid input per method. The table is typed against the contract, so it also checks the contract shapes. */
const VALID: Inputs = {
  vaultStatus: {},
  setupBegin: { name: 'Prod vault', people, policies, kdf: { memoryKiB: 8192, iterations: 1 } },
  setupEnroll: { personId: 'alice', passphrase: 'pass phrase' },
  setupSign: { personId: 'alice', signer },
  setupFinish: {},
  setupAbort: {},
  kitVerify: signer,
  credentialList: { query: 'okta' },
  credentialDeposit: {
    signer,
    metadata: { label: 'Okta admin', system: 'okta', account: 'breakglass', kind: 'password', owner: 'identity', runbook: 'Rotate in the admin console.', tags: ['idp'], url: 'https://example.invalid', username: 'bg' },
    secret: { kind: 'password', password: 'hunter2' },
  },
  credentialRotate: { signer, credentialId: CREDENTIAL, secret: { kind: 'api-token', token: 'tok' }, ceremonyId: CEREMONY },
  ceremonyList: {},
  ceremonyGet: { ceremonyId: CEREMONY },
  unsealRequest: { signer, kind: 'unseal', request },
  unsealAmend: { ceremonyId: CEREMONY, signer, request },
  unsealApprove: { ceremonyId: CEREMONY, signer, requestHash: 'a'.repeat(64) },
  unsealCancel: { ceremonyId: CEREMONY, signer, reason: 'false alarm' },
  unsealReveal: { ceremonyId: CEREMONY, credentialId: CREDENTIAL, mode: 'show', signer },
  unsealTouched: { ceremonyId: CEREMONY, signer, systems: [{ system: 'okta', action: 'reset MFA', note: '' }], controls: ['session revoked'] },
  unsealExtend: { ceremonyId: CEREMONY, signer, minutes: 30, reason: 'still restoring' },
  unsealSeal: { ceremonyId: CEREMONY, signer },
  resealRotate: { ceremonyId: CEREMONY, credentialId: CREDENTIAL, signer, secret: { kind: 'recovery-codes', codes: ['1111-2222'] } },
  resealWaive: { ceremonyId: CEREMONY, credentialId: CREDENTIAL, signer, reason: 'account deleted' },
  resealAttest: { ceremonyId: CEREMONY, signer, statement: 'Access is dormant again.' },
  resealClose: { ceremonyId: CEREMONY },
  rekeyPrepare: { ceremonyId: CEREMONY, people, policies, passphrases: { alice: 'new pass' } },
  rekeyConfirm: { signer },
  rekeyActivate: {},
  rekeyAbandon: { signer, reason: 'kit lost during rekey' },
  logEntries: { ceremonyId: CEREMONY, type: 'unseal.request', fromIndex: 0, limit: 100 },
  logVerify: {},
  logVerifyBundle: { bundle: '{"version":1}' },
  logExport: { signer, ceremonyId: CEREMONY, sinceCheckpoint: 'origin\n1\nAAAA\n' },
  logCheckpoint: {},
  saveFile: { suggestedName: 'alice.bgkit', contentBase64: KIT },
  copyToClipboard: { text: 'hunter2' },
  appInfo: {},
};

const ALL_METHODS = [...API_METHODS, ...(Object.keys(DESKTOP_CHANNELS) as DesktopMethod[])];

function withSecret(secret: unknown) {
  return { ...VALID.credentialDeposit, secret };
}

describe('INPUT_SCHEMAS', () => {
  it('has exactly one schema per channel', () => {
    const expected = [...Object.keys(CHANNELS), ...Object.keys(DESKTOP_CHANNELS)].sort();
    expect(Object.keys(INPUT_SCHEMAS).sort()).toEqual(expected);
  });

  it.each(ALL_METHODS)('%s accepts a valid input', (method) => {
    const result = INPUT_SCHEMAS[method].safeParse(VALID[method]);
    expect(result.error?.issues ?? []).toEqual([]);
  });

  it.each(ALL_METHODS)('%s rejects an unknown key', (method) => {
    const result = INPUT_SCHEMAS[method].safeParse({ ...VALID[method], extra: 1 });
    expect(result.success).toBe(false);
  });

  it.each(ALL_METHODS)('%s rejects a non-object input', (method) => {
    for (const input of [undefined, null, 'text', 42, []]) {
      expect(INPUT_SCHEMAS[method].safeParse(input).success).toBe(false);
    }
  });
});

describe('field rules', () => {
  it('person id must be a lowercase slug', () => {
    for (const id of ['Alice', '', '-alice', 'a'.repeat(65), 'al ice', '../x']) {
      expect(INPUT_SCHEMAS.setupEnroll.safeParse({ personId: id, passphrase: 'p' }).success, id).toBe(false);
    }
    expect(INPUT_SCHEMAS.setupEnroll.safeParse({ personId: 'a'.repeat(64), passphrase: 'p' }).success).toBe(true);
  });

  it('enums come from the contract constants', () => {
    const bad = (patch: object) => INPUT_SCHEMAS.setupBegin.safeParse({ ...VALID.setupBegin, people: [{ ...people[0], ...patch }] }).success;
    expect(bad({ roles: ['admin'] })).toBe(false);
    expect(bad({ roles: [] })).toBe(false);
    expect(bad({ roles: ['custodian', 'custodian'] })).toBe(false);
    expect(bad({ function: 'finance' })).toBe(false);
    expect(INPUT_SCHEMAS.unsealRequest.safeParse({ ...VALID.unsealRequest, kind: 'reseal' }).success).toBe(false);
    expect(INPUT_SCHEMAS.unsealRequest.safeParse({ ...VALID.unsealRequest, request: { ...request, severity: 'sev0' } }).success).toBe(false);
    expect(INPUT_SCHEMAS.unsealReveal.safeParse({ ...VALID.unsealReveal, mode: 'print' }).success).toBe(false);
  });

  it('passphrase has a length limit and may not be empty', () => {
    const parse = (passphrase: string) => INPUT_SCHEMAS.kitVerify.safeParse({ kit: KIT, passphrase }).success;
    expect(parse('x'.repeat(MAX_PASSPHRASE_CHARS))).toBe(true);
    expect(parse('x'.repeat(MAX_PASSPHRASE_CHARS + 1))).toBe(false);
    expect(parse('')).toBe(false);
  });

  it('kit must be canonical base64', () => {
    for (const kit of ['', 'not base64!', 'QUJD=', 'QUI', 'QR==', 'QUJ=']) {
      expect(INPUT_SCHEMAS.kitVerify.safeParse({ kit, passphrase: 'p' }).success, kit).toBe(false);
    }
    expect(INPUT_SCHEMAS.kitVerify.safeParse({ kit: 'QQ==', passphrase: 'p' }).success).toBe(true);
  });

  it('file secret content is limited to 1.5 MiB of base64', () => {
    const file = (contentBase64: string) => INPUT_SCHEMAS.credentialDeposit.safeParse(withSecret({ kind: 'file', fileName: 'cert.p12', contentBase64 })).success;
    expect(file('A'.repeat(MAX_FILE_SECRET_BASE64_CHARS))).toBe(true);
    expect(file('A'.repeat(MAX_FILE_SECRET_BASE64_CHARS + 4))).toBe(false);
    expect(file('@@@@')).toBe(false);
  });

  it('secret must match its kind', () => {
    expect(INPUT_SCHEMAS.credentialDeposit.safeParse(withSecret({ kind: 'password', token: 'x' })).success).toBe(false);
    expect(INPUT_SCHEMAS.credentialDeposit.safeParse(withSecret({ kind: 'totp', seed: 'JBSWY3DPEHPK3PXP', digits: 5 })).success).toBe(false);
    expect(INPUT_SCHEMAS.credentialDeposit.safeParse(withSecret({ kind: 'totp', seed: 'JBSWY3DPEHPK3PXP', algorithm: 'MD5' })).success).toBe(false);
    expect(INPUT_SCHEMAS.credentialDeposit.safeParse(withSecret({ kind: 'totp', seed: 'JBSWY3DPEHPK3PXP', digits: 6, period: 30, algorithm: 'SHA256' })).success).toBe(true);
    expect(INPUT_SCHEMAS.credentialDeposit.safeParse(withSecret({ kind: 'recovery-codes', codes: [] })).success).toBe(false);
    expect(INPUT_SCHEMAS.credentialDeposit.safeParse(withSecret({ kind: 'smartcard', pin: '1234' })).success).toBe(false);
  });

  it('file names may not contain a directory part', () => {
    for (const suggestedName of ['../kit.bgkit', 'dir/kit.bgkit', 'C:\\kit.bgkit', '..', '.', '', 'a\0b']) {
      expect(INPUT_SCHEMAS.saveFile.safeParse({ suggestedName, contentBase64: KIT }).success, suggestedName).toBe(false);
    }
    expect(INPUT_SCHEMAS.saveFile.safeParse({ suggestedName: '.hidden kit (1).bgkit', contentBase64: KIT }).success).toBe(true);
  });

  it('saveFile accepts empty content but not broken base64', () => {
    expect(INPUT_SCHEMAS.saveFile.safeParse({ suggestedName: 'empty.txt', contentBase64: '' }).success).toBe(true);
    expect(INPUT_SCHEMAS.saveFile.safeParse({ suggestedName: 'x.txt', contentBase64: 'QUJ=' }).success).toBe(false);
  });

  it('numbers must be integers in range', () => {
    const duration = (durationMinutes: number) => INPUT_SCHEMAS.unsealRequest.safeParse({ ...VALID.unsealRequest, request: { ...request, durationMinutes } }).success;
    expect(duration(0)).toBe(false);
    expect(duration(1.5)).toBe(false);
    expect(duration(Number.NaN)).toBe(false);
    expect(duration(7 * 24 * 60 + 1)).toBe(false);
    expect(INPUT_SCHEMAS.logEntries.safeParse({ fromIndex: -1 }).success).toBe(false);
    expect(INPUT_SCHEMAS.logEntries.safeParse({ limit: 0 }).success).toBe(false);
  });

  it('requestHash must be lowercase SHA-256 hex', () => {
    for (const requestHash of ['A'.repeat(64), 'a'.repeat(63), 'g'.repeat(64)]) {
      expect(INPUT_SCHEMAS.unsealApprove.safeParse({ ...VALID.unsealApprove, requestHash }).success).toBe(false);
    }
  });

  it('scope lists each credential once', () => {
    const result = INPUT_SCHEMAS.unsealRequest.safeParse({ ...VALID.unsealRequest, request: { ...request, scope: [CREDENTIAL, CREDENTIAL] } });
    expect(result.success).toBe(false);
  });

  it('rekey passphrases are keyed by person id', () => {
    expect(INPUT_SCHEMAS.rekeyPrepare.safeParse({ ...VALID.rekeyPrepare, passphrases: { 'Not A Slug': 'p' } }).success).toBe(false);
    expect(INPUT_SCHEMAS.rekeyPrepare.safeParse({ ...VALID.rekeyPrepare, passphrases: { alice: '' } }).success).toBe(false);
  });
});

describe('isCanonicalBase64', () => {
  it.each([
    ['', true],
    ['QQ==', true],
    ['QUI=', true],
    ['QUJD', true],
    ['QR==', false],
    ['QUJ=', false],
    ['QUJD=', false],
    ['QU=D', false],
    ['QUJD\n', false],
    ['QUJ-', false],
  ])('%j is %s', (text, expected) => {
    expect(isCanonicalBase64(text)).toBe(expected);
  });

  it('agrees with Buffer re-encoding for every padded last character', () => {
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
    const mismatches: string[] = [];
    for (const last of alphabet) {
      for (const text of [`QU${last}=`, `Q${last}==`]) {
        const reEncodes = Buffer.from(text, 'base64').toString('base64') === text;
        if (isCanonicalBase64(text) !== reEncodes) mismatches.push(text);
      }
    }
    expect(mismatches).toEqual([]);
  });
});

describe('describeInputError', () => {
  it('names the field and never echoes the value', () => {
    const secret = 'S3cret-passphrase-value';
    const result = INPUT_SCHEMAS.kitVerify.safeParse({ kit: 'not base64!', passphrase: secret, extra: secret });
    expect(result.success).toBe(false);
    const message = describeInputError('kitVerify', result.error!);
    expect(message).toContain('Invalid input for kitVerify');
    expect(message).toContain('kit:');
    expect(message).not.toContain(secret);
    expect(message).not.toContain('not base64!');
  });

  it('caps the number of listed issues', () => {
    const result = INPUT_SCHEMAS.setupBegin.safeParse({ name: 1, people: 2, policies: 3, kdf: 4 });
    const message = describeInputError('setupBegin', result.error!, 2);
    expect(message).toContain('(and 2 more)');
  });
});
