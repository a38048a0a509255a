// Custodians and policy: people with their roles, functions and key ids; the quorum policies;
// and the rekey steps.
import { ScreenHeading } from '../components/ScreenHeading.js';
import { ROLE_LABELS } from '../lib/format.js';
import { useAppStore } from '../store/index.js';
import { RekeyPanel } from './RekeyPanel.js';
import { TableHead } from '../components/TableHead.js';

export function CustodiansScreen() {
  const status = useAppStore((state) => state.status);
  if (!status) return null;
  const nameOf = (id: string): string => status.people.find((p) => p.id === id)?.name ?? id;

  return (
    <>
      <ScreenHeading>Custodians and policy</ScreenHeading>
      <section className="card" aria-labelledby="people-list-heading">
        <h2 id="people-list-heading">People (epoch {status.epoch})</h2>
        <table data-testid="people-list">
          <TableHead columns={['Name', 'Id', 'Roles', 'Function', 'Sponsor', 'Key id']} />
          <tbody>
            {status.people.map((person) => (
              <tr key={person.id}>
                <th scope="row">{person.name}</th>
                <td>{person.id}</td>
                <td>{person.roles.map((r) => ROLE_LABELS[r]).join(', ')}</td>
                <td>{person.function ?? '—'}</td>
                <td>{person.sponsorId ? nameOf(person.sponsorId) : '—'}</td>
                <td>
                  <code>{person.keyId}</code>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>

      <section className="card" aria-labelledby="policy-list-heading">
        <h2 id="policy-list-heading">Quorum policies</h2>
        {status.policies.map((policy) => (
          <article key={policy.id} className="policy-view" aria-labelledby={`policy-${policy.id}`}>
            <h3 id={`policy-${policy.id}`}>
              {policy.name} ({policy.id}){policy.fastPath ? ' — fast path' : ''}
            </h3>
            <p>
              {policy.groupThreshold} of {policy.groups.length} functions must agree; reseal within {policy.resealLimitHours} hours.
            </p>
            <ul className="plain">
              {policy.groups.map((group) => (
                <li key={group.function}>
                  {group.function}: {group.threshold} of {group.members.map(nameOf).join(', ')}
                </li>
              ))}
            </ul>
          </article>
        ))}
      </section>

      <RekeyPanel status={status} />
    </>
  );
}
