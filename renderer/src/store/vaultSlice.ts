// What the window knows about the vault: status, credential metadata and ceremonies. Secrets are
// never stored here; a revealed secret lives only in the state of the component that shows it.
import type { StateCreator } from 'zustand';
import type { AppInfo, CeremonyView, CredentialView, VaultStatus } from '../../../shared/api/contract.js';
import type { AppState } from './index.js';

export interface VaultSlice {
  status: VaultStatus | null;
  appInfo: AppInfo | null;
  credentials: CredentialView[];
  ceremonies: CeremonyView[];
  setStatus: (status: VaultStatus) => void;
  setAppInfo: (appInfo: AppInfo) => void;
  setCredentials: (credentials: CredentialView[]) => void;
  setCeremonies: (ceremonies: CeremonyView[]) => void;
  /** Replaces one ceremony in the list (or adds it) after an act returned its new view. */
  putCeremony: (ceremony: CeremonyView) => void;
}

export const initialVaultState = {
  status: null,
  appInfo: null,
  credentials: [],
  ceremonies: [],
} satisfies Partial<VaultSlice>;

export const createVaultSlice: StateCreator<AppState, [], [], VaultSlice> = (set) => ({
  ...initialVaultState,
  setStatus: (status) => set({ status }),
  setAppInfo: (appInfo) => set({ appInfo }),
  setCredentials: (credentials) => set({ credentials }),
  setCeremonies: (ceremonies) => set({ ceremonies }),
  putCeremony: (ceremony) =>
    set((state) => {
      const others = state.ceremonies.filter((c) => c.id !== ceremony.id);
      return { ceremonies: [...others, ceremony] };
    }),
});
