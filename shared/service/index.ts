// The core service: one object implementing the whole API contract over one vault file. The
// Electron main process, the CLI and the tests all call it, and nothing here depends on Electron.
// Every API method catches its errors (see `run`) and resolves to `{ ok, value }` or `{ ok, error }`.
import { existsSync } from 'node:fs';
import type {
  ApiError, BreakglassApi, CeremonyView, CredentialView, EntryView, ExportResult, KitFile, RekeyView, Result, SetupView, VaultStatus, VerifyReport,
} from '../api/contract.js';
import { CHANNELS, type ApiMethod } from '../api/contract.js';
import { describeInputError, INPUT_SCHEMAS } from '../api/schemas.js';
import { FileSessionKeyStore, MemorySessionKeyStore, type SessionKeyStore } from '../ceremony/session-keys.js';
import { loadSodium } from '../crypto/sodium.js';
import { AuditLog } from '../log/audit-log.js';
import { buildBundle, decodeBundle, exportEntryInput } from '../log/bundle.js';
import { deviceSignerFromSecretKey } from '../log/device.js';
import type { DeviceSigner } from '../log/checkpoint.js';
import { renderReport } from '../log/report.js';
import { verifyBundle } from '../log/verify-bundle.js';
import { verifyVaultLog } from '../log/verify.js';
import { readKitPublic, verifyKitAgainstHeader } from '../kit/kit.js';
import { equalBytes, fromBase64, toBase64 } from '../util/bytes.js';
import { isVaultError, VaultError } from '../util/errors.js';
import { createLogger } from '../util/logger.js';
import { openVaultDb, type VaultDb } from '../vault/db.js';
import * as ceremonies from './ceremonies.js';
import { ServiceContext } from './context.js';
import { depositVersion } from './credentials.js';
import { credentialView, listCredentials } from '../vault/credentials-repo.js';
import { getActiveEpoch, getPendingEpoch, insertEpoch, insertGenesisSignature, insertVaultMeta } from '../vault/epochs-repo.js';
import { defaultDeviceKeyPath, FileDeviceKeyStore, type DeviceKeyStore } from './device-key-store.js';
import * as records from './records.js';
import * as rekey from './rekey.js';
import * as setup from './setup.js';
import { ceremonyView, vaultStatus } from './views.js';

export type { DeviceKeyStore } from './device-key-store.js';
export { FileDeviceKeyStore, defaultDeviceKeyPath } from './device-key-store.js';

const logger = createLogger('service');

export interface CoreServiceOptions {
  vaultPath: string;
  /** Store of the device's checkpoint key. Default: a 0600 file beside the vault. */
  deviceKeyStore?: DeviceKeyStore;
  /** 'memory' (desktop app, default) or 'file' (CLI: separate processes share a ceremony). */
  sessionKeys?: 'memory' | 'file';
  /** Injectable clock (tests move time forward instead of waiting). */
  now?: () => Date;
  /** Check deadlines every N ms in the background (desktop); 0 disables (CLI, tests). Default 0. */
  deadlineCheckMs?: number;
}

export interface CoreService extends BreakglassApi {
  close(): void;
  /** Seals every unsealed ceremony now, for OS lock, suspend, shutdown or quit. */
  sealAll(reason: 'os-lock' | 'suspend' | 'quit' | 'shutdown'): Promise<void>;
}

function toApiError(error: unknown): ApiError {
  if (isVaultError(error)) return { code: error.code, message: error.message };
  logger.error('unexpected error', { name: error instanceof Error ? error.name : typeof error });
  return { code: 'internal', message: 'an unexpected internal error occurred; the vault was not changed by the failed step. Run "log verify" and report the problem.' };
}

async function run<T>(fn: () => Promise<T> | T): Promise<Result<T>> {
  try {
    return { ok: true, value: await fn() };
  } catch (error) {
    return { ok: false, error: toApiError(error) };
  }
}

