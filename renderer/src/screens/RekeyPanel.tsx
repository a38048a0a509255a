// Rekey: after a rekey request is approved, prepare a new epoch (new vault key, new kits, each
// with a new passphrase), have every holder confirm their new kit, then activate. Until
// activation the old epoch still works; a person left out of the new epoch keeps no kit that
// works after it.
import { useMemo, useState, type FormEvent } from 'react';
import type { CeremonyView, PersonInput, PolicyInput, VaultStatus } from '../../../shared/api/contract.js';
import { callApi, refreshVault } from '../api/call.js';
import { CheckboxField, TextArea, TextField } from '../components/fields.js';
import { SignerFields, useSigner } from '../components/SignerFields.js';
import { StrengthMeter } from '../components/StrengthMeter.js';
import { estimateStrength, MIN_PASSPHRASE_SCORE } from '../lib/strength.js';
import { useAppStore } from '../store/index.js';

/** People and policies of the new epoch: removed people are taken out of every group. */
function nextEpochStructure(status: VaultStatus, removed: Set<string>): { people: PersonInput[]; policies: PolicyInput[] } {
  const people: PersonInput[] = status.people
    .filter((p) => !removed.has(p.id))
    .map(({ id, name, roles, function: fn, sponsorId }) => ({ id, name, roles, ...(fn ? { function: fn } : {}), ...(sponsorId ? { sponsorId } : {}) }));
  const policies: PolicyInput[] = status.policies.map((policy) => {
    const groups = policy.groups
      .map((group) => {
        const members = group.members.filter((id) => !removed.has(id));
        return { ...group, members, threshold: Math.min(group.threshold, members.length) };
      })
      .filter((group) => group.members.length > 0);
    return { ...policy, groups, groupThreshold: Math.min(policy.groupThreshold, groups.length) };
  });
  return { people, policies };
}

function rekeyProgressText(person: { kitIssued: boolean; confirmed: boolean }): string {
  if (person.confirmed) return 'new kit confirmed';
  if (person.kitIssued) return 'kit issued, waiting for confirmation';
  return 'no kit';
}

function PrepareForm({ status, ceremony }: { status: VaultStatus; ceremony: CeremonyView }) {
  const busy = useAppStore((state) => state.busy);
  const setNotice = useAppStore((state) => state.setNotice);
  const [removed, setRemoved] = useState<Set<string>>(new Set());
  const [passphrases, setPassphrases] = useState<Record<string, { value: string; confirm: string }>>({});
  const [formError, setFormError] = useState<string | null>(null);
  const structure = useMemo(() => nextEpochStructure(status, removed), [status, removed]);

  const setPassphrase = (id: string, patch: Partial<{ value: string; confirm: string }>): void =>
    setPassphrases({ ...passphrases, [id]: { value: '', confirm: '', ...passphrases[id], ...patch } });

  const prepare = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const chosen: Record<string, string> = {};
    for (const person of structure.people) {
      const entry = passphrases[person.id];
      if (!entry?.value) return setFormError(`Enter a new passphrase for ${person.name}.`);
      if (entry.value !== entry.confirm) return setFormError(`The two passphrases for ${person.name} differ: type the same passphrase twice.`);
      if (estimateStrength(entry.value, [person.name, person.id]).score < MIN_PASSPHRASE_SCORE) {
        return setFormError(`The passphrase for ${person.name} is too weak: use a longer passphrase of several unrelated words.`);
      }
      chosen[person.id] = entry.value;
    }
    setFormError(null);

    const result = await callApi('rekeyPrepare', { ceremonyId: ceremony.id, people: structure.people, policies: structure.policies, passphrases: chosen });
    if (!result) return;
    setPassphrases({});

    const saved: string[] = [];
    for (const [personId, kit] of Object.entries(result.kits)) {
      const file = await callApi('saveFile', { suggestedName: kit.fileName, contentBase64: kit.kit });
      if (file?.saved) saved.push(personId);
    }
    setNotice(`New kits for epoch ${result.rekey.newEpoch} saved for ${saved.length} of ${Object.keys(result.kits).length} people. Each holder now confirms their new kit.`);
    await refreshVault();
  };

  return (
    <form className="card" onSubmit={(event) => void prepare(event)} aria-labelledby="prepare-heading">
      <h2 id="prepare-heading">Prepare the new epoch</h2>
      <p className="hint">Each person chooses a new passphrase for their new kit. Remove anyone who must lose access; their groups shrink accordingly.</p>
      {status.people.map((person) => (
        <fieldset key={person.id}>
          <legend>{person.name}</legend>
          <CheckboxField
            label={`Remove ${person.name} in the new epoch`}
            checked={removed.has(person.id)}
            onChange={(on) => {
              const next = new Set(removed);
              if (on) next.add(person.id);
              else next.delete(person.id);
              setRemoved(next);
            }}
          />
          {removed.has(person.id) ? null : (
            <>
              <TextField label="New passphrase" type="password" autoComplete="new-password" value={passphrases[person.id]?.value ?? ''} onChange={(value) => setPassphrase(person.id, { value })} />
              <StrengthMeter passphrase={passphrases[person.id]?.value ?? ''} userInputs={[person.name, person.id]} />
              <TextField label="Confirm passphrase" type="password" autoComplete="new-password" value={passphrases[person.id]?.confirm ?? ''} onChange={(confirm) => setPassphrase(person.id, { confirm })} />
            </>
          )}
        </fieldset>
      ))}
      {formError ? (
        <p className="inline-error" role="alert">
          {formError}
        </p>
      ) : null}
      <button type="submit" disabled={busy !== null}>
        Prepare new kits
      </button>
    </form>
  );
}

