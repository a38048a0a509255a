// The one error type CLI code throws on purpose: a plain message for stderr and the exit code.
// Messages never contain a passphrase or a secret value.
import { EXIT, exitCodeForErrorCode, type ExitCode } from './exit-codes.js';
import type { ApiError } from '../shared/api/contract.js';

export class CliError extends Error {
  readonly exitCode: ExitCode;
  /** API error code when the failure came from the core, for `--json` callers and tests. */
  readonly apiCode: string | null;

  constructor(exitCode: ExitCode, message: string, apiCode: string | null = null) {
    super(message);
    this.name = 'CliError';
    this.exitCode = exitCode;
    this.apiCode = apiCode;
  }

  static fromApi(error: ApiError): CliError {
    return new CliError(exitCodeForErrorCode(error.code), error.message, error.code);
  }

  static usage(message: string): CliError {
    return new CliError(EXIT.usage, message);
  }

  static notFound(message: string): CliError {
    return new CliError(EXIT.notFound, message);
  }
}
