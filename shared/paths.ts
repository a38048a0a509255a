// Default location of the vault file. The desktop app sets Electron's `userData` to
// `<appData>/Breakglass Vault` explicitly (electron/main.ts), and the CLI computes the same folder
// here, so both open the same vault file without a flag. appData follows Electron's rules:
// Linux $XDG_CONFIG_HOME or ~/.config, macOS ~/Library/Application Support, Windows %APPDATA%.
import os from 'node:os';
import path from 'node:path';

export const PRODUCT_NAME = 'Breakglass Vault';
export const VAULT_FILE_NAME = 'vault.bgvault';

type Env = Record<string, string | undefined>;

function pathFor(platform: NodeJS.Platform): path.PlatformPath {
  return platform === 'win32' ? path.win32 : path.posix;
}

/** Returns the per-user application data folder Electron uses as `app.getPath('appData')`. */
export function appDataDir(platform: NodeJS.Platform = process.platform, env: Env = process.env, home: string = os.homedir()): string {
  const p = pathFor(platform);

  if (platform === 'win32') {
    // NOTE: Electron reads the Roaming AppData known folder from Windows. %APPDATA% names the same
    // folder unless someone overrides the variable.
    const appData = env['APPDATA'];
    return appData ? appData : p.join(home, 'AppData', 'Roaming');
  }
  if (platform === 'darwin') return p.join(home, 'Library', 'Application Support');

  // Chromium takes XDG_CONFIG_HOME as given when it is non-empty.
  const xdgConfigHome = env['XDG_CONFIG_HOME'];
  return xdgConfigHome ? xdgConfigHome : p.join(home, '.config');
}

/** Returns the folder the desktop app uses as `app.getPath('userData')`. */
export function userDataDir(platform: NodeJS.Platform = process.platform, env: Env = process.env, home: string = os.homedir()): string {
  return pathFor(platform).join(appDataDir(platform, env, home), PRODUCT_NAME);
}

/** Returns the vault file the desktop app and the CLI open when no path is given. */
export function defaultVaultPath(platform: NodeJS.Platform = process.platform, env: Env = process.env, home: string = os.homedir()): string {
  return pathFor(platform).join(userDataDir(platform, env, home), VAULT_FILE_NAME);
}
