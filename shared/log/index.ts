// Public surface of the audit log: entries, the Merkle tree, checkpoints and signed notes, the
// AuditLog store, the verifier, evidence bundles and the HTML report.
export * from './labels.js';
export * from './entry.js';
export * from './act.js';
export * from './merkle.js';
export * from './merkle-verify.js';
export * from './note.js';
export * from './checkpoint.js';
export * from './device.js';
export * from './schema.js';
export * from './audit-log.js';
export * from './ed25519-batch.js';
export * from './verify.js';
export * from './verify-bundle.js';
export * from './bundle.js';
export * from './report.js';
export { genesisSignatureProblems, headerOfEntry, rekeyHeaderProblems } from './headers.js';
