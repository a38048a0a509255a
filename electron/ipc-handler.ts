// The IPC boundary between the untrusted renderer and the core, independent of Electron so it can
// be unit-tested. Invariant: every call returns a `Result` and nothing throws across the boundary.
// The sender must be a frame on the app origin and the input must parse with the method's schema
// before the core runs. A VaultError keeps its stable code and plain message. Any other error
// becomes the generic 'internal' error, and its message, which may echo input, is neither returned
// nor logged.
import type { z } from 'zod';
import type { Result } from '../shared/api/contract.js';
import { describeInputError } from '../shared/api/schemas.js';
import { isVaultError } from '../shared/util/errors.js';
import { createLogger, type Logger } from '../shared/util/logger.js';
import { isTrustedSenderUrl } from './security-policy.js';

export const INTERNAL_ERROR_CODE = 'internal';
export const INTERNAL_ERROR_MESSAGE =
  'The vault service failed unexpectedly. No secret was shown or changed by this failure; try again, and if it repeats, restart the app and report it with the application log.';
export const UNTRUSTED_SENDER_MESSAGE = 'The request did not come from the vault window and was rejected.';

/** Receives the sender frame's URL and the raw input of one IPC call. */
export type IpcHandler<T> = (senderUrl: string | null | undefined, rawInput: unknown) => Promise<Result<T>>;

const defaultLogger = createLogger('electron.ipc');

function isResult(value: unknown): value is Result<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const candidate = value as { ok?: unknown; value?: unknown; error?: { code?: unknown; message?: unknown } };
  if (candidate.ok === true) return 'value' in candidate;
  if (candidate.ok === false) return typeof candidate.error?.code === 'string' && typeof candidate.error.message === 'string';
  return false;
}

/** Wraps `run` so its input is parsed with `schema` and every outcome is a `Result`. */
export function makeHandler<I, T>(
  method: string,
  schema: z.ZodType<I>,
  run: (input: I) => Promise<Result<T>> | Result<T>,
  logger: Logger = defaultLogger,
): IpcHandler<T> {
  return async (senderUrl, rawInput) => {
    if (!isTrustedSenderUrl(senderUrl)) {
      logger.warn('ipc call from untrusted frame rejected', { method });
      return { ok: false, error: { code: 'not-permitted', message: UNTRUSTED_SENDER_MESSAGE } };
    }

    const parsed = schema.safeParse(rawInput);
    if (!parsed.success) {
      logger.warn('ipc input rejected', { method, issues: parsed.error.issues.length });
      return { ok: false, error: { code: 'invalid-input', message: describeInputError(method, parsed.error) } };
    }

    try {
      const result = await run(parsed.data);
      if (isResult(result)) return result;
      logger.error('ipc handler returned a malformed result', { method });
    } catch (error) {
      if (isVaultError(error)) {
        logger.info('ipc call failed', { method, code: error.code });
        return { ok: false, error: { code: error.code, message: error.message } };
      }
      logger.error('ipc handler threw', { method, errorName: error instanceof Error ? error.name : typeof error });
    }
    return { ok: false, error: { code: INTERNAL_ERROR_CODE, message: INTERNAL_ERROR_MESSAGE } };
  };
}