class Service implements CoreService {
  private ctx: ServiceContext | null = null;
  private draft: setup.SetupDraft | null = null;
  private readonly sessionKeys: SessionKeyStore;
  private readonly deviceKeys: DeviceKeyStore;
  private readonly now: () => Date;
  private timer: ReturnType<typeof setInterval> | null = null;

  constructor(private readonly options: CoreServiceOptions) {
    this.sessionKeys = options.sessionKeys === 'file' ? new FileSessionKeyStore(options.vaultPath) : new MemorySessionKeyStore();
    this.deviceKeys = options.deviceKeyStore ?? new FileDeviceKeyStore(defaultDeviceKeyPath(options.vaultPath));
    this.now = options.now ?? (() => new Date());
    if (options.deadlineCheckMs && options.deadlineCheckMs > 0) {
      this.timer = setInterval(() => {
        if (this.ctx) ceremonies.expireAllDue(this.ctx);
      }, options.deadlineCheckMs);
      this.timer.unref?.();
    }
  }

  async openExisting(): Promise<void> {
    await loadSodium();
    if (!existsSync(this.options.vaultPath)) return;
    this.ctx = this.contextFor(openVaultDb(this.options.vaultPath, { create: false }));
  }

  private contextFor(db: VaultDb): ServiceContext {
    try {
      const header = getActiveEpoch(db).header;
      const secretKey = this.deviceKeys.load();
      const device = secretKey ? deviceSignerFromSecretKey(header.origin, secretKey) : this.readOnlyDevice(header.origin, fromBase64(header.devicePublicKey));
      if (!equalBytes(device.publicKey, fromBase64(header.devicePublicKey))) {
        throw new VaultError('not-permitted', `the device key at ${this.deviceKeys.describe()} is not the device key of vault ${header.vaultId}`);
      }
      const log = new AuditLog(db, { vaultId: header.vaultId, origin: header.origin, device, now: this.now });
      return new ServiceContext(this.options.vaultPath, db, log, device, this.sessionKeys, this.now);
    } catch (error) {
      db.close();
      throw error;
    }
  }

  /**
   * Returns a signer for a vault whose device key is not available here, for example a vault the
   * desktop app created with its key in the OS keychain. Reading and verifying work. Any append
   * fails, which rolls back the change it would have recorded.
   */
  private readOnlyDevice(origin: string, publicKey: Uint8Array): DeviceSigner {
    const where = this.deviceKeys.describe();
    logger.warn('device key missing; vault opened read-only', { origin });
    return {
      name: origin,
      publicKey,
      sign: () => {
        throw new VaultError('not-permitted', `this vault is open read-only because its device key is not available here (${where}); use the machine and app that created the vault to change it`);
      },
    };
  }

  private vault(): ServiceContext {
    if (!this.ctx) throw new VaultError('not-found', `no vault at ${this.options.vaultPath}; create one first`);
    ceremonies.expireAllDue(this.ctx);
    return this.ctx;
  }

  private ceremony(ctx: ServiceContext, id: string): CeremonyView {
    return ceremonyView(ctx, ceremonies.requireCeremony(ctx, id));
  }

  close(): void {
    if (this.timer) clearInterval(this.timer);
    if (this.draft) setup.wipeDraft(this.draft);
    this.draft = null;
    if (this.sessionKeys instanceof MemorySessionKeyStore) this.sessionKeys.dropAll();
    this.ctx?.db.close();
    this.ctx = null;
  }

  sealAll(reason: 'os-lock' | 'suspend' | 'quit' | 'shutdown'): Promise<void> {
    if (!this.ctx) return Promise.resolve();
    const count = ceremonies.sealAllNow(this.ctx, reason);
    logger.info('sealed all', { reason, count });
    return Promise.resolve();
  }

  // ---------- status and setup ----------

