// Gives a Playwright page the object the Electron preload would expose as `window.breakglass`,
// bound to the real core service (real SQLite file in a temp dir) in the test process. The desktop
// services are implemented here: saveFile writes into the temp dir and records the path,
// copyToClipboard keeps the text in `clipboard` so the test can check it.
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { Page } from '@playwright/test';
import { API_METHODS, CHANNELS, DESKTOP_CHANNELS, type AppInfo, type DesktopApi, type DesktopMethod, type Result } from '../../shared/api/contract.js';
import { openCoreService, type CoreService } from '../../shared/service/index.js';

/** Seconds the fake desktop clipboard reports before it would clear. */
export const TEST_CLIPBOARD_CLEAR_SECONDS = 30;

/** Small Argon2id parameters for tests only; production uses the core's defaults. */
export const TEST_KDF = { memoryKiB: 8192, iterations: 1 } as const;

export interface SavedFile {
  suggestedName: string;
  path: string;
}

export class VaultHarness {
  readonly saved: SavedFile[] = [];
  clipboard: string | null = null;
  readonly desktop: DesktopApi;

  private constructor(
    readonly dir: string,
    readonly vaultPath: string,
    readonly core: CoreService,
  ) {
    this.desktop = {
      saveFile: (input) => this.saveFile(input),
      copyToClipboard: (input) => {
        this.clipboard = input.text;
        return Promise.resolve({ ok: true, value: { clearAfterSeconds: TEST_CLIPBOARD_CLEAR_SECONDS } });
      },
      appInfo: () => {
        const info: AppInfo = { version: 'e2e', platform: process.platform, clipboardClearSeconds: TEST_CLIPBOARD_CLEAR_SECONDS, vaultPath: this.vaultPath };
        return Promise.resolve({ ok: true, value: info });
      },
    };
  }

  static async create(label: string): Promise<VaultHarness> {
    const dir = await mkdtemp(path.join(os.tmpdir(), `breakglass-e2e-${label}-`));
    await mkdir(path.join(dir, 'saved'));
    const vaultPath = path.join(dir, 'vault.sqlite');
    const core = await openCoreService({ vaultPath });
    return new VaultHarness(dir, vaultPath, core);
  }

  /** Returns the most recent saved file whose name ends with `suffix` (any file when omitted). */
  lastSaved(suffix = ''): SavedFile {
    const found = [...this.saved].reverse().find((file) => file.suggestedName.endsWith(suffix));
    if (!found) throw new Error(`no saved file ends with "${suffix}"; saved: ${this.saved.map((f) => f.suggestedName).join(', ')}`);
    return found;
  }

  private async saveFile(input: { suggestedName: string; contentBase64: string }): Promise<Result<{ saved: boolean; path: string | null }>> {
    const base = path.basename(input.suggestedName) || 'file';
    let target = path.join(this.dir, 'saved', base);
    for (let n = 2; existsSync(target); n += 1) target = path.join(this.dir, 'saved', `${n}-${base}`);
    await writeFile(target, Buffer.from(input.contentBase64, 'base64'));
    this.saved.push({ suggestedName: base, path: target });
    return { ok: true, value: { saved: true, path: target } };
  }

  /** Binds `window.breakglass` in every document the page loads: one function per API method. */
  async bind(page: Page): Promise<void> {
    await page.exposeBinding('__breakglassInvoke', async (_source, method: string, input: unknown) => {
      const core = this.core as unknown as Record<string, (arg: unknown) => Promise<unknown>>;
      const desktop = this.desktop as unknown as Record<string, (arg: unknown) => Promise<unknown>>;
      if (Object.hasOwn(CHANNELS, method)) return core[method]?.call(this.core, input);
      if (Object.hasOwn(DESKTOP_CHANNELS, method)) return desktop[method]?.call(this.desktop, input);
      return { ok: false, error: { code: 'invalid-input', message: `unknown API method ${method}` } };
    });

    const methods = [...API_METHODS, ...(Object.keys(DESKTOP_CHANNELS) as DesktopMethod[])];
    await page.addInitScript((names: string[]) => {
      type Invoke = (method: string, input: unknown) => Promise<unknown>;
      const host = window as unknown as { __breakglassInvoke: Invoke };
      const api: Record<string, (input: unknown) => Promise<unknown>> = {};
      for (const name of names) api[name] = (input: unknown) => host.__breakglassInvoke(name, input);
      Object.defineProperty(window, 'breakglass', { value: Object.freeze(api), writable: false, configurable: false });
    }, methods);
  }

  async dispose(): Promise<void> {
    this.core.close();
    await rm(this.dir, { recursive: true, force: true });
  }
}
