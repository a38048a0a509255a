// Every call from the page to `window.breakglass` goes through `callApi`: it shows the busy
// indicator while the call runs, turns `{ ok: false, error }` into the window's error alert, and
// returns the value or null. By the contract the API resolves to a Result and never throws, so
// a rejected promise here means the bridge itself failed. It is reported in the same alert.
import type { WindowApi } from '../../../shared/api/contract.js';
import { useAppStore } from '../store/index.js';
import type { BusyKind } from '../store/uiSlice.js';

export type ApiMethodName = keyof WindowApi;
export type InputOf<M extends ApiMethodName> = Parameters<WindowApi[M]>[0];
export type ValueOf<M extends ApiMethodName> = Extract<Awaited<ReturnType<WindowApi[M]>>, { ok: true }>['value'];
type AnyResult<M extends ApiMethodName> = Awaited<ReturnType<WindowApi[M]>>;

/** Input fields that make the core run Argon2id on a passphrase (about a second each). */
const KEY_DERIVING_FIELDS = ['signer', 'passphrase', 'passphrases'] as const;

export interface CallOptions {
  /** No busy indicator and no error alert: for background refreshes. */
  background?: boolean;
}

let running = 0;
let kdfRunning = 0;

function derivesKey(input: unknown): boolean {
  if (typeof input !== 'object' || input === null) return false;
  return KEY_DERIVING_FIELDS.some((field) => field in input);
}

function currentBusy(): BusyKind | null {
  if (kdfRunning > 0) return 'kdf';
  return running > 0 ? 'call' : null;
}

export async function callApi<M extends ApiMethodName>(method: M, input: InputOf<M>, options: CallOptions = {}): Promise<ValueOf<M> | null> {
  const store = useAppStore.getState();
  const kdf = derivesKey(input);
  if (!options.background) {
    running += 1;
    if (kdf) kdfRunning += 1;
    store.setBusy(currentBusy());
    store.setError(null);
  }

  let result: AnyResult<M>;
  try {
    const fn = window.breakglass[method] as (arg: InputOf<M>) => Promise<AnyResult<M>>;
    result = await fn(input);
  } catch (cause) {
    const reason = cause instanceof Error ? cause.message : String(cause);
    result = { ok: false, error: { code: 'internal', message: `The call ${method} failed inside the app: ${reason}. Restart the app and try again.` } } as AnyResult<M>;
  } finally {
    if (!options.background) {
      running -= 1;
      if (kdf) kdfRunning -= 1;
      useAppStore.getState().setBusy(currentBusy());
    }
  }

  if (result.ok) return result.value;
  if (!options.background) useAppStore.getState().setError(result.error);
  return null;
}

/** Reloads vault status, credential list and ceremonies into the store. */
export async function refreshVault(options: CallOptions = { background: true }): Promise<void> {
  const store = useAppStore.getState();
  const status = await callApi('vaultStatus', {}, options);
  if (status) store.setStatus(status);
  if (!status?.exists) return;

  const [credentials, ceremonies] = await Promise.all([
    callApi('credentialList', {}, { background: true }),
    callApi('ceremonyList', {}, { background: true }),
  ]);
  if (credentials) store.setCredentials(credentials);
  if (ceremonies) store.setCeremonies(ceremonies);
}
