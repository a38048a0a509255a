// Exit codes of the `breakglass` command, documented in docs/CLI.md. Scripts depend on them, so a
// code keeps its meaning once released.
import type { VaultErrorCode } from '../shared/util/errors.js';

export const EXIT = {
  ok: 0,
  /** The command failed, or a verification found a problem. */
  failure: 1,
  /** Usage error or invalid input (unknown option, bad JSON, invalid value). */
  usage: 2,
  /** A file, vault, credential, person or ceremony was not found. */
  notFound: 3,
  /** A kit was rejected: wrong passphrase, tampered, foreign or from an older epoch. */
  kitRejected: 4,
  /** The act is not permitted for this person or not allowed in the current state. */
  notPermitted: 5,
  /** The user cancelled a prompt (Ctrl-C), as shells report SIGINT. */
  cancelled: 130,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const EXIT_BY_ERROR_CODE: Record<VaultErrorCode, ExitCode> = {
  'invalid-input': EXIT.usage,
  'invalid-policy': EXIT.usage,
  'not-found': EXIT.notFound,
  'not-a-vault': EXIT.failure,
  'corrupt-vault': EXIT.failure,
  'newer-format': EXIT.failure,
  'vault-locked': EXIT.notPermitted,
  'vault-exists': EXIT.notPermitted,
  'kit-invalid': EXIT.kitRejected,
  'kit-wrong-passphrase': EXIT.kitRejected,
  'kit-foreign': EXIT.kitRejected,
  'kit-old-epoch': EXIT.kitRejected,
  'share-rejected': EXIT.kitRejected,
  'quorum-not-met': EXIT.notPermitted,
  'header-mac-failed': EXIT.failure,
  'signature-invalid': EXIT.failure,
  'not-permitted': EXIT.notPermitted,
  'wrong-state': EXIT.notPermitted,
  'out-of-scope': EXIT.notPermitted,
  'deadline-passed': EXIT.notPermitted,
  'verification-failed': EXIT.failure,
  'io-error': EXIT.failure,
};

/** Maps an API error code (a VaultErrorCode, or 'internal' and unknown codes) to an exit code. */
export function exitCodeForErrorCode(code: string): ExitCode {
  return Object.hasOwn(EXIT_BY_ERROR_CODE, code) ? EXIT_BY_ERROR_CODE[code as VaultErrorCode] : EXIT.failure;
}
