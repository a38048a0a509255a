// Setup step 4: every person signs the genesis header with their new kit and passphrase, which
// proves that each kit opens. Then the vault is finished and becomes dormant.
import { useMemo, useState, type FormEvent } from 'react';
import { callApi, refreshVault } from '../../api/call.js';
import { SelectField } from '../../components/fields.js';
import { SignerFields, useSigner } from '../../components/SignerFields.js';
import { useAppStore } from '../../store/index.js';
import { AbortSetupButton } from './AbortSetupButton.js';

export function GenesisStep() {
  const view = useAppStore((state) => state.setupView);
  const setSetupView = useAppStore((state) => state.setSetupView);
  const resetSetup = useAppStore((state) => state.resetSetup);
  const navigate = useAppStore((state) => state.navigate);
  const setNotice = useAppStore((state) => state.setNotice);
  const busy = useAppStore((state) => state.busy);
  const signer = useSigner();
  const [personId, setPersonId] = useState('');

  const pending = useMemo(() => view?.people.filter((p) => !p.signedGenesis) ?? [], [view]);
  const current = pending.find((p) => p.id === personId) ?? pending[0];
  if (!view) return null;

  const sign = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!current || !signer.signer) return;
    const next = await callApi('setupSign', { personId: current.id, signer: signer.signer });
    if (!next) return;
    signer.reset();
    setPersonId('');
    setSetupView(next);
    setNotice(`${current.name} signed the genesis header.`);
  };

  const finish = async (): Promise<void> => {
    const status = await callApi('setupFinish', {});
    if (!status) return;
    resetSetup();
    await refreshVault();
    navigate({ screen: 'home' });
    setNotice(`Vault ${status.name ?? ''} created. It is dormant.`);
  };

  return (
    <>
      <section className="card" aria-labelledby="genesis-table-heading">
        <h2 id="genesis-table-heading">Genesis signatures</h2>
        <p className="hint">Each signature covers the vault header: vault id {view.vaultId}, its people, their public keys and the quorum policies.</p>
        <table data-testid="genesis-table">
          <thead>
            <tr>
              <th scope="col">Person</th>
              <th scope="col">Genesis</th>
            </tr>
          </thead>
          <tbody>
            {view.people.map((person) => (
              <tr key={person.id}>
                <th scope="row">{person.name}</th>
                <td>{person.signedGenesis ? 'Signed' : 'Not signed'}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      {current ? (
        <form className="card" onSubmit={(event) => void sign(event)} aria-labelledby="sign-heading">
          <h2 id="sign-heading">Sign as {current.name}</h2>
          <SelectField label="Person signing" value={current.id} onChange={setPersonId} options={pending.map((p) => ({ value: p.id, label: p.name }))} />
          <SignerFields legend={`Kit of ${current.name}`} state={signer} />
          <button type="submit" disabled={busy !== null || !signer.signer}>
            Sign genesis
          </button>
        </form>
      ) : (
        <section className="card">
          <h2>All signatures collected</h2>
          <button type="button" onClick={() => void finish()} disabled={busy !== null}>
            Finish setup
          </button>
        </section>
      )}

      <div className="actions">
        <AbortSetupButton />
      </div>
    </>
  );
}
