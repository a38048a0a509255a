// Chain of custody of one ceremony: who requested, who approved, who revealed what, what was
// touched, what was rotated or waived, who attested dormancy, and when each happened.
import type { CeremonyView, CredentialView, PersonView } from '../../../../shared/api/contract.js';
import { formatTime } from '../../lib/format.js';

const RESEAL_STATUS_TEXT = { pending: 'Reseal pending', rotated: 'Rotated', waived: 'Waived' } as const;

/** Ends free text with a period unless it already ends with punctuation. */
function asSentence(text: string): string {
  return /[.!?]$/.test(text) ? text : `${text}.`;
}

export function ChainOfCustody({ ceremony, people, credentials }: { ceremony: CeremonyView; people: PersonView[]; credentials: CredentialView[] }) {
  const nameOf = (id: string): string => people.find((p) => p.id === id)?.name ?? id;
  const labelOf = (id: string): string => credentials.find((c) => c.id === id)?.label ?? id;
  const request = ceremony.request;

  return (
    <section className="card" aria-labelledby={`custody-${ceremony.id}`}>
      <h2 id={`custody-${ceremony.id}`}>Chain of custody</h2>
      <ol className="timeline" data-testid="chain-of-custody">
        <li>
          <strong>Requested</strong> by {nameOf(request.requestedBy)} on {formatTime(request.requestedAt)}: ticket {request.ticket}, {request.severity},{' '}
          {request.durationMinutes} min under policy {request.policyId}. Reason: {asSentence(request.reason)}
          {request.scope.length ? ` Scope: ${request.scope.map(labelOf).join(', ')}.` : ' No credential in scope.'}
        </li>
        {ceremony.approvals.map((approval) => (
          <li key={approval.logIndex}>
            <strong>Approved</strong> by {nameOf(approval.custodianId)} ({approval.function}) on {formatTime(approval.at)}, log entry {approval.logIndex}.
          </li>
        ))}
        {ceremony.unsealedAt ? (
          <li>
            <strong>{ceremony.kind === 'drill' ? 'Quorum verified' : 'Unsealed'}</strong> on {formatTime(ceremony.unsealedAt)}
            {ceremony.deadline ? `, deadline ${formatTime(ceremony.deadline)}` : ''}.
          </li>
        ) : null}
        {ceremony.reveals.map((reveal, index) => (
          <li key={`reveal-${index}`}>
            <strong>{reveal.mode === 'copy' ? 'Copied' : 'Revealed'}</strong> {labelOf(reveal.credentialId)} v{reveal.version} by {nameOf(reveal.by)} on {formatTime(reveal.at)}.
          </li>
        ))}
        {ceremony.touched.map((touch, index) => (
          <li key={`touch-${index}`}>
            <strong>Touched</strong> {touch.system}: {touch.action}
            {touch.note ? ` (${touch.note})` : ''}, recorded {formatTime(touch.at)}.
          </li>
        ))}
        {ceremony.controls.length ? (
          <li>
            <strong>Compensating controls:</strong> {ceremony.controls.join('; ')}.
          </li>
        ) : null}
        {ceremony.sealedAt ? (
          <li>
            <strong>Sealed</strong> on {formatTime(ceremony.sealedAt)}.
          </li>
        ) : null}
        {ceremony.reseal.map((item) => (
          <li key={`reseal-${item.credentialId}`}>
            <strong>{RESEAL_STATUS_TEXT[item.status]}</strong> {labelOf(item.credentialId)}
            {item.status === 'rotated' && item.version ? `: now v${item.version}.` : ''}
            {item.status === 'waived' && item.reason ? `: ${asSentence(item.reason)}` : ''}
            {item.status === 'pending' ? '.' : ''}
          </li>
        ))}
        {ceremony.attestation ? (
          <li>
            <strong>Dormancy attested</strong> by {nameOf(ceremony.attestation.by)} on {formatTime(ceremony.attestation.at)}: {asSentence(ceremony.attestation.statement)}
          </li>
        ) : null}
        {ceremony.closedAt ? (
          <li>
            <strong>Closed</strong> on {formatTime(ceremony.closedAt)}.
          </li>
        ) : null}
        {ceremony.state === 'cancelled' ? (
          <li>
            <strong>Cancelled.</strong>
          </li>
        ) : null}
      </ol>
    </section>
  );
}
