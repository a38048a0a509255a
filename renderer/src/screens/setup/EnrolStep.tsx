// Setup step 3: enrol one person at a time. The person chooses a passphrase (confirmed, with a
// strength meter), the core issues their custodian kit, and the kit is saved through the desktop
// save dialog. The passphrase is dropped from the form as soon as the kit is issued.
import { useMemo, useState, type FormEvent } from 'react';
import { callApi } from '../../api/call.js';
import { SelectField, TextField } from '../../components/fields.js';
import { StrengthMeter } from '../../components/StrengthMeter.js';
import { ROLE_LABELS } from '../../lib/format.js';
import { estimateStrength, MIN_PASSPHRASE_SCORE } from '../../lib/strength.js';
import { useAppStore } from '../../store/index.js';
import { AbortSetupButton } from './AbortSetupButton.js';

function enrolmentText(enrolled: boolean, kitSaved: boolean): string {
  if (!enrolled) return 'Not enrolled';
  return kitSaved ? 'Enrolled, kit saved' : 'Enrolled';
}

export function EnrolStep() {
  const view = useAppStore((state) => state.setupView);
  const setSetupView = useAppStore((state) => state.setSetupView);
  const setSetupStep = useAppStore((state) => state.setSetupStep);
  const setNotice = useAppStore((state) => state.setNotice);
  const busy = useAppStore((state) => state.busy);
  const [personId, setPersonId] = useState('');
  const [passphrase, setPassphrase] = useState('');
  const [confirmation, setConfirmation] = useState('');
  const [formError, setFormError] = useState<string | null>(null);
  const [savedPaths, setSavedPaths] = useState<Record<string, string>>({});

  const pending = useMemo(() => view?.people.filter((p) => !p.enrolled) ?? [], [view]);
  const current = pending.find((p) => p.id === personId) ?? pending[0];
  const userInputs = useMemo(() => (current ? [current.name, current.id, view?.name ?? ''] : []), [current, view]);
  if (!view) return null;

  const enrol = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!current) return;
    if (passphrase !== confirmation) return setFormError('The two passphrases differ: type the same passphrase twice.');
    if (estimateStrength(passphrase, userInputs).score < MIN_PASSPHRASE_SCORE) {
      return setFormError('The passphrase is too weak: use a longer passphrase of several unrelated words.');
    }
    setFormError(null);

    const kit = await callApi('setupEnroll', { personId: current.id, passphrase });
    if (!kit) return;
    setPassphrase('');
    setConfirmation('');

    const saved = await callApi('saveFile', { suggestedName: kit.fileName, contentBase64: kit.kit });
    if (!saved?.saved) {
      setNotice(`The kit for ${current.name} was not saved. Enrol ${current.name} again to issue a new kit.`);
      return;
    }
    setSavedPaths((paths) => ({ ...paths, [current.id]: saved.path ?? '' }));
    setSetupView({ ...view, people: view.people.map((p) => (p.id === current.id ? { ...p, enrolled: true } : p)) });
    setPersonId('');
    setNotice(`Kit for ${current.name} saved to ${saved.path ?? 'the chosen file'}.`);
  };

  return (
    <>
      <section className="card" aria-labelledby="enrol-table-heading">
        <h2 id="enrol-table-heading">Enrolment of {view.name}</h2>
        <p className="hint">Vault id {view.vaultId}. Each person enrols on their own: hand them the keyboard, then take back the kit file on removable media.</p>
        <table data-testid="enrol-table">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Roles</th>
              <th scope="col">Function</th>
              <th scope="col">Kit</th>
            </tr>
          </thead>
          <tbody>
            {view.people.map((person) => (
              <tr key={person.id}>
                <th scope="row">{person.name}</th>
                <td>{person.roles.map((r) => ROLE_LABELS[r]).join(', ')}</td>
                <td>{person.function ?? '—'}</td>
                <td>{enrolmentText(person.enrolled, savedPaths[person.id] !== undefined)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {current ? (
        <form className="card" onSubmit={(event) => void enrol(event)} aria-labelledby="enrol-heading">
          <h2 id="enrol-heading">Enrol {current.name}</h2>
          <SelectField
            label="Person to enrol"
            value={current.id}
            onChange={setPersonId}
            options={pending.map((p) => ({ value: p.id, label: p.name }))}
          />
          <TextField label="New passphrase" type="password" autoComplete="new-password" value={passphrase} onChange={setPassphrase} />
          <StrengthMeter passphrase={passphrase} userInputs={userInputs} />
          <TextField label="Confirm passphrase" type="password" autoComplete="new-password" value={confirmation} onChange={setConfirmation} />
          {formError ? (
            <p className="inline-error" role="alert">
              {formError}
            </p>
          ) : null}
          <button type="submit" disabled={busy !== null || !passphrase}>
            Enrol and save kit
          </button>
        </form>
      ) : (
        <section className="card">
          <h2>Everyone is enrolled</h2>
          <p>Next, each person signs the genesis header with their new kit.</p>
        </section>
      )}

      <div className="actions">
        <AbortSetupButton />
        <button type="button" disabled={pending.length > 0} onClick={() => setSetupStep('genesis')}>
          Next: sign genesis
        </button>
      </div>
    </>
  );
}
