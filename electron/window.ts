// The main window and the per-webContents guards: no navigation, no redirects, no new windows, no
// webviews. `hardenWebContents` runs for every webContents the app creates (main.ts wires it to
// `web-contents-created`), so a window opened by mistake gets the same guards.
import { BrowserWindow, type WebContents } from 'electron';
import { PRODUCT_NAME } from '../shared/paths.js';
import { createLogger } from '../shared/util/logger.js';
import { APP_ENTRY_URL, decideWindowOpen, isAllowedNavigation, webPreferencesFor } from './security-policy.js';

const logger = createLogger('electron.window');

export function hardenWebContents(contents: WebContents): void {
  const blockNavigation = (kind: string) => (event: { preventDefault(): void }, url: string) => {
    if (isAllowedNavigation(url)) return;
    event.preventDefault();
    logger.warn('navigation blocked', { kind });
  };
  contents.on('will-navigate', blockNavigation('will-navigate'));
  contents.on('will-frame-navigate', (event) => blockNavigation('will-frame-navigate')(event, event.url));
  contents.on('will-redirect', blockNavigation('will-redirect'));
  

  contents.setWindowOpenHandler(({ url }) => {
    logger.warn('window.open blocked');
    return decideWindowOpen(url);
  });
  contents.on('will-attach-webview', (event) => {
    logger.warn('webview blocked');
    event.preventDefault();
  });
}

export function createMainWindow(options: { preloadPath: string; devTools: boolean }): BrowserWindow {
  const window = new BrowserWindow({
    title: PRODUCT_NAME,
    width: 1280,
    height: 860,
    minWidth: 960,
    minHeight: 640,
    show: false,
    webPreferences: webPreferencesFor(options.preloadPath, { devTools: options.devTools }),
  });

  window.once('ready-to-show', () => window.show());
  window.loadURL(APP_ENTRY_URL).catch((error: unknown) => {
    logger.error('renderer failed to load', { errorName: error instanceof Error ? error.name : typeof error });
  });
  return window;
}
