// The window's one zustand store, combined from typed slices. Components select single fields.
import { create } from 'zustand';
import { createSetupSlice, type SetupSlice } from './setupSlice.js';
import { createUiSlice, type UiSlice } from './uiSlice.js';
import { createVaultSlice, type VaultSlice } from './vaultSlice.js';

export type AppState = UiSlice & VaultSlice & SetupSlice;

export const useAppStore = create<AppState>()((...args) => ({
  ...createUiSlice(...args),
  ...createVaultSlice(...args),
  ...createSetupSlice(...args),
}));
