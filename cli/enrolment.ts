// Passphrases and kit files for commands that enrol several people (`init`, `rekey prepare`).
// A passphrase comes from that person's file, or from a hidden prompt typed twice at the terminal.
import { existsSync, rmSync } from 'node:fs';
import type { KitFile, PersonInput } from '../shared/api/contract.js';
import { CliError } from './cli-error.js';
import { writeNewFile } from './io/files.js';
import { note } from './io/output.js';
import { passphraseFileFor, readPassphraseFile, type PassphraseSources } from './io/passphrase.js';
import { promptHidden, terminalAvailable } from './io/tty-prompt.js';

/**
 * Fails before anything is created when a passphrase file is missing, or when someone has no file
 * and no terminal is reachable for the prompt.
 */
export function checkPassphraseSources(people: PersonInput[], sources: PassphraseSources): void {
  const unknownIds = [...sources.files.keys()].filter((id) => !people.some((person) => person.id === id));
  if (unknownIds.length > 0) throw CliError.usage(`--passphrase-file names ${unknownIds.join(', ')}, who is not among the people`);

  for (const person of people) {
    const file = passphraseFileFor(sources, person.id);
    if (file !== null && !existsSync(file)) throw CliError.notFound(`passphrase file not found for ${person.id}: ${file}`);
  }

  const needPrompt = people.filter((person) => passphraseFileFor(sources, person.id) === null);
  if (needPrompt.length > 0 && !terminalAvailable({ stdinBusy: false })) {
    throw CliError.usage(`no passphrase file for ${needPrompt.map((person) => person.id).join(', ')} and no terminal to prompt; pass --passphrase-file ID=FILE for each person or --passphrase-dir DIR`);
  }
}

/** Reads the new passphrase a person chooses: from their file, or typed twice at a hidden prompt. */
export async function chooseNewPassphrase(person: PersonInput, sources: PassphraseSources): Promise<string> {
  const file = passphraseFileFor(sources, person.id);
  if (file !== null) return readPassphraseFile(file);

  note(`${person.name} (${person.id}): choose the passphrase that will protect your kit.`);
  for (;;) {
    const first = await promptHidden(`New passphrase for ${person.id}: `, { stdinBusy: false });
    const again = await promptHidden(`Repeat the passphrase for ${person.id}: `, { stdinBusy: false });
    if (first.length > 0 && first === again) return first;
    note(first.length === 0 ? 'The passphrase is empty; try again.' : 'The two entries differ; try again.');
  }
}

/** Reads a person's existing passphrase again, to sign with the kit they just received. */
export async function enterPassphrase(person: PersonInput, sources: PassphraseSources, purpose: string): Promise<string> {
  const file = passphraseFileFor(sources, person.id);
  if (file !== null) return readPassphraseFile(file);
  return promptHidden(`${person.name} (${person.id}), passphrase to ${purpose}: `, { stdinBusy: false });
}

/** Writes kit files and remembers them, so a failed command can remove the kits it wrote. */
export class KitWriter {
  private readonly written: string[] = [];

  constructor(private readonly destination: (personId: string, suggestedName: string) => string) {}

  write(personId: string, kit: KitFile): string {
    const path = this.destination(personId, kit.fileName);
    writeNewFile(path, Buffer.from(kit.kit, 'base64'), `kit file for ${personId}`);
    this.written.push(path);
    return path;
  }

  /** Deletes every kit written so far; kits of a vault that was never created are useless. */
  removeAll(): void {
    for (const path of this.written) rmSync(path, { force: true });
    this.written.length = 0;
  }
}
