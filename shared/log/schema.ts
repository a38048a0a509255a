// Audit-log tables, created by the vault's migration 1. `log_entries` stores each entry's canonical
// bytes with its RFC 6962 leaf hash. Its type, time, actor and ceremony columns copy entry fields
// for indexed listing, and the verifier checks that they match the bytes. `log_checkpoints` stores the
// device-signed checkpoint note of every tree size, `log_cosignatures` the custodians' signature
// lines per size, and `log_state` the Merkle right frontier so an append never rereads old leaves.
// Triggers make entries, checkpoints and cosignatures append-only for the app's own connection
// (anyone with the file can drop them: the signatures, not the triggers, are the protection).
export const LOG_SCHEMA_SQL = `
CREATE TABLE log_entries (
  idx INTEGER PRIMARY KEY CHECK (idx >= 0),
  type TEXT NOT NULL,
  time TEXT NOT NULL,
  actor TEXT NOT NULL,
  ceremony TEXT,
  entry BLOB NOT NULL,
  leaf_hash BLOB NOT NULL CHECK (length(leaf_hash) = 32)
) STRICT;
CREATE INDEX log_entries_by_ceremony ON log_entries (ceremony, idx);
CREATE INDEX log_entries_by_type ON log_entries (type, idx);

CREATE TABLE log_checkpoints (
  size INTEGER PRIMARY KEY CHECK (size >= 1),
  root_hash BLOB NOT NULL CHECK (length(root_hash) = 32),
  note TEXT NOT NULL
) STRICT;

CREATE TABLE log_cosignatures (
  size INTEGER NOT NULL REFERENCES log_checkpoints (size),
  name TEXT NOT NULL,
  line TEXT NOT NULL,
  PRIMARY KEY (size, name)
) STRICT;

CREATE TABLE log_state (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  size INTEGER NOT NULL CHECK (size >= 0),
  frontier BLOB NOT NULL
) STRICT;

CREATE TRIGGER log_entries_no_update BEFORE UPDATE ON log_entries
BEGIN SELECT RAISE(ABORT, 'audit log entries are append-only'); END;
CREATE TRIGGER log_entries_no_delete BEFORE DELETE ON log_entries
BEGIN SELECT RAISE(ABORT, 'audit log entries are append-only'); END;
CREATE TRIGGER log_checkpoints_no_update BEFORE UPDATE ON log_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit log checkpoints are append-only'); END;
CREATE TRIGGER log_checkpoints_no_delete BEFORE DELETE ON log_checkpoints
BEGIN SELECT RAISE(ABORT, 'audit log checkpoints are append-only'); END;
CREATE TRIGGER log_cosignatures_no_update BEFORE UPDATE ON log_cosignatures
BEGIN SELECT RAISE(ABORT, 'audit log cosignatures are append-only'); END;
CREATE TRIGGER log_cosignatures_no_delete BEFORE DELETE ON log_cosignatures
BEGIN SELECT RAISE(ABORT, 'audit log cosignatures are append-only'); END;
`;

/** Names of the append-only triggers above, for tests that play an attacker who drops them. */
export const LOG_TRIGGER_NAMES = [
  'log_entries_no_update',
  'log_entries_no_delete',
  'log_checkpoints_no_update',
  'log_checkpoints_no_delete',
  'log_cosignatures_no_update',
  'log_cosignatures_no_delete',
] as const;
