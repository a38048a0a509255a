// File reading and writing for the CLI, with errors that name the file and the exit code to use:
// a missing file exits 3, unreadable or malformed content exits 2.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, writeSync } from 'node:fs';
import { dirname } from 'node:path';
import { CliError } from '../cli-error.js';

function describeFsError(error: unknown): string {
  return error instanceof Error && 'code' in error ? String(error.code) : 'unknown error';
}

/** Reads a whole file; `what` names it in errors ("kit file", "people file"). */
export function readFileBytes(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    const code = describeFsError(error);
    if (code === 'ENOENT') throw CliError.notFound(`${what} not found: ${path}`);
    if (code === 'EISDIR') throw CliError.usage(`${what} ${path} is a directory, not a file`);
    throw CliError.usage(`cannot read ${what} ${path} (${code}); check the path and its permissions`);
  }
}

export function readTextFile(path: string, what: string): string {
  return readFileBytes(path, what).toString('utf8');
}

/** Parses JSON text; on a syntax error the message names the source and the parser's position. */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const detail = error instanceof SyntaxError ? error.message : 'unknown error';
    throw CliError.usage(`invalid JSON in ${source}: ${detail}`);
  }
}

export function readJsonFile(path: string, what: string): unknown {
  return parseJson(readTextFile(path, what), `${what} ${path}`);
}

/**
 * Writes a file that must not exist yet (flag 'wx'), creating missing parent folders. Kits and
 * evidence are never overwritten: an existing file is reported with exit code 2.
 */
export function writeNewFile(path: string, content: string | Uint8Array, what: string, mode = 0o600): void {
  try {
    mkdirSync(dirname(path), { recursive: true });
  } catch (error) {
    throw CliError.usage(`cannot create the folder for ${what} ${path} (${describeFsError(error)})`);
  }

  let fd: number;
  try {
    fd = openSync(path, 'wx', mode);
  } catch (error) {
    const code = describeFsError(error);
    if (code === 'EEXIST') throw CliError.usage(`${what} ${path} already exists; move it away or choose another path`);
    throw CliError.usage(`cannot create ${what} ${path} (${code}); check the path and its permissions`);
  }

  try {
    writeSync(fd, typeof content === 'string' ? Buffer.from(content, 'utf8') : content);
  } finally {
    closeSync(fd);
  }
}

/** Fails with exit code 2 when a file that the command would create already exists. */
export function assertAbsent(path: string, what: string): void {
  if (existsSync(path)) throw CliError.usage(`${what} ${path} already exists; move it away or choose another path`);
}
