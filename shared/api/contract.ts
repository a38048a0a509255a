// The typed API between the renderer (or any client such as the CLI) and the core service.
// Every call takes one plain JSON input object and resolves to `Result<T>`: it never throws across
// the boundary. Secrets cross it only as `passphrase` fields of inputs and in `RevealedSecret`
// outputs, one credential at a time on an explicit reveal. No key ever leaves the core.

export type Result<T> = { ok: true; value: T } | { ok: false; error: ApiError };

export interface ApiError {
  /** Stable machine code (see shared/util/errors.ts VaultErrorCode, plus 'internal'). */
  code: string;
  /** Plain sentence: what failed, on which item, what to do next. Never contains a secret. */
  message: string;
}

export const CUSTODIAN_FUNCTIONS = ['identity', 'security', 'incident-response', 'vendor'] as const;
export type CustodianFunction = (typeof CUSTODIAN_FUNCTIONS)[number];

export const ROLES = ['custodian', 'incident-commander', 'auditor'] as const;
export type Role = (typeof ROLES)[number];

export const CREDENTIAL_KINDS = ['password', 'api-token', 'ssh-key', 'certificate', 'totp', 'recovery-codes', 'file'] as const;
export type CredentialKind = (typeof CREDENTIAL_KINDS)[number];

export const SEVERITIES = ['sev1', 'sev2', 'sev3', 'sev4'] as const;
export type Severity = (typeof SEVERITIES)[number];

/** Kit file bytes (base64) and the passphrase that opens them: how a person signs an act. */
export interface SignerInput {
  kit: string;
  passphrase: string;
}

// ---------- people and policies ----------

export interface PersonInput {
  /** Stable id chosen at enrolment, lowercase slug: ^[a-z0-9][a-z0-9._-]{0,63}$ */
  id: string;
  name: string;
  roles: Role[];
  /** Required for custodians; optional for others (a vendor IC sets 'vendor'). */
  function?: CustodianFunction;
  /** Internal sponsor (person id) required for anyone whose function is 'vendor'. */
  sponsorId?: string;
}

export interface PersonView extends PersonInput {
  publicKey: string; // base64 Ed25519
  keyId: string; // hex, first 8 bytes of SHA-256 of the public key
}

export interface PolicyGroupInput {
  function: CustodianFunction;
  /** m of this group's members must present shares. */
  threshold: number;
  /** Person ids (custodians of this function). */
  members: string[];
}

export interface PolicyInput {
  /** Slug such as 'standard' or 'fast-path'. */
  id: string;
  name: string;
  /** G: how many groups must be satisfied. */
  groupThreshold: number;
  groups: PolicyGroupInput[];
  /** Hours after unseal by which the ceremony must be closed; default 24. */
  resealLimitHours?: number;
  /** Marks an emergency fast-path policy; requests must ask for it explicitly. */
  fastPath?: boolean;
}

export type PolicyView = Required<PolicyInput>;

export interface KdfInput {
  /** Argon2id memory cost in KiB. */
  memoryKiB: number;
  /** Argon2id time cost (passes). */
  iterations: number;
}

// ---------- vault status ----------

export type VaultState = 'none' | 'dormant' | 'sealed' | 'unsealed';

export interface ExceptionView {
  ceremonyId: string;
  ticket: string;
  state: CeremonyState;
  /** Seconds since the vault was unsealed for this ceremony. */
  ageSeconds: number;
  overdue: boolean;
}

export interface VaultStatus {
  exists: boolean;
  path: string;
  vaultId?: string;
  name?: string;
  epoch?: number;
  /** 'dormant': sealed and every earlier ceremony closed. 'sealed': sealed with open exceptions. */
  state: VaultState;
  people: PersonView[];
  policies: PolicyView[];
  credentialCount: number;
  openExceptions: ExceptionView[];
  /** ISO times of the last successful drill, per person id and per policy id (null: never). */
  lastDrillByPerson: Record<string, string | null>;
  lastDrillByPolicy: Record<string, string | null>;
  /** Ceremony currently unsealed, if any. */
  unsealedCeremonyId: string | null;
  /** A rekey waiting for kit confirmations, if any. */
  pendingRekey: RekeyView | null;
  logSize: number;
}

