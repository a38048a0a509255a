import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { CLIPBOARD_CLEAR_ENV, DEFAULT_CLIPBOARD_CLEAR_SECONDS, SETTINGS_FILE_NAME, loadSettings, resolveSettings } from '../../electron/settings.js';

describe('resolveSettings', () => {
  it('defaults without file or environment', () => {
    expect(resolveSettings(null, {})).toEqual({ clipboardClearSeconds: DEFAULT_CLIPBOARD_CLEAR_SECONDS, requireKeychain: false, warnings: [] });
  });

  it('reads the settings file', () => {
    const settings = resolveSettings('{"clipboardClearSeconds": 12, "requireKeychain": true}', {});
    expect(settings.clipboardClearSeconds).toBe(12);
    expect(settings.requireKeychain).toBe(true);
    expect(settings.warnings).toEqual([]);
  });

  it('environment overrides the file', () => {
    expect(resolveSettings('{"clipboardClearSeconds": 12}', { [CLIPBOARD_CLEAR_ENV]: '45' }).clipboardClearSeconds).toBe(45);
  });

  it.each(['0', '-5', '1.5', 'ten', '3601', ' 30'])('ignores environment value %j with a warning', (value) => {
    const settings = resolveSettings(null, { [CLIPBOARD_CLEAR_ENV]: value });
    expect(settings.clipboardClearSeconds).toBe(DEFAULT_CLIPBOARD_CLEAR_SECONDS);
    expect(settings.warnings).toHaveLength(1);
    expect(settings.warnings[0]).toContain(CLIPBOARD_CLEAR_ENV);
  });

  it.each(['not json', '[]', '{"clipboardClearSeconds": "30"}', '{"clipboardClearSeconds": 0}', '{"unknown": 1}'])(
    'ignores settings file %j with a warning',
    (text) => {
      const settings = resolveSettings(text, {});
      expect(settings.clipboardClearSeconds).toBe(DEFAULT_CLIPBOARD_CLEAR_SECONDS);
      expect(settings.requireKeychain).toBe(false);
      expect(settings.warnings[0]).toContain(SETTINGS_FILE_NAME);
    },
  );
});

describe('loadSettings', () => {
  it('reads settings.json from the folder', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'bg-settings-'));
    try {
      expect(loadSettings(dir, {}).clipboardClearSeconds).toBe(DEFAULT_CLIPBOARD_CLEAR_SECONDS);
      writeFileSync(path.join(dir, SETTINGS_FILE_NAME), '{"clipboardClearSeconds": 90}');
      expect(loadSettings(dir, {}).clipboardClearSeconds).toBe(90);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
