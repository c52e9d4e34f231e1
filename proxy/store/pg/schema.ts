/**
 * @module The PostgreSQL schema: its own migration list and version table (`schema_version`), applied on
 * open inside one transaction that first takes an advisory lock, so two replicas starting together do not
 * both migrate (the second waits, then finds nothing left to do). The tables are SQLite's as of its
 * migration 13 (proxy/store/schema.ts), in one first step: a new database has no history to replay.
 * Timestamps are BIGINT milliseconds, as in SQLite, so rows compare equal across the two stores.
 */
import type pg from 'pg';
import { createDb, type Db } from './db';

// Any constant both replicas agree on: "sync-health schema" as two int4 keys.
const MIGRATION_LOCK = [0x53594e43, 0x53434845] as const;

const MIGRATIONS: string[] = [
  `
  CREATE TABLE links (
    crm_type TEXT NOT NULL, crm_id TEXT NOT NULL, sf_object TEXT NOT NULL, sf_id TEXT,
    name TEXT, synced_at BIGINT, crm_updated_at TEXT, sf_modstamp TEXT,
    content_hash TEXT, content TEXT, stamp_pending INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (crm_type, crm_id)
  );
  CREATE INDEX links_sf ON links (sf_id);
  CREATE INDEX links_stamp ON links (crm_type) WHERE stamp_pending = 1;

  -- One pending change per record and direction: a newer change replaces the payload.
  CREATE TABLE queue (
    seq BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    direction TEXT NOT NULL, object_type TEXT NOT NULL, record_id TEXT NOT NULL,
    payload TEXT NOT NULL, enqueued_at BIGINT NOT NULL, version INTEGER NOT NULL DEFAULT 1,
    attempts INTEGER NOT NULL DEFAULT 0, not_before BIGINT NOT NULL DEFAULT 0,
    UNIQUE (direction, object_type, record_id)
  );
  CREATE INDEX queue_due ON queue (direction, object_type, seq);

  CREATE TABLE cursors (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE describes (object TEXT PRIMARY KEY, body TEXT NOT NULL, fetched_at BIGINT NOT NULL);

  CREATE TABLE errors (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    dedupe_key TEXT NOT NULL,
    status TEXT NOT NULL,
    category TEXT NOT NULL,
    crm_type TEXT NOT NULL, crm_id TEXT NOT NULL, sf_object TEXT NOT NULL, sf_id TEXT,
    record_name TEXT,
    code TEXT NOT NULL, sub_type TEXT, field TEXT, value TEXT, rule TEXT,
    root_cause_key TEXT NOT NULL, message TEXT NOT NULL, summary TEXT, raw TEXT,
    blocking_type TEXT, blocking_id TEXT, blocking_name TEXT,
    first_seen BIGINT NOT NULL, last_seen BIGINT NOT NULL, occurrences INTEGER NOT NULL,
    resolved_at BIGINT, retries INTEGER NOT NULL DEFAULT 0, next_retry_at BIGINT,
    duplicate_of TEXT, duplicate_checked INTEGER NOT NULL DEFAULT 0
  );
  -- At most one open error per (record, category, cause); recordError upserts on it.
  CREATE UNIQUE INDEX errors_open_key ON errors (dedupe_key) WHERE status = 'open';
  CREATE INDEX errors_summary ON errors (status, category, crm_type, crm_id);
  CREATE INDEX errors_page ON errors (status, last_seen DESC, id DESC);
  CREATE INDEX errors_page_cat ON errors (status, category, last_seen DESC, id DESC);
  CREATE INDEX errors_page_first ON errors (status, first_seen DESC, id DESC);
  CREATE INDEX errors_page_cat_first ON errors (status, category, first_seen DESC, id DESC);
  -- The record sort's key, as the query orders by it: SQLite's NOCASE folds ASCII only, so does lower() in "C".
  CREATE INDEX errors_page_record ON errors (status, lower(COALESCE(record_name, crm_id)) COLLATE "C", id);
  CREATE INDEX errors_page_cat_record
    ON errors (status, category, lower(COALESCE(record_name, crm_id)) COLLATE "C", id);
  CREATE INDEX errors_record ON errors (crm_type, crm_id, status);
  CREATE INDEX errors_sf ON errors (sf_id);
  CREATE INDEX errors_cause ON errors (status, root_cause_key, category);
  CREATE INDEX errors_blocking ON errors (status, blocking_type, blocking_id);
  CREATE INDEX errors_retry ON errors (status, next_retry_at);
  CREATE INDEX errors_first_seen ON errors (first_seen);
  CREATE INDEX errors_resolved_at ON errors (resolved_at);

  CREATE TABLE history (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    crm_type TEXT NOT NULL, crm_id TEXT NOT NULL, at BIGINT NOT NULL,
    action TEXT NOT NULL, outcome TEXT NOT NULL, error_id BIGINT, detail TEXT, actor TEXT
  );
  CREATE INDEX history_record ON history (crm_type, crm_id, at);

  -- Every Salesforce HTTP exchange of the last 24 h+; hourly totals are kept for 8 days.
  CREATE TABLE api_calls (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at BIGINT NOT NULL, kind TEXT NOT NULL,
    call_kind TEXT NOT NULL DEFAULT 'other'
  );
  CREATE INDEX api_calls_at ON api_calls (at);
  CREATE TABLE usage_hourly (hour BIGINT PRIMARY KEY, calls INTEGER NOT NULL);

  -- Counters kept by triggers so that the summary and the groups stay O(categories) on 100,000 errors.
  CREATE TABLE category_counts (category TEXT PRIMARY KEY, errors INTEGER NOT NULL, records INTEGER NOT NULL);
  CREATE TABLE cause_groups (
    root_cause_key TEXT NOT NULL, category TEXT NOT NULL, errors INTEGER NOT NULL, sample_id BIGINT NOT NULL,
    PRIMARY KEY (root_cause_key, category)
  );
  CREATE INDEX cause_groups_size ON cause_groups (category, errors DESC);

  -- Open errors per record and category: whether a record is new to a category is the upsert's answer
  -- (a primary-key probe, and row-locked, so two writers count right), not an EXISTS over errors whose plan
  -- plpgsql would cache while the table is still small (a seq scan per row once it is not).
  CREATE TABLE record_category_counts (
    category TEXT NOT NULL, crm_type TEXT NOT NULL, crm_id TEXT NOT NULL, errors INTEGER NOT NULL,
    PRIMARY KEY (category, crm_type, crm_id)
  );

  CREATE FUNCTION errors_opened() RETURNS trigger LANGUAGE plpgsql AS $$
  DECLARE n integer;
  BEGIN
    INSERT INTO record_category_counts (category, crm_type, crm_id, errors)
      VALUES (NEW.category, NEW.crm_type, NEW.crm_id, 1)
      ON CONFLICT (category, crm_type, crm_id) DO UPDATE SET errors = record_category_counts.errors + 1
      RETURNING errors INTO n;
    INSERT INTO category_counts (category, errors, records) VALUES (NEW.category, 1, (n = 1)::int)
      ON CONFLICT (category) DO UPDATE SET errors = category_counts.errors + 1,
        records = category_counts.records + (n = 1)::int;
    INSERT INTO cause_groups (root_cause_key, category, errors, sample_id)
      VALUES (NEW.root_cause_key, NEW.category, 1, NEW.id)
      ON CONFLICT (root_cause_key, category) DO UPDATE SET errors = cause_groups.errors + 1;
    RETURN NULL;
  END $$;
  CREATE TRIGGER errors_open AFTER INSERT ON errors FOR EACH ROW WHEN (NEW.status = 'open')
    EXECUTE FUNCTION errors_opened();

  -- Custom plans: the sample's lookup must use errors_cause however small the table was when first planned.
  CREATE FUNCTION errors_closed() RETURNS trigger LANGUAGE plpgsql SET plan_cache_mode = force_custom_plan AS $$
  DECLARE n integer;
  BEGIN
    UPDATE record_category_counts SET errors = errors - 1
      WHERE category = OLD.category AND crm_type = OLD.crm_type AND crm_id = OLD.crm_id
      RETURNING errors INTO n;
    IF n <= 0 THEN
      DELETE FROM record_category_counts
        WHERE category = OLD.category AND crm_type = OLD.crm_type AND crm_id = OLD.crm_id;
    END IF;
    UPDATE category_counts SET errors = errors - 1, records = records - (COALESCE(n, 0) <= 0)::int
      WHERE category = OLD.category;
    UPDATE cause_groups SET errors = errors - 1,
      sample_id = COALESCE((SELECT id FROM errors e WHERE e.status = 'open' AND e.root_cause_key = OLD.root_cause_key
        AND e.category = OLD.category LIMIT 1), sample_id)
      WHERE root_cause_key = OLD.root_cause_key AND category = OLD.category;
    DELETE FROM cause_groups WHERE root_cause_key = OLD.root_cause_key AND category = OLD.category AND errors <= 0;
    RETURN NULL;
  END $$;
  CREATE TRIGGER errors_close AFTER UPDATE OF status ON errors FOR EACH ROW
    WHEN (OLD.status = 'open' AND NEW.status <> 'open') EXECUTE FUNCTION errors_closed();

  CREATE TABLE mapping_set (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL, updated_at BIGINT NOT NULL);
  CREATE TABLE resync_jobs (
    id TEXT PRIMARY KEY, category TEXT NOT NULL, state TEXT NOT NULL, total INTEGER NOT NULL,
    processed INTEGER NOT NULL DEFAULT 0, resolved INTEGER NOT NULL DEFAULT 0, failing INTEGER NOT NULL DEFAULT 0,
    not_found INTEGER NOT NULL DEFAULT 0, failure TEXT, created_at BIGINT NOT NULL, finished_at BIGINT,
    seq BIGINT GENERATED ALWAYS AS IDENTITY
  );
  -- seq keeps the queued order SQLite reads from rowid.
  CREATE TABLE resync_job_items (
    job_id TEXT NOT NULL, error_id TEXT NOT NULL, outcome TEXT, seq BIGINT GENERATED ALWAYS AS IDENTITY,
    PRIMARY KEY (job_id, error_id)
  );
  CREATE INDEX resync_job_items_pending ON resync_job_items (job_id, seq) WHERE outcome IS NULL;

  CREATE TABLE match_memory (
    crm_type TEXT NOT NULL, crm_id TEXT NOT NULL, key_values TEXT NOT NULL, checked_at BIGINT NOT NULL,
    PRIMARY KEY (crm_type, crm_id)
  );
  CREATE TABLE bulk_jobs (
    job_id TEXT PRIMARY KEY, sf_object TEXT NOT NULL, external_id_field TEXT NOT NULL,
    fingerprint TEXT NOT NULL, stage TEXT NOT NULL CHECK (stage IN ('created', 'uploaded', 'closed')),
    created_at BIGINT NOT NULL
  );
  CREATE INDEX bulk_jobs_object ON bulk_jobs (sf_object, created_at);
  CREATE TABLE closed_links (
    crm_type TEXT NOT NULL, crm_id TEXT NOT NULL, sf_object TEXT NOT NULL, sf_id TEXT,
    reason TEXT NOT NULL, closed_at BIGINT NOT NULL,
    PRIMARY KEY (crm_type, crm_id)
  );
  CREATE INDEX closed_links_sf ON closed_links (sf_id);
  `,
  // Org-wide changes people make through the API, with who made them (GET /activity; SQLite's migration 14).
  `
  CREATE TABLE activity (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, at BIGINT NOT NULL, actor TEXT,
    action TEXT NOT NULL, summary TEXT NOT NULL
  );
  `,
  // Several replicas (issue 18): an action that needs the sync engine, asked on a replica that does not run
  // it, waits here for the one that does (proxy/store/pg/replica-coordination.ts). PostgreSQL only.
  `
  CREATE TABLE replica_requests (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY, kind TEXT NOT NULL, args TEXT NOT NULL,
    asked_by TEXT NOT NULL, asked_at BIGINT NOT NULL, answer TEXT, answered_by TEXT, answered_at BIGINT
  );
  CREATE INDEX replica_requests_open ON replica_requests (id) WHERE answered_at IS NULL;
  `,
  // (issue 18, team data) The people of the shared server and its server-wide settings, as in
  // <data-dir>/team.db (proxy/store/users.ts), so replicas on two machines share them.
  `
  CREATE TABLE users (
    email TEXT PRIMARY KEY, role TEXT NOT NULL CHECK (role IN ('admin', 'viewer')),
    token_hash TEXT NOT NULL UNIQUE, created_at BIGINT NOT NULL, last_seen_at BIGINT
  );
  CREATE TABLE team_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  `,
];

