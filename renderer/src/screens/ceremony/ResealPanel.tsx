// Reseal: each revealed credential is rotated (new version deposited) or waived with a reason,
// a custodian who revealed nothing attests that access is back to dormant, then the ceremony
// closes. The core enforces every rule; the form only guides.
import { useState, type FormEvent } from 'react';
import type { CeremonyView } from '../../../../shared/api/contract.js';
import { callApi } from '../../api/call.js';
import { SelectField, TextArea } from '../../components/fields.js';
import { EMPTY_SECRET, SecretFields, toSecretInput, type SecretDraft } from '../../components/SecretFields.js';
import { SignerFields, useSigner } from '../../components/SignerFields.js';
import { useAppStore } from '../../store/index.js';

const DEFAULT_STATEMENT =
  'Access is back to dormant: every revealed credential was rotated or waived, sessions opened with them are revoked, and accounts are disabled where applicable.';

export function ResealPanel({ ceremony, onUpdate }: { ceremony: CeremonyView; onUpdate: (ceremony: CeremonyView) => void }) {
  const credentials = useAppStore((state) => state.credentials);
  const busy = useAppStore((state) => state.busy);
  const setNotice = useAppStore((state) => state.setNotice);
  const resolver = useSigner();
  const attestor = useSigner();
  const pending = ceremony.reseal.filter((item) => item.status === 'pending');
  const [credentialId, setCredentialId] = useState('');
  const [resolution, setResolution] = useState<'rotate' | 'waive'>('rotate');
  const [secret, setSecret] = useState<SecretDraft>(EMPTY_SECRET);
  const [waiverReason, setWaiverReason] = useState('');
  const [statement, setStatement] = useState(DEFAULT_STATEMENT);
  const [formError, setFormError] = useState<string | null>(null);

  const labelOf = (id: string): string => credentials.find((c) => c.id === id)?.label ?? id;
  const selectedId = pending.some((p) => p.credentialId === credentialId) ? credentialId : (pending[0]?.credentialId ?? '');
  const selected = credentials.find((c) => c.id === selectedId);
  const ready = pending.length === 0 && ceremony.attestation !== null;

  const resolve = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!selected) return;
    if (!resolver.signer) return setFormError('Load your kit file and enter your passphrase to sign.');
    let next: CeremonyView | null;
    if (resolution === 'rotate') {
      const secretInput = toSecretInput(selected.kind, secret);
      if (typeof secretInput === 'string') return setFormError(secretInput);
      setFormError(null);
      next = await callApi('resealRotate', { ceremonyId: ceremony.id, credentialId: selected.id, signer: resolver.signer, secret: secretInput });
    } else {
      if (!waiverReason.trim()) return setFormError('Give the reason for the waiver.');
      setFormError(null);
      next = await callApi('resealWaive', { ceremonyId: ceremony.id, credentialId: selected.id, signer: resolver.signer, reason: waiverReason.trim() });
    }
    if (!next) return;
    resolver.clearPassphrase();
    setSecret(EMPTY_SECRET);
    setWaiverReason('');
    setCredentialId('');
    setNotice(resolution === 'rotate' ? `${selected.label} rotated.` : `${selected.label} waived.`);
    onUpdate(next);
  };

  const attest = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!attestor.signer || !statement.trim()) return;
    const next = await callApi('resealAttest', { ceremonyId: ceremony.id, signer: attestor.signer, statement: statement.trim() });
    if (!next) return;
    attestor.reset();
    setNotice('Dormancy attestation signed.');
    onUpdate(next);
  };

  const close = async (): Promise<void> => {
    const next = await callApi('resealClose', { ceremonyId: ceremony.id });
    if (!next) return;
    setNotice('Ceremony closed. The vault is dormant again if no other exception is open.');
    onUpdate(next);
  };

  return (
    <>
      <section className="card" aria-labelledby="reseal-heading">
        <h2 id="reseal-heading">Reseal</h2>
        {ceremony.reseal.length === 0 ? <p>No credential was revealed: nothing to rotate or waive.</p> : null}
        <ul className="plain" data-testid="reseal-status">
          {ceremony.reseal.map((item) => (
            <li key={item.credentialId}>
              {labelOf(item.credentialId)}:{' '}
              {item.status === 'pending' ? <span className="badge badge-warn">pending</span> : null}
              {item.status === 'rotated' ? <span className="badge badge-ok">rotated to v{item.version}</span> : null}
              {item.status === 'waived' ? <span className="badge badge-ok">waived: {item.reason}</span> : null}
            </li>
          ))}
        </ul>
      </section>

      {selected ? (
        <form className="card" onSubmit={(event) => void resolve(event)} aria-labelledby="resolve-heading">
          <h2 id="resolve-heading">Rotate or waive a revealed credential</h2>
          <div className="row">
            <SelectField label="Revealed credential" value={selectedId} onChange={setCredentialId} options={pending.map((p) => ({ value: p.credentialId, label: labelOf(p.credentialId) }))} />
            <SelectField
              label="Resolution"
              value={resolution}
              onChange={(value) => setResolution(value as 'rotate' | 'waive')}
              options={[
                { value: 'rotate', label: 'Rotate: deposit a new version' },
                { value: 'waive', label: 'Waive, with a reason' },
              ]}
            />
          </div>
          {resolution === 'rotate' ? (
            <fieldset>
              <legend>New secret for {selected.label}</legend>
              <SecretFields kind={selected.kind} draft={secret} onChange={setSecret} />
            </fieldset>
          ) : (
            <TextArea label="Waiver reason" value={waiverReason} onChange={setWaiverReason} />
          )}
          <SignerFields legend="Signed by" state={resolver} />
          {formError ? (
            <p className="inline-error" role="alert">
              {formError}
            </p>
          ) : null}
          <button type="submit" disabled={busy !== null}>
            {resolution === 'rotate' ? 'Sign rotation' : 'Sign waiver'}
          </button>
        </form>
      ) : null}

      {ceremony.attestation === null ? (
        <form className="card" onSubmit={(event) => void attest(event)} aria-labelledby="attest-heading">
          <h2 id="attest-heading">Dormancy attestation</h2>
          <p className="hint">A custodian who revealed nothing in this ceremony signs that access is back to dormant.</p>
          <TextArea label="Attestation statement" value={statement} onChange={setStatement} rows={3} />
          <SignerFields legend="Attesting custodian" state={attestor} />
          <button type="submit" disabled={busy !== null || !attestor.signer}>
            Sign dormancy attestation
          </button>
        </form>
      ) : null}

      <section className="card" aria-labelledby="close-heading">
        <h2 id="close-heading">Close</h2>
        <p>{ready ? 'Every revealed credential is resolved and dormancy is attested.' : 'Closing needs every revealed credential rotated or waived, and the dormancy attestation.'}</p>
        <button type="button" disabled={busy !== null || !ready} onClick={() => void close()}>
          Close ceremony
        </button>
      </section>
    </>
  );
}
