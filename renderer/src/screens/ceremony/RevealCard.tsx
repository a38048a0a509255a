// One credential in scope of an unsealed ceremony. "Reveal" and "Copy" each sign a reveal entry
// that the core logs before it returns the secret. A shown secret is masked until the user
// presses "Show"; copied text goes through the desktop clipboard, which clears it after a delay.
// The revealed value lives only in this component's state and is dropped when it unmounts.
import { useEffect, useState } from 'react';
import type { CeremonyView, CredentialView, RevealedSecret, SecretInput } from '../../../../shared/api/contract.js';
import { callApi } from '../../api/call.js';
import { useNow } from '../../components/Countdown.js';
import { KIND_LABELS } from '../../components/SecretFields.js';
import type { SignerState } from '../../components/SignerFields.js';
import { totpCodeAt } from '../../lib/totp.js';
import { useAppStore } from '../../store/index.js';

const MASK = '••••••••••••';

function secretFields(secret: SecretInput): Array<{ name: string; value: string; multiline?: boolean }> {
  switch (secret.kind) {
    case 'password':
      return [{ name: 'Password', value: secret.password }];
    case 'api-token':
      return [{ name: 'API token', value: secret.token }];
    case 'ssh-key':
      return [{ name: 'Private key', value: secret.privateKey, multiline: true }, ...(secret.keyPassphrase ? [{ name: 'Key passphrase', value: secret.keyPassphrase }] : [])];
    case 'certificate':
      return [
        { name: 'Certificate', value: secret.certificate, multiline: true },
        { name: 'Private key', value: secret.privateKey, multiline: true },
      ];
    case 'totp':
      return [{ name: 'Seed', value: secret.seed }];
    case 'recovery-codes':
      return [{ name: 'Recovery codes', value: secret.codes.join('\n'), multiline: true }];
    case 'file':
      return [{ name: 'File name', value: secret.fileName }];
  }
}

/** Returns the text that "Copy" puts on the clipboard: the value the IC types or pastes. */
function copyText(secret: SecretInput, nowMs: number): string {
  switch (secret.kind) {
    case 'password':
      return secret.password;
    case 'api-token':
      return secret.token;
    case 'ssh-key':
      return secret.privateKey;
    case 'certificate':
      return secret.privateKey;
    case 'totp':
      return totpCodeAt(secret, nowMs).code;
    case 'recovery-codes':
      return secret.codes.join('\n');
    case 'file':
      return secret.contentBase64;
  }
}

function TotpLive({ secret, shown, label }: { secret: Extract<SecretInput, { kind: 'totp' }>; shown: boolean; label: string }) {
  const now = useNow(1000);
  const { code, secondsLeft } = totpCodeAt(secret, now);
  return (
    <p className="totp">
      Current code:{' '}
      <output className="secret-value totp-code" aria-label={`Current code for ${label}`} data-testid="totp-code">
        {shown ? code : MASK}
      </output>{' '}
      <span className="hint">(next code in {secondsLeft} s)</span>
    </p>
  );
}

function ClipboardTimer({ until }: { until: number }) {
  const now = useNow(1000);
  const left = Math.max(0, Math.ceil((until - now) / 1000));
  return <span className="hint">{left > 0 ? `Clipboard clears in ${left} s.` : 'Clipboard cleared.'}</span>;
}

export function RevealCard(props: { ceremony: CeremonyView; credential: CredentialView; signer: SignerState; onRevealed: () => void }) {
  const { ceremony, credential, signer } = props;
  const busy = useAppStore((state) => state.busy);
  const setNotice = useAppStore((state) => state.setNotice);
  const [revealed, setRevealed] = useState<RevealedSecret | null>(null);
  const [shown, setShown] = useState(false);
  const [clipboardUntil, setClipboardUntil] = useState<number | null>(null);

  useEffect(() => () => setRevealed(null), []);

  const reveal = async (mode: 'show' | 'copy'): Promise<void> => {
    if (!signer.signer) return;
    const result = await callApi('unsealReveal', { ceremonyId: ceremony.id, credentialId: credential.id, mode, signer: signer.signer });
    if (!result) return;
    signer.clearPassphrase();
    props.onRevealed();

    if (mode === 'show') {
      setRevealed(result);
      setShown(false);
      setNotice(`${credential.label} v${result.version} revealed and logged (entry ${result.logIndex}). Press Show to display it.`);
      return;
    }

    if (result.secret.kind === 'file') {
      const saved = await callApi('saveFile', { suggestedName: result.secret.fileName, contentBase64: result.secret.contentBase64 });
      if (saved?.saved) setNotice(`${credential.label} saved to ${saved.path ?? 'the chosen file'}.`);
      return;
    }
    const copied = await callApi('copyToClipboard', { text: copyText(result.secret, Date.now()) });
    if (!copied) return;
    setClipboardUntil(Date.now() + copied.clearAfterSeconds * 1000);
    setNotice(`${credential.label} copied to the clipboard. It clears in ${copied.clearAfterSeconds} s.`);
  };

  return (
    <article className="reveal-card" aria-labelledby={`cred-${credential.id}`} data-testid={`reveal-${credential.id}`}>
      <h3 id={`cred-${credential.id}`}>{credential.label}</h3>
      <p className="hint">
        {KIND_LABELS[credential.kind]}, {credential.account} on {credential.system}, v{credential.currentVersion}
        {credential.username ? `, user ${credential.username}` : ''}
        {credential.url ? `, ${credential.url}` : ''}
      </p>
      <div className="actions">
        <button type="button" disabled={busy !== null || !signer.signer} onClick={() => void reveal('show')}>
          Reveal {credential.label}
        </button>
        <button type="button" className="secondary" disabled={busy !== null || !signer.signer} onClick={() => void reveal('copy')}>
          Copy {credential.label}
        </button>
      </div>
      {clipboardUntil ? <ClipboardTimer until={clipboardUntil} /> : null}
      {revealed ? (
        <div className="revealed">
          {secretFields(revealed.secret).map((field) => (
            <div key={field.name} className="secret-field">
              <span className="secret-name">{field.name}</span>
              <output className={field.multiline && shown ? 'secret-value multiline' : 'secret-value'} aria-label={`${field.name} of ${credential.label}`}>
                {shown ? field.value : MASK}
              </output>
            </div>
          ))}
          {revealed.secret.kind === 'totp' ? <TotpLive secret={revealed.secret} shown={shown} label={credential.label} /> : null}
          <div className="actions">
            <button type="button" className="secondary" aria-pressed={shown} onClick={() => setShown(!shown)}>
              Show {credential.label}
            </button>
            <button
              type="button"
              className="link"
              onClick={() => {
                setRevealed(null);
                setShown(false);
              }}
            >
              Forget {credential.label}
            </button>
          </div>
        </div>
      ) : null}
    </article>
  );
}