  vaultStatus(): Promise<Result<VaultStatus>> {
    return run(() => {
      if (!this.ctx) {
        return {
          exists: false, path: this.options.vaultPath, state: 'none' as const, people: [], policies: [], credentialCount: 0, openExceptions: [],
          lastDrillByPerson: {}, lastDrillByPolicy: {}, unsealedCeremonyId: null, pendingRekey: null, logSize: 0,
        };
      }
      return vaultStatus(this.vault());
    });
  }

  setupBegin(input: Parameters<BreakglassApi['setupBegin']>[0]): Promise<Result<SetupView>> {
    return run(async () => {
      if (this.ctx || existsSync(this.options.vaultPath)) throw new VaultError('vault-exists', `a vault already exists at ${this.options.vaultPath}`);
      if (this.draft) setup.wipeDraft(this.draft);
      this.draft = await setup.beginSetup(input);
      return setup.setupView(this.draft);
    });
  }

  private requireDraft(): setup.SetupDraft {
    if (!this.draft) throw new VaultError('wrong-state', 'no vault setup in progress; start one first');
    return this.draft;
  }

  setupEnroll(input: { personId: string; passphrase: string }): Promise<Result<KitFile>> {
    return run(() => setup.enrol(this.requireDraft(), input.personId, input.passphrase));
  }

  setupSign(input: Parameters<BreakglassApi['setupSign']>[0]): Promise<Result<SetupView>> {
    return run(async () => {
      const draft = this.requireDraft();
      await setup.signGenesis(draft, input.personId, input.signer);
      return setup.setupView(draft);
    });
  }

  setupFinish(): Promise<Result<VaultStatus>> {
    return run(async () => {
      const draft = this.requireDraft();
      setup.requireComplete(draft);
      const header = draft.material.header;

      // The device key goes to its store first: a vault must never exist without its signer.
      if (this.deviceKeys.load()) throw new VaultError('vault-exists', `a device key already exists (${this.deviceKeys.describe()}); remove it or choose another vault location`);
      this.deviceKeys.save(draft.deviceSecretKey);
      const db = openVaultDb(this.options.vaultPath, { create: true });
      try {
        const device = deviceSignerFromSecretKey(header.origin, draft.deviceSecretKey);
        const log = new AuditLog(db, { vaultId: header.vaultId, origin: header.origin, device, now: this.now });
        const at = this.now().toISOString();
        db.transaction(() => {
          insertVaultMeta(db, { vaultId: header.vaultId, name: header.name, createdAt: at });
          insertEpoch(db, { header, headerMac: draft.material.headerMac, encryptedVaultSecretKey: draft.material.encryptedVaultSecretKey, status: 'active', createdAt: at });
          for (const [personId, signature] of draft.genesisSignatures) insertGenesisSignature(db, { epoch: header.epoch, personId, signature, signedAt: at });
          log.append({ type: 'vault.genesis', actor: 'device', ceremony: null, data: setup.genesisEntryData(draft), sig: null });
        }).immediate();
      } finally {
        db.close();
      }
      setup.wipeDraft(draft);
      this.draft = null;
      await this.openExisting();
      return vaultStatus(this.vault());
    });
  }

  setupAbort(): Promise<Result<null>> {
    return run(() => {
      if (this.draft) setup.wipeDraft(this.draft);
      this.draft = null;
      return null;
    });
  }

  kitVerify(input: Parameters<BreakglassApi['kitVerify']>[0]): ReturnType<BreakglassApi['kitVerify']> {
    return run(async () => {
      const ctx = this.vault();
      const pending = getPendingEpoch(ctx.db);
      let header = ctx.header();
      try {
        const kitEpoch = readKitPublic(fromBase64(input.kit, 'kit')).epoch;
        if (pending && kitEpoch === pending.epoch) header = pending.header;
      } catch {
        // Unreadable kits are reported by openSigner below with their specific error.
      }
      const signer = await ctx.openSigner(input, header);
      try {
        const checks = verifyKitAgainstHeader(signer.kit, header);
        return {
          personId: signer.person.id, name: signer.person.name, vaultId: header.vaultId, epoch: header.epoch, roles: signer.person.roles,
          shares: checks.map((c) => ({ policyId: c.policyId, function: c.function, commitmentOk: c.commitmentOk })),
        };
      } finally {
        signer.kit.wipe();
      }
    });
  }