function ConfirmAndActivate({ status }: { status: VaultStatus }) {
  const busy = useAppStore((state) => state.busy);
  const setNotice = useAppStore((state) => state.setNotice);
  const confirmer = useSigner();
  const abandoner = useSigner();
  const [reason, setReason] = useState('');
  const rekey = status.pendingRekey;
  if (!rekey) return null;
  const nameOf = (id: string): string => status.people.find((p) => p.id === id)?.name ?? id;
  const allConfirmed = rekey.people.every((p) => p.confirmed);

  const confirm = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!confirmer.signer) return;
    const view = await callApi('rekeyConfirm', { signer: confirmer.signer });
    if (!view) return;
    confirmer.reset();
    setNotice('New kit confirmed.');
    await refreshVault();
  };

  const activate = async (): Promise<void> => {
    const next = await callApi('rekeyActivate', {});
    if (!next) return;
    setNotice(`Epoch ${next.epoch ?? rekey.newEpoch} is active. Old kits are void.`);
    await refreshVault();
  };

  const abandon = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!abandoner.signer || !reason.trim()) return;
    const next = await callApi('rekeyAbandon', { signer: abandoner.signer, reason: reason.trim() });
    if (!next) return;
    abandoner.reset();
    setNotice('Rekey abandoned. The current epoch stays active.');
    await refreshVault();
  };

  return (
    <>
      <section className="card" aria-labelledby="pending-heading">
        <h2 id="pending-heading">Rekey to epoch {rekey.newEpoch}</h2>
        <ul className="plain" data-testid="rekey-people">
          {rekey.people.map((person) => (
            <li key={person.id}>
              {nameOf(person.id)}: {rekeyProgressText(person)}
            </li>
          ))}
        </ul>
      </section>
      <form className="card" onSubmit={(event) => void confirm(event)} aria-labelledby="confirm-heading">
        <h2 id="confirm-heading">Confirm a new kit</h2>
        <SignerFields legend="New kit" state={confirmer} hint="Load the new kit and enter its new passphrase: this proves the kit works before the old one is void." />
        <button type="submit" disabled={busy !== null || !confirmer.signer}>
          Confirm new kit
        </button>
      </form>
      <section className="card">
        <button type="button" disabled={busy !== null || !allConfirmed} onClick={() => void activate()}>
          Activate new epoch
        </button>
        {!allConfirmed ? <p className="hint">Activation needs every new kit confirmed.</p> : null}
      </section>
      <details className="card">
        <summary>Abandon this rekey</summary>
        <form onSubmit={(event) => void abandon(event)} aria-label="Abandon rekey">
          <TextArea label="Reason for abandoning" value={reason} onChange={setReason} />
          <SignerFields legend="Abandoned by" state={abandoner} />
          <button type="submit" className="danger" disabled={busy !== null || !abandoner.signer || !reason.trim()}>
            Abandon rekey
          </button>
        </form>
      </details>
    </>
  );
}

export function RekeyPanel({ status }: { status: VaultStatus }) {
  const ceremonies = useAppStore((state) => state.ceremonies);
  const navigate = useAppStore((state) => state.navigate);
  const openRekey = ceremonies.find((c) => c.kind === 'rekey' && (c.state === 'approving' || c.state === 'unsealed'));

  if (status.pendingRekey) return <ConfirmAndActivate status={status} />;
  if (openRekey?.state === 'unsealed') return <PrepareForm status={status} ceremony={openRekey} />;
  return (
    <section className="card" aria-labelledby="rekey-heading">
      <h2 id="rekey-heading">Rekey</h2>
      <p>A rekey makes a new vault key and new kits; old kits become void. It needs an approved rekey request.</p>
      {openRekey ? (
        <button type="button" onClick={() => navigate({ screen: 'ceremony', ceremonyId: openRekey.id })}>
          Open rekey request {openRekey.request.ticket}
        </button>
      ) : (
        <button type="button" onClick={() => navigate({ screen: 'request', kind: 'rekey' })}>
          Request a rekey
        </button>
      )}
    </section>
  );
}
