// Approval progress of a ceremony: one row per function group of the chosen policy.
import type { PersonView, PolicyProgress } from '../../../shared/api/contract.js';

export function PolicyProgressView({ progress, people }: { progress: PolicyProgress; people: PersonView[] }) {
  const nameOf = (id: string): string => people.find((p) => p.id === id)?.name ?? id;
  const satisfiedGroups = progress.groups.filter((g) => g.satisfied).length;
  return (
    <section aria-labelledby="progress-heading" className="card">
      <h2 id="progress-heading">Approval progress</h2>
      <p>
        Policy <strong>{progress.policyId}</strong>: {satisfiedGroups} of {progress.groupThreshold} required functions satisfied.{' '}
        {progress.satisfied ? <span className="badge badge-ok">Quorum met</span> : <span className="badge badge-warn">Quorum not met</span>}
      </p>
      <table>
        <caption className="sr-only">Approvals per function</caption>
        <thead>
          <tr>
            <th scope="col">Function</th>
            <th scope="col">Approvals</th>
            <th scope="col">Approved by</th>
            <th scope="col">Group</th>
          </tr>
        </thead>
        <tbody>
          {progress.groups.map((group) => (
            <tr key={group.function} data-testid={`progress-${group.function}`}>
              <th scope="row">{group.function}</th>
              <td>
                {group.approvedBy.length} of {group.threshold}
              </td>
              <td>{group.approvedBy.length ? group.approvedBy.map(nameOf).join(', ') : 'none yet'}</td>
              <td>{group.satisfied ? 'satisfied' : 'missing'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {progress.missingFunctions.length > 0 && !progress.satisfied ? (
        <p className="hint">Still missing approvals from: {progress.missingFunctions.join(', ')}.</p>
      ) : null}
    </section>
  );
}
