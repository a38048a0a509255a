// Builds the one object the preload exposes as `window.breakglass`: one function per method of
// the contract (CHANNELS and DESKTOP_CHANNELS), each a single invoke on its channel, plus
// `onVaultChanged`. Nothing else crosses into the page: no ipcRenderer, no event objects (their
// `sender` would hand the page an IPC handle), no Node APIs.
import { CHANNELS, DESKTOP_CHANNELS, type ApiMethod, type DesktopMethod, type WindowApi } from '../shared/api/contract.js';

/** Main sends this event, without arguments, after it sealed the vault or changed it on its own. */
export const VAULT_CHANGED_CHANNEL = 'vault:changed';

export interface VaultEvents {
  /** Calls `callback` whenever main reports a vault change; returns a function that unsubscribes. */
  onVaultChanged(callback: () => void): () => void;
}

export type PreloadApi = WindowApi & VaultEvents;

export type Invoke = (channel: string, input: unknown) => Promise<unknown>;
export type Subscribe = (channel: string, listener: () => void) => () => void;

export function buildPreloadApi(invoke: Invoke, subscribe: Subscribe): PreloadApi {
  const api: Record<string, unknown> = {};

  const channels: Array<[ApiMethod | DesktopMethod, string]> = [
    ...(Object.entries(CHANNELS) as Array<[ApiMethod, string]>),
    ...(Object.entries(DESKTOP_CHANNELS) as Array<[DesktopMethod, string]>),
  ];
  for (const [method, channel] of channels) {
    api[method] = (input: unknown) => invoke(channel, input);
  }

  api['onVaultChanged'] = (callback: () => void) => {
    if (typeof callback !== 'function') throw new TypeError('onVaultChanged expects a function');
    return subscribe(VAULT_CHANGED_CHANNEL, () => callback());
  };

  return Object.freeze(api) as unknown as PreloadApi;
}