  // ---------- credentials ----------

  credentialList(input: { query?: string }): Promise<Result<CredentialView[]>> {
    return run(() => {
      const db = this.vault().db;
      const all = listCredentials(db).map((c) => credentialView(db, c.id)!);
      const query = input.query?.trim().toLowerCase();
      if (!query) return all;
      return all.filter((c) => [c.label, c.system, c.account, c.owner, c.kind, ...c.tags].some((field) => field.toLowerCase().includes(query)));
    });
  }

  credentialDeposit(input: Parameters<BreakglassApi['credentialDeposit']>[0]): Promise<Result<CredentialView>> {
    return run(async () => {
      const ctx = this.vault();
      const result = await depositVersion(ctx, { signerInput: input.signer, target: { metadata: input.metadata }, secret: input.secret, ceremonyId: null });
      return credentialView(ctx.db, result.credentialId)!;
    });
  }

  credentialRotate(input: Parameters<BreakglassApi['credentialRotate']>[0]): Promise<Result<CredentialView>> {
    return run(async () => {
      const ctx = this.vault();
      if (input.ceremonyId) {
        await ceremonies.resealRotate(ctx, input.ceremonyId, input.credentialId, input.signer, input.secret);
      } else {
        await depositVersion(ctx, { signerInput: input.signer, target: { credentialId: input.credentialId }, secret: input.secret, ceremonyId: null });
      }
      return credentialView(ctx.db, input.credentialId)!;
    });
  }

  // ---------- ceremonies ----------

  ceremonyList(): Promise<Result<CeremonyView[]>> {
    return run(() => {
      const ctx = this.vault();
      return records.listCeremonies(ctx.db).map((c) => ceremonyView(ctx, c));
    });
  }

  ceremonyGet(input: { ceremonyId: string }): Promise<Result<CeremonyView>> {
    return run(() => this.ceremony(this.vault(), input.ceremonyId));
  }

  unsealRequest(input: Parameters<BreakglassApi['unsealRequest']>[0]): Promise<Result<CeremonyView>> {
    return run(async () => {
      const ctx = this.vault();
      const id = await ceremonies.requestCeremony(ctx, input.signer, input.kind, input.request);
      return this.ceremony(ctx, id);
    });
  }

  unsealAmend(input: Parameters<BreakglassApi['unsealAmend']>[0]): Promise<Result<CeremonyView>> {
    return run(async () => {
      const ctx = this.vault();
      await ceremonies.amendCeremony(ctx, input.ceremonyId, input.signer, input.request);
      return this.ceremony(ctx, input.ceremonyId);
    });
  }

  unsealApprove(input: Parameters<BreakglassApi['unsealApprove']>[0]): Promise<Result<CeremonyView>> {
    return run(async () => {
      const ctx = this.vault();
      await ceremonies.approveCeremony(ctx, input.ceremonyId, input.signer, input.requestHash);
      return this.ceremony(ctx, input.ceremonyId);
    });
  }

  unsealCancel(input: Parameters<BreakglassApi['unsealCancel']>[0]): Promise<Result<CeremonyView>> {
    return run(async () => {
      const ctx = this.vault();
      await ceremonies.cancelCeremony(ctx, input.ceremonyId, input.signer, input.reason);
      return this.ceremony(ctx, input.ceremonyId);
    });
  }

  unsealReveal(input: Parameters<BreakglassApi['unsealReveal']>[0]): ReturnType<BreakglassApi['unsealReveal']> {
    return run(() => ceremonies.revealSecret(this.vault(), input.ceremonyId, input.credentialId, input.mode, input.signer));
  }

