// Checks the Electron shell's security decisions against Electron's security checklist
// (https://www.electronjs.org/docs/latest/tutorial/security) without an Electron binary. Covered:
// the pure policy module, the app:// file server on real files, the IPC wrapper and the menu.
// The real preload bundle runs in a VM context with a recording stand-in for the 'electron' module.
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import vm from 'node:vm';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHANNELS, DESKTOP_CHANNELS } from '../../shared/api/contract.js';
import { INPUT_SCHEMAS } from '../../shared/api/schemas.js';
import { VaultError } from '../../shared/util/errors.js';
import type { Logger } from '../../shared/util/logger.js';
import { handleAppRequest } from '../../electron/app-protocol.js';
import { INTERNAL_ERROR_MESSAGE, makeHandler } from '../../electron/ipc-handler.js';
import { buildMenuTemplate } from '../../electron/menu.js';
import { VAULT_CHANGED_CHANNEL } from '../../electron/preload-api.js';
import {
  APP_ENTRY_URL,
  APP_SCHEME_REGISTRATION,
  CONTENT_SECURITY_POLICY,
  WEB_PREFERENCES,
  decidePermission,
  decideWindowOpen,
  isAllowedNavigation,
  isAllowedRequest,
  isTrustedSenderUrl,
  resolveAppUrlToFile,
  webPreferencesFor,
} from '../../electron/security-policy.js';

const ROOT = path.resolve(import.meta.dirname, '..', '..');

describe('web preferences', () => {
  it('isolate and sandbox the renderer', () => {
    expect(WEB_PREFERENCES.contextIsolation).toBe(true);
    expect(WEB_PREFERENCES.sandbox).toBe(true);
    expect(WEB_PREFERENCES.nodeIntegration).toBe(false);
    expect(WEB_PREFERENCES.nodeIntegrationInWorker).toBe(false);
    expect(WEB_PREFERENCES.nodeIntegrationInSubFrames).toBe(false);
  });

  it('keep web security features on', () => {
    expect(WEB_PREFERENCES.webSecurity).toBe(true);
    expect(WEB_PREFERENCES.allowRunningInsecureContent).toBe(false);
    expect(WEB_PREFERENCES.experimentalFeatures).toBe(false);
    expect(WEB_PREFERENCES.enableBlinkFeatures).toBe('');
    expect(WEB_PREFERENCES.webviewTag).toBe(false);
    expect(WEB_PREFERENCES.spellcheck).toBe(false);
    expect(WEB_PREFERENCES.navigateOnDragDrop).toBe(false);
  });

  it('add the preload and DevTools only as asked', () => {
    const production = webPreferencesFor('/app/preload.cjs', { devTools: false });
    expect(production.preload).toBe('/app/preload.cjs');
    expect(production.devTools).toBe(false);
    expect(production.sandbox).toBe(true);
    expect(webPreferencesFor('/app/preload.cjs', { devTools: true }).devTools).toBe(true);
  });
});

describe('app scheme', () => {
  it('is standard and secure and nothing more', () => {
    expect(APP_SCHEME_REGISTRATION.scheme).toBe('app');
    expect(APP_SCHEME_REGISTRATION.privileges).toMatchObject({ standard: true, secure: true });
    for (const privilege of ['bypassCSP', 'allowServiceWorkers', 'supportFetchAPI', 'corsEnabled', 'stream'] as const) {
      expect(APP_SCHEME_REGISTRATION.privileges?.[privilege], privilege).toBe(false);
    }
  });

  it('entry page is on the app origin', () => {
    expect(APP_ENTRY_URL).toBe('app://bundle/index.html');
  });
});

