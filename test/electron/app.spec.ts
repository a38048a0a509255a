// End-to-end test of the real Electron main process and preload, launched with Playwright's
// `_electron`. It runs only where an Electron binary and a better-sqlite3 build for Electron exist
// (see electron-runtime.ts); elsewhere every test is skipped with the reason.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { _electron, expect, test, type ElectronApplication, type Page } from '@playwright/test';
import { CHANNELS, DESKTOP_CHANNELS } from '../../shared/api/contract.js';
import { CONTENT_SECURITY_POLICY } from '../../electron/security-policy.js';
import { ROOT, findElectronRuntime } from './electron-runtime.js';

const runtime = findElectronRuntime();
const require = createRequire(import.meta.url);

/** Records, in main, what the page tried to navigate to and what actually started. */
interface NavigationLog {
  attempted: string[];
  started: string[];
}

function buildApp(): void {
  const vite = path.join(path.dirname(require.resolve('vite/package.json')), 'bin', 'vite.js');
  for (const args of [[path.join(ROOT, 'build', 'bundle-electron.mjs')], [vite, 'build', '--config', 'renderer/vite.config.ts']]) {
    const result = spawnSync(process.execPath, args, { cwd: ROOT, stdio: 'inherit' });
    if (result.status !== 0) throw new Error(`build step failed: node ${args.join(' ')}`);
  }
}

test.describe('electron app', () => {
  test.skip(!runtime.ok, runtime.ok ? '' : runtime.reason);
  test.describe.configure({ mode: 'serial' });

  let app: ElectronApplication;
  let page: Page;
  let userData: string;

  test.beforeAll(async () => {
    if (!runtime.ok) return;
    buildApp();
    userData = mkdtempSync(path.join(os.tmpdir(), 'bg-electron-'));
    app = await _electron.launch({
      executablePath: runtime.executablePath,
      args: [ROOT],
      cwd: ROOT,
      env: { ...process.env, BREAKGLASS_USER_DATA_DIR: userData, BREAKGLASS_SQLITE_BINDING: runtime.sqliteBinding },
    });
    page = await app.firstWindow();
    await page.waitForLoadState('domcontentloaded');
  });

  test.afterAll(async () => {
    await app?.close();
    if (userData) rmSync(userData, { recursive: true, force: true });
  });

  test('opens one window on the app origin', () => {
    expect(app.windows()).toHaveLength(1);
    expect(page.url()).toBe('app://bundle/index.html');
  });

  test('page sees the breakglass API and no Node', async () => {
    const surface = await page.evaluate(() => {
      const api = (window as unknown as { breakglass: Record<string, unknown> }).breakglass;
      const globals = window as unknown as Record<string, unknown>;
      return {
        keys: Object.keys(api).sort(),
        allFunctions: Object.values(api).every((value) => typeof value === 'function'),
        require: typeof globals['require'],
        process: typeof globals['process'],
        module: typeof globals['module'],
        ipcRenderer: typeof globals['ipcRenderer'],
      };
    });
    expect(surface.keys).toEqual([...Object.keys(CHANNELS), ...Object.keys(DESKTOP_CHANNELS), 'onVaultChanged'].sort());
    expect(surface.allFunctions).toBe(true);
    expect(surface.require).toBe('undefined');
    expect(surface.process).toBe('undefined');
    expect(surface.module).toBe('undefined');
    expect(surface.ipcRenderer).toBe('undefined');
  });

  test('API calls reach the core and bad input is rejected', async () => {
    const [status, invalid] = await page.evaluate(async () => {
      const api = (window as unknown as { breakglass: Record<string, (input: unknown) => Promise<unknown>> }).breakglass;
      return [await api['vaultStatus']!({}), await api['ceremonyGet']!({ ceremonyId: '../../etc', extra: true })];
    });
    expect(status).toMatchObject({ ok: true, value: { exists: false } });
    expect(invalid).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  test('responses carry the content security policy', async () => {
    const policy = await app.evaluate(async ({ session }) => {
      const response = await session.defaultSession.fetch('app://bundle/index.html');
      return response.headers.get('content-security-policy');
    });
    expect(policy).toBe(CONTENT_SECURITY_POLICY);
  });

  test('navigation and window.open to a remote site are blocked', async () => {
    await app.evaluate(({ BrowserWindow }) => {
      const contents = BrowserWindow.getAllWindows()[0]!.webContents;
      const log: NavigationLog = { attempted: [], started: [] };
      (globalThis as unknown as { navigationLog: NavigationLog }).navigationLog = log;
      contents.on('will-navigate', (_event, url) => log.attempted.push(url));
      contents.on('did-start-navigation', (event) => log.started.push(event.url));
    });

    const opened = await page.evaluate(() => window.open('https://example.com/') === null);
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await page.waitForTimeout(1_000);

    const log = await app.evaluate(() => (globalThis as unknown as { navigationLog: NavigationLog }).navigationLog);
    expect(opened).toBe(true);
    expect(log.attempted).toContain('https://example.com/');
    expect(log.started.filter((url) => url.startsWith('https:'))).toEqual([]);
    expect(page.url()).toBe('app://bundle/index.html');
    expect(app.windows()).toHaveLength(1);
  });
});