// ---------- setup (first run) ----------

export interface SetupBeginInput {
  name: string;
  people: PersonInput[];
  policies: PolicyInput[];
  kdf?: KdfInput;
}

export interface SetupView {
  vaultId: string;
  name: string;
  people: Array<PersonInput & { enrolled: boolean; signedGenesis: boolean }>;
  kdf: KdfInput;
}

export interface KitFile {
  fileName: string;
  /** base64 of the kit file bytes */
  kit: string;
}

// ---------- credentials ----------

export interface CredentialMetadataInput {
  label: string;
  system: string;
  account: string;
  kind: CredentialKind;
  owner: string;
  runbook: string;
  tags: string[];
  /** password kind: login URL and user name, readable while sealed. */
  url?: string;
  username?: string;
}

export type SecretInput =
  | { kind: 'password'; password: string }
  | { kind: 'api-token'; token: string }
  | { kind: 'ssh-key'; privateKey: string; keyPassphrase?: string }
  | { kind: 'certificate'; certificate: string; privateKey: string }
  | { kind: 'totp'; seed: string; digits?: number; period?: number; algorithm?: 'SHA1' | 'SHA256' | 'SHA512' }
  | { kind: 'recovery-codes'; codes: string[] }
  | { kind: 'file'; fileName: string; contentBase64: string };

export interface CredentialView extends CredentialMetadataInput {
  id: string;
  currentVersion: number;
  versions: Array<{ version: number; depositedBy: string; depositedAt: string; epoch: number }>;
  createdAt: string;
}

export interface RevealedSecret {
  credentialId: string;
  version: number;
  kind: CredentialKind;
  secret: SecretInput;
  /** Log index of the reveal entry, written before this value was returned. */
  logIndex: number;
}

// ---------- ceremonies ----------

export type CeremonyKind = 'unseal' | 'drill' | 'rekey';
export type CeremonyState = 'approving' | 'unsealed' | 'expired' | 'sealed' | 'closed' | 'cancelled' | 'verified';

export interface RequestInput {
  ticket: string;
  reason: string;
  severity: Severity;
  /** Credential ids the IC may reveal (empty for drills and rekeys). */
  scope: string[];
  durationMinutes: number;
  policyId: string;
}

export interface GroupProgress {
  function: CustodianFunction;
  threshold: number;
  approvedBy: string[];
  satisfied: boolean;
}

export interface PolicyProgress {
  policyId: string;
  groupThreshold: number;
  groups: GroupProgress[];
  satisfied: boolean;
  missingFunctions: CustodianFunction[];
}

export interface ApprovalView {
  custodianId: string;
  function: CustodianFunction;
  at: string;
  logIndex: number;
}

export interface CeremonyView {
  id: string;
  kind: CeremonyKind;
  state: CeremonyState;
  request: RequestInput & { requestedBy: string; requestedAt: string };
  /** hex SHA-256 of the canonical request: what approvers sign. */
  requestHash: string;
  /** Human-readable lines of exactly what an approver signs. */
  signingSummary: string[];
  approvals: ApprovalView[];
  progress: PolicyProgress;
  unsealedAt: string | null;
  deadline: string | null;
  sealedAt: string | null;
  closedAt: string | null;
  reveals: Array<{ credentialId: string; version: number; mode: 'show' | 'copy'; by: string; at: string }>;
  touched: Array<{ system: string; action: string; note: string; at: string }>;
  controls: string[];
  /** Per revealed credential: what the reseal still needs. */
  reseal: Array<{ credentialId: string; status: 'pending' | 'rotated' | 'waived'; version?: number; reason?: string }>;
  attestation: { by: string; at: string; statement: string } | null;
  /** Age in seconds since unseal for open exceptions, and whether past the reseal limit. */
  ageSeconds: number | null;
  overdue: boolean;
}

export interface TouchedInput {
  ceremonyId: string;
  signer: SignerInput;
  systems: Array<{ system: string; action: string; note: string }>;
  controls: string[];
}

// ---------- rekey ----------

