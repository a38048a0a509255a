import { describe, expect, it } from 'vitest';
import { ClipboardGuard, type ClipboardPort, type TimerPort } from '../../electron/clipboard-guard.js';

/** In-memory clipboard with the async API of Electron 45's clipboard module. */
class MemoryClipboard implements ClipboardPort {
  text = '';
  clears = 0;
  readText(): Promise<string> {
    return Promise.resolve(this.text);
  }
  writeText(text: string): Promise<void> {
    this.text = text;
    return Promise.resolve();
  }
  clear(): void {
    this.text = '';
    this.clears++;
  }
}

/** Timers driven by `advance`, so tests control the clock. */
class ManualTimers implements TimerPort {
  now = 0;
  private timers = new Map<number, { at: number; callback: () => void }>();
  private nextId = 1;
  setTimeout(callback: () => void, delayMs: number): unknown {
    const id = this.nextId++;
    this.timers.set(id, { at: this.now + delayMs, callback });
    return id;
  }
  clearTimeout(handle: unknown): void {
    this.timers.delete(handle as number);
  }
  get scheduled(): number {
    return this.timers.size;
  }
  async advance(ms: number): Promise<void> {
    this.now += ms;
    for (const [id, timer] of [...this.timers]) {
      if (timer.at > this.now) continue;
      this.timers.delete(id);
      timer.callback();
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function setup(seconds = 30) {
  const clipboard = new MemoryClipboard();
  const timers = new ManualTimers();
  const errors: unknown[] = [];
  const guard = new ClipboardGuard(clipboard, seconds, timers, (error) => errors.push(error));
  return { clipboard, timers, guard, errors };
}

describe('ClipboardGuard', () => {
  it('clears the secret after the delay', async () => {
    const { clipboard, timers, guard } = setup(30);
    expect(await guard.copy('hunter2')).toEqual({ clearAfterSeconds: 30 });
    expect(clipboard.text).toBe('hunter2');

    await timers.advance(29_999);
    expect(clipboard.text).toBe('hunter2');

    await timers.advance(1);
    expect(clipboard.text).toBe('');
    expect(clipboard.clears).toBe(1);
    expect(guard.isPending).toBe(false);
  });

  it('leaves text the user copied since then', async () => {
    const { clipboard, timers, guard } = setup(30);
    await guard.copy('hunter2');
    clipboard.text = 'meeting notes';

    await timers.advance(30_000);
    expect(clipboard.text).toBe('meeting notes');
    expect(clipboard.clears).toBe(0);
  });

  it('a newer copy restarts the delay', async () => {
    const { clipboard, timers, guard } = setup(30);
    await guard.copy('first');
    await timers.advance(20_000);
    await guard.copy('second');
    expect(timers.scheduled).toBe(1);

    await timers.advance(20_000);
    expect(clipboard.text).toBe('second');
    await timers.advance(10_000);
    expect(clipboard.text).toBe('');
  });

  it('clearNow clears a pending secret at once', async () => {
    const { clipboard, timers, guard } = setup(30);
    await guard.copy('hunter2');
    expect(await guard.clearNow()).toBe(true);
    expect(clipboard.text).toBe('');
    expect(timers.scheduled).toBe(0);
    expect(await guard.clearNow()).toBe(false);
  });

  it('clearNow keeps other text', async () => {
    const { clipboard, guard } = setup(30);
    await guard.copy('hunter2');
    clipboard.text = 'other';
    expect(await guard.clearNow()).toBe(false);
    expect(clipboard.text).toBe('other');
  });

  it('clearNow with nothing copied does nothing', async () => {
    const { clipboard, guard } = setup(30);
    clipboard.text = 'user text';
    expect(await guard.clearNow()).toBe(false);
    expect(clipboard.text).toBe('user text');
  });

  it('uses the configured delay', async () => {
    const { clipboard, timers, guard } = setup(5);
    await guard.copy('hunter2');
    await timers.advance(5_000);
    expect(clipboard.text).toBe('');
  });

  it('reports a failed timed clear', async () => {
    const { clipboard, timers, guard, errors } = setup(1);
    await guard.copy('hunter2');
    clipboard.readText = () => Promise.reject(new Error('clipboard unavailable'));
    await timers.advance(1_000);
    expect(errors).toHaveLength(1);
  });
});