/** The schema version a store of this build migrates to. */
export const PG_SCHEMA_VERSION = MIGRATIONS.length;

/**
 * Brings the database to the newest schema, in one transaction under an advisory lock: a replica that
 * starts while another migrates waits for it and then sees the new version.
 */
export async function migratePg(client: pg.PoolClient, upTo = MIGRATIONS.length): Promise<number> {
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...MIGRATION_LOCK]);
    await client.query('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
    const row = (await client.query<{ version: number }>('SELECT version FROM schema_version')).rows[0];
    if (!row) await client.query('INSERT INTO schema_version (version) VALUES (0)');
    const from = row?.version ?? 0;
    if (from > MIGRATIONS.length) {
      throw new Error(
        `The database's schema is version ${from}, newer than this build's ${MIGRATIONS.length}: upgrade sync-health to open it`,
      );
    }
    for (let v = from; v < upTo; v++) await client.query(MIGRATIONS[v]!);
    if (upTo > from) await client.query('UPDATE schema_version SET version = $1', [upTo]);
    await client.query('COMMIT');
    return Math.max(from, upTo);
  } catch (e) {
    await client.query('ROLLBACK');
    throw e;
  }
}

/**
 * A pool on `url` whose database is migrated to this build's schema; the pool is closed again when that
 * fails (the error is the server's). The store, the team directory and the drift test open it this way.
 */
export async function openMigratedDb(url: string): Promise<Db> {
  const db = createDb(url);
  try {
    const client = await db.connect();
    try {
      await migratePg(client);
    } finally {
      client.release();
    }
  } catch (e) {
    await db.end();
    throw e;
  }
  return db;
}
