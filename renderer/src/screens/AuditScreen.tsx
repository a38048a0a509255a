// Audit log: timeline with type and ceremony filters, the chain of custody of one ceremony,
// verification of the log and of an exported bundle, evidence export, and the latest checkpoint.
import { useEffect, useState, type FormEvent } from 'react';
import type { EntryView, VerifyReport } from '../../../shared/api/contract.js';
import { callApi } from '../api/call.js';
import { FileField, SelectField } from '../components/fields.js';
import { ScreenHeading } from '../components/ScreenHeading.js';
import { SignerFields, useSigner } from '../components/SignerFields.js';
import { VerifyReportView } from '../components/VerifyReportView.js';
import { textToBase64 } from '../lib/base64.js';
import { formatTime } from '../lib/format.js';
import { useAppStore } from '../store/index.js';
import { ChainOfCustody } from './ceremony/ChainOfCustody.js';

/** Entry types of format version 1, for the type filter. */
const ENTRY_TYPES = [
  'vault.genesis',
  'credential.deposited',
  'credential.rotated',
  'ceremony.requested',
  'ceremony.amended',
  'ceremony.approved',
  'ceremony.cancelled',
  'ceremony.unsealed',
  'drill.verified',
  'secret.revealed',
  'ceremony.touched',
  'ceremony.extended',
  'ceremony.sealed',
  'reseal.rotated',
  'reseal.waived',
  'reseal.attested',
  'ceremony.closed',
  'rekey.prepared',
  'rekey.confirmed',
  'rekey.activated',
  'rekey.abandoned',
  'evidence.exported',
] as const;

const ENTRY_PAGE_SIZE = 500;

