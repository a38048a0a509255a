// The one error type the core throws on purpose. `code` is stable (CLI exit codes and UI messages
// map from it); `message` says what failed, on which item, and what to do next, and never contains
// a secret, a passphrase or share bytes.

export type VaultErrorCode =
  | 'invalid-input'
  | 'invalid-policy'
  | 'not-found'
  | 'not-a-vault'
  | 'corrupt-vault'
  | 'newer-format'
  | 'vault-locked'
  | 'vault-exists'
  | 'kit-invalid'
  | 'kit-wrong-passphrase'
  | 'kit-foreign'
  | 'kit-old-epoch'
  | 'share-rejected'
  | 'quorum-not-met'
  | 'header-mac-failed'
  | 'signature-invalid'
  | 'not-permitted'
  | 'wrong-state'
  | 'out-of-scope'
  | 'deadline-passed'
  | 'verification-failed'
  | 'io-error';

export class VaultError extends Error {
  readonly code: VaultErrorCode;

  constructor(code: VaultErrorCode, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'VaultError';
    this.code = code;
  }
}

export function isVaultError(error: unknown): error is VaultError {
  return error instanceof VaultError;
}
