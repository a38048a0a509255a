// Schema migrations of the vault file. Each migration runs in one IMMEDIATE transaction with the
// `user_version` bump, so a kill at any moment leaves either the old or the new schema.
// IMPORTANT: a released migration must never change; add a new one instead.
import { CEREMONY_SCHEMA_SQL } from '../ceremony/schema.js';
import { LOG_SCHEMA_SQL } from '../log/schema.js';

/** SQLite `application_id` of a vault file: ASCII "BGVT". */
export const VAULT_APPLICATION_ID = 0x42475654;

const VAULT_TABLES_SQL = `
CREATE TABLE vault_meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;

CREATE TABLE schema_migrations (
  version INTEGER PRIMARY KEY,
  applied_at TEXT NOT NULL
) STRICT;

CREATE TABLE epochs (
  epoch INTEGER PRIMARY KEY CHECK (epoch >= 1),
  header_json TEXT NOT NULL,
  header_mac BLOB NOT NULL CHECK (length(header_mac) = 32),
  header_hash TEXT NOT NULL,
  encrypted_vault_secret_key BLOB,
  status TEXT NOT NULL CHECK (status IN ('active', 'pending', 'retired')),
  created_at TEXT NOT NULL,
  activated_at TEXT,
  retired_at TEXT
) STRICT;
CREATE UNIQUE INDEX epochs_one_active ON epochs (status) WHERE status = 'active';
CREATE UNIQUE INDEX epochs_one_pending ON epochs (status) WHERE status = 'pending';

CREATE TABLE genesis_signatures (
  epoch INTEGER NOT NULL REFERENCES epochs (epoch) ON DELETE CASCADE,
  person_id TEXT NOT NULL,
  signature BLOB NOT NULL CHECK (length(signature) = 64),
  signed_at TEXT NOT NULL,
  PRIMARY KEY (epoch, person_id)
) STRICT;

CREATE TABLE credentials (
  id TEXT PRIMARY KEY,
  label TEXT NOT NULL,
  system TEXT NOT NULL,
  account TEXT NOT NULL,
  kind TEXT NOT NULL,
  owner TEXT NOT NULL,
  runbook TEXT NOT NULL,
  tags_json TEXT NOT NULL,
  url TEXT,
  username TEXT,
  created_at TEXT NOT NULL,
  created_by TEXT NOT NULL,
  current_version INTEGER NOT NULL CHECK (current_version >= 1)
) STRICT;

CREATE TABLE credential_versions (
  credential_id TEXT NOT NULL REFERENCES credentials (id),
  version INTEGER NOT NULL CHECK (version >= 1),
  metadata_json TEXT NOT NULL,
  deposit_epoch INTEGER NOT NULL REFERENCES epochs (epoch),
  sealed_hash TEXT NOT NULL,
  deposited_by TEXT NOT NULL,
  deposited_at TEXT NOT NULL,
  deposit_signature BLOB NOT NULL CHECK (length(deposit_signature) = 64),
  ceremony_id TEXT,
  PRIMARY KEY (credential_id, version)
) STRICT;

CREATE TABLE credential_seals (
  credential_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  epoch INTEGER NOT NULL REFERENCES epochs (epoch) ON DELETE CASCADE,
  sealed BLOB NOT NULL,
  PRIMARY KEY (credential_id, version, epoch),
  FOREIGN KEY (credential_id, version) REFERENCES credential_versions (credential_id, version)
) STRICT;
CREATE INDEX credential_seals_by_epoch ON credential_seals (epoch);
`;

export interface Migration {
  version: number;
  sql: string;
}

/** Ordered migrations; the last version is the schema version this build writes. */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    sql: [`PRAGMA application_id = ${VAULT_APPLICATION_ID};`, VAULT_TABLES_SQL, LOG_SCHEMA_SQL, CEREMONY_SCHEMA_SQL].filter((part) => part.trim() !== '').join('\n'),
  },
];

export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
