// Turns `--kit FILE` plus a passphrase source into the SignerInput of one signing act.
import { basename } from 'node:path';
import type { SignerInput } from '../shared/api/contract.js';
import type { KeyDerivationNotice } from './core.js';
import { readFileBytes } from './io/files.js';
import { obtainPassphrase, type PassphraseFlags } from './io/passphrase.js';

export interface SignerFlags extends PassphraseFlags {
  kit: string;
}

export interface Signer {
  input: SignerInput;
  derivation: KeyDerivationNotice;
}

interface KitLabel {
  /** Names the kit at the passphrase prompt. */
  label: string;
  memoryKiB: number | null;
}

/**
 * Reads the kit's public part (no passphrase needed) to name its holder at the prompt and to show
 * the Argon2id memory cost. A damaged kit falls back to the file name; the core reports the damage
 * when it opens the kit.
 */
async function describeKit(path: string, bytes: Uint8Array): Promise<KitLabel> {
  try {
    const { readKitPublic } = await import('../shared/kit/kit.js');
    const publicPart = readKitPublic(bytes);
    return { label: `${publicPart.name} (${publicPart.personId}), kit ${basename(path)}`, memoryKiB: publicPart.kdf.memoryKiB };
  } catch {
    return { label: `kit ${basename(path)}`, memoryKiB: null };
  }
}

/**
 * Reads the kit file and the passphrase. `stdinBusy` is true when the command reads a secret from
 * stdin, so the passphrase prompt must use /dev/tty instead.
 */
export async function loadSigner(flags: SignerFlags, stdinBusy: boolean): Promise<Signer> {
  const kitBytes = readFileBytes(flags.kit, 'kit file');
  const kit = await describeKit(flags.kit, new Uint8Array(kitBytes));
  const passphrase = await obtainPassphrase(flags, kit.label, stdinBusy);
  return {
    input: { kit: kitBytes.toString('base64'), passphrase },
    derivation: { memoryKiB: kit.memoryKiB },
  };
}
