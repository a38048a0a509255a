// Loads the real main process, bundled by esbuild as for dist/, in Node with the real core on a
// temporary vault. The 'electron' module cannot run here, so a recording stand-in replaces it.
// The test checks that main wires what security-policy.ts decides: the scheme before ready, the
// session rules, one validated handler per channel, the window's preferences, the navigation
// guards, and auto-seal.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, DESKTOP_CHANNELS } from '../../shared/api/contract.js';
import { APP_SCHEME_REGISTRATION, CONTENT_SECURITY_POLICY, WEB_PREFERENCES } from '../../electron/security-policy.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');
const TRUSTED_EVENT = { senderFrame: { url: 'app://bundle/index.html' } };

type Listener = (...args: unknown[]) => unknown;
type IpcListener = (event: unknown, input: unknown) => Promise<unknown>;

/** Minimal event emitter with Electron's `on`/`once` shape. */
class Emitter {
  readonly listeners = new Map<string, Listener[]>();
  on(name: string, listener: Listener): this {
    this.listeners.set(name, [...(this.listeners.get(name) ?? []), listener]);
    return this;
  }
  once(name: string, listener: Listener): this {
    return this.on(name, listener);
  }
  emit(name: string, ...args: unknown[]): unknown[] {
    return (this.listeners.get(name) ?? []).map((listener) => listener(...args));
  }
}

class FakeContents extends Emitter {
  sent: string[] = [];
  windowOpenHandler: Listener | null = null;
  send(channel: string): void {
    this.sent.push(channel);
  }
  setWindowOpenHandler(handler: Listener): void {
    this.windowOpenHandler = handler;
  }
}

/** Builds the stand-in and a log of what main did with it, in order. */
function createFakeElectron(paths: { appData: string; appPath: string }) {
  const calls: string[] = [];
  let resolveReady: () => void = () => undefined;
  const ready = new Promise<void>((resolve) => {
    resolveReady = resolve;
  });
  const windows: Array<{ options: { webPreferences: Record<string, unknown> }; contents: FakeContents; urls: string[] }> = [];
  const ipcHandlers = new Map<string, IpcListener>();
  const protocolHandlers = new Map<string, (request: Request) => Promise<Response>>();
  const session = {
    permissionRequest: null as Listener | null,
    permissionCheck: null as Listener | null,
    beforeRequest: null as Listener | null,
    events: new Emitter(),
  };
  const clipboardWrites: string[] = [];
  const app = Object.assign(new Emitter(), {
    isPackaged: true,
    quitCalls: 0,
    userData: '',
    setName: (name: string) => calls.push(`setName:${name}`),
    setPath: (name: string, value: string) => {
      calls.push(`setPath:${name}`);
      app.userData = value;
    },
    getPath: (name: string) => {
      if (name === 'userData') return app.userData;
      if (name === 'appData') return paths.appData;
      return path.join(paths.appData, name);
    },
    getAppPath: () => paths.appPath,
    getVersion: () => '0.1.0-test',
    enableSandbox: () => calls.push('enableSandbox'),
    requestSingleInstanceLock: () => true,
    whenReady: () => ready,
    quit: () => {
      app.quitCalls++;
    },
    exit: (code: number) => calls.push(`exit:${code}`),
  });

  class BrowserWindow {
    readonly webContents = new FakeContents();
    private readonly emitter = new Emitter();
    readonly urls: string[] = [];
    constructor(options: { webPreferences: Record<string, unknown> }) {
      calls.push('new BrowserWindow');
      windows.push({ options, contents: this.webContents, urls: this.urls });
    }
    once(name: string, listener: Listener) {
      this.emitter.on(name, listener);
      return this;
    }
    on(name: string, listener: Listener) {
      this.emitter.on(name, listener);
      return this;
    }
    loadURL(url: string) {
      this.urls.push(url);
      return Promise.resolve();
    }
    show() {}
  }

  const electron = {
    app,
    BrowserWindow,
    protocol: {
      registerSchemesAsPrivileged: (schemes: unknown) => calls.push(`registerSchemesAsPrivileged:${JSON.stringify(schemes)}`),
    },
    session: {
      defaultSession: {
        protocol: { handle: (scheme: string, handler: (request: Request) => Promise<Response>) => protocolHandlers.set(scheme, handler) },
        setPermissionRequestHandler: (handler: Listener) => (session.permissionRequest = handler),
        setPermissionCheckHandler: (handler: Listener) => (session.permissionCheck = handler),
        setDevicePermissionHandler: () => undefined,
        webRequest: { onBeforeRequest: (handler: Listener) => (session.beforeRequest = handler) },
        on: (name: string, listener: Listener) => session.events.on(name, listener),
      },
    },
    ipcMain: {
      handle: (channel: string, listener: IpcListener) => {
        if (ipcHandlers.has(channel)) throw new Error(`second handler for ${channel}`);
        ipcHandlers.set(channel, listener);
      },
      removeHandler: (channel: string) => ipcHandlers.delete(channel),
    },
    dialog: {
      showErrorBox: (title: string) => calls.push(`showErrorBox:${title}`),
      showMessageBox: () => Promise.resolve({ response: 0 }),
      showSaveDialog: () => Promise.resolve({ canceled: true }),
    },
    Menu: { buildFromTemplate: (template: unknown) => template, setApplicationMenu: () => calls.push('setApplicationMenu') },
    powerMonitor: new Emitter(),
    safeStorage: {
      isEncryptionAvailable: () => false,
      encryptString: () => Buffer.alloc(0),
      decryptString: () => '',
      getSelectedStorageBackend: () => 'basic_text',
    },
    clipboard: {
      readText: () => Promise.resolve(clipboardWrites.at(-1) ?? ''),
      writeText: (text: string) => {
        clipboardWrites.push(text);
        return Promise.resolve();
      },
      clear: () => clipboardWrites.push(''),
    },
  };
  return { electron, calls, resolveReady, windows, ipcHandlers, protocolHandlers, session, clipboardWrites };
}

