// The first-run draft: vault name, people, quorum policies and the optional KDF parameters,
// kept while the user moves between setup steps, then the SetupView the core returns.
import type { StateCreator } from 'zustand';
import type { KdfInput, PersonInput, PolicyInput, SetupView } from '../../../shared/api/contract.js';
import type { AppState } from './index.js';

export type SetupStep = 'people' | 'policies' | 'enrol' | 'genesis';

export interface SetupDraft {
  name: string;
  people: PersonInput[];
  policies: PolicyInput[];
  /** Empty strings mean "use the core's production default". */
  kdfMemoryKiB: string;
  kdfIterations: string;
}

export interface SetupSlice {
  setupStep: SetupStep;
  draft: SetupDraft;
  setupView: SetupView | null;
  setSetupStep: (step: SetupStep) => void;
  updateDraft: (patch: Partial<SetupDraft>) => void;
  setSetupView: (view: SetupView | null) => void;
  resetSetup: () => void;
}

export const initialSetupState = {
  setupStep: 'people' as SetupStep,
  draft: { name: '', people: [], policies: [], kdfMemoryKiB: '', kdfIterations: '' } as SetupDraft,
  setupView: null,
} satisfies Partial<SetupSlice>;

/** Builds the KDF input from the advanced fields, or undefined to keep the core's default. */
export function draftKdf(draft: SetupDraft): KdfInput | undefined {
  if (draft.kdfMemoryKiB.trim() === '' && draft.kdfIterations.trim() === '') return undefined;
  return { memoryKiB: Number(draft.kdfMemoryKiB), iterations: Number(draft.kdfIterations) };
}

export const createSetupSlice: StateCreator<AppState, [], [], SetupSlice> = (set) => ({
  ...initialSetupState,
  setSetupStep: (setupStep) => set({ setupStep, error: null }),
  updateDraft: (patch) => set((state) => ({ draft: { ...state.draft, ...patch } })),
  setSetupView: (setupView) => set({ setupView }),
  resetSetup: () => set({ ...initialSetupState }),
});