export interface RekeyView {
  ceremonyId: string;
  newEpoch: number;
  people: Array<{ id: string; kitIssued: boolean; confirmed: boolean }>;
}

// ---------- audit log ----------

export interface EntryView {
  index: number;
  type: string;
  time: string;
  actor: string;
  ceremony: string | null;
  /** Entry data without secrets (it never holds any). */
  data: Record<string, unknown>;
  signed: boolean;
}

export interface VerifyIssue {
  /** Entry index, or null for bundle-level findings. */
  index: number | null;
  severity: 'error' | 'warning';
  reason: string;
}

export interface VerifyReport {
  ok: boolean;
  vaultId: string | null;
  treeSize: number;
  rootHash: string | null;
  checkedEntries: number;
  checkedSignatures: number;
  issues: VerifyIssue[];
}

export interface ExportInput {
  signer: SignerInput;
  /** One ceremony's entries with inclusion proofs, or the whole log when absent. */
  ceremonyId?: string;
  /** An earlier checkpoint (signed note text) the auditor holds, to prove consistency from. */
  sinceCheckpoint?: string;
}

export interface ExportResult {
  bundleFileName: string;
  /** JSON text of the evidence bundle. */
  bundle: string;
  reportFileName: string;
  /** Self-contained HTML report. */
  report: string;
}

// ---------- the API ----------

/**
 * Every method of the API. The preload exposes exactly this object as `window.breakglass`;
 * the CLI and tests call the same methods on the core service directly.
 */
export interface BreakglassApi {
  vaultStatus(input: Record<string, never>): Promise<Result<VaultStatus>>;

  setupBegin(input: SetupBeginInput): Promise<Result<SetupView>>;
  setupEnroll(input: { personId: string; passphrase: string }): Promise<Result<KitFile>>;
  setupSign(input: { personId: string; signer: SignerInput }): Promise<Result<SetupView>>;
  setupFinish(input: Record<string, never>): Promise<Result<VaultStatus>>;
  setupAbort(input: Record<string, never>): Promise<Result<null>>;

  kitVerify(input: SignerInput): Promise<Result<{ personId: string; name: string; vaultId: string; epoch: number; roles: Role[]; shares: Array<{ policyId: string; function: CustodianFunction; commitmentOk: boolean }> }>>;

  credentialList(input: { query?: string }): Promise<Result<CredentialView[]>>;
  credentialDeposit(input: { signer: SignerInput; metadata: CredentialMetadataInput; secret: SecretInput }): Promise<Result<CredentialView>>;
  credentialRotate(input: { signer: SignerInput; credentialId: string; secret: SecretInput; ceremonyId?: string }): Promise<Result<CredentialView>>;

  ceremonyList(input: Record<string, never>): Promise<Result<CeremonyView[]>>;
  ceremonyGet(input: { ceremonyId: string }): Promise<Result<CeremonyView>>;

  unsealRequest(input: { signer: SignerInput; kind: CeremonyKind; request: RequestInput }): Promise<Result<CeremonyView>>;
  unsealAmend(input: { ceremonyId: string; signer: SignerInput; request: RequestInput }): Promise<Result<CeremonyView>>;
  unsealApprove(input: { ceremonyId: string; signer: SignerInput; requestHash: string }): Promise<Result<CeremonyView>>;
  unsealCancel(input: { ceremonyId: string; signer: SignerInput; reason: string }): Promise<Result<CeremonyView>>;
  unsealReveal(input: { ceremonyId: string; credentialId: string; mode: 'show' | 'copy'; signer: SignerInput }): Promise<Result<RevealedSecret>>;
  unsealTouched(input: TouchedInput): Promise<Result<CeremonyView>>;
  unsealExtend(input: { ceremonyId: string; signer: SignerInput; minutes: number; reason: string }): Promise<Result<CeremonyView>>;
  unsealSeal(input: { ceremonyId: string; signer: SignerInput }): Promise<Result<CeremonyView>>;

  resealRotate(input: { ceremonyId: string; credentialId: string; signer: SignerInput; secret: SecretInput }): Promise<Result<CeremonyView>>;
  resealWaive(input: { ceremonyId: string; credentialId: string; signer: SignerInput; reason: string }): Promise<Result<CeremonyView>>;
  resealAttest(input: { ceremonyId: string; signer: SignerInput; statement: string }): Promise<Result<CeremonyView>>;
  resealClose(input: { ceremonyId: string }): Promise<Result<CeremonyView>>;

