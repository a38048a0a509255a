// Result of a log or bundle verification, with every issue listed by entry index.
import type { VerifyReport } from '../../../shared/api/contract.js';

export function VerifyReportView({ report, title }: { report: VerifyReport; title: string }) {
  return (
    <div className={report.ok ? 'verify verify-ok' : 'verify verify-bad'} role="status" aria-label={title}>
      <p>
        <strong>{report.ok ? 'Verified: no error found.' : 'Verification failed.'}</strong> {report.checkedEntries} entries and {report.checkedSignatures}{' '}
        signatures checked; tree size {report.treeSize}.
      </p>
      {report.rootHash ? (
        <p>
          Root hash <code className="hash">{report.rootHash}</code>
        </p>
      ) : null}
      {report.vaultId ? <p>Vault id {report.vaultId}</p> : null}
      {report.issues.length > 0 ? (
        <ul className="issues">
          {report.issues.map((issue, index) => (
            <li key={index} className={`issue-${issue.severity}`}>
              {issue.severity === 'error' ? 'Error' : 'Warning'}
              {issue.index !== null ? ` at entry ${issue.index}` : ''}: {issue.reason}
            </li>
          ))}
        </ul>
      ) : (
        <p>No issue.</p>
      )}
    </div>
  );
}
