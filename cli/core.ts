// Opens the core service for one command and calls API methods on it. Every input is checked with
// the zod schemas Electron main also uses, so invalid input exits 2 before it reaches the core.
// Every `{ ok: false }` result becomes a CliError with the exit code of its error code. The service
// and zod are imported lazily, so `--help` and usage errors start without loading SQLite or libsodium.
import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import type { ApiMethod, BreakglassApi, Result } from '../shared/api/contract.js';
import type { CoreService } from '../shared/service/index.js';
import { CliError } from './cli-error.js';
import { EXIT } from './exit-codes.js';
import { note } from './io/output.js';

export type ApiInput<M extends ApiMethod> = Parameters<BreakglassApi[M]>[0];
export type ApiOutput<M extends ApiMethod> = Awaited<ReturnType<BreakglassApi[M]>> extends Result<infer T> ? T : never;

/** Argon2id cost of the kit a signing call opens, shown in the progress line. */
export interface KeyDerivationNotice {
  memoryKiB: number | null;
}

export interface CoreSession {
  readonly vaultPath: string;
  call<M extends ApiMethod>(method: M, input: ApiInput<M>, derivation?: KeyDerivationNotice): Promise<ApiOutput<M>>;
}

/** Prints the progress line shown while Argon2id runs. */
export function announceKeyDerivation(memoryKiB: number | null): void {
  const size = memoryKiB === null ? '' : `, ${Math.round(memoryKiB / 1024)} MiB`;
  note(`Deriving key from passphrase (Argon2id${size})…`);
}

function internalFailure(method: string, error: unknown): CliError {
  const detail = error instanceof Error ? error.message : String(error);
  return new CliError(EXIT.failure, `${method} failed unexpectedly: ${detail}`, 'internal');
}

/** Checks an API input against its schema without opening the vault; invalid input exits 2. */
export async function validateInput<M extends ApiMethod>(method: M, input: ApiInput<M>): Promise<void> {
  const { INPUT_SCHEMAS, describeInputError } = await import('../shared/api/schemas.js');
  const parsed = INPUT_SCHEMAS[method].safeParse(input);
  if (!parsed.success) throw CliError.usage(describeInputError(method, parsed.error));
}

export interface OpenOptions {
  /** False only for `init`, which creates the vault; every other command needs an existing file. */
  mustExist: boolean;
}

/** Opens the vault at `vaultPath`, runs `body`, and closes the service whatever happens. */
export async function withCore<T>(vaultPath: string, options: OpenOptions, body: (session: CoreSession) => Promise<T>): Promise<T> {
  if (options.mustExist && !existsSync(vaultPath)) {
    throw CliError.notFound(`no vault at ${vaultPath}; create one with "breakglass init" or pass --vault PATH`);
  }
  if (!options.mustExist) mkdirSync(dirname(vaultPath), { recursive: true });

  const [{ openCoreService }, { FileDeviceKeyStore, defaultDeviceKeyPath }, { INPUT_SCHEMAS, describeInputError }, { isVaultError }] = await Promise.all([
    import('../shared/service/index.js'),
    import('../shared/service/device-key-store.js'),
    import('../shared/api/schemas.js'),
    import('../shared/util/errors.js'),
  ]);

  let service: CoreService;
  try {
    service = await openCoreService({
      vaultPath,
      deviceKeyStore: new FileDeviceKeyStore(defaultDeviceKeyPath(vaultPath)),
      sessionKeys: 'file',
    });
  } catch (error) {
    if (isVaultError(error)) throw CliError.fromApi(error);
    throw internalFailure('opening the vault', error);
  }

  const session: CoreSession = {
    vaultPath,
    async call(method, input, derivation) {
      const parsed = INPUT_SCHEMAS[method].safeParse(input);
      if (!parsed.success) throw CliError.usage(describeInputError(method, parsed.error));
      if (derivation) announceKeyDerivation(derivation.memoryKiB);

      let result: Result<unknown>;
      try {
        const invoke = service[method] as (input: unknown) => Promise<Result<unknown>>;
        result = await invoke.call(service, parsed.data);
      } catch (error) {
        if (isVaultError(error)) throw CliError.fromApi(error);
        throw internalFailure(method, error);
      }
      if (!result.ok) throw CliError.fromApi(result.error);
      return result.value as ApiOutput<typeof method>;
    },
  };

  try {
    return await body(session);
  } finally {
    service.close();
  }
}