  rekeyPrepare(input: { ceremonyId: string; people: PersonInput[]; policies: PolicyInput[]; passphrases: Record<string, string> }): Promise<Result<{ rekey: RekeyView; kits: Record<string, KitFile> }>>;
  rekeyConfirm(input: { signer: SignerInput }): Promise<Result<RekeyView>>;
  rekeyActivate(input: Record<string, never>): Promise<Result<VaultStatus>>;
  rekeyAbandon(input: { signer: SignerInput; reason: string }): Promise<Result<VaultStatus>>;

  logEntries(input: { ceremonyId?: string; type?: string; fromIndex?: number; limit?: number }): Promise<Result<EntryView[]>>;
  logVerify(input: Record<string, never>): Promise<Result<VerifyReport>>;
  logVerifyBundle(input: { bundle: string }): Promise<Result<VerifyReport>>;
  logExport(input: ExportInput): Promise<Result<ExportResult>>;
  logCheckpoint(input: Record<string, never>): Promise<Result<{ note: string }>>;
}

export type ApiMethod = keyof BreakglassApi;

/** IPC channel per method, `area:verb`. */
export const CHANNELS: Record<ApiMethod, string> = {
  vaultStatus: 'vault:status',
  setupBegin: 'setup:begin',
  setupEnroll: 'setup:enroll',
  setupSign: 'setup:sign',
  setupFinish: 'setup:finish',
  setupAbort: 'setup:abort',
  kitVerify: 'kit:verify',
  credentialList: 'credential:list',
  credentialDeposit: 'credential:deposit',
  credentialRotate: 'credential:rotate',
  ceremonyList: 'ceremony:list',
  ceremonyGet: 'ceremony:get',
  unsealRequest: 'unseal:request',
  unsealAmend: 'unseal:amend',
  unsealApprove: 'unseal:approve',
  unsealCancel: 'unseal:cancel',
  unsealReveal: 'unseal:reveal',
  unsealTouched: 'unseal:touched',
  unsealExtend: 'unseal:extend',
  unsealSeal: 'unseal:seal',
  resealRotate: 'reseal:rotate',
  resealWaive: 'reseal:waive',
  resealAttest: 'reseal:attest',
  resealClose: 'reseal:close',
  rekeyPrepare: 'rekey:prepare',
  rekeyConfirm: 'rekey:confirm',
  rekeyActivate: 'rekey:activate',
  rekeyAbandon: 'rekey:abandon',
  logEntries: 'log:entries',
  logVerify: 'log:verify',
  logVerifyBundle: 'log:verify-bundle',
  logExport: 'log:export',
  logCheckpoint: 'log:checkpoint',
};

export const API_METHODS = Object.keys(CHANNELS) as ApiMethod[];

// ---------- desktop-only services (implemented by Electron main, not by the core) ----------

export interface AppInfo {
  version: string;
  platform: string;
  /** Seconds after which a copied secret is cleared from the clipboard if still there. */
  clipboardClearSeconds: number;
  vaultPath: string;
}

export interface DesktopApi {
  /** Shows a save dialog and writes the file (kits, bundles, reports). `saved: false` if cancelled. */
  saveFile(input: { suggestedName: string; contentBase64: string }): Promise<Result<{ saved: boolean; path: string | null }>>;
  /** Copies text and clears the clipboard after `clipboardClearSeconds` if it still holds it. */
  copyToClipboard(input: { text: string }): Promise<Result<{ clearAfterSeconds: number }>>;
  appInfo(input: Record<string, never>): Promise<Result<AppInfo>>;
}

export type DesktopMethod = keyof DesktopApi;

export const DESKTOP_CHANNELS: Record<DesktopMethod, string> = {
  saveFile: 'file:save',
  copyToClipboard: 'clipboard:copy',
  appInfo: 'app:info',
};

/** The object the preload exposes as `window.breakglass`. */
export type WindowApi = BreakglassApi & DesktopApi;