describe('content security policy', () => {
  const directives = new Map(
    CONTENT_SECURITY_POLICY.split(';').map((part) => {
      const [name, ...values] = part.trim().split(/\s+/);
      return [name, values] as const;
    }),
  );

  it('defaults to none', () => {
    expect(directives.get('default-src')).toEqual(["'none'"]);
  });

  it('allows no inline or evaluated code', () => {
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-inline');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-eval');
    expect(CONTENT_SECURITY_POLICY).not.toContain('unsafe-hashes');
    expect(CONTENT_SECURITY_POLICY).not.toContain('wasm-unsafe-eval');
    expect(directives.get('script-src')).toEqual(["'self'"]);
    expect(directives.get('style-src')).toEqual(["'self'"]);
  });

  it('forbids connections, framing, forms and base changes', () => {
    expect(directives.get('connect-src')).toEqual(["'none'"]);
    expect(directives.get('frame-ancestors')).toEqual(["'none'"]);
    expect(directives.get('form-action')).toEqual(["'none'"]);
    expect(directives.get('base-uri')).toEqual(["'none'"]);
  });

  it('names no remote host or wildcard', () => {
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/https?:|\*|wss?:/);
  });

  it('matches the meta tag of the renderer page', async () => {
    const { readFile } = await import('node:fs/promises');
    const html = await readFile(path.join(ROOT, 'renderer', 'index.html'), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html);
    expect(meta?.[1]).toBe(CONTENT_SECURITY_POLICY);
  });
});

describe('navigation, windows, permissions, requests', () => {
  const urls = ['https://example.com/', 'http://localhost:5173/', 'file:///etc/passwd', 'app://bundle/index.html', 'app://other/index.html', 'javascript:alert(1)', 'data:text/html,x', 'about:blank', 'not a url'];

  it.each(urls)('navigation to %s is denied', (url) => {
    expect(isAllowedNavigation(url)).toBe(false);
  });

  it.each(urls)('window.open of %s is denied', (url) => {
    expect(decideWindowOpen(url)).toEqual({ action: 'deny' });
  });

  it.each(['media', 'geolocation', 'notifications', 'clipboard-read', 'clipboard-sanitized-write', 'openExternal', 'hid', 'usb', 'fullscreen', 'unknown'])(
    'permission %s is denied',
    (permission) => {
      expect(decidePermission(permission, 'app://bundle/index.html')).toBe(false);
    },
  );

  it('requests load only from the app origin', () => {
    expect(isAllowedRequest('app://bundle/assets/index.js', { devTools: false })).toBe(true);
    expect(isAllowedRequest('https://example.com/', { devTools: false })).toBe(false);
    expect(isAllowedRequest('http://127.0.0.1:9222/json', { devTools: true })).toBe(false);
    expect(isAllowedRequest('ws://127.0.0.1/', { devTools: false })).toBe(false);
    expect(isAllowedRequest('file:///etc/passwd', { devTools: false })).toBe(false);
    expect(isAllowedRequest('app://evil/index.html', { devTools: false })).toBe(false);
  });

  it('devtools pages load only while DevTools is enabled', () => {
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', { devTools: false })).toBe(false);
    expect(isAllowedRequest('devtools://devtools/bundled/inspector.html', { devTools: true })).toBe(true);
  });

  it('IPC senders must be on the app origin', () => {
    expect(isTrustedSenderUrl('app://bundle/index.html')).toBe(true);
    expect(isTrustedSenderUrl('app://bundle/index.html#/ceremonies')).toBe(true);
    for (const url of ['https://bundle/', 'app://bundle.evil/', 'app://evil/', 'file:///index.html', '', null, undefined]) {
      expect(isTrustedSenderUrl(url), String(url)).toBe(false);
    }
  });
});

