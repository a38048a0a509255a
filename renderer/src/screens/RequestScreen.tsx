// The request that opens a ceremony: an unseal (with scope), a drill (reveals nothing) or a rekey.
// The request is signed by the requester's kit; approvals then bind to its hash.
import { useState, type FormEvent } from 'react';
import { SEVERITIES, type CeremonyKind, type Severity } from '../../../shared/api/contract.js';
import { callApi, refreshVault } from '../api/call.js';
import { CheckboxField, NumberField, SelectField, TextArea, TextField } from '../components/fields.js';
import { ScreenHeading } from '../components/ScreenHeading.js';
import { KIND_LABELS } from '../components/SecretFields.js';
import { SignerFields, useSigner } from '../components/SignerFields.js';
import { useAppStore } from '../store/index.js';

const TITLES: Record<CeremonyKind, string> = {
  unseal: 'Request an unseal',
  drill: 'Run a drill',
  rekey: 'Request a rekey',
};

const SUBMIT_LABELS: Record<CeremonyKind, string> = {
  unseal: 'Sign and submit request',
  drill: 'Start drill',
  rekey: 'Request rekey',
};

const DEFAULT_DURATION_MINUTES: Record<CeremonyKind, number> = { unseal: 60, drill: 15, rekey: 30 };

export function RequestScreen({ kind }: { kind: CeremonyKind }) {
  const status = useAppStore((state) => state.status);
  const credentials = useAppStore((state) => state.credentials);
  const busy = useAppStore((state) => state.busy);
  const navigate = useAppStore((state) => state.navigate);
  const putCeremony = useAppStore((state) => state.putCeremony);
  const policies = status?.policies ?? [];
  const [ticket, setTicket] = useState('');
  const [reason, setReason] = useState(kind === 'drill' ? 'Scheduled drill: prove every kit still works and the quorum opens the vault.' : '');
  const [severity, setSeverity] = useState<Severity>(kind === 'unseal' ? 'sev1' : 'sev4');
  const [scope, setScope] = useState<string[]>([]);
  const [duration, setDuration] = useState(String(DEFAULT_DURATION_MINUTES[kind]));
  const [policyId, setPolicyId] = useState(policies.find((p) => !p.fastPath)?.id ?? policies[0]?.id ?? '');
  const [formError, setFormError] = useState<string | null>(null);
  const signer = useSigner();

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!ticket.trim()) return setFormError('Enter the ticket id of the incident or change.');
    if (!reason.trim()) return setFormError('Enter the reason for the request.');
    if (kind === 'unseal' && scope.length === 0) return setFormError('Choose at least one credential in scope.');
    if (!signer.signer) return setFormError('Load your kit file and enter your passphrase to sign the request.');
    setFormError(null);

    const ceremony = await callApi('unsealRequest', {
      signer: signer.signer,
      kind,
      request: { ticket: ticket.trim(), reason: reason.trim(), severity, scope: kind === 'unseal' ? scope : [], durationMinutes: Number(duration), policyId },
    });
    if (!ceremony) return;
    signer.reset();
    putCeremony(ceremony);
    await refreshVault();
    navigate({ screen: 'ceremony', ceremonyId: ceremony.id });
  };

  return (
    <>
      <ScreenHeading>{TITLES[kind]}</ScreenHeading>
      <form className="card" onSubmit={(event) => void submit(event)} aria-label={TITLES[kind]}>
        <div className="row">
          <TextField label="Ticket" value={ticket} onChange={setTicket} />
          <SelectField label="Severity" value={severity} onChange={(value) => setSeverity(value as Severity)} options={SEVERITIES.map((s) => ({ value: s, label: s.toUpperCase() }))} />
          <NumberField label="Duration (minutes)" min={1} value={duration} onChange={setDuration} />
        </div>
        <TextArea label="Reason" value={reason} onChange={setReason} />
        <SelectField
          label="Policy"
          value={policyId}
          onChange={setPolicyId}
          options={policies.map((p) => ({ value: p.id, label: p.fastPath ? `${p.name} (fast path)` : p.name }))}
          hint={policies.find((p) => p.id === policyId)?.fastPath ? 'Fast path: you are asking for the emergency policy explicitly; it is logged as such.' : undefined}
        />
        {kind === 'unseal' ? (
          <fieldset>
            <legend>Scope: credentials you may reveal</legend>
            {credentials.length === 0 ? <p>No credential deposited yet.</p> : null}
            {credentials.map((credential) => (
              <CheckboxField
                key={credential.id}
                label={`${credential.label} (${KIND_LABELS[credential.kind]}, ${credential.system})`}
                checked={scope.includes(credential.id)}
                onChange={(on) => setScope(on ? [...scope, credential.id] : scope.filter((id) => id !== credential.id))}
              />
            ))}
          </fieldset>
        ) : (
          <p className="hint">A {kind} reveals no credential: its scope is empty.</p>
        )}
        <SignerFields legend={kind === 'unseal' ? 'Incident commander' : 'Requested by'} state={signer} />
        {formError ? (
          <p className="inline-error" role="alert">
            {formError}
          </p>
        ) : null}
        <button type="submit" disabled={busy !== null}>
          {SUBMIT_LABELS[kind]}
        </button>
      </form>
    </>
  );
}
