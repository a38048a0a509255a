// Writes a file the user chose in a save dialog (kits, evidence bundles, reports). Mode 0600 on
// POSIX: kits are encrypted, but other users of the machine have no reason to read them. The mode is set
// again after writing because `writeFile` applies it only when it creates the file.
import { chmod, writeFile } from 'node:fs/promises';
import { VaultError } from '../shared/util/errors.js';

export const USER_FILE_MODE = 0o600;

export async function writeUserFile(filePath: string, bytes: Uint8Array, platform: NodeJS.Platform = process.platform): Promise<void> {
  try {
    await writeFile(filePath, bytes, { mode: USER_FILE_MODE });
    if (platform !== 'win32') await chmod(filePath, USER_FILE_MODE);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? 'unknown error';
    throw new VaultError('io-error', `Could not write ${filePath} (${code}). Choose another folder or free some disk space, then save again.`, {
      cause: error,
    });
  }
}
