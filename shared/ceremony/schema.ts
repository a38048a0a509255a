// Ceremony tables, created by the vault's migration 1. Rows here are the working state of unseal
// ceremonies, drills and rekeys; every change to them is written in the same transaction as the
// audit-log entry that records it. `ceremony_shares` holds approvers' shares sealed to the
// ceremony's session key (X25519, crypto_box_seal) only while the ceremony may unseal; the rows are
// deleted (with secure_delete on) when it seals, expires, is cancelled or closes.
export const CEREMONY_SCHEMA_SQL = `
CREATE TABLE ceremonies (
  id TEXT PRIMARY KEY,
  kind TEXT NOT NULL CHECK (kind IN ('unseal', 'drill', 'rekey')),
  state TEXT NOT NULL CHECK (state IN ('approving', 'unsealed', 'expired', 'sealed', 'closed', 'cancelled', 'verified')),
  epoch INTEGER NOT NULL,
  requested_by TEXT NOT NULL,
  requested_at TEXT NOT NULL,
  request_json TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  session_public_key BLOB NOT NULL,
  unsealed_at TEXT,
  deadline TEXT,
  sealed_at TEXT,
  closed_at TEXT
) STRICT;

CREATE TABLE ceremony_approvals (
  ceremony_id TEXT NOT NULL REFERENCES ceremonies (id),
  custodian_id TEXT NOT NULL,
  function TEXT NOT NULL,
  request_hash TEXT NOT NULL,
  at TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  voided INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX ceremony_approvals_by_ceremony ON ceremony_approvals (ceremony_id);

CREATE TABLE ceremony_shares (
  ceremony_id TEXT NOT NULL REFERENCES ceremonies (id),
  custodian_id TEXT NOT NULL,
  sealed_share BLOB NOT NULL,
  PRIMARY KEY (ceremony_id, custodian_id)
) STRICT;

CREATE TABLE ceremony_reveals (
  ceremony_id TEXT NOT NULL REFERENCES ceremonies (id),
  credential_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  mode TEXT NOT NULL CHECK (mode IN ('show', 'copy')),
  by_person TEXT NOT NULL,
  at TEXT NOT NULL,
  log_index INTEGER NOT NULL
) STRICT;

CREATE TABLE ceremony_touched (
  ceremony_id TEXT NOT NULL REFERENCES ceremonies (id),
  kind TEXT NOT NULL CHECK (kind IN ('system', 'control')),
  system TEXT NOT NULL,
  action TEXT NOT NULL,
  note TEXT NOT NULL,
  at TEXT NOT NULL,
  log_index INTEGER NOT NULL
) STRICT;

CREATE TABLE ceremony_reseal (
  ceremony_id TEXT NOT NULL REFERENCES ceremonies (id),
  credential_id TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('rotated', 'waived')),
  version INTEGER,
  reason TEXT,
  by_person TEXT NOT NULL,
  at TEXT NOT NULL,
  log_index INTEGER NOT NULL,
  PRIMARY KEY (ceremony_id, credential_id)
) STRICT;

CREATE TABLE ceremony_attestations (
  ceremony_id TEXT PRIMARY KEY REFERENCES ceremonies (id),
  by_person TEXT NOT NULL,
  statement TEXT NOT NULL,
  at TEXT NOT NULL,
  log_index INTEGER NOT NULL
) STRICT;

CREATE TABLE drills (
  ceremony_id TEXT NOT NULL REFERENCES ceremonies (id),
  policy_id TEXT NOT NULL,
  person_id TEXT NOT NULL,
  at TEXT NOT NULL
) STRICT;

CREATE TABLE rekeys (
  ceremony_id TEXT PRIMARY KEY REFERENCES ceremonies (id),
  new_epoch INTEGER NOT NULL,
  state TEXT NOT NULL CHECK (state IN ('pending', 'activated', 'abandoned')),
  at TEXT NOT NULL
) STRICT;

CREATE TABLE rekey_people (
  ceremony_id TEXT NOT NULL REFERENCES rekeys (ceremony_id),
  person_id TEXT NOT NULL,
  confirmed INTEGER NOT NULL DEFAULT 0,
  PRIMARY KEY (ceremony_id, person_id)
) STRICT;
`;
