// Hidden prompt on the controlling terminal. Raw mode turns the terminal's echo off. The prompt
// reads process.stdin when it is a terminal that no other input uses, and /dev/tty otherwise, for
// example when a secret is piped to stdin. The typed text stays in a local string and is never
// written anywhere.
import { openSync } from 'node:fs';
import { ReadStream } from 'node:tty';
import { CliError } from '../cli-error.js';
import { EXIT } from '../exit-codes.js';

const CTRL_C = '\u0003';
const CTRL_D = '\u0004';
const CTRL_U = '\u0015';
const BACKSPACE = '\u0008';
const DELETE = '\u007f';

export interface PromptOptions {
  /** True when stdin carries data (a secret) and must not be read for the prompt. */
  stdinBusy: boolean;
}

function openTerminal(options: PromptOptions): { input: ReadStream; owned: boolean } {
  if (!options.stdinBusy && process.stdin.isTTY) return { input: process.stdin, owned: false };
  try {
    return { input: new ReadStream(openSync('/dev/tty', 'r')), owned: true };
  } catch {
    throw CliError.usage('no terminal to prompt for the passphrase; use --passphrase-file FILE or --passphrase-fd N');
  }
}

/** True when a hidden prompt can be shown (a terminal is reachable). */
export function terminalAvailable(options: PromptOptions): boolean {
  if (!options.stdinBusy && process.stdin.isTTY) return true;
  try {
    new ReadStream(openSync('/dev/tty', 'r')).destroy();
    return true;
  } catch {
    return false;
  }
}

/** Shows `prompt` on stderr and reads one line with echo off. Ctrl-C cancels with exit code 130. */
export function promptHidden(prompt: string, options: PromptOptions): Promise<string> {
  const { input, owned } = openTerminal(options);
  // Echo goes off before the prompt appears, so nothing typed after it is ever shown.
  input.setRawMode(true);
  process.stderr.write(prompt);

  return new Promise<string>((resolve, reject) => {
    let typed = '';

    const finish = (outcome: { value: string } | { error: CliError }) => {
      input.off('data', onData);
      input.setRawMode(false);
      input.pause();
      if (owned) input.destroy();
      process.stderr.write('\n');
      if ('value' in outcome) resolve(outcome.value);
      else reject(outcome.error);
    };

    const onData = (chunk: string) => {
      for (const character of chunk) {
        if (character === '\r' || character === '\n') return finish({ value: typed });
        if (character === CTRL_C || (character === CTRL_D && typed === '')) {
          return finish({ error: new CliError(EXIT.cancelled, 'cancelled at the passphrase prompt') });
        }
        if (character === BACKSPACE || character === DELETE) {
          typed = Array.from(typed).slice(0, -1).join('');
        } else if (character === CTRL_U) {
          typed = '';
        } else if (character >= ' ') {
          typed += character;
        }
      }
    };

    input.setEncoding('utf8');
    input.on('data', onData);
    input.resume();
  });
}

/** Asks a yes/no question on the terminal (echo on); returns true only for "y" or "yes". */
export async function promptYesNo(question: string, options: PromptOptions): Promise<boolean> {
  const { input, owned } = openTerminal(options);
  process.stderr.write(`${question} [y/N] `);
  const answer = await new Promise<string>((resolve) => {
    input.setEncoding('utf8');
    input.once('data', (chunk: string) => resolve(chunk));
    input.resume();
  });
  input.pause();
  if (owned) input.destroy();
  return /^\s*y(es)?\s*$/i.test(answer);
}
