import { EventEmitter } from 'node:events';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { SEAL_TIMEOUT_MS, wireAutoSeal, type AutoSealDeps, type SealReason } from '../../electron/auto-seal.js';

/** Stand-in for Electron's app: quit() emits a cancellable before-quit, then exits unless prevented. */
class FakeApp extends EventEmitter {
  exited = false;
  quit(): void {
    let prevented = false;
    this.emit('before-quit', { preventDefault: () => (prevented = true) });
    if (!prevented) this.exited = true;
  }
}

function setup(seal: (reason: SealReason) => Promise<void>) {
  const app = new FakeApp();
  const powerMonitor = new EventEmitter();
  const events: string[] = [];
  wireAutoSeal({
    app: app as unknown as AutoSealDeps['app'],
    powerMonitor: powerMonitor as unknown as AutoSealDeps['powerMonitor'],
    seal: (reason) => {
      events.push(`seal:${reason}`);
      return seal(reason);
    },
    beforeExit: () => events.push('close'),
  });
  return { app, powerMonitor, events };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

afterEach(() => vi.useRealTimers());

describe('wireAutoSeal', () => {
  it('seals on screen lock and suspend', () => {
    const { powerMonitor, events, app } = setup(() => Promise.resolve());
    powerMonitor.emit('lock-screen');
    powerMonitor.emit('suspend');
    expect(events).toEqual(['seal:os-lock', 'seal:suspend']);
    expect(app.exited).toBe(false);
  });

  it('seals before quitting, then closes the core', async () => {
    const { app, events } = setup(() => Promise.resolve());
    app.quit();
    expect(app.exited).toBe(false);
    await flush();
    expect(events).toEqual(['seal:quit', 'close']);
    expect(app.exited).toBe(true);
  });

  it('seals with reason shutdown on system shutdown', async () => {
    const { app, powerMonitor, events } = setup(() => Promise.resolve());
    powerMonitor.emit('shutdown');
    await flush();
    expect(events).toEqual(['seal:shutdown', 'close']);
    expect(app.exited).toBe(true);
  });

  it('seals once when quit is requested twice', async () => {
    const { app, events } = setup(() => Promise.resolve());
    app.quit();
    app.quit();
    await flush();
    expect(events).toEqual(['seal:quit', 'close']);
  });

  it('quits after the timeout when the seal hangs', async () => {
    vi.useFakeTimers();
    const { app, events } = setup(() => new Promise<void>(() => undefined));
    app.quit();
    await vi.advanceTimersByTimeAsync(SEAL_TIMEOUT_MS - 1);
    expect(app.exited).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(events).toEqual(['seal:quit', 'close']);
    expect(app.exited).toBe(true);
  });
});