export function AuditScreen() {
  const status = useAppStore((state) => state.status);
  const ceremonies = useAppStore((state) => state.ceremonies);
  const credentials = useAppStore((state) => state.credentials);
  const busy = useAppStore((state) => state.busy);
  const setNotice = useAppStore((state) => state.setNotice);
  const [typeFilter, setTypeFilter] = useState('');
  const [ceremonyFilter, setCeremonyFilter] = useState('');
  const [entries, setEntries] = useState<EntryView[]>([]);
  const [logReport, setLogReport] = useState<VerifyReport | null>(null);
  const [bundleReport, setBundleReport] = useState<VerifyReport | null>(null);
  const [checkpoint, setCheckpoint] = useState<string | null>(null);
  const [exportScope, setExportScope] = useState('');
  const [savedFiles, setSavedFiles] = useState<string[]>([]);
  const [bundleText, setBundleText] = useState<{ name: string; text: string } | null>(null);
  const exporter = useSigner();

  useEffect(() => {
    let cancelled = false;
    void callApi('logEntries', {
      ...(typeFilter ? { type: typeFilter } : {}),
      ...(ceremonyFilter ? { ceremonyId: ceremonyFilter } : {}),
      limit: ENTRY_PAGE_SIZE,
    }).then((list) => {
      if (!cancelled && list) setEntries(list);
    });
    return () => {
      cancelled = true;
    };
  }, [typeFilter, ceremonyFilter]);

  const nameOf = (id: string): string => status?.people.find((p) => p.id === id)?.name ?? id;
  const ceremonyLabel = (id: string | null): string => {
    if (!id) return '—';
    const ceremony = ceremonies.find((c) => c.id === id);
    return ceremony ? `${ceremony.kind} ${ceremony.request.ticket}` : id;
  };
  const selectedCeremony = ceremonies.find((c) => c.id === ceremonyFilter);
  const ceremonyOptions = ceremonies.map((c) => ({ value: c.id, label: `${c.kind} ${c.request.ticket}` }));

  const verifyLog = async (): Promise<void> => {
    setLogReport(await callApi('logVerify', {}));
  };

  const showCheckpoint = async (): Promise<void> => {
    const result = await callApi('logCheckpoint', {});
    if (result) setCheckpoint(result.note);
  };

  const exportEvidence = async (event: FormEvent): Promise<void> => {
    event.preventDefault();
    if (!exporter.signer) return;
    const result = await callApi('logExport', { signer: exporter.signer, ...(exportScope ? { ceremonyId: exportScope } : {}) });
    if (!result) return;
    exporter.reset();

    const paths: string[] = [];
    const bundle = await callApi('saveFile', { suggestedName: result.bundleFileName, contentBase64: textToBase64(result.bundle) });
    if (bundle?.saved && bundle.path) paths.push(bundle.path);
    const report = await callApi('saveFile', { suggestedName: result.reportFileName, contentBase64: textToBase64(result.report) });
    if (report?.saved && report.path) paths.push(report.path);
    setSavedFiles(paths);
    setNotice(paths.length ? `Evidence exported: ${paths.join(', ')}.` : 'Evidence exported, but no file was saved.');
  };

  const verifyBundle = async (): Promise<void> => {
    if (!bundleText) return;
    setBundleReport(await callApi('logVerifyBundle', { bundle: bundleText.text }));
  };

  return (
    <>
      <ScreenHeading>Audit log</ScreenHeading>

      <section className="card" aria-labelledby="verify-heading">
        <h2 id="verify-heading">Verify the log</h2>
        <div className="actions">
          <button type="button" disabled={busy !== null} onClick={() => void verifyLog()}>
            Verify log
          </button>
          <button type="button" className="secondary" disabled={busy !== null} onClick={() => void showCheckpoint()}>
            Show latest checkpoint
          </button>
        </div>
        {logReport ? <VerifyReportView report={logReport} title="Log verification" /> : null}
        {checkpoint ? (
          <>
            <h3>Latest checkpoint</h3>
            <pre className="checkpoint" data-testid="checkpoint">
              {checkpoint}
            </pre>
          </>
        ) : null}
      </section>

      <section className="card" aria-labelledby="timeline-heading">
        <h2 id="timeline-heading">Timeline</h2>
        <div className="row">
          <SelectField label="Entry type" value={typeFilter} onChange={setTypeFilter} options={[{ value: '', label: 'All types' }, ...ENTRY_TYPES.map((t) => ({ value: t, label: t }))]} />
          <SelectField label="Ceremony" value={ceremonyFilter} onChange={setCeremonyFilter} options={[{ value: '', label: 'All ceremonies' }, ...ceremonyOptions]} />
        </div>
        <table data-testid="timeline">
          <caption className="sr-only">Log entries</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">Time</th>
              <th scope="col">Type</th>
              <th scope="col">Actor</th>
              <th scope="col">Ceremony</th>
              <th scope="col">Signed</th>
            </tr>
          </thead>
          <tbody>
            {entries.map((entry) => (
              <tr key={entry.index}>
                <td>{entry.index}</td>
                <td>{formatTime(entry.time)}</td>
                <td>{entry.type}</td>
                <td>{entry.actor === 'device' ? 'device' : nameOf(entry.actor)}</td>
                <td>{ceremonyLabel(entry.ceremony)}</td>
                <td>{entry.signed ? 'signed' : 'device checkpoint'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {entries.length === 0 ? <p>No entry matches.</p> : null}
      </section>

      {selectedCeremony ? <ChainOfCustody ceremony={selectedCeremony} people={status?.people ?? []} credentials={credentials} /> : null}

      <form className="card" onSubmit={(event) => void exportEvidence(event)} aria-labelledby="export-heading">
        <h2 id="export-heading">Export evidence</h2>
        <SelectField label="Evidence scope" value={exportScope} onChange={setExportScope} options={[{ value: '', label: 'Whole log' }, ...ceremonyOptions]} />
        <SignerFields legend="Exporting auditor" state={exporter} hint="The bundle is signed by your key and by the device." />
        <button type="submit" disabled={busy !== null || !exporter.signer}>
          Export bundle and report
        </button>
        {savedFiles.length ? (
          <ul className="plain" aria-label="Saved files">
            {savedFiles.map((path) => (
              <li key={path}>{path}</li>
            ))}
          </ul>
        ) : null}
      </form>

      <section className="card" aria-labelledby="bundle-heading">
        <h2 id="bundle-heading">Verify an evidence bundle</h2>
        <FileField
          label="Evidence bundle file"
          onFile={(file) => {
            setBundleReport(null);
            if (!file) return setBundleText(null);
            void file.text().then((text) => setBundleText({ name: file.name, text }));
          }}
        />
        <button type="button" disabled={busy !== null || !bundleText} onClick={() => void verifyBundle()}>
          Verify bundle
        </button>
        {bundleReport ? <VerifyReportView report={bundleReport} title="Bundle verification" /> : null}
      </section>
    </>
  );
}