  unsealTouched(input: Parameters<BreakglassApi['unsealTouched']>[0]): Promise<Result<CeremonyView>> {
    return run(async () => {
      const ctx = this.vault();
      await ceremonies.recordTouched(ctx, input);
      return this.ceremony(ctx, input.ceremonyId);
    });
  }

  unsealExtend(input: Parameters<BreakglassApi['unsealExtend']>[0]): Promise<Result<CeremonyView>> {
    return run(async () => {
      const ctx = this.vault();
      await ceremonies.extendCeremony(ctx, input.ceremonyId, input.signer, input.minutes, input.reason);
      return this.ceremony(ctx, input.ceremonyId);
    });
  }

  unsealSeal(input: Parameters<BreakglassApi['unsealSeal']>[0]): Promise<Result<CeremonyView>> {
    return run(async () => {
      const ctx = this.vault();
      await ceremonies.sealCeremony(ctx, input.ceremonyId, input.signer);
      return this.ceremony(ctx, input.ceremonyId);
    });
  }

  resealRotate(input: Parameters<BreakglassApi['resealRotate']>[0]): Promise<Result<CeremonyView>> {
    return run(async () => {
      const ctx = this.vault();
      await ceremonies.resealRotate(ctx, input.ceremonyId, input.credentialId, input.signer, input.secret);
      return this.ceremony(ctx, input.ceremonyId);
    });
  }

  resealWaive(input: Parameters<BreakglassApi['resealWaive']>[0]): Promise<Result<CeremonyView>> {
    return run(async () => {
      const ctx = this.vault();
      await ceremonies.resealWaive(ctx, input.ceremonyId, input.credentialId, input.signer, input.reason);
      return this.ceremony(ctx, input.ceremonyId);
    });
  }

  resealAttest(input: Parameters<BreakglassApi['resealAttest']>[0]): Promise<Result<CeremonyView>> {
    return run(async () => {
      const ctx = this.vault();
      await ceremonies.attestDormancy(ctx, input.ceremonyId, input.signer, input.statement);
      return this.ceremony(ctx, input.ceremonyId);
    });
  }

  resealClose(input: { ceremonyId: string }): Promise<Result<CeremonyView>> {
    return run(() => {
      const ctx = this.vault();
      ceremonies.closeCeremony(ctx, input.ceremonyId);
      return this.ceremony(ctx, input.ceremonyId);
    });
  }

  // ---------- rekey ----------

  rekeyPrepare(input: Parameters<BreakglassApi['rekeyPrepare']>[0]): Promise<Result<{ rekey: RekeyView; kits: Record<string, KitFile> }>> {
    return run(() => rekey.prepareRekey(this.vault(), input));
  }

  rekeyConfirm(input: Parameters<BreakglassApi['rekeyConfirm']>[0]): Promise<Result<RekeyView>> {
    return run(() => rekey.confirmRekey(this.vault(), input.signer));
  }

  rekeyActivate(): Promise<Result<VaultStatus>> {
    return run(() => {
      const ctx = this.vault();
      rekey.activateRekey(ctx);
      return vaultStatus(ctx);
    });
  }

  rekeyAbandon(input: Parameters<BreakglassApi['rekeyAbandon']>[0]): Promise<Result<VaultStatus>> {
    return run(async () => {
      const ctx = this.vault();
      await rekey.abandonRekey(ctx, input.signer, input.reason);
      return vaultStatus(ctx);
    });
  }

  // ---------- audit log ----------

  logEntries(input: Parameters<BreakglassApi['logEntries']>[0]): Promise<Result<EntryView[]>> {
    return run(() => {
      const ctx = this.vault();
      return ctx.log.listEntries({
        ...(input.ceremonyId ? { ceremony: input.ceremonyId } : {}),
        ...(input.type ? { type: input.type } : {}),
        ...(input.fromIndex !== undefined ? { from: input.fromIndex } : {}),
        ...(input.limit !== undefined ? { limit: input.limit } : {}),
      }).map((stored) => ({
        index: stored.index, type: stored.entry.type, time: stored.entry.time, actor: stored.entry.actor, ceremony: stored.entry.ceremony, data: stored.entry.data, signed: stored.entry.sig !== null,
      }));
    });
  }

