// Unsealed view: time left, the credentials in scope (and only those) with reveal and copy, the
// record of systems touched, extending the deadline (a custodian signs) and "Seal now".
import { useState, type FormEvent } from 'react';
import type { CeremonyView } from '../../../../shared/api/contract.js';
import { callApi } from '../../api/call.js';
import { Countdown } from '../../components/Countdown.js';
import { NumberField, TextArea } from '../../components/fields.js';
import { SignerFields, useSigner } from '../../components/SignerFields.js';
import { useAppStore } from '../../store/index.js';
import { RevealCard } from './RevealCard.js';
import { TouchedForm } from './TouchedForm.js';

export function UnsealedPanel({ ceremony, onUpdate, reload }: { ceremony: CeremonyView; onUpdate: (ceremony: CeremonyView) => void; reload: () => void }) {
  const credentials = useAppStore((state) => state.credentials);
  const busy = useAppStore((state) => state.busy);
  const setNotice = useAppStore((state) => state.setNotice);
  const actor = useSigner();
  const extender = useSigner();
  const [minutes, setMinutes] = useState('30');
  const [extendReason, setExtendReason] = useState('');

  const inScope = credentials.filter((c) => ceremony.request.scope.includes(c.id));

  const extend = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!extender.signer || !extendReason.trim()) return;
    const next = await callApi('unsealExtend', { ceremonyId: ceremony.id, signer: extender.signer, minutes: Number(minutes), reason: extendReason.trim() });
    if (!next) return;
    extender.reset();
    setExtendReason('');
    setNotice(`Deadline extended by ${minutes} minutes.`);
    onUpdate(next);
  };

  const sealNow = async (): Promise<void> => {
    if (!actor.signer) return;
    const next = await callApi('unsealSeal', { ceremonyId: ceremony.id, signer: actor.signer });
    if (!next) return;
    actor.reset();
    setNotice('Vault sealed. Next: rotate or waive every revealed credential, then a custodian attests dormancy.');
    onUpdate(next);
  };

  return (
    <>
      <section className="card unsealed-banner" aria-labelledby="unsealed-heading">
        <h2 id="unsealed-heading">The vault is unsealed</h2>
        {ceremony.deadline ? <Countdown deadline={ceremony.deadline} label="Time left before automatic seal:" /> : null}
        <p className="hint">Every reveal is logged with your name before the secret is shown. Only the credentials in scope are offered.</p>
      </section>

      <section className="card" aria-labelledby="scope-heading">
        <h2 id="scope-heading">Credentials in scope</h2>
        <SignerFields
          legend="Incident commander"
          state={actor}
          hint="Your kit signs each reveal and the record of systems touched. Anyone enrolled may seal the vault."
        />
        <div className="reveal-list">
          {inScope.map((credential) => (
            <RevealCard key={credential.id} ceremony={ceremony} credential={credential} signer={actor} onRevealed={reload} />
          ))}
        </div>
        <div className="actions">
          <button type="button" className="danger" disabled={busy !== null || !actor.signer} onClick={() => void sealNow()}>
            Seal now
          </button>
        </div>
      </section>

      <TouchedForm ceremony={ceremony} signer={actor} onUpdate={onUpdate} />

      <details className="card">
        <summary>Extend the deadline</summary>
        <form onSubmit={(event) => void extend(event)} aria-label="Extend the deadline">
          <NumberField label="Extra minutes" min={1} value={minutes} onChange={setMinutes} />
          <TextArea label="Reason for the extension" value={extendReason} onChange={setExtendReason} />
          <SignerFields legend="Approving custodian" state={extender} hint="Extending needs another signed approval by a custodian." />
          <button type="submit" disabled={busy !== null || !extender.signer || !extendReason.trim()}>
            Extend deadline
          </button>
        </form>
      </details>
    </>
  );
}
