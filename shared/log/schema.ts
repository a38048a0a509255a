// Placeholder: the audit-log tables, filled in by the audit-log module.
export const LOG_SCHEMA_SQL = '';
