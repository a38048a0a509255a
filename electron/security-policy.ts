// Security decisions of the Electron shell, as pure data and functions, so unit tests in Node can
// check them against Electron's security checklist (https://www.electronjs.org/docs/latest/tutorial/security).
// Invariant: the only code a window ever runs is the bundled renderer served from app://bundle/.
// It gets no Node.js, no remote content, no navigation, no new windows, no permissions and no
// webviews, and it reaches the main process only through the preload's `breakglass` object.
// main.ts and its modules wire these values and add no decision of their own.
import path from 'node:path';
import type { CustomScheme, WebPreferences } from 'electron';

export const APP_SCHEME = 'app';
export const APP_HOST = 'bundle';
export const APP_ORIGIN = `${APP_SCHEME}://${APP_HOST}`;
export const APP_ENTRY_URL = `${APP_ORIGIN}/index.html`;
const APP_ENTRY_FILE = 'index.html';

/**
 * `standard` gives the scheme an origin and relative URL resolution, and `secure` makes it a secure
 * context. Every other privilege stays off: CSP is not bypassed, and there are no service workers,
 * no cross-origin reads (`corsEnabled`) and no fetch from other schemes.
 */
export const APP_SCHEME_REGISTRATION: CustomScheme = {
  scheme: APP_SCHEME,
  privileges: {
    standard: true,
    secure: true,
    bypassCSP: false,
    allowServiceWorkers: false,
    supportFetchAPI: false,
    corsEnabled: false,
    stream: false,
    codeCache: false,
  },
};

/** Web preferences shared by every window (the preload path is added per window). */
export const WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  experimentalFeatures: false,
  enableBlinkFeatures: '',
  webviewTag: false,
  spellcheck: false,
  navigateOnDragDrop: false,
  safeDialogs: true,
  devTools: false,
} as const satisfies WebPreferences;

/** Returns the window's web preferences; DevTools open only in an unpackaged development run. */
export function webPreferencesFor(preloadPath: string, options: { devTools: boolean }): WebPreferences {
  return { ...WEB_PREFERENCES, preload: preloadPath, devTools: options.devTools };
}

/**
 * Sent on every app:// response. Scripts, styles and fonts come only from the bundle, images from
 * the bundle or data: URLs, and nothing may connect, frame the page, post a form or change <base>.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

export const RESPONSE_SECURITY_HEADERS: Readonly<Record<string, string>> = {
  'Content-Security-Policy': CONTENT_SECURITY_POLICY,
  'X-Content-Type-Options': 'nosniff',
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Resource-Policy': 'same-origin',
  'Referrer-Policy': 'no-referrer',
  'Cache-Control': 'no-store',
};

function parseUrl(url: string): URL | null {
  try {
    return new URL(url);
  } catch {
    return null;
  }
}

/** True for a URL on the app origin, app://bundle/... */
export function isAppUrl(url: string): boolean {
  const parsed = parseUrl(url);
  return parsed !== null && parsed.protocol === `${APP_SCHEME}:` && parsed.host === APP_HOST;
}

/**
 * Decides `will-navigate` and `will-redirect`: always false. The renderer is one page that routes
 * in memory or by URL hash, and neither emits these events, so any navigation is unexpected.
 */
export function isAllowedNavigation(_url: string): boolean {
  return false;
}

/** Decides `setWindowOpenHandler`: no window.open, target=_blank or shell link opens anything. */
export function decideWindowOpen(_url: string): { action: 'deny' } {
  return { action: 'deny' };
}

/** Decides every permission request and check (camera, notifications, clipboard-read, HID...): deny. */
export function decidePermission(_permission: string, _requestingUrl?: string): boolean {
  return false;
}

/**
 * Decides `session.webRequest.onBeforeRequest`: only the app origin loads. DevTools loads its own
 * devtools:// pages, allowed only while DevTools is enabled in a development run.
 */
export function isAllowedRequest(url: string, options: { devTools: boolean }): boolean {
  if (isAppUrl(url)) return true;
  return options.devTools && url.startsWith('devtools://');
}

/** True when an IPC message comes from a frame showing the app origin. */
export function isTrustedSenderUrl(url: string | null | undefined): boolean {
  return typeof url === 'string' && isAppUrl(url);
}

/**
 * Maps an app:// URL to a file under `root`, or returns null when the URL is foreign or escapes
 * the folder. Rejected: other schemes and hosts, encoded or literal '..' segments, backslashes,
 * NUL bytes, ':' and malformed percent-encoding. '/' maps to index.html. Query and hash are ignored.
 */
export function resolveAppUrlToFile(url: string, root: string): string | null {
  const parsed = parseUrl(url);
  if (parsed === null || parsed.protocol !== `${APP_SCHEME}:` || parsed.host !== APP_HOST) return null;

  let pathname: string;
  try {
    pathname = decodeURIComponent(parsed.pathname);
  } catch {
    return null;
  }
  if (pathname.includes('\0') || pathname.includes('\\')) return null;

  const segments = pathname.split('/').filter((segment) => segment !== '');
  // A ':' could name a Windows drive or an NTFS stream, so no segment may contain one.
  if (segments.some((segment) => segment === '..' || segment === '.' || segment.includes(':'))) return null;
  if (segments.length === 0) segments.push(APP_ENTRY_FILE);

  const resolvedRoot = path.resolve(root);
  const file = path.resolve(resolvedRoot, ...segments);
  const relative = path.relative(resolvedRoot, file);
  if (relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) return null;
  return file;
}
