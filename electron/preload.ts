// Preload of the main window. It runs sandboxed, so it may only require 'electron'; esbuild
// bundles it with the contract's channel names inlined (build/bundle-electron.mjs). It exposes
// exactly one object, `window.breakglass`, through contextBridge.
import { contextBridge, ipcRenderer } from 'electron';
import { buildPreloadApi } from './preload-api.js';

const api = buildPreloadApi(
  (channel, input) => ipcRenderer.invoke(channel, input),
  (channel, listener) => {
    const handler = () => listener();
    ipcRenderer.on(channel, handler);
    return () => {
      ipcRenderer.removeListener(channel, handler);
    };
  },
);

contextBridge.exposeInMainWorld('breakglass', api);
