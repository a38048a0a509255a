// Deposit: add a credential without unsealing. Metadata stays readable while sealed. The core
// seals the secret to the vault public key, and the depositor's kit signs the deposit.
import { useState, type FormEvent } from 'react';
import { CREDENTIAL_KINDS, type CredentialKind } from '../../../shared/api/contract.js';
import { callApi, refreshVault } from '../api/call.js';
import { SelectField, TextArea, TextField } from '../components/fields.js';
import { ScreenHeading } from '../components/ScreenHeading.js';
import { EMPTY_SECRET, KIND_LABELS, SecretFields, toSecretInput, type SecretDraft } from '../components/SecretFields.js';
import { SignerFields, useSigner } from '../components/SignerFields.js';
import { useAppStore } from '../store/index.js';

interface MetadataDraft {
  label: string;
  system: string;
  account: string;
  kind: CredentialKind;
  owner: string;
  runbook: string;
  tags: string;
  url: string;
  username: string;
}

const EMPTY_METADATA: MetadataDraft = { label: '', system: '', account: '', kind: 'password', owner: '', runbook: '', tags: '', url: '', username: '' };

export function DepositScreen() {
  const busy = useAppStore((state) => state.busy);
  const setNotice = useAppStore((state) => state.setNotice);
  const [metadata, setMetadata] = useState<MetadataDraft>(EMPTY_METADATA);
  const [secret, setSecret] = useState<SecretDraft>(EMPTY_SECRET);
  const [formError, setFormError] = useState<string | null>(null);
  const signer = useSigner();

  const patch = (values: Partial<MetadataDraft>): void => setMetadata({ ...metadata, ...values });

  const deposit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const secretInput = toSecretInput(metadata.kind, secret);
    if (typeof secretInput === 'string') return setFormError(secretInput);
    if (!metadata.label.trim() || !metadata.system.trim()) return setFormError('Enter at least a label and a system.');
    if (!signer.signer) return setFormError('Load your kit file and enter your passphrase to sign the deposit.');
    setFormError(null);

    const tags = metadata.tags.split(',').map((tag) => tag.trim()).filter(Boolean);
    const credential = await callApi('credentialDeposit', {
      signer: signer.signer,
      metadata: {
        label: metadata.label.trim(),
        system: metadata.system.trim(),
        account: metadata.account.trim(),
        kind: metadata.kind,
        owner: metadata.owner.trim(),
        runbook: metadata.runbook.trim(),
        tags,
        ...(metadata.kind === 'password' && metadata.url.trim() ? { url: metadata.url.trim() } : {}),
        ...(metadata.kind === 'password' && metadata.username.trim() ? { username: metadata.username.trim() } : {}),
      },
      secret: secretInput,
    });
    if (!credential) return;

    signer.reset();
    setSecret(EMPTY_SECRET);
    setMetadata(EMPTY_METADATA);
    setNotice(`Deposited ${credential.label} (version ${credential.currentVersion}).`);
    await refreshVault();
  };

  return (
    <>
      <ScreenHeading>Deposit a credential</ScreenHeading>
      <form className="card" onSubmit={(event) => void deposit(event)} aria-label="Deposit a credential">
        <fieldset>
          <legend>Metadata (readable while sealed)</legend>
          <div className="row">
            <TextField label="Label" value={metadata.label} onChange={(label) => patch({ label })} />
            <TextField label="System" value={metadata.system} onChange={(system) => patch({ system })} />
            <TextField label="Account" value={metadata.account} onChange={(account) => patch({ account })} />
          </div>
          <div className="row">
            <SelectField
              label="Kind"
              value={metadata.kind}
              onChange={(kind) => {
                patch({ kind: kind as CredentialKind });
                setSecret(EMPTY_SECRET);
              }}
              options={CREDENTIAL_KINDS.map((kind) => ({ value: kind, label: KIND_LABELS[kind] }))}
            />
            <TextField label="Owner" value={metadata.owner} onChange={(owner) => patch({ owner })} />
            <TextField label="Tags" value={metadata.tags} onChange={(tags) => patch({ tags })} hint="Comma-separated." />
          </div>
          {metadata.kind === 'password' ? (
            <div className="row">
              <TextField label="Login URL" value={metadata.url} onChange={(url) => patch({ url })} />
              <TextField label="User name" value={metadata.username} onChange={(username) => patch({ username })} />
            </div>
          ) : null}
          <TextArea label="Rotation runbook" value={metadata.runbook} onChange={(runbook) => patch({ runbook })} hint="How to rotate this credential after use." />
        </fieldset>
        <fieldset>
          <legend>Secret (sealed on deposit)</legend>
          <SecretFields kind={metadata.kind} draft={secret} onChange={setSecret} />
        </fieldset>
        <SignerFields legend="Depositor" state={signer} hint="Anyone enrolled may deposit; the deposit is signed with your kit." />
        {formError ? (
          <p className="inline-error" role="alert">
            {formError}
          </p>
        ) : null}
        <button type="submit" disabled={busy !== null}>
          Deposit credential
        </button>
      </form>
    </>
  );
}
