// Rotation outside a ceremony: deposit a new version of an existing credential, signed by the
// depositor. Earlier versions stay sealed in the vault.
import { useState, type FormEvent } from 'react';
import { callApi, refreshVault } from '../api/call.js';
import { SelectField } from '../components/fields.js';
import { ScreenHeading } from '../components/ScreenHeading.js';
import { EMPTY_SECRET, KIND_LABELS, SecretFields, toSecretInput, type SecretDraft } from '../components/SecretFields.js';
import { SignerFields, useSigner } from '../components/SignerFields.js';
import { formatTime } from '../lib/format.js';
import { useAppStore } from '../store/index.js';

export function RotateScreen({ credentialId }: { credentialId: string }) {
  const credentials = useAppStore((state) => state.credentials);
  const busy = useAppStore((state) => state.busy);
  const setNotice = useAppStore((state) => state.setNotice);
  const navigate = useAppStore((state) => state.navigate);
  const [secret, setSecret] = useState<SecretDraft>(EMPTY_SECRET);
  const [formError, setFormError] = useState<string | null>(null);
  const signer = useSigner();
  const credential = credentials.find((c) => c.id === credentialId);

  if (!credential) {
    return (
      <>
        <ScreenHeading>Rotate a credential</ScreenHeading>
        <p>The credential {credentialId} was not found. Go back to the home screen and choose it again.</p>
      </>
    );
  }

  const rotate = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const secretInput = toSecretInput(credential.kind, secret);
    if (typeof secretInput === 'string') return setFormError(secretInput);
    if (!signer.signer) return setFormError('Load your kit file and enter your passphrase to sign the rotation.');
    setFormError(null);

    const rotated = await callApi('credentialRotate', { signer: signer.signer, credentialId: credential.id, secret: secretInput });
    if (!rotated) return;
    signer.reset();
    setSecret(EMPTY_SECRET);
    setNotice(`Rotated ${rotated.label}: now version ${rotated.currentVersion}.`);
    await refreshVault();
  };

  return (
    <>
      <ScreenHeading>Rotate {credential.label}</ScreenHeading>
      <SelectField
        label="Credential"
        value={credential.id}
        onChange={(id) => navigate({ screen: 'rotate', credentialId: id })}
        options={credentials.map((c) => ({ value: c.id, label: `${c.label} (${c.system})` }))}
      />
      <section className="card" aria-labelledby="versions-heading">
        <h2 id="versions-heading">Versions</h2>
        <p>
          {KIND_LABELS[credential.kind]} for {credential.account} on {credential.system}. Runbook: {credential.runbook || 'none recorded'}
        </p>
        <ul className="plain">
          {credential.versions.map((version) => (
            <li key={version.version}>
              v{version.version}, deposited by {version.depositedBy} on {formatTime(version.depositedAt)} (epoch {version.epoch})
            </li>
          ))}
        </ul>
      </section>
      <form className="card" onSubmit={(event) => void rotate(event)} aria-label={`Rotate ${credential.label}`}>
        <fieldset>
          <legend>New secret</legend>
          <SecretFields kind={credential.kind} draft={secret} onChange={setSecret} />
        </fieldset>
        <SignerFields legend="Depositor" state={signer} />
        {formError ? (
          <p className="inline-error" role="alert">
            {formError}
          </p>
        ) : null}
        <button type="submit" disabled={busy !== null}>
          Rotate credential
        </button>
      </form>
    </>
  );
}