  logVerify(): Promise<Result<VerifyReport>> {
    return run(() => {
      const ctx = this.vault();
      return verifyVaultLog(ctx.db, { expectedVaultId: ctx.header().vaultId, trustedDevicePublicKey: ctx.device.publicKey });
    });
  }

  logVerifyBundle(input: { bundle: string }): Promise<Result<VerifyReport>> {
    return run(async () => {
      await loadSodium();
      // With a vault open, a bundle must be this vault's and signed by this device.
      if (!this.ctx) return verifyBundle(input.bundle);
      const header = this.ctx.header();
      return verifyBundle(input.bundle, { expectedVaultId: header.vaultId, trustedDevicePublicKey: fromBase64(header.devicePublicKey) });
    });
  }

  logExport(input: Parameters<BreakglassApi['logExport']>[0]): Promise<Result<ExportResult>> {
    return run(async () => {
      const ctx = this.vault();
      if (input.ceremonyId) ceremonies.requireCeremony(ctx, input.ceremonyId);
      const signer = await ctx.openSigner(input.signer);
      try {
        if (!signer.person.roles.includes('auditor')) throw new VaultError('not-permitted', `${signer.person.name} is not enrolled as auditor, so they cannot export signed evidence`);
        const auditor = { personId: signer.person.id, secretKey: signer.kit.signingKeyPair.secretKey };
        ctx.transaction(() => {
          ctx.log.append(exportEntryInput(ctx.log, auditor, input.ceremonyId ?? null));
        });
        const bundle = buildBundle(ctx.log, ctx.device, {
          auditor,
          ...(input.ceremonyId ? { ceremonyId: input.ceremonyId } : {}),
          ...(input.sinceCheckpoint ? { sinceCheckpoint: input.sinceCheckpoint } : {}),
          now: this.now,
        });
        const verification = await verifyBundle(bundle);
        const report = renderReport(decodeBundle(bundle), verification);
        const stamp = this.now().toISOString().replace(/[:.]/g, '-');
        const scope = input.ceremonyId ? `ceremony-${input.ceremonyId.slice(0, 8)}` : 'full-log';
        return { bundleFileName: `evidence-${scope}-${stamp}.bgevidence.json`, bundle, reportFileName: `evidence-${scope}-${stamp}.html`, report };
      } finally {
        signer.kit.wipe();
      }
    });
  }

  logCheckpoint(): Promise<Result<{ note: string }>> {
    return run(() => {
      const checkpoint = this.vault().log.latestCheckpoint();
      if (!checkpoint) throw new VaultError('not-found', 'the audit log has no checkpoint yet');
      return { note: checkpoint.note };
    });
  }
}

/**
 * Opens the service for a vault path (the vault itself may not exist yet: first run). Every API
 * method's input is parsed with its schema first, so a direct caller passing a wrong type gets an
 * 'invalid-input' result, as the IPC boundary and the CLI do.
 */
export async function openCoreService(options: CoreServiceOptions): Promise<CoreService> {
  const service = new Service(options);
  await service.openExisting();
  return new Proxy(service, {
    get(target, property, receiver) {
      const value: unknown = Reflect.get(target, property, receiver);
      if (typeof property !== 'string' || typeof value !== 'function' || !(property in CHANNELS)) return value;
      const method = value as (input: unknown) => Promise<Result<unknown>>;
      return (input: unknown) => {
        const parsed = INPUT_SCHEMAS[property as ApiMethod].safeParse(input ?? {});
        if (!parsed.success) return Promise.resolve({ ok: false, error: { code: 'invalid-input', message: describeInputError(property, parsed.error) } });
        return method.call(target, parsed.data);
      };
    },
  });
}

export { toBase64 };
