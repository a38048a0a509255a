// Electron's clipboard as the port ClipboardGuard uses.
import { clipboard } from 'electron';
import type { ClipboardPort } from './clipboard-guard.js';

export const electronClipboard: ClipboardPort = {
  readText: () => clipboard.readText(),
  writeText: (text) => clipboard.writeText(text),
  clear: () => clipboard.clear(),
};
