// The one bridge to the main process: the preload exposes `window.breakglass` (see
// shared/api/contract.ts). The renderer imports nothing else from outside the page.
import type { WindowApi } from '../../shared/api/contract.js';

declare global {
  interface Window {
    breakglass: WindowApi;
  }
}

export {};
