// Sealed home: vault state, open exceptions with their age, ceremonies in progress, credential
// metadata with search, and the last drill per policy and per person.
import { useEffect, useState } from 'react';
import { callApi, refreshVault } from '../api/call.js';
import { ScreenHeading } from '../components/ScreenHeading.js';
import { KIND_LABELS } from '../components/SecretFields.js';
import { TextField } from '../components/fields.js';
import { CEREMONY_STATE_LABELS, formatDuration, formatTime, VAULT_STATE_LABELS } from '../lib/format.js';
import { useAppStore } from '../store/index.js';
import type { CredentialView } from '../../../shared/api/contract.js';
import { TableHead } from '../components/TableHead.js';

const IN_PROGRESS_STATES = new Set(['approving', 'unsealed']);

export function HomeScreen() {
  const status = useAppStore((state) => state.status);
  const ceremonies = useAppStore((state) => state.ceremonies);
  const allCredentials = useAppStore((state) => state.credentials);
  const navigate = useAppStore((state) => state.navigate);
  const [query, setQuery] = useState('');
  const [found, setFound] = useState<{ query: string; list: CredentialView[] } | null>(null);

  useEffect(() => {
    void refreshVault();
  }, []);

  useEffect(() => {
    const trimmed = query.trim();
    if (!trimmed) return;
    let cancelled = false;
    const timer = window.setTimeout(() => {
      void callApi('credentialList', { query: trimmed }, { background: true }).then((list) => {
        if (!cancelled && list) setFound({ query: trimmed, list });
      });
    }, 150);
    return () => {
      cancelled = true;
      window.clearTimeout(timer);
    };
  }, [query]);

  if (!status) return null;
  const searching = query.trim() !== '';
  let credentials = allCredentials;
  if (searching) credentials = found?.query === query.trim() ? found.list : [];
  const inProgress = ceremonies.filter((c) => IN_PROGRESS_STATES.has(c.state) && !status.openExceptions.some((e) => e.ceremonyId === c.id));
  const nameOf = (id: string): string => status.people.find((p) => p.id === id)?.name ?? id;

  return (
    <>
      <ScreenHeading>{status.name ?? 'Vault'}</ScreenHeading>
      <section className={`card state-card state-${status.state}`} aria-labelledby="state-heading">
        <h2 id="state-heading">Vault state: {VAULT_STATE_LABELS[status.state]}</h2>
        <p>
          Epoch {status.epoch}, {status.people.length} people, {status.credentialCount} credentials, {status.logSize} log entries.
        </p>
        <div className="actions">
          <button type="button" onClick={() => navigate({ screen: 'request', kind: 'unseal' })}>
            Request unseal
          </button>
          <button type="button" className="secondary" onClick={() => navigate({ screen: 'deposit' })}>
            Deposit credential
          </button>
          <button type="button" className="secondary" onClick={() => navigate({ screen: 'request', kind: 'drill' })}>
            Run drill
          </button>
          {status.unsealedCeremonyId ? (
            <button type="button" onClick={() => navigate({ screen: 'ceremony', ceremonyId: status.unsealedCeremonyId ?? '' })}>
              Open unsealed ceremony
            </button>
          ) : null}
        </div>
      </section>

      <section className="card" aria-labelledby="exceptions-heading">
        <h2 id="exceptions-heading">Open exceptions</h2>
        {status.openExceptions.length === 0 ? (
          <p>None. Every earlier ceremony is closed.</p>
        ) : (
          <table>
            <TableHead columns={['Ticket', 'State', 'Age', 'Deadline']} withAction />
            <tbody>
              {status.openExceptions.map((exception) => (
                <tr key={exception.ceremonyId} className={exception.overdue ? 'overdue' : undefined}>
                  <th scope="row">{exception.ticket}</th>
                  <td>{CEREMONY_STATE_LABELS[exception.state]}</td>
                  <td>{formatDuration(exception.ageSeconds)}</td>
                  <td>{exception.overdue ? <span className="badge badge-bad">Overdue</span> : <span className="badge">Within limit</span>}</td>
                  <td>
                    <button type="button" className="link" onClick={() => navigate({ screen: 'ceremony', ceremonyId: exception.ceremonyId })}>
                      Open {exception.ticket}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      {inProgress.length > 0 ? (
        <section className="card" aria-labelledby="progress-list-heading">
          <h2 id="progress-list-heading">Ceremonies in progress</h2>
          <ul className="plain">
            {inProgress.map((ceremony) => (
              <li key={ceremony.id}>
                <button type="button" className="link" onClick={() => navigate({ screen: 'ceremony', ceremonyId: ceremony.id })}>
                  Open {ceremony.kind} {ceremony.request.ticket}
                </button>{' '}
                ({CEREMONY_STATE_LABELS[ceremony.state]}, requested by {nameOf(ceremony.request.requestedBy)})
              </li>
            ))}
          </ul>
        </section>
      ) : null}

      <section className="card" aria-labelledby="credentials-heading">
        <h2 id="credentials-heading">Credentials</h2>
        <TextField label="Search credentials" type="search" value={query} onChange={setQuery} hint="Matches label, system, account and tags." />
        {credentials.length === 0 ? (
          <p>{query ? 'No credential matches.' : 'No credential deposited yet.'}</p>
        ) : (
          <table data-testid="credential-table">
            <TableHead columns={['Label', 'System', 'Account', 'Kind', 'Version', 'Owner']} withAction />
            <tbody>
              {credentials.map((credential) => (
                <tr key={credential.id}>
                  <th scope="row">{credential.label}</th>
                  <td>{credential.system}</td>
                  <td>{credential.account}</td>
                  <td>{KIND_LABELS[credential.kind]}</td>
                  <td>v{credential.currentVersion}</td>
                  <td>{credential.owner}</td>
                  <td>
                    <button type="button" className="link" onClick={() => navigate({ screen: 'rotate', credentialId: credential.id })}>
                      Rotate {credential.label}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>

      <section className="card two-col" aria-labelledby="drills-heading">
        <h2 id="drills-heading">Last drill</h2>
        <table>
          <caption>Per policy</caption>
          <tbody>
            {status.policies.map((policy) => (
              <tr key={policy.id}>
                <th scope="row">{policy.name}</th>
                <td>{formatTime(status.lastDrillByPolicy[policy.id])}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <table>
          <caption>Per person</caption>
          <tbody>
            {status.people.map((person) => (
              <tr key={person.id}>
                <th scope="row">{person.name}</th>
                <td>{formatTime(status.lastDrillByPerson[person.id])}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
    </>
  );
}
