// Navigation, the busy indicator and the one error alert of the window.
import type { StateCreator } from 'zustand';
import type { ApiError, CeremonyKind } from '../../../shared/api/contract.js';
import type { AppState } from './index.js';

export type Route =
  | { screen: 'home' }
  | { screen: 'setup' }
  | { screen: 'deposit' }
  | { screen: 'rotate'; credentialId: string }
  | { screen: 'request'; kind: CeremonyKind }
  | { screen: 'ceremony'; ceremonyId: string }
  | { screen: 'audit' }
  | { screen: 'custodians' };

/** What the busy indicator says: Argon2id work, or any other call to the core. */
export type BusyKind = 'kdf' | 'call';

export interface UiSlice {
  route: Route;
  busy: BusyKind | null;
  error: ApiError | null;
  notice: string | null;
  navigate: (route: Route) => void;
  setBusy: (busy: BusyKind | null) => void;
  setError: (error: ApiError | null) => void;
  setNotice: (notice: string | null) => void;
}

export const initialUiState = {
  route: { screen: 'home' } as Route,
  busy: null,
  error: null,
  notice: null,
} satisfies Partial<UiSlice>;

export const createUiSlice: StateCreator<AppState, [], [], UiSlice> = (set) => ({
  ...initialUiState,
  navigate: (route) => set({ route, error: null, notice: null }),
  setBusy: (busy) => set({ busy }),
  setError: (error) => set({ error, notice: null }),
  setNotice: (notice) => set({ notice }),
});
