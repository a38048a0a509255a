// Approval step: each custodian loads their kit, enters the passphrase, and reads exactly what
// they sign (the signing summary and the request hash) before signing. A kit can be checked
// first, without signing anything.
import { useState, type FormEvent } from 'react';
import type { CeremonyView } from '../../../../shared/api/contract.js';
import { callApi, type ValueOf } from '../../api/call.js';
import { TextArea } from '../../components/fields.js';
import { PolicyProgressView } from '../../components/PolicyProgressView.js';
import { SignerFields, useSigner } from '../../components/SignerFields.js';
import { useAppStore } from '../../store/index.js';

type KitCheck = ValueOf<'kitVerify'>;

export function ApprovalPanel({ ceremony, onUpdate }: { ceremony: CeremonyView; onUpdate: (ceremony: CeremonyView) => void }) {
  const status = useAppStore((state) => state.status);
  const busy = useAppStore((state) => state.busy);
  const setNotice = useAppStore((state) => state.setNotice);
  const approver = useSigner();
  const canceller = useSigner();
  const [kitCheck, setKitCheck] = useState<KitCheck | null>(null);
  const [cancelReason, setCancelReason] = useState('');

  const checkKit = async (): Promise<void> => {
    if (!approver.signer) return;
    setKitCheck(await callApi('kitVerify', approver.signer));
  };

  const approve = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!approver.signer) return;
    const next = await callApi('unsealApprove', { ceremonyId: ceremony.id, signer: approver.signer, requestHash: ceremony.requestHash });
    if (!next) return;
    approver.reset();
    setKitCheck(null);
    const latest = next.approvals[next.approvals.length - 1];
    const who = status?.people.find((p) => p.id === latest?.custodianId)?.name ?? latest?.custodianId ?? 'custodian';
    setNotice(next.progress.satisfied ? `Approved by ${who}. Quorum met.` : `Approved by ${who}. More approvals needed.`);
    onUpdate(next);
  };

  const cancel = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!canceller.signer || !cancelReason.trim()) return;
    const next = await callApi('unsealCancel', { ceremonyId: ceremony.id, signer: canceller.signer, reason: cancelReason.trim() });
    if (!next) return;
    canceller.reset();
    setNotice('Request cancelled.');
    onUpdate(next);
  };

  return (
    <>
      <PolicyProgressView progress={ceremony.progress} people={status?.people ?? []} />

      <section className="card sign-box" aria-labelledby="what-you-sign">
        <h2 id="what-you-sign">What you sign</h2>
        <ul className="summary-lines" data-testid="signing-summary">
          {ceremony.signingSummary.map((line, index) => (
            <li key={index}>{line}</li>
          ))}
        </ul>
        <p>
          Request hash (SHA-256): <code className="hash" data-testid="request-hash">{ceremony.requestHash}</code>
        </p>
      </section>

      <form className="card" onSubmit={(event) => void approve(event)} aria-labelledby="approve-heading">
        <h2 id="approve-heading">Approve</h2>
        <SignerFields legend="Approve as custodian" state={approver} hint="Your approval signs the request hash above and the current checkpoint of the audit log." />
        {kitCheck ? (
          <div className="kit-check" role="status">
            <p>
              Kit of <strong>{kitCheck.name}</strong> ({kitCheck.personId}), epoch {kitCheck.epoch}, vault {kitCheck.vaultId}.
            </p>
            <ul className="plain">
              {kitCheck.shares.map((share) => (
                <li key={`${share.policyId}-${share.function}`}>
                  Share for {share.policyId} / {share.function}: {share.commitmentOk ? 'matches its commitment' : 'does NOT match its commitment'}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        <div className="actions">
          <button type="button" className="secondary" disabled={busy !== null || !approver.signer} onClick={() => void checkKit()}>
            Check kit
          </button>
          <button type="submit" disabled={busy !== null || !approver.signer}>
            Approve and sign
          </button>
        </div>
      </form>

      <details className="card">
        <summary>Cancel this request</summary>
        <form onSubmit={(event) => void cancel(event)} aria-label="Cancel request">
          <TextArea label="Cancellation reason" value={cancelReason} onChange={setCancelReason} />
          <SignerFields legend="Cancelled by" state={canceller} />
          <button type="submit" className="danger" disabled={busy !== null || !canceller.signer || !cancelReason.trim()}>
            Cancel request
          </button>
        </form>
      </details>
    </>
  );
}
