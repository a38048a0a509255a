// Clears a copied secret from the clipboard after a delay, but only if the clipboard still contains
// that secret, so text the user copied since then is never erased. The guard keeps only a SHA-256
// digest of the copied text, not the text. Clipboard and timers are injected so tests can drive
// the clock. The port is asynchronous because Electron 45's clipboard reads and writes return promises.
import { createHash } from 'node:crypto';

export interface ClipboardPort {
  readText(): Promise<string>;
  writeText(text: string): Promise<void>;
  clear(): void;
}

export interface TimerPort {
  setTimeout(callback: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemTimers: TimerPort = {
  setTimeout: (callback, delayMs) => setTimeout(callback, delayMs),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

function digestOf(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex');
}

export class ClipboardGuard {
  private pending: { digest: string; timer: unknown } | null = null;

  constructor(
    private readonly clipboard: ClipboardPort,
    readonly clearAfterSeconds: number,
    private readonly timers: TimerPort = systemTimers,
    /** Receives failures of the timed clear, which has no caller to report to. */
    private readonly onError: (error: unknown) => void = () => undefined,
  ) {}

  /** Writes `text` and schedules its removal. A newer copy replaces the earlier schedule. */
  async copy(text: string): Promise<{ clearAfterSeconds: number }> {
    this.cancelPending();
    await this.clipboard.writeText(text);

    const timer = this.timers.setTimeout(() => {
      this.clearIfUnchanged().catch(this.onError);
    }, this.clearAfterSeconds * 1000);
    this.pending = { digest: digestOf(text), timer };
    return { clearAfterSeconds: this.clearAfterSeconds };
  }

  /**
   * Clears the clipboard now if it still contains the last copied text (on quit and on seal).
   * Resolves to true when it cleared something.
   */
  clearNow(): Promise<boolean> {
    if (this.pending !== null) this.timers.clearTimeout(this.pending.timer);
    return this.clearIfUnchanged();
  }

  /** True while a copied secret waits to be cleared. */
  get isPending(): boolean {
    return this.pending !== null;
  }

  private async clearIfUnchanged(): Promise<boolean> {
    const pending = this.pending;
    this.pending = null;
    if (pending === null) return false;

    const current = await this.clipboard.readText();
    if (digestOf(current) !== pending.digest) return false;

    this.clipboard.clear();
    return true;
  }

  private cancelPending(): void {
    if (this.pending !== null) this.timers.clearTimeout(this.pending.timer);
    this.pending = null;
  }
}
