// One valid secret and metadata per credential kind, for the credential and vault-core tests.
import type { CredentialKind, CredentialMetadataInput, SecretInput } from '../../../shared/api/contract.js';
import { toBase64 } from '../../../shared/util/bytes.js';

/** File content that starts with zero bytes, to check it round-trips exactly. */
export const ZERO_LEADING_FILE = Uint8Array.from([0, 0, 0, 1, 2, 255, 0, 7]);

export const SAMPLE_SECRETS: Record<CredentialKind, SecretInput> = {
  password: { kind: 'password', password: 'p@ss wörd ✓' },
  'api-token': { kind: 'api-token', token: 'tok_live_1234567890' },
  'ssh-key': { kind: 'ssh-key', privateKey: '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n', keyPassphrase: 'key pass' },
  certificate: { kind: 'certificate', certificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n', privateKey: '-----BEGIN PRIVATE KEY-----\nMIIE\n-----END PRIVATE KEY-----\n' },
  totp: { kind: 'totp', seed: 'JBSWY3DPEHPK3PXP', digits: 6, period: 30, algorithm: 'SHA1' },
  'recovery-codes': { kind: 'recovery-codes', codes: ['aaaa-bbbb', 'cccc-dddd'] },
  file: { kind: 'file', fileName: 'hsm-pin.bin', contentBase64: toBase64(ZERO_LEADING_FILE) },
};

export function sampleMetadata(kind: CredentialKind): CredentialMetadataInput {
  const metadata: CredentialMetadataInput = { label: `Sample ${kind}`, system: 'idp.example.com', account: 'breakglass-admin', kind, owner: 'Identity team', runbook: 'Rotate in the admin console.', tags: ['tier0'] };
  if (kind === 'password') {
    metadata.url = 'https://idp.example.com/admin';
    metadata.username = 'bg-admin';
  }
  return metadata;
}
