/**
 * The schema, as numbered migrations applied in order on start (`migrate`), the same for PGlite and PostgreSQL.
 * A migration, once released, never changes: a change to the schema is a new entry at the end. Each runs in its
 * own transaction together with its row in schema_migrations, so a crash leaves it applied or not at all.
 */
import { ACCOUNT_ROLES, type AccountRole } from '../domain/access';
import type { Db } from './db';

export interface Migration {
  version: number;
  name: string;
  sql: string;
}

/** The roles of accounts (domain/access), as the users table's check constraint lists them. */
export const ROLES = ACCOUNT_ROLES;
export type Role = AccountRole;

export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'accounts, versions, incidents, patrols, proposals, audit log',
    sql: `
CREATE TABLE users (
  id serial PRIMARY KEY,
  username text NOT NULL UNIQUE,
  display_name text NOT NULL,
  role text NOT NULL CHECK (role IN (${ROLES.map((r) => `'${r}'`).join(', ')})),
  grid_codes text[] NOT NULL DEFAULT '{}',
  password_hash text NOT NULL,
  disabled boolean NOT NULL DEFAULT false,
  created_at timestamptz NOT NULL DEFAULT now()
);
-- The cookie holds a random token; only its SHA-256 is stored, so a leaked table opens no session.
CREATE TABLE sessions (
  token_hash text PRIMARY KEY,
  user_id integer NOT NULL REFERENCES users (id),
  created_at timestamptz NOT NULL DEFAULT now(),
  expires_at timestamptz NOT NULL
);
CREATE INDEX sessions_user ON sessions (user_id);
CREATE TABLE login_failures (
  key text NOT NULL,
  at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX login_failures_key ON login_failures (key, at);

CREATE TABLE dataset_versions (
  id serial PRIMARY KEY,
  name text NOT NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  created_by text NOT NULL,
  proposal_id text,
  note text NOT NULL DEFAULT '',
  -- datasetFingerprint (io/plan/fingerprint) of its units: what a proposal names as its base.
  fingerprint text NOT NULL DEFAULT '',
  -- The grid and micro-grid codes this version changed against its parent: what a later approval checks for a
  -- conflict with the proposal it approves.
  touched text[] NOT NULL DEFAULT '{}'
);
-- The contract files of a version that plans change (units, enterprises, members, basemap) as they were given,
-- so an export is byte for byte what was imported or approved.
CREATE TABLE version_files (
  version_id integer NOT NULL REFERENCES dataset_versions (id),
  name text NOT NULL,
  body text NOT NULL,
  etag text NOT NULL,
  PRIMARY KEY (version_id, name)
);

-- Incidents and patrols are live records, not versioned: a version's grids change, their history stays.
-- feature holds the GeoJSON Feature as text (json, not jsonb, keeps the property order of the data contract);
-- the columns beside it are what queries filter on.
CREATE TABLE incidents (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  grid_code text NOT NULL,
  status text NOT NULL,
  feature json NOT NULL
);
CREATE INDEX incidents_grid ON incidents (grid_code);
CREATE TABLE incident_events (
  id bigserial PRIMARY KEY,
  incident_id text NOT NULL REFERENCES incidents (id),
  action text NOT NULL,
  from_status text,
  to_status text NOT NULL,
  by_user text NOT NULL,
  at timestamptz NOT NULL DEFAULT now(),
  note text NOT NULL DEFAULT ''
);
CREATE INDEX incident_events_incident ON incident_events (incident_id, id);
CREATE TABLE patrols (
  seq bigserial UNIQUE,
  id text PRIMARY KEY,
  grid_code text NOT NULL,
  member_id text NOT NULL,
  feature json NOT NULL
);
-- Bumped in the transaction of every write to incidents or patrols: the ETag of their files.
CREATE TABLE revisions (
  kind text PRIMARY KEY,
  value bigint NOT NULL
);
INSERT INTO revisions (kind, value) VALUES ('incidents', 0), ('patrols', 0);

CREATE TABLE proposals (
  id text PRIMARY KEY,
  submitted_by text NOT NULL,
  submitted_at timestamptz NOT NULL DEFAULT now(),
  base_version integer NOT NULL REFERENCES dataset_versions (id),
  status text NOT NULL CHECK (status IN ('submitted', 'approved', 'rejected')),
  summary json NOT NULL,
  zip bytea NOT NULL,
  decided_by text,
  decided_at timestamptz,
  version_id integer REFERENCES dataset_versions (id)
);

-- Every write: who, when, what, before and after. Append-only: the triggers refuse UPDATE, DELETE and TRUNCATE
-- for every role, the server's own included.
CREATE TABLE audit_log (
  id bigserial PRIMARY KEY,
  at timestamptz NOT NULL DEFAULT now(),
  actor text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  before json,
  after json
);
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END $$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();
CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log FOR EACH STATEMENT EXECUTE FUNCTION audit_log_append_only();
`,
  },
];

/**
 * Applies the migrations the database lacks, in order; returns the versions applied. Refuses a database that is
 * newer than this server (a migration it does not know), rather than run against a schema it cannot read.
 * @example await migrate(db) // [1] on a new database, [] after
 */
export async function migrate(db: Db, migrations: readonly Migration[] = MIGRATIONS): Promise<number[]> {
  await db.query(
    'CREATE TABLE IF NOT EXISTS schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())',
  );
  const done = new Set((await db.query<{ version: number }>('SELECT version FROM schema_migrations')).rows.map((r) => Number(r.version)));
  const known = new Set(migrations.map((m) => m.version));
  const unknown = [...done].filter((v) => !known.has(v));
  if (unknown.length) {
    throw new Error(`the database has schema version ${Math.max(...unknown)}, newer than this server knows (${Math.max(...known)}): update the server`);
  }
  const applied: number[] = [];
  for (const m of [...migrations].sort((a, b) => a.version - b.version)) {
    if (done.has(m.version)) continue;
    await db.tx(async (q) => {
      // Two servers starting on one empty database: the second waits here and then finds the row.
      await q.query('LOCK TABLE schema_migrations IN EXCLUSIVE MODE');
      const again = await q.query('SELECT 1 FROM schema_migrations WHERE version = $1', [m.version]);
      if (again.rows.length) return;
      for (const statement of splitSql(m.sql)) await q.query(statement);
      await q.query('INSERT INTO schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name]);
      applied.push(m.version);
    });
  }
  return applied;
}

/** Splits a migration into statements at semicolons outside $$ … $$ bodies (prepared queries take one each). */
export function splitSql(sql: string): string[] {
  const out: string[] = [];
  let current = '';
  let inBody = false;
  for (const line of sql.split('\n')) {
    if (!inBody && /^\s*--/.test(line)) continue;
    current += `${line}\n`;
    if ((line.match(/\$\$/g)?.length ?? 0) % 2 === 1) inBody = !inBody;
    if (!inBody && /;\s*$/.test(line)) {
      out.push(current.trim());
      current = '';
    }
  }
  if (current.trim()) out.push(current.trim());
  return out;
}
