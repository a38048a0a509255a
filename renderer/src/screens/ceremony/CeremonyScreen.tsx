// One ceremony, from request to close. The panel follows the state: approvals while approving,
// the unsealed view, the reseal steps once sealed or expired, and the chain of custody throughout.
// The view is reloaded every few seconds so a deadline seal by the core shows without a click.
import { useCallback, useEffect, useState } from 'react';
import type { CeremonyView } from '../../../../shared/api/contract.js';
import { callApi, refreshVault } from '../../api/call.js';
import { ScreenHeading } from '../../components/ScreenHeading.js';
import { CEREMONY_STATE_LABELS } from '../../lib/format.js';
import { useAppStore } from '../../store/index.js';
import { ApprovalPanel } from './ApprovalPanel.js';
import { ChainOfCustody } from './ChainOfCustody.js';
import { ResealPanel } from './ResealPanel.js';
import { UnsealedPanel } from './UnsealedPanel.js';

const RELOAD_INTERVAL_MS = 5000;

const KIND_TITLES = { unseal: 'Unseal ceremony', drill: 'Drill', rekey: 'Rekey ceremony' } as const;

export function CeremonyScreen({ ceremonyId }: { ceremonyId: string }) {
  const fromList = useAppStore((state) => state.ceremonies.find((c) => c.id === ceremonyId) ?? null);
  const status = useAppStore((state) => state.status);
  const credentials = useAppStore((state) => state.credentials);
  const putCeremony = useAppStore((state) => state.putCeremony);
  const navigate = useAppStore((state) => state.navigate);
  const [ceremony, setCeremony] = useState<CeremonyView | null>(fromList);

  const onUpdate = useCallback(
    (next: CeremonyView) => {
      setCeremony(next);
      putCeremony(next);
      void refreshVault();
    },
    [putCeremony],
  );

  const reload = useCallback(() => {
    void callApi('ceremonyGet', { ceremonyId }, { background: true }).then((next) => {
      if (next) {
        setCeremony(next);
        putCeremony(next);
      }
    });
  }, [ceremonyId, putCeremony]);

  useEffect(() => {
    reload();
    const timer = window.setInterval(reload, RELOAD_INTERVAL_MS);
    return () => window.clearInterval(timer);
  }, [reload]);

  if (!ceremony) {
    return (
      <>
        <ScreenHeading>Ceremony</ScreenHeading>
        <p>Loading ceremony {ceremonyId}…</p>
      </>
    );
  }

  const request = ceremony.request;
  const labelOf = (id: string): string => credentials.find((c) => c.id === id)?.label ?? id;
  const resealing = ceremony.kind !== 'drill' && (ceremony.state === 'sealed' || ceremony.state === 'expired');

  return (
    <>
      <ScreenHeading>
        {KIND_TITLES[ceremony.kind]} {request.ticket}
      </ScreenHeading>
      <section className="card" aria-labelledby="request-heading">
        <h2 id="request-heading">Request</h2>
        <dl className="facts">
          <dt>State</dt>
          <dd>
            <span className={`badge ceremony-${ceremony.state}`} data-testid="ceremony-state">
              {CEREMONY_STATE_LABELS[ceremony.state]}
            </span>
            {ceremony.overdue ? <span className="badge badge-bad">Overdue</span> : null}
          </dd>
          <dt>Requested by</dt>
          <dd>{status?.people.find((p) => p.id === request.requestedBy)?.name ?? request.requestedBy}</dd>
          <dt>Severity</dt>
          <dd>{request.severity.toUpperCase()}</dd>
          <dt>Duration</dt>
          <dd>{request.durationMinutes} minutes</dd>
          <dt>Policy</dt>
          <dd>{request.policyId}</dd>
          <dt>Scope</dt>
          <dd>{request.scope.length ? request.scope.map(labelOf).join(', ') : 'none'}</dd>
          <dt>Reason</dt>
          <dd>{request.reason}</dd>
        </dl>
      </section>

      {ceremony.state === 'approving' ? <ApprovalPanel ceremony={ceremony} onUpdate={onUpdate} /> : null}
      {ceremony.state === 'unsealed' && ceremony.kind === 'unseal' ? <UnsealedPanel ceremony={ceremony} onUpdate={onUpdate} reload={reload} /> : null}
      {ceremony.state === 'unsealed' && ceremony.kind === 'rekey' ? (
        <section className="card">
          <h2>Rekey approved</h2>
          <p>Prepare the new kits on the custodians screen.</p>
          <button type="button" onClick={() => navigate({ screen: 'custodians' })}>
            Go to custodians and policy
          </button>
        </section>
      ) : null}
      {ceremony.state === 'verified' ? (
        <section className="card state-dormant">
          <h2>Drill verified</h2>
          <p>The quorum opened the vault and nothing was revealed.</p>
        </section>
      ) : null}
      {resealing ? <ResealPanel ceremony={ceremony} onUpdate={onUpdate} /> : null}

      <ChainOfCustody ceremony={ceremony} people={status?.people ?? []} credentials={credentials} />
    </>
  );
}
