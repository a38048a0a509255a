// Form for the record of the IC's work while unsealed: systems touched (system, action, note) and
// compensating controls, signed by the IC and appended to the ceremony's log entries.
import { useState, type FormEvent } from 'react';
import type { CeremonyView } from '../../../../shared/api/contract.js';
import { callApi } from '../../api/call.js';
import { TextArea, TextField } from '../../components/fields.js';
import type { SignerState } from '../../components/SignerFields.js';
import { useAppStore } from '../../store/index.js';

interface SystemRow {
  system: string;
  action: string;
  note: string;
}

const EMPTY_ROW: SystemRow = { system: '', action: '', note: '' };

export function TouchedForm({ ceremony, signer, onUpdate }: { ceremony: CeremonyView; signer: SignerState; onUpdate: (ceremony: CeremonyView) => void }) {
  const busy = useAppStore((state) => state.busy);
  const setNotice = useAppStore((state) => state.setNotice);
  const [rows, setRows] = useState<SystemRow[]>([EMPTY_ROW]);
  const [controls, setControls] = useState('');
  const [formError, setFormError] = useState<string | null>(null);

  const setRow = (index: number, patch: Partial<SystemRow>): void => setRows(rows.map((row, i) => (i === index ? { ...row, ...patch } : row)));

  const submit = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    const systems = rows.filter((row) => row.system.trim()).map((row) => ({ system: row.system.trim(), action: row.action.trim(), note: row.note.trim() }));
    const controlList = controls.split('\n').map((line) => line.trim()).filter(Boolean);
    if (systems.length === 0 && controlList.length === 0) return setFormError('Enter at least one system touched or one compensating control.');
    if (systems.some((s) => !s.action)) return setFormError('Say what was done on each system (the Action field).');
    if (!signer.signer) return setFormError('Load your kit file and enter your passphrase in "Incident commander" above.');
    setFormError(null);

    const next = await callApi('unsealTouched', { ceremonyId: ceremony.id, signer: signer.signer, systems, controls: controlList });
    if (!next) return;
    signer.clearPassphrase();
    setRows([EMPTY_ROW]);
    setControls('');
    setNotice(`Recorded ${systems.length} systems and ${controlList.length} controls.`);
    onUpdate(next);
  };

  return (
    <form className="card" onSubmit={(event) => void submit(event)} aria-labelledby="touched-heading">
      <h2 id="touched-heading">Systems touched and compensating controls</h2>
      {rows.map((row, index) => (
        <fieldset key={index} className="row">
          <legend>System {index + 1}</legend>
          <TextField label={`System ${index + 1}`} value={row.system} onChange={(system) => setRow(index, { system })} />
          <TextField label={`Action ${index + 1}`} value={row.action} onChange={(action) => setRow(index, { action })} />
          <TextField label={`Note ${index + 1}`} value={row.note} onChange={(note) => setRow(index, { note })} />
        </fieldset>
      ))}
      <button type="button" className="link" onClick={() => setRows([...rows, EMPTY_ROW])}>
        Add another system
      </button>
      <TextArea label="Compensating controls (one per line)" value={controls} onChange={setControls} />
      <p className="hint">Signed with the incident commander kit loaded above.</p>
      {formError ? (
        <p className="inline-error" role="alert">
          {formError}
        </p>
      ) : null}
      <button type="submit" disabled={busy !== null}>
        Record systems touched
      </button>
    </form>
  );
}

