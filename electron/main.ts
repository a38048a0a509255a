// Electron main process: wires the security policy, the app:// protocol, the core service and its
// IPC binding, the desktop services and auto-seal. Decisions live in the modules it imports,
// security-policy.ts above all, and this file only orders the steps.
import path from 'node:path';
import { app, type BrowserWindow, dialog, ipcMain, Menu, powerMonitor, safeStorage, session, type WebContents } from 'electron';
import { openCoreService, type CoreService } from '../shared/service/index.js';
import { PRODUCT_NAME, VAULT_FILE_NAME } from '../shared/paths.js';
import { createLogger } from '../shared/util/logger.js';
import { isVaultError } from '../shared/util/errors.js';
import { wireAutoSeal, type SealReason } from './auto-seal.js';
import { electronClipboard } from './clipboard.js';
import { ClipboardGuard } from './clipboard-guard.js';
import { createDesktopApi } from './desktop-services.js';
import { chooseDeviceKeyStore } from './device-key.js';
import { registerIpcHandlers } from './ipc.js';
import { buildMenuTemplate } from './menu.js';
import { VAULT_CHANGED_CHANNEL } from './preload-api.js';
import { registerAppScheme, serveAppBundle } from './protocol.js';
import { applySessionPolicy } from './session-policy.js';
import { loadSettings } from './settings.js';
import { createMainWindow, hardenWebContents } from './window.js';

/** Overrides the userData folder (vault, settings). Tests use it to run against a temporary folder. */
export const USER_DATA_ENV = 'BREAKGLASS_USER_DATA_DIR';
/** Path of a better-sqlite3 binary built for Electron's ABI, set by build/start-electron.mjs. */
export const SQLITE_BINDING_ENV = 'BREAKGLASS_SQLITE_BINDING';

/** How often the core checks unseal deadlines in the background, so an expired unseal seals on time. */
const DEADLINE_CHECK_MS = 5_000;

const logger = createLogger('electron.main');

// Steps that must run before `ready`.
registerAppScheme();
app.enableSandbox();
app.setName(PRODUCT_NAME);
// The CLI computes the same folder in shared/paths.ts, so both open the same vault.
app.setPath('userData', process.env[USER_DATA_ENV] || path.join(app.getPath('appData'), PRODUCT_NAME));
if (app.isPackaged) {
  // electron-builder rebuilds better-sqlite3 for Electron inside the package, so a packaged app
  // never loads a native module named by the environment.
  delete process.env[SQLITE_BINDING_ENV];
}

const devTools = !app.isPackaged;
let mainWindow: BrowserWindow | null = null;

function focusMainWindow(): void {
  if (mainWindow === null) return;
  if (mainWindow.isMinimized()) mainWindow.restore();
  mainWindow.focus();
}

function errorMessage(error: unknown): string {
  if (isVaultError(error)) return error.message;
  return 'An unexpected error occurred. Start the app from a terminal with BREAKGLASS_LOG=debug to see the failing step.';
}

function fail(title: string, message: string): void {
  dialog.showErrorBox(title, message);
  app.exit(1);
}

async function start(): Promise<void> {
  await app.whenReady();
  const userData = app.getPath('userData');
  const vaultPath = path.join(userData, VAULT_FILE_NAME);
  const settings = loadSettings(userData);
  for (const warning of settings.warnings) logger.warn('setting ignored', { warning });

  // Session rules and the app:// protocol before any page loads.
  app.on('web-contents-created', (_event, contents: WebContents) => hardenWebContents(contents));
  applySessionPolicy(session.defaultSession, { devTools });
  serveAppBundle(session.defaultSession, path.join(app.getAppPath(), 'renderer', 'dist'));

  // The device key store, following the decision documented in device-key.ts.
  const keyChoice = chooseDeviceKeyStore(vaultPath, safeStorage, { requireKeychain: settings.requireKeychain });
  if (keyChoice.kind === 'refused') return fail(`${PRODUCT_NAME} cannot start`, keyChoice.message);

  let service: CoreService;
  try {
    service = await openCoreService({
      vaultPath,
      deviceKeyStore: keyChoice.store,
      sessionKeys: 'memory',
      deadlineCheckMs: DEADLINE_CHECK_MS,
    });
  } catch (error) {
    logger.error('core service failed to open', { errorName: error instanceof Error ? error.name : typeof error });
    return fail(`${PRODUCT_NAME} could not open the vault`, `${vaultPath}: ${errorMessage(error)}`);
  }

  const clipboardGuard = new ClipboardGuard(electronClipboard, settings.clipboardClearSeconds, undefined, (error) => {
    logger.error('clipboard clear failed', { errorName: error instanceof Error ? error.name : typeof error });
  });
  const desktop = createDesktopApi({
    getWindow: () => mainWindow,
    clipboardGuard,
    defaultSaveDir: app.getPath('documents'),
    info: { version: app.getVersion(), platform: process.platform, vaultPath },
  });
  registerIpcHandlers(ipcMain, service, desktop);

  const seal = async (reason: SealReason): Promise<void> => {
    try {
      await clipboardGuard.clearNow();
      await service.sealAll(reason);
      logger.info('vault sealed', { reason });
    } catch (error) {
      logger.error('seal failed', { reason, errorName: error instanceof Error ? error.name : typeof error });
    }
    mainWindow?.webContents.send(VAULT_CHANGED_CHANNEL);
  };
  wireAutoSeal({ app, powerMonitor, seal, beforeExit: () => service.close() });

  Menu.setApplicationMenu(
    Menu.buildFromTemplate(
      buildMenuTemplate({
        isMac: process.platform === 'darwin',
        devTools,
        onAbout: () => {
          void dialog.showMessageBox({
            type: 'info',
            title: `About ${PRODUCT_NAME}`,
            message: `${PRODUCT_NAME} ${app.getVersion()}`,
            detail: `Offline vault for break-glass credentials.\nVault: ${vaultPath}\nDevice key: ${keyChoice.store.describe()}`,
          });
        },
      }),
    ),
  );

  mainWindow = createMainWindow({ preloadPath: path.join(__dirname, 'preload.cjs'), devTools });
  mainWindow.on('closed', () => {
    mainWindow = null;
  });

  if (keyChoice.kind === 'file-fallback') {
    logger.warn('device key not protected by an OS keychain', { path: keyChoice.store.describe() });
    const warning = {
      type: 'warning' as const,
      title: 'Device key not protected by a keychain',
      message: 'No OS keychain is available.',
      detail: keyChoice.warning,
    };
    const window = mainWindow;
    window.once('ready-to-show', () => void dialog.showMessageBox(window, warning));
  }
}

// One instance only: a second launch focuses the existing window, since two processes on one
// vault file would race on its log.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', focusMainWindow);
  // A vault app has nothing to show without its window, so closing it quits (and seals) on every OS.
  app.on('window-all-closed', () => app.quit());
  start().catch((error: unknown) => {
    logger.error('start failed', { errorName: error instanceof Error ? error.name : typeof error });
    fail(`${PRODUCT_NAME} could not start`, errorMessage(error));
  });
}
