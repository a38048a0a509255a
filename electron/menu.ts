// The application menu: standard roles only. Reload and DevTools appear only in an unpackaged
// development run, because reloading drops the page's state and DevTools can run code in the page.
import type { MenuItemConstructorOptions } from 'electron';

export interface MenuOptions {
  isMac: boolean;
  devTools: boolean;
  onAbout(): void;
}

export function buildMenuTemplate(options: MenuOptions): MenuItemConstructorOptions[] {
  const viewItems: MenuItemConstructorOptions[] = [
    { role: 'resetZoom' },
    { role: 'zoomIn' },
    { role: 'zoomOut' },
    { type: 'separator' },
    { role: 'togglefullscreen' },
  ];
  if (options.devTools) {
    viewItems.push({ type: 'separator' }, { role: 'reload' }, { role: 'forceReload' }, { role: 'toggleDevTools' });
  }

  const template: MenuItemConstructorOptions[] = [
    { role: 'fileMenu' },
    { role: 'editMenu' },
    { label: 'View', submenu: viewItems },
    { role: 'windowMenu' },
    { role: 'help', submenu: [{ label: 'About Breakglass Vault', click: () => options.onAbout() }] },
  ];
  if (options.isMac) template.unshift({ role: 'appMenu' });
  return template;
}
