import { describe, expect, it } from 'vitest';
import { appDataDir, defaultVaultPath, userDataDir } from '../../shared/paths.js';

describe('defaultVaultPath', () => {
  it('linux uses ~/.config without XDG_CONFIG_HOME', () => {
    expect(defaultVaultPath('linux', {}, '/home/ann')).toBe('/home/ann/.config/Breakglass Vault/vault.bgvault');
  });

  it('linux honours XDG_CONFIG_HOME', () => {
    expect(defaultVaultPath('linux', { XDG_CONFIG_HOME: '/cfg' }, '/home/ann')).toBe('/cfg/Breakglass Vault/vault.bgvault');
  });

  it('linux ignores an empty XDG_CONFIG_HOME', () => {
    expect(appDataDir('linux', { XDG_CONFIG_HOME: '' }, '/home/ann')).toBe('/home/ann/.config');
  });

  it('macOS uses Application Support', () => {
    expect(defaultVaultPath('darwin', { XDG_CONFIG_HOME: '/ignored' }, '/Users/ann')).toBe(
      '/Users/ann/Library/Application Support/Breakglass Vault/vault.bgvault',
    );
  });

  it('windows uses APPDATA with backslashes', () => {
    expect(defaultVaultPath('win32', { APPDATA: 'C:\\Users\\ann\\AppData\\Roaming' }, 'C:\\Users\\ann')).toBe(
      'C:\\Users\\ann\\AppData\\Roaming\\Breakglass Vault\\vault.bgvault',
    );
  });

  it('windows falls back to the roaming folder', () => {
    expect(userDataDir('win32', {}, 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Roaming\\Breakglass Vault');
  });

  it('other unixes follow the linux rules', () => {
    expect(defaultVaultPath('freebsd', {}, '/home/ann')).toBe('/home/ann/.config/Breakglass Vault/vault.bgvault');
  });
});
