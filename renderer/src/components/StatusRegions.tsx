// The window's live regions: the busy indicator (Argon2id takes about a second per signature),
// the error alert for `{ ok: false, error }`, and a polite notice for completed acts. They stay in
// the DOM so assistive technology announces changes of their text.
import { useAppStore } from '../store/index.js';

export const KDF_BUSY_TEXT = 'Deriving key from passphrase…';
export const CALL_BUSY_TEXT = 'Working…';

export function BusyIndicator() {
  const busy = useAppStore((state) => state.busy);
  const text = busy === 'kdf' ? KDF_BUSY_TEXT : busy === 'call' ? CALL_BUSY_TEXT : '';
  return (
    <div className={busy ? 'busy busy-on' : 'busy'} role="status" aria-live="polite" data-testid="busy">
      {busy ? <span className="spinner" aria-hidden="true" /> : null}
      <span>{text}</span>
    </div>
  );
}

export function ErrorAlert() {
  const error = useAppStore((state) => state.error);
  const setError = useAppStore((state) => state.setError);
  return (
    <div className="alert-region" role="alert" aria-live="assertive" data-testid="error-alert">
      {error ? (
        <div className="alert">
          <p>
            <strong>Error: </strong>
            {error.message}
          </p>
          <button type="button" className="link" onClick={() => setError(null)}>
            Dismiss
          </button>
        </div>
      ) : null}
    </div>
  );
}

export function NoticeRegion() {
  const notice = useAppStore((state) => state.notice);
  return (
    <div className="notice-region" role="status" aria-live="polite" data-testid="notice">
      {notice ? <p className="notice">{notice}</p> : null}
    </div>
  );
}
