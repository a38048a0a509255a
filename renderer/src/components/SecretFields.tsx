// Inputs for the secret part of a credential, one layout per kind of SecretInput. The values stay
// in the state of the form that renders this and are dropped after the deposit or rotation.
import type { CredentialKind, SecretInput } from '../../../shared/api/contract.js';
import { fileToBase64 } from '../lib/base64.js';
import { DEFAULT_TOTP_DIGITS, DEFAULT_TOTP_PERIOD_SECONDS } from '../lib/totp.js';
import { FileField, NumberField, SelectField, TextArea, TextField } from './fields.js';

export interface SecretDraft {
  password: string;
  token: string;
  privateKey: string;
  keyPassphrase: string;
  certificate: string;
  seed: string;
  digits: string;
  period: string;
  algorithm: 'SHA1' | 'SHA256' | 'SHA512';
  codes: string;
  fileName: string;
  contentBase64: string;
}

export const EMPTY_SECRET: SecretDraft = {
  password: '',
  token: '',
  privateKey: '',
  keyPassphrase: '',
  certificate: '',
  seed: '',
  digits: String(DEFAULT_TOTP_DIGITS),
  period: String(DEFAULT_TOTP_PERIOD_SECONDS),
  algorithm: 'SHA1',
  codes: '',
  fileName: '',
  contentBase64: '',
};

export const KIND_LABELS: Record<CredentialKind, string> = {
  password: 'Password',
  'api-token': 'API token',
  'ssh-key': 'SSH key',
  certificate: 'Certificate and key',
  totp: 'TOTP seed',
  'recovery-codes': 'Recovery codes',
  file: 'File',
};

/** Builds the SecretInput for `kind`, or returns the sentence that says which field is missing. */
export function toSecretInput(kind: CredentialKind, draft: SecretDraft): SecretInput | string {
  switch (kind) {
    case 'password':
      return draft.password ? { kind, password: draft.password } : 'Enter the password.';
    case 'api-token':
      return draft.token.trim() ? { kind, token: draft.token.trim() } : 'Enter the API token.';
    case 'ssh-key':
      if (!draft.privateKey.trim()) return 'Paste the SSH private key.';
      return draft.keyPassphrase ? { kind, privateKey: draft.privateKey, keyPassphrase: draft.keyPassphrase } : { kind, privateKey: draft.privateKey };
    case 'certificate':
      if (!draft.certificate.trim() || !draft.privateKey.trim()) return 'Paste both the certificate and its private key.';
      return { kind, certificate: draft.certificate, privateKey: draft.privateKey };
    case 'totp': {
      const seed = draft.seed.replace(/\s+/g, '').toUpperCase();
      if (!/^[A-Z2-7]+=*$/.test(seed)) return 'Enter the TOTP seed in base32 (letters A to Z and digits 2 to 7).';
      return { kind, seed, digits: Number(draft.digits), period: Number(draft.period), algorithm: draft.algorithm };
    }
    case 'recovery-codes': {
      const codes = draft.codes.split('\n').map((code) => code.trim()).filter(Boolean);
      return codes.length ? { kind, codes } : 'Enter at least one recovery code, one per line.';
    }
    case 'file':
      return draft.contentBase64 ? { kind, fileName: draft.fileName, contentBase64: draft.contentBase64 } : 'Choose the file to seal.';
  }
}

export function SecretFields({ kind, draft, onChange }: { kind: CredentialKind; draft: SecretDraft; onChange: (draft: SecretDraft) => void }) {
  const patch = (values: Partial<SecretDraft>): void => onChange({ ...draft, ...values });

  switch (kind) {
    case 'password':
      return <TextField label="Password" type="password" value={draft.password} onChange={(password) => patch({ password })} />;
    case 'api-token':
      return <TextField label="API token" type="password" value={draft.token} onChange={(token) => patch({ token })} />;
    case 'ssh-key':
      return (
        <>
          <TextArea label="SSH private key" monospace rows={6} value={draft.privateKey} onChange={(privateKey) => patch({ privateKey })} />
          <TextField label="Key passphrase (optional)" type="password" value={draft.keyPassphrase} onChange={(keyPassphrase) => patch({ keyPassphrase })} />
        </>
      );
    case 'certificate':
      return (
        <>
          <TextArea label="Certificate (PEM)" monospace rows={6} value={draft.certificate} onChange={(certificate) => patch({ certificate })} />
          <TextArea label="Private key (PEM)" monospace rows={6} value={draft.privateKey} onChange={(privateKey) => patch({ privateKey })} />
        </>
      );
    case 'totp':
      return (
        <>
          <TextField label="TOTP seed (base32)" type="password" value={draft.seed} onChange={(seed) => patch({ seed })} />
          <div className="row">
            <NumberField label="Digits" min={6} max={8} value={draft.digits} onChange={(digits) => patch({ digits })} />
            <NumberField label="Period (seconds)" min={10} max={120} value={draft.period} onChange={(period) => patch({ period })} />
            <SelectField
              label="Algorithm"
              value={draft.algorithm}
              onChange={(algorithm) => patch({ algorithm: algorithm as SecretDraft['algorithm'] })}
              options={[
                { value: 'SHA1', label: 'SHA-1' },
                { value: 'SHA256', label: 'SHA-256' },
                { value: 'SHA512', label: 'SHA-512' },
              ]}
            />
          </div>
        </>
      );
    case 'recovery-codes':
      return <TextArea label="Recovery codes (one per line)" monospace rows={6} value={draft.codes} onChange={(codes) => patch({ codes })} />;
    case 'file':
      return (
        <>
          <FileField
            label="File to seal"
            onFile={(file) => {
              if (!file) {
                patch({ fileName: '', contentBase64: '' });
                return;
              }
              void fileToBase64(file).then((contentBase64) => patch({ fileName: file.name, contentBase64 }));
            }}
          />
          {draft.fileName ? <p className="hint">Chosen: {draft.fileName}</p> : null}
        </>
      );
  }
}
