// Desktop settings: `settings.json` in the userData folder, overridden by environment variables.
// A missing file means defaults. An invalid file or variable is reported as a warning and the
// default is used, so a typo never keeps the vault from opening during an incident.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

export const SETTINGS_FILE_NAME = 'settings.json';
export const CLIPBOARD_CLEAR_ENV = 'BREAKGLASS_CLIPBOARD_CLEAR_SECONDS';
export const DEFAULT_CLIPBOARD_CLEAR_SECONDS = 30;
export const MIN_CLIPBOARD_CLEAR_SECONDS = 1;
export const MAX_CLIPBOARD_CLEAR_SECONDS = 3600;

const clipboardSeconds = z.number().int().min(MIN_CLIPBOARD_CLEAR_SECONDS).max(MAX_CLIPBOARD_CLEAR_SECONDS);

const settingsFileSchema = z.strictObject({
  /** Seconds after which a copied secret is cleared from the clipboard if still there. */
  clipboardClearSeconds: clipboardSeconds.optional(),
  /** When true, the app refuses to start unless the OS keychain protects the device key. */
  requireKeychain: z.boolean().optional(),
});

export interface DesktopSettings {
  clipboardClearSeconds: number;
  requireKeychain: boolean;
  /** Plain sentences about ignored settings, for the log. */
  warnings: string[];
}

/** Combines the settings file text (null when absent) and the environment into settings. */
export function resolveSettings(fileText: string | null, env: Record<string, string | undefined>): DesktopSettings {
  const settings: DesktopSettings = {
    clipboardClearSeconds: DEFAULT_CLIPBOARD_CLEAR_SECONDS,
    requireKeychain: false,
    warnings: [],
  };

  if (fileText !== null) {
    let json: unknown;
    try {
      json = JSON.parse(fileText);
    } catch {
      json = undefined;
    }
    const parsed = settingsFileSchema.safeParse(json);
    if (parsed.success) {
      settings.clipboardClearSeconds = parsed.data.clipboardClearSeconds ?? settings.clipboardClearSeconds;
      settings.requireKeychain = parsed.data.requireKeychain ?? settings.requireKeychain;
    } else {
      settings.warnings.push(
        `${SETTINGS_FILE_NAME} is invalid and was ignored: it must be a JSON object with optional clipboardClearSeconds (integer ${MIN_CLIPBOARD_CLEAR_SECONDS}-${MAX_CLIPBOARD_CLEAR_SECONDS}) and requireKeychain (boolean).`,
      );
    }
  }

  const fromEnv = env[CLIPBOARD_CLEAR_ENV];
  if (fromEnv !== undefined && fromEnv !== '') {
    const seconds = clipboardSeconds.safeParse(/^\d+$/.test(fromEnv) ? Number(fromEnv) : Number.NaN);
    if (seconds.success) {
      settings.clipboardClearSeconds = seconds.data;
    } else {
      settings.warnings.push(
        `${CLIPBOARD_CLEAR_ENV} is invalid and was ignored: use whole seconds from ${MIN_CLIPBOARD_CLEAR_SECONDS} to ${MAX_CLIPBOARD_CLEAR_SECONDS}.`,
      );
    }
  }
  return settings;
}

/** Reads `settings.json` from `userDataDir` (if present) and applies the environment. */
export function loadSettings(userDataDir: string, env: Record<string, string | undefined> = process.env): DesktopSettings {
  let fileText: string | null = null;
  try {
    fileText = readFileSync(path.join(userDataDir, SETTINGS_FILE_NAME), 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
      const settings = resolveSettings(null, env);
      settings.warnings.unshift(`${SETTINGS_FILE_NAME} could not be read and was ignored.`);
      return settings;
    }
  }
  return resolveSettings(fileText, env);
}
