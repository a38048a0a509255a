// Passphrase sources: a hidden terminal prompt, a file (--passphrase-file) or an inherited file
// descriptor (--passphrase-fd). There is no option for a command-line argument or an environment
// variable, because other processes can read both and arguments end up in shell history.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CliError } from '../cli-error.js';
import { readFileBytes } from './files.js';
import { promptHidden } from './tty-prompt.js';

export interface PassphraseFlags {
  passphraseFile?: string;
  passphraseFd?: number;
}

/** Removes one trailing line break, so `echo secret > file` works; other whitespace is kept. */
export function stripFinalNewline(text: string): string {
  if (text.endsWith('\r\n')) return text.slice(0, -2);
  if (text.endsWith('\n')) return text.slice(0, -1);
  return text;
}

function checkNotEmpty(passphrase: string, source: string): string {
  if (passphrase.length === 0) throw CliError.usage(`the passphrase from ${source} is empty`);
  return passphrase;
}

export function readPassphraseFile(path: string): string {
  return checkNotEmpty(stripFinalNewline(readFileBytes(path, 'passphrase file').toString('utf8')), `passphrase file ${path}`);
}

export function readPassphraseFd(fd: number): string {
  let bytes: Buffer;
  try {
    bytes = readFileSync(fd);
  } catch (error) {
    const code = error instanceof Error && 'code' in error ? String(error.code) : 'unknown error';
    throw CliError.usage(`cannot read the passphrase from file descriptor ${fd} (${code}); open it for reading, e.g. 3<passphrase.txt`);
  }
  return checkNotEmpty(stripFinalNewline(bytes.toString('utf8')), `file descriptor ${fd}`);
}

/**
 * Returns the passphrase for one signing act: from the file or descriptor named by a flag, else
 * from a hidden prompt that names the kit it opens.
 */
export async function obtainPassphrase(flags: PassphraseFlags, kitLabel: string, stdinBusy: boolean): Promise<string> {
  if (flags.passphraseFile !== undefined && flags.passphraseFd !== undefined) {
    throw CliError.usage('use either --passphrase-file or --passphrase-fd, not both');
  }
  if (flags.passphraseFile !== undefined) return readPassphraseFile(flags.passphraseFile);
  if (flags.passphraseFd !== undefined) {
    if (flags.passphraseFd === 0 && stdinBusy) throw CliError.usage('--passphrase-fd 0 is stdin, which this command reads the secret from; use another descriptor or --passphrase-file');
    return readPassphraseFd(flags.passphraseFd);
  }
  const passphrase = await promptHidden(`Passphrase for ${kitLabel}: `, { stdinBusy });
  return checkNotEmpty(passphrase, 'the prompt');
}

/**
 * Passphrase sources for commands that enrol several people (init, rekey prepare): `id=FILE`
 * pairs from repeated --passphrase-file flags, or a folder holding one file per person id.
 */
export interface PassphraseSources {
  files: Map<string, string>;
  directory: string | null;
}

export function parsePassphraseSources(pairs: string[], directory: string | undefined): PassphraseSources {
  const files = new Map<string, string>();
  for (const pair of pairs) {
    const separator = pair.indexOf('=');
    if (separator <= 0 || separator === pair.length - 1) {
      throw CliError.usage(`invalid --passphrase-file value "${pair}": expected PERSON_ID=FILE`);
    }
    const id = pair.slice(0, separator);
    if (files.has(id)) throw CliError.usage(`--passphrase-file is given twice for person "${id}"`);
    files.set(id, pair.slice(separator + 1));
  }
  return { files, directory: directory ?? null };
}

/** Returns the file that contains `personId`'s passphrase, or null when the prompt must be used. */
export function passphraseFileFor(sources: PassphraseSources, personId: string): string | null {
  const file = sources.files.get(personId);
  if (file !== undefined) return file;
  if (sources.directory !== null) return join(sources.directory, personId);
  return null;
}
