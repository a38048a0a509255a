// Seals the vault when the machine locks, suspends or shuts down, and when the app quits.
// Quitting waits for the seal, bounded by SEAL_TIMEOUT_MS so a hung core cannot keep the app open.
// The keys then leave memory with the process anyway.
import type { App, PowerMonitor } from 'electron';
import { createLogger } from '../shared/util/logger.js';

export type SealReason = 'os-lock' | 'suspend' | 'quit' | 'shutdown';

export const SEAL_TIMEOUT_MS = 10_000;

const logger = createLogger('electron.auto-seal');

export interface AutoSealDeps {
  app: Pick<App, 'on' | 'quit'>;
  powerMonitor: Pick<PowerMonitor, 'on'>;
  /** Seals every open ceremony and clears the clipboard; must not throw. */
  seal(reason: SealReason): Promise<void>;
  /** Runs once after the quit seal, before the app exits (close the core). */
  beforeExit(): void;
}

async function withTimeout(work: Promise<void>, ms: number): Promise<void> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<void>((resolve) => {
    timer = setTimeout(() => {
      logger.error('seal timed out; quitting anyway', { ms });
      resolve();
    }, ms);
  });
  await Promise.race([work, timeout]);
  clearTimeout(timer);
}

export function wireAutoSeal(deps: AutoSealDeps): void {
  let quitReason: SealReason = 'quit';
  let quitState: 'running' | 'sealing' | 'done' = 'running';

  deps.powerMonitor.on('lock-screen', () => void deps.seal('os-lock'));
  deps.powerMonitor.on('suspend', () => void deps.seal('suspend'));
  deps.powerMonitor.on('shutdown', () => {
    quitReason = 'shutdown';
    deps.app.quit();
  });

  deps.app.on('before-quit', (event) => {
    if (quitState === 'done') return;
    event.preventDefault();
    if (quitState === 'sealing') return;

    quitState = 'sealing';
    logger.info('sealing before quit', { reason: quitReason });
    void withTimeout(deps.seal(quitReason), SEAL_TIMEOUT_MS).finally(() => {
      quitState = 'done';
      try {
        deps.beforeExit();
      } catch (error) {
        logger.error('cleanup before exit failed', { errorName: error instanceof Error ? error.name : typeof error });
      }
      deps.app.quit();
    });
  });
}
