// The DesktopApi methods, implemented in main: save dialog plus file write, guarded clipboard,
// and app information. Inputs arrive already parsed by their schemas (ipc-handler.ts).
import path from 'node:path';
import { dialog, type BrowserWindow } from 'electron';
import type { AppInfo, DesktopApi } from '../shared/api/contract.js';
import type { ClipboardGuard } from './clipboard-guard.js';
import { writeUserFile } from './user-file.js';

export interface DesktopServiceDeps {
  getWindow(): BrowserWindow | null;
  clipboardGuard: ClipboardGuard;
  /** Folder the save dialog opens in. */
  defaultSaveDir: string;
  info: Omit<AppInfo, 'clipboardClearSeconds'>;
}

export function createDesktopApi(deps: DesktopServiceDeps): DesktopApi {
  return {
    async saveFile({ suggestedName, contentBase64 }) {
      const options = {
        defaultPath: path.join(deps.defaultSaveDir, suggestedName),
        properties: ['createDirectory', 'showOverwriteConfirmation'] as Array<'createDirectory' | 'showOverwriteConfirmation'>,
      };
      const window = deps.getWindow();
      const choice = window ? await dialog.showSaveDialog(window, options) : await dialog.showSaveDialog(options);
      if (choice.canceled || !choice.filePath) return { ok: true, value: { saved: false, path: null } };

      await writeUserFile(choice.filePath, Buffer.from(contentBase64, 'base64'));
      return { ok: true, value: { saved: true, path: choice.filePath } };
    },

    async copyToClipboard({ text }) {
      return { ok: true, value: await deps.clipboardGuard.copy(text) };
    },

    appInfo() {
      return Promise.resolve({ ok: true, value: { ...deps.info, clipboardClearSeconds: deps.clipboardGuard.clearAfterSeconds } });
    },
  };
}