let temp: string;
let fake: ReturnType<typeof createFakeElectron>;
const originalLoad = (Module as unknown as { _load: Listener })._load;
const savedEnv = { ...process.env };

async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (condition()) return;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`timed out waiting for ${what}. Calls so far: ${fake.calls.join(', ')}`);
}

beforeAll(async () => {
  // The bundle goes under the project so its externals resolve from node_modules.
  mkdirSync(path.join(ROOT, '.tmp'), { recursive: true });
  temp = mkdtempSync(path.join(ROOT, '.tmp', 'main-wiring-'));
  const appPath = path.join(temp, 'app');
  mkdirSync(path.join(appPath, 'renderer', 'dist'), { recursive: true });
  writeFileSync(path.join(appPath, 'renderer', 'dist', 'index.html'), '<!doctype html><title>vault</title>');

  await build({
    absWorkingDir: ROOT,
    entryPoints: ['electron/main.ts'],
    outfile: path.join(temp, 'main.cjs'),
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external: ['electron', 'better-sqlite3', '@node-rs/argon2', 'libsodium-wrappers-sumo'],
    banner: { js: "const __importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    define: { 'import.meta.url': '__importMetaUrl', 'import.meta.dirname': '__dirname', 'import.meta.filename': '__filename' },
    logLevel: 'silent',
  });

  fake = createFakeElectron({ appData: path.join(temp, 'appData'), appPath });
  process.env['BREAKGLASS_USER_DATA_DIR'] = path.join(temp, 'userData');
  process.env['BREAKGLASS_SQLITE_BINDING'] = '/nonexistent/better_sqlite3.node';
  mkdirSync(path.join(temp, 'userData'), { recursive: true });

  (Module as unknown as { _load: Listener })._load = function (this: unknown, request: unknown, ...rest: unknown[]) {
    if (request === 'electron') return fake.electron;
    return originalLoad.call(this, request, ...rest);
  };
  createRequire(import.meta.url)(path.join(temp, 'main.cjs'));

  fake.calls.push('ready');
  fake.resolveReady();
  await waitFor(() => fake.windows.length === 1, 'the main window');
});

afterAll(() => {
  (Module as unknown as { _load: Listener })._load = originalLoad;
  process.env = savedEnv;
  rmSync(temp, { recursive: true, force: true });
});

describe('main process wiring', () => {
  it('registers the app scheme and sandbox before ready', () => {
    const readyAt = fake.calls.indexOf('ready');
    const schemeAt = fake.calls.indexOf(`registerSchemesAsPrivileged:${JSON.stringify([APP_SCHEME_REGISTRATION])}`);
    expect(schemeAt).toBeGreaterThanOrEqual(0);
    expect(schemeAt).toBeLessThan(readyAt);
    const sandboxAt = fake.calls.indexOf('enableSandbox');
    expect(sandboxAt).toBeGreaterThanOrEqual(0);
    expect(sandboxAt).toBeLessThan(readyAt);
  });

  it('ignores the native binding variable when packaged', () => {
    expect(process.env['BREAKGLASS_SQLITE_BINDING']).toBeUndefined();
  });

  it('uses the userData folder from the environment', () => {
    expect(fake.electron.app.getPath('userData')).toBe(path.join(temp, 'userData'));
  });

  it('creates the window with the hardened preferences', () => {
    const [window] = fake.windows;
    expect(window!.options.webPreferences).toEqual({ ...WEB_PREFERENCES, preload: path.join(temp, 'preload.cjs'), devTools: false });
    expect(window!.urls).toEqual(['app://bundle/index.html']);
  });

  it('registers one handler per channel', () => {
    const expected = [...Object.values(CHANNELS), ...Object.values(DESKTOP_CHANNELS)].sort();
    expect([...fake.ipcHandlers.keys()].sort()).toEqual(expected);
  });

  it('vault status reaches the real core', async () => {
    const result = await fake.ipcHandlers.get(CHANNELS.vaultStatus)!(TRUSTED_EVENT, {});
    expect(result).toMatchObject({ ok: true, value: { exists: false, state: 'none', path: path.join(temp, 'userData', 'vault.bgvault') } });
  });

  it('rejects input that fails its schema', async () => {
    const result = await fake.ipcHandlers.get(CHANNELS.ceremonyGet)!(TRUSTED_EVENT, { ceremonyId: '../x' });
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input' } });
  });

  it('rejects a call from another origin', async () => {
    const result = await fake.ipcHandlers.get(CHANNELS.vaultStatus)!({ senderFrame: { url: 'https://example.com/' } }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
  });

  it('rejects a call without a sender frame', async () => {
    const result = await fake.ipcHandlers.get(CHANNELS.vaultStatus)!({ senderFrame: null }, {});
    expect(result).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
  });

  it('app info reports the vault and clipboard delay', async () => {
    const result = await fake.ipcHandlers.get(DESKTOP_CHANNELS.appInfo)!(TRUSTED_EVENT, {});
    expect(result).toMatchObject({ ok: true, value: { clipboardClearSeconds: 30, vaultPath: path.join(temp, 'userData', 'vault.bgvault') } });
  });

  it('copies through the clipboard guard', async () => {
    const result = await fake.ipcHandlers.get(DESKTOP_CHANNELS.copyToClipboard)!(TRUSTED_EVENT, { text: 'hunter2' });
    expect(result).toEqual({ ok: true, value: { clearAfterSeconds: 30 } });
    expect(fake.clipboardWrites.at(-1)).toBe('hunter2');
  });

  it('save dialog cancel saves nothing', async () => {
    const result = await fake.ipcHandlers.get(DESKTOP_CHANNELS.saveFile)!(TRUSTED_EVENT, { suggestedName: 'kit.bgkit', contentBase64: 'QQ==' });
    expect(result).toEqual({ ok: true, value: { saved: false, path: null } });
  });

  it('session denies permissions and remote requests', () => {
    const decisions: unknown[] = [];
    fake.session.permissionRequest!(null, 'media', (granted: boolean) => decisions.push(granted), { requestingUrl: 'app://bundle/' });
    expect(decisions).toEqual([false]);
    expect(fake.session.permissionCheck!(null, 'notifications', 'app://bundle')).toBe(false);

    const cancelled: unknown[] = [];
    fake.session.beforeRequest!({ url: 'https://example.com/' }, (response: unknown) => cancelled.push(response));
    fake.session.beforeRequest!({ url: 'app://bundle/index.html' }, (response: unknown) => cancelled.push(response));
    expect(cancelled).toEqual([{ cancel: true }, { cancel: false }]);
  });

  it('serves the bundle with the CSP', async () => {
    const handler = fake.protocolHandlers.get('app');
    const response = await handler!(new Request('app://bundle/index.html'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  });

  it('guards every new webContents', () => {
    const contents = new FakeContents();
    fake.electron.app.emit('web-contents-created', {}, contents);

    let prevented = 0;
    const event = { preventDefault: () => prevented++, url: 'https://example.com/' };
    contents.emit('will-navigate', event, 'https://example.com/');
    contents.emit('will-redirect', event, 'https://example.com/');
    contents.emit('will-frame-navigate', event);
    contents.emit('will-attach-webview', event);
    expect(prevented).toBe(4);
    expect(contents.windowOpenHandler!({ url: 'https://example.com/' })).toEqual({ action: 'deny' });
  });

  it('seals and notifies the window on screen lock', async () => {
    const contents = fake.windows[0]!.contents;
    fake.electron.powerMonitor.emit('lock-screen');
    await waitFor(() => contents.sent.includes('vault:changed'), 'the vault:changed event');
    expect(contents.sent).toContain('vault:changed');
  });

  it('seals before quitting', async () => {
    let prevented = false;
    fake.electron.app.emit('before-quit', { preventDefault: () => (prevented = true) });
    expect(prevented).toBe(true);
    await waitFor(() => fake.electron.app.quitCalls > 0, 'app.quit after sealing');
    expect(fake.electron.app.quitCalls).toBe(1);
  });
});
