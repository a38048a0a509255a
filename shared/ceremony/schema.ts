// Placeholder: the ceremony tables, filled in by the ceremony module.
export const CEREMONY_SCHEMA_SQL = '';