describe('resolveAppUrlToFile', () => {
  const root = path.resolve('/srv/renderer');

  it('maps the root and nested assets', () => {
    expect(resolveAppUrlToFile('app://bundle/', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppUrlToFile('app://bundle/index.html?x=1#top', root)).toBe(path.join(root, 'index.html'));
    expect(resolveAppUrlToFile('app://bundle/assets/index-abc.js', root)).toBe(path.join(root, 'assets', 'index-abc.js'));
    expect(resolveAppUrlToFile('app://bundle/assets/my%20font.woff2', root)).toBe(path.join(root, 'assets', 'my font.woff2'));
  });

  it.each([
    'app://bundle/..%2f..%2fetc/passwd',
    'app://bundle/assets/%2e%2e%2f%2e%2e%2fsecret',
    'app://bundle/..%5c..%5cwindows',
    'app://bundle/a%00.js',
    'app://bundle/C:%2fWindows',
    'app://bundle/%E0%A4%A',
    'app://other/index.html',
    'file:///srv/renderer/index.html',
    'https://bundle/index.html',
    'not a url',
  ])('rejects %s', (url) => {
    expect(resolveAppUrlToFile(url, root)).toBeNull();
  });

  it('keeps dot segments the URL parser removes inside the root', () => {
    // WHATWG URL parsing drops literal '..' and '%2e%2e' segments before the resolver receives the path.
    expect(resolveAppUrlToFile('app://bundle/../../etc/passwd', root)).toBe(path.join(root, 'etc', 'passwd'));
    expect(resolveAppUrlToFile('app://bundle/%2e%2e/%2e%2e/etc/passwd', root)).toBe(path.join(root, 'etc', 'passwd'));
  });
});

describe('handleAppRequest', () => {
  let root: string;

  beforeAll(() => {
    root = mkdtempSync(path.join(os.tmpdir(), 'bg-app-protocol-'));
    mkdirSync(path.join(root, 'assets'));
    writeFileSync(path.join(root, 'index.html'), '<!doctype html><title>t</title>');
    writeFileSync(path.join(root, 'assets', 'index.js'), 'export {};');
    writeFileSync(path.join(root, 'assets', 'index.css'), 'body{}');
    writeFileSync(path.join(root, 'assets', 'blob.xyz'), 'opaque');
    writeFileSync(path.join(path.dirname(root), 'outside-secret.txt'), 'secret');
  });

  afterAll(() => {
    rmSync(root, { recursive: true, force: true });
    rmSync(path.join(path.dirname(root), 'outside-secret.txt'), { force: true });
  });

  const get = (url: string, method = 'GET') => handleAppRequest(new Request(url, { method }), root);

  it('serves index.html with the CSP header', async () => {
    const response = await get('app://bundle/');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await response.text()).toContain('<title>t</title>');
  });

  it.each([
    ['assets/index.js', 'text/javascript; charset=utf-8'],
    ['assets/index.css', 'text/css; charset=utf-8'],
    ['assets/blob.xyz', 'application/octet-stream'],
  ])('serves %s as %s', async (file, type) => {
    const response = await get(`app://bundle/${file}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe(type);
  });

  it('answers 404 with the CSP for a traversal attempt', async () => {
    const response = await get('app://bundle/..%2foutside-secret.txt');
    expect(response.status).toBe(404);
    expect(response.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
    expect(await response.text()).not.toContain('secret');
  });

  it('answers 404 for a missing file and a folder', async () => {
    expect((await get('app://bundle/missing.js')).status).toBe(404);
    expect((await get('app://bundle/assets')).status).toBe(404);
  });

  it('answers 405 for writes', async () => {
    expect((await get('app://bundle/index.html', 'POST')).status).toBe(405);
  });

  it('answers HEAD without a body', async () => {
    const response = await get('app://bundle/index.html', 'HEAD');
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('');
  });
});

describe('makeHandler', () => {
  const TRUSTED = 'app://bundle/index.html';
  const logged: string[] = [];
  const logger: Logger = {
    debug: (step, fields) => logged.push(JSON.stringify({ step, ...fields })),
    info: (step, fields) => logged.push(JSON.stringify({ step, ...fields })),
    warn: (step, fields) => logged.push(JSON.stringify({ step, ...fields })),
    error: (step, fields) => logged.push(JSON.stringify({ step, ...fields })),
  };

  it('passes parsed input through and returns the result', async () => {
    const seen: unknown[] = [];
    const handler = makeHandler('ceremonyGet', INPUT_SCHEMAS.ceremonyGet, (input) => {
      seen.push(input);
      return Promise.resolve({ ok: true as const, value: 'done' });
    }, logger);
    expect(await handler(TRUSTED, { ceremonyId: 'c-1' })).toEqual({ ok: true, value: 'done' });
    expect(seen).toEqual([{ ceremonyId: 'c-1' }]);
  });

  it('rejects invalid input before the core runs', async () => {
    let ran = false;
    const handler = makeHandler('kitVerify', INPUT_SCHEMAS.kitVerify, () => {
      ran = true;
      return { ok: true as const, value: null };
    }, logger);
    const result = await handler(TRUSTED, { kit: '%%%', passphrase: 'Pass-Phrase-Value' });
    expect(ran).toBe(false);
    expect(result).toMatchObject({ ok: false, error: { code: 'invalid-input', message: expect.stringContaining('kit') as unknown } });
    expect(JSON.stringify(result)).not.toContain('Pass-Phrase-Value');
  });

  it('rejects an untrusted sender', async () => {
    let ran = false;
    const handler = makeHandler('vaultStatus', INPUT_SCHEMAS.vaultStatus, () => {
      ran = true;
      return { ok: true as const, value: null };
    }, logger);
    for (const sender of ['https://example.com/', 'file:///index.html', undefined, null]) {
      expect(await handler(sender, {}), String(sender)).toMatchObject({ ok: false, error: { code: 'not-permitted' } });
    }
    expect(ran).toBe(false);
  });

  it('maps a thrown VaultError to its code and message', async () => {
    const handler = makeHandler('ceremonyGet', INPUT_SCHEMAS.ceremonyGet, () => {
      throw new VaultError('not-found', 'Ceremony c-9 was not found. Pick one from the ceremony list.');
    }, logger);
    expect(await handler(TRUSTED, { ceremonyId: 'c-9' })).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'Ceremony c-9 was not found. Pick one from the ceremony list.' },
    });
  });

  it('maps a thrown TypeError to a generic internal error without its message', async () => {
    logged.length = 0;
    const handler = makeHandler('copyToClipboard', INPUT_SCHEMAS.copyToClipboard, () => {
      throw new TypeError('cannot read property of secret-value-123');
    }, logger);
    const result = await handler(TRUSTED, { text: 'secret-value-123' });
    expect(result).toEqual({ ok: false, error: { code: 'internal', message: INTERNAL_ERROR_MESSAGE } });
    expect(logged.join('\n')).toContain('TypeError');
    expect(logged.join('\n')).not.toContain('secret-value-123');
  });

  it('maps a rejected promise and a malformed result to internal', async () => {
    const rejecting = makeHandler('vaultStatus', INPUT_SCHEMAS.vaultStatus, () => Promise.reject(new Error('boom')), logger);
    expect(await rejecting(TRUSTED, {})).toMatchObject({ ok: false, error: { code: 'internal' } });

    const malformed = makeHandler('vaultStatus', INPUT_SCHEMAS.vaultStatus, () => ({ status: 'fine' }) as never, logger);
    expect(await malformed(TRUSTED, {})).toMatchObject({ ok: false, error: { code: 'internal' } });
  });

  it('passes an ok:false result from the core unchanged', async () => {
    const error = { code: 'wrong-state', message: 'The vault is sealed. Start an unseal ceremony first.' };
    const handler = makeHandler('vaultStatus', INPUT_SCHEMAS.vaultStatus, () => ({ ok: false as const, error }), logger);
    expect(await handler(TRUSTED, {})).toEqual({ ok: false, error });
  });
});

describe('application menu', () => {
  const roles = (options: { isMac: boolean; devTools: boolean }) =>
    JSON.stringify(buildMenuTemplate({ ...options, onAbout: () => undefined }));

  it('has no DevTools or reload in production', () => {
    const menu = roles({ isMac: false, devTools: false });
    expect(menu).not.toContain('toggleDevTools');
    expect(menu).not.toContain('reload');
    expect(menu).not.toContain('viewMenu');
  });

  it('offers DevTools in a development run', () => {
    expect(roles({ isMac: false, devTools: true })).toContain('toggleDevTools');
  });

  it('uses the standard menu roles', () => {
    const template = buildMenuTemplate({ isMac: true, devTools: false, onAbout: () => undefined });
    expect(template.map((item) => item.role ?? item.label)).toEqual(['appMenu', 'fileMenu', 'editMenu', 'View', 'windowMenu', 'help']);
    expect(buildMenuTemplate({ isMac: false, devTools: false, onAbout: () => undefined }).map((item) => item.role ?? item.label)).toEqual([
      'fileMenu',
      'editMenu',
      'View',
      'windowMenu',
      'help',
    ]);
  });
});

describe('preload bundle', () => {
  let code: string;
  let requires: string[];

  beforeAll(async () => {
    const result = await build({
      absWorkingDir: ROOT,
      entryPoints: ['electron/preload.ts'],
      bundle: true,
      format: 'cjs',
      platform: 'node',
      external: ['electron'],
      write: false,
      metafile: true,
      logLevel: 'silent',
    });
    code = result.outputFiles[0]!.text;
    requires = Object.values(result.metafile.outputs).flatMap((output) => output.imports.map((imported) => imported.path));
  });

  /** Runs the bundle with a stand-in 'electron' module that records what the preload does. */
  function runPreload() {
    const exposed: Array<[string, Record<string, unknown>]> = [];
    const invoked: Array<[string, unknown]> = [];
    const listeners = new Map<string, Array<(...args: unknown[]) => void>>();
    const electron = {
      contextBridge: { exposeInMainWorld: (name: string, api: Record<string, unknown>) => exposed.push([name, api]) },
      ipcRenderer: {
        invoke: (channel: string, input: unknown) => {
          invoked.push([channel, input]);
          return Promise.resolve({ ok: true, value: channel });
        },
        on: (channel: string, listener: (...args: unknown[]) => void) => listeners.set(channel, [...(listeners.get(channel) ?? []), listener]),
        removeListener: (channel: string, listener: (...args: unknown[]) => void) =>
          listeners.set(channel, (listeners.get(channel) ?? []).filter((candidate) => candidate !== listener)),
      },
    };
    const required: string[] = [];
    const sandbox = {
      require: (name: string) => {
        required.push(name);
        if (name !== 'electron') throw new Error(`sandboxed preload cannot require ${name}`);
        return electron;
      },
      module: { exports: {} },
      exports: {},
    };
    vm.runInNewContext(code, sandbox);
    return { exposed, invoked, listeners, required };
  }

  it('requires only electron', () => {
    expect(requires).toEqual(['electron']);
    expect(runPreload().required).toEqual(['electron']);
  });

  it('exposes exactly one object with one function per channel', () => {
    const { exposed } = runPreload();
    expect(exposed.map(([name]) => name)).toEqual(['breakglass']);
    const api = exposed[0]![1];
    const expected = [...Object.keys(CHANNELS), ...Object.keys(DESKTOP_CHANNELS), 'onVaultChanged'].sort();
    expect(Object.keys(api).sort()).toEqual(expected);
    for (const key of expected) expect(typeof api[key], key).toBe('function');
    expect(Object.isFrozen(api)).toBe(true);
  });

  it('invokes each method on its channel with the input', async () => {
    const { exposed, invoked } = runPreload();
    const api = exposed[0]![1] as Record<string, (input: unknown) => Promise<unknown>>;
    const channels: Record<string, string> = { ...CHANNELS, ...DESKTOP_CHANNELS };
    for (const [method, channel] of Object.entries(channels)) {
      expect(await api[method]!({ probe: method })).toEqual({ ok: true, value: channel });
    }
    expect(invoked).toEqual(Object.entries(channels).map(([method, channel]) => [channel, { probe: method }]));
  });

  it('onVaultChanged passes no event object and unsubscribes', () => {
    const { exposed, listeners } = runPreload();
    const api = exposed[0]![1] as { onVaultChanged(callback: (...args: unknown[]) => void): () => void };
    const calls: unknown[][] = [];
    const unsubscribe = api.onVaultChanged((...args) => calls.push(args));

    const registered = listeners.get(VAULT_CHANGED_CHANNEL) ?? [];
    expect(registered).toHaveLength(1);
    registered[0]!({ sender: 'ipc handle' }, 'extra');
    expect(calls).toEqual([[]]);

    unsubscribe();
    expect(listeners.get(VAULT_CHANGED_CHANNEL)).toEqual([]);
  });
});
