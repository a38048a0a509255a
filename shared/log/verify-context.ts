// Shared state of one verification run: issues found so far, the signature checks queued for one
// batch at the end, and the headers in force along the log. Every issue reason starts with a
// stable code (see VERIFY_CODES) followed by a plain sentence.
import type { VerifyIssue } from '../api/contract.js';
import type { SignatureTask } from './ed25519-batch.js';
import type { VaultHeader } from './headers.js';

/** Codes that start every VerifyIssue reason, so callers and tests can match on them. */
export const VERIFY_CODES = [
  'entry-malformed',
  'entry-columns-mismatch',
  'leaf-hash-mismatch',
  'entry-missing',
  'entry-out-of-order',
  'entry-reordered',
  'entry-inserted',
  'entry-unchecked',
  'signature-missing',
  'signature-invalid',
  'signer-unknown',
  'time-backwards',
  'genesis-missing',
  'genesis-invalid',
  'genesis-signature-invalid',
  'header-invalid',
  'vault-id-mismatch',
  'device-key-mismatch',
  'checkpoint-malformed',
  'checkpoint-signature-invalid',
  'checkpoint-stored-root-mismatch',
  'checkpoint-missing',
  'checkpoint-root-mismatch',
  'checkpoint-beyond-log',
  'merkle-state-mismatch',
  'cosignature-invalid',
  'approval-cosignature-invalid',
  'approval-checkpoint-mismatch',
  'approval-checkpoint-unproven',
  'inclusion-proof-invalid',
  'consistency-proof-invalid',
  'auditor-checkpoint-invalid',
  'auditor-checkpoint-mismatch',
  'auditor-checkpoint-unchecked',
  'log-truncated',
  'bundle-malformed',
  'bundle-signature-invalid',
  'bundle-header-mismatch',
] as const;
export type VerifyCode = (typeof VERIFY_CODES)[number];

/** Returns the code an issue reason starts with. */
export function issueCode(issue: VerifyIssue): string {
  return issue.reason.split(':', 1)[0]!;
}

interface QueuedSignature {
  task: SignatureTask;
  index: number | null;
  code: VerifyCode;
  message: string;
}

export class VerifyContext {
  readonly issues: VerifyIssue[] = [];
  readonly signatures: QueuedSignature[] = [];
  /** Signatures checked on the spot rather than through the batch (genesis, auditor checkpoint). */
  immediateSignatureCount = 0;
  /** Headers in force, each from the entry index that brought it. */
  readonly headers: Array<{ index: number; header: VaultHeader }> = [];

  error(index: number | null, code: VerifyCode, message: string): void {
    this.issues.push({ index, severity: 'error', reason: `${code}: ${message}` });
  }

  warn(index: number | null, code: VerifyCode, message: string): void {
    this.issues.push({ index, severity: 'warning', reason: `${code}: ${message}` });
  }

  /** Queues a signature; if it fails, an error with `code` and `message` is reported at `index`. */
  queueSignature(task: SignatureTask, index: number | null, code: VerifyCode, message: string): void {
    this.signatures.push({ task, index, code, message });
  }

  /** Header in force for entry `index`: the last header brought by an entry before it. */
  headerBefore(index: number): VaultHeader | null {
    let found: VaultHeader | null = null;
    for (const item of this.headers) {
      if (item.index < index || (item.index === 0 && index === 0)) found = item.header;
    }
    return found;
  }

  hasErrors(): boolean {
    return this.issues.some((issue) => issue.severity === 'error');
  }
}
