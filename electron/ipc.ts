// Binds every method of the contract to `ipcMain.handle` on its channel, through makeHandler.
import type { IpcMain } from 'electron';
import { API_METHODS, CHANNELS, DESKTOP_CHANNELS, type BreakglassApi, type DesktopApi, type DesktopMethod, type Result } from '../shared/api/contract.js';
import { INPUT_SCHEMAS } from '../shared/api/schemas.js';
import { makeHandler, type IpcHandler } from './ipc-handler.js';

type AnyMethod = (input: unknown) => Promise<Result<unknown>>;

const DESKTOP_METHODS = Object.keys(DESKTOP_CHANNELS) as DesktopMethod[];

/** Registers one handler per channel and returns a function that removes them all. */
export function registerIpcHandlers(ipcMain: IpcMain, core: BreakglassApi, desktop: DesktopApi): () => void {
  const bindings: Array<[string, IpcHandler<unknown>]> = [];

  for (const method of API_METHODS) {
    const run = (core[method] as AnyMethod).bind(core);
    bindings.push([CHANNELS[method], makeHandler(method, INPUT_SCHEMAS[method], run)]);
  }
  for (const method of DESKTOP_METHODS) {
    const run = (desktop[method] as AnyMethod).bind(desktop);
    bindings.push([DESKTOP_CHANNELS[method], makeHandler(method, INPUT_SCHEMAS[method], run)]);
  }

  for (const [channel, handler] of bindings) {
    ipcMain.handle(channel, (event, input: unknown) => handler(event.senderFrame?.url, input));
  }
  return () => {
    for (const [channel] of bindings) ipcMain.removeHandler(channel);
  };
}
