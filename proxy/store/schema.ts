/** @module The store's SQLite schema: one migration list, applied in order inside a transaction. */
import type Database from 'better-sqlite3';

// Each entry runs once; the index in this list is the schema version (PRAGMA user_version).
const MIGRATIONS: string[] = [
  `
  CREATE TABLE links (
    crm_type TEXT NOT NULL, crm_id TEXT NOT NULL, sf_object TEXT NOT NULL, sf_id TEXT,
    name TEXT, synced_at INTEGER, crm_updated_at TEXT, sf_modstamp TEXT,
    PRIMARY KEY (crm_type, crm_id)
  );
  CREATE INDEX links_sf ON links (sf_id);

  -- One pending change per record and direction: a newer change replaces the payload.
  CREATE TABLE queue (
    seq INTEGER PRIMARY KEY AUTOINCREMENT,
    direction TEXT NOT NULL, object_type TEXT NOT NULL, record_id TEXT NOT NULL,
    payload TEXT NOT NULL, enqueued_at INTEGER NOT NULL, version INTEGER NOT NULL DEFAULT 1,
    UNIQUE (direction, object_type, record_id)
  );

  CREATE TABLE cursors (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE describes (object TEXT PRIMARY KEY, body TEXT NOT NULL, fetched_at INTEGER NOT NULL);

  CREATE TABLE errors (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    dedupe_key TEXT NOT NULL,
    status TEXT NOT NULL,
    category TEXT NOT NULL,
    crm_type TEXT NOT NULL, crm_id TEXT NOT NULL, sf_object TEXT NOT NULL, sf_id TEXT,
    record_name TEXT,
    code TEXT NOT NULL, sub_type TEXT, field TEXT, value TEXT, rule TEXT,
    root_cause_key TEXT NOT NULL, message TEXT NOT NULL, summary TEXT, raw TEXT,
    blocking_type TEXT, blocking_id TEXT, blocking_name TEXT,
    first_seen INTEGER NOT NULL, last_seen INTEGER NOT NULL, occurrences INTEGER NOT NULL,
    resolved_at INTEGER, retries INTEGER NOT NULL DEFAULT 0, next_retry_at INTEGER
  );
  -- At most one open error per (record, category, cause).
  CREATE UNIQUE INDEX errors_open_key ON errors (dedupe_key) WHERE status = 'open';
  CREATE INDEX errors_summary ON errors (status, category, crm_type, crm_id);
  CREATE INDEX errors_page ON errors (status, last_seen DESC, id DESC);
  CREATE INDEX errors_page_cat ON errors (status, category, last_seen DESC, id DESC);
  CREATE INDEX errors_record ON errors (crm_type, crm_id, status);
  CREATE INDEX errors_sf ON errors (sf_id);
  CREATE INDEX errors_cause ON errors (status, root_cause_key);
  CREATE INDEX errors_blocking ON errors (status, blocking_type, blocking_id);
  CREATE INDEX errors_retry ON errors (status, next_retry_at);

  CREATE TABLE history (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    crm_type TEXT NOT NULL, crm_id TEXT NOT NULL, at INTEGER NOT NULL,
    action TEXT NOT NULL, outcome TEXT NOT NULL, error_id INTEGER, detail TEXT
  );
  CREATE INDEX history_record ON history (crm_type, crm_id, at);

  -- Every Salesforce HTTP exchange of the last 24 h+; hourly totals are kept for 8 days.
  CREATE TABLE api_calls (id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, kind TEXT NOT NULL);
  CREATE INDEX api_calls_at ON api_calls (at);
  CREATE TABLE usage_hourly (hour INTEGER PRIMARY KEY, calls INTEGER NOT NULL);
  -- Counters kept by triggers so that the summary and the groups stay O(categories) on 100,000 errors.
  CREATE TABLE category_counts (category TEXT PRIMARY KEY, errors INTEGER NOT NULL, records INTEGER NOT NULL);
  CREATE TABLE cause_groups (
    root_cause_key TEXT NOT NULL, category TEXT NOT NULL, errors INTEGER NOT NULL, sample_id INTEGER NOT NULL,
    PRIMARY KEY (root_cause_key, category)
  );
  CREATE INDEX cause_groups_size ON cause_groups (category, errors DESC);
  CREATE TRIGGER errors_open AFTER INSERT ON errors WHEN NEW.status = 'open' BEGIN
    INSERT INTO category_counts (category, errors, records) VALUES (NEW.category, 0, 0) ON CONFLICT DO NOTHING;
    UPDATE category_counts SET errors = errors + 1,
      records = records + (NOT EXISTS (SELECT 1 FROM errors e WHERE e.status = 'open' AND e.category = NEW.category
        AND e.crm_type = NEW.crm_type AND e.crm_id = NEW.crm_id AND e.id <> NEW.id))
      WHERE category = NEW.category;
    INSERT INTO cause_groups (root_cause_key, category, errors, sample_id) VALUES (NEW.root_cause_key, NEW.category, 1, NEW.id)
      ON CONFLICT (root_cause_key, category) DO UPDATE SET errors = errors + 1;
  END;
  CREATE TRIGGER errors_close AFTER UPDATE OF status ON errors WHEN OLD.status = 'open' AND NEW.status <> 'open' BEGIN
    UPDATE category_counts SET errors = errors - 1,
      records = records - (NOT EXISTS (SELECT 1 FROM errors e WHERE e.status = 'open' AND e.category = OLD.category
        AND e.crm_type = OLD.crm_type AND e.crm_id = OLD.crm_id))
      WHERE category = OLD.category;
    UPDATE cause_groups SET errors = errors - 1,
      sample_id = COALESCE((SELECT id FROM errors e WHERE e.status = 'open' AND e.root_cause_key = OLD.root_cause_key
        AND e.category = OLD.category LIMIT 1), sample_id)
      WHERE root_cause_key = OLD.root_cause_key AND category = OLD.category;
    DELETE FROM cause_groups WHERE root_cause_key = OLD.root_cause_key AND category = OLD.category AND errors <= 0;
  END;
  `,
  // v2: per-item back-off for transient per-record failures, and the content hash that stops echoes.
  `
  ALTER TABLE queue ADD COLUMN attempts INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE queue ADD COLUMN not_before INTEGER NOT NULL DEFAULT 0;
  ALTER TABLE links ADD COLUMN content_hash TEXT;
  `,
  // v3: the CRM values last synced, to tell a Salesforce change from the echo of our own write.
  `
  ALTER TABLE links ADD COLUMN content TEXT;
  `,
  // v4: the mapping set the admin edits, resync-all jobs that outlive a restart, and links made from
  // Salesforce-created records whose CRM id is not yet written back to Salesforce.
  `
  CREATE TABLE mapping_set (id INTEGER PRIMARY KEY CHECK (id = 1), body TEXT NOT NULL, updated_at INTEGER NOT NULL);
  CREATE TABLE resync_jobs (
    id TEXT PRIMARY KEY, category TEXT NOT NULL, state TEXT NOT NULL, total INTEGER NOT NULL,
    processed INTEGER NOT NULL DEFAULT 0, resolved INTEGER NOT NULL DEFAULT 0, failing INTEGER NOT NULL DEFAULT 0,
    not_found INTEGER NOT NULL DEFAULT 0, failure TEXT, created_at INTEGER NOT NULL, finished_at INTEGER
  );
  CREATE TABLE resync_job_items (
    job_id TEXT NOT NULL, error_id TEXT NOT NULL, outcome TEXT, PRIMARY KEY (job_id, error_id)
  );
  ALTER TABLE links ADD COLUMN stamp_pending INTEGER NOT NULL DEFAULT 0;
  CREATE INDEX links_stamp ON links (stamp_pending) WHERE stamp_pending = 1;
  `,
  // v5: the Salesforce record a duplicates error matches (the other copy the table shows).
  `
  ALTER TABLE errors ADD COLUMN duplicate_of TEXT;
  `,
  // v6: whether the duplicate rule was asked for that record, so that it is asked once, and asked later
  // when a crash or the budget got in the way.
  `
  ALTER TABLE errors ADD COLUMN duplicate_checked INTEGER NOT NULL DEFAULT 0;
  `,
  // v7: errors stored before sub-types and root-cause keys were typed from shared/taxonomy get the ones the
  // classifier gives now (held-back associations, CRM refusals, none at all), so each has a title, steps and a
  // group label; the groups and dedupe keys are rebuilt from them.
  `
  UPDATE errors SET sub_type = 'blocking-record-not-synced', code = 'ASSOCIATION_NOT_SYNCED',
    root_cause_key = 'blocking:' || substr(root_cause_key, 13)
    WHERE root_cause_key LIKE 'association:%';
  UPDATE errors SET sub_type = 'temporary-failure', root_cause_key = 'transient:' || code
    WHERE root_cause_key = 'crm:null';
  UPDATE errors SET root_cause_key = substr(root_cause_key, 5) WHERE root_cause_key LIKE 'crm:%';
  UPDATE errors SET sub_type = 'other' WHERE sub_type IS NULL;
  UPDATE OR IGNORE errors SET dedupe_key = crm_type || ':' || crm_id || '|' || category || '|' || root_cause_key
    WHERE dedupe_key <> crm_type || ':' || crm_id || '|' || category || '|' || root_cause_key;
  DELETE FROM cause_groups;
  INSERT INTO cause_groups (root_cause_key, category, errors, sample_id)
    SELECT root_cause_key, category, COUNT(*), MIN(id) FROM errors WHERE status = 'open'
    GROUP BY root_cause_key, category;
  `,
  // v8: the error table's other two sorts (first seen, record) read their first page from an index, as the
  // last-attempt sort does (errors_page*); the record key is the same expression the query orders by.
  `
  CREATE INDEX IF NOT EXISTS errors_page_first ON errors (status, first_seen DESC, id DESC);
  CREATE INDEX IF NOT EXISTS errors_page_cat_first ON errors (status, category, first_seen DESC, id DESC);
  CREATE INDEX IF NOT EXISTS errors_page_record ON errors (status, COALESCE(record_name, crm_id) COLLATE NOCASE, id);
  CREATE INDEX IF NOT EXISTS errors_page_cat_record ON errors (status, category, COALESCE(record_name, crm_id) COLLATE NOCASE, id);
  `,
  `
  -- Initial matching's "nothing in Salesforce has this value": kept so a retry of a record whose create
  -- failed spends no matching query again while its key values stay the same (proxy/store/match-memory.ts).
  CREATE TABLE match_memory (
    crm_type TEXT NOT NULL, crm_id TEXT NOT NULL, key_values TEXT NOT NULL, checked_at INTEGER NOT NULL,
    PRIMARY KEY (crm_type, crm_id)
  );
  `,
  // (bulk) Bulk API 2.0 jobs in flight: the job id is stored before the upload, so a restart resumes it.
  `
  CREATE TABLE bulk_jobs (
    job_id TEXT PRIMARY KEY, sf_object TEXT NOT NULL, external_id_field TEXT NOT NULL,
    fingerprint TEXT NOT NULL, stage TEXT NOT NULL CHECK (stage IN ('created', 'uploaded', 'closed')),
    created_at INTEGER NOT NULL
  );
  CREATE INDEX bulk_jobs_object ON bulk_jobs (sf_object, created_at);
  `,
  // (issue 18, wave-team) who asked for an action on a shared server ("Resynced by ada@example.com");
  // NULL for the sync's own steps and for the local proxy's one admin.
  `
  ALTER TABLE history ADD COLUMN actor TEXT;
  `,
  // (issue 15) Links ended by a delete: the pair is never synced again, and the record page says why.
  `
  CREATE TABLE closed_links (
    crm_type TEXT NOT NULL, crm_id TEXT NOT NULL, sf_object TEXT NOT NULL, sf_id TEXT,
    reason TEXT NOT NULL, closed_at INTEGER NOT NULL,
    PRIMARY KEY (crm_type, crm_id)
  );
  CREATE INDEX closed_links_sf ON closed_links (sf_id);
  `,
  // (cdc) Each call's kind (write, read, poll, describe, composite, bulk, other): where the allocation goes.
  `
  ALTER TABLE api_calls ADD COLUMN call_kind TEXT NOT NULL DEFAULT 'other';
  `,
  // (issue 18, team2) Org-wide changes people make through the API, with who made them (GET /activity).
  `
  CREATE TABLE activity (
    id INTEGER PRIMARY KEY AUTOINCREMENT, at INTEGER NOT NULL, actor TEXT,
    action TEXT NOT NULL, summary TEXT NOT NULL
  );
  `,
  // (issue 17, big first sync) peek reads the queue in seq order from an index (PostgreSQL has had queue_due
  // from the start): without it every peek sorted the whole queue, and a million write-backs peeked 100 at a
  // time made a first sync quadratic.
  `
  CREATE INDEX IF NOT EXISTS queue_due ON queue (direction, object_type, seq);
  `,
];

/** Runs the migrations the file has not had, up to `upTo` (all of them by default; tests stop earlier). */
export function migrate(db: Database.Database, upTo = MIGRATIONS.length): void {
  const current = db.pragma('user_version', { simple: true }) as number;
  for (let v = current; v < upTo; v++) {
    db.transaction(() => {
      db.exec(MIGRATIONS[v]);
      db.pragma(`user_version = ${v + 1}`);
    })();
  }
}
