-- crosswire store, schema version 1. Applied by store/sqlite.py (PRAGMA user_version).
CREATE TABLE IF NOT EXISTS documents (
    id          TEXT PRIMARY KEY,
    source      TEXT NOT NULL UNIQUE,   -- absolute path (+ #record): identity of the raw record
    path        TEXT NOT NULL,          -- the file as given on the command line
    hash        TEXT NOT NULL,          -- sha256 of the record's bytes
    format      TEXT NOT NULL,
    media       TEXT NOT NULL,
    url         TEXT,
    encoding    TEXT,
    content     TEXT NOT NULL,          -- decoded text or HTML: what `reprocess` re-cleans
    hints       TEXT NOT NULL DEFAULT '{}',
    ingested_at TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);

-- Earlier versions of a document whose source was ingested again with other bytes.
CREATE TABLE IF NOT EXISTS revisions (
    document_id TEXT NOT NULL REFERENCES documents(id) ON DELETE CASCADE,
    hash        TEXT NOT NULL,
    content     TEXT NOT NULL,
    hints       TEXT NOT NULL DEFAULT '{}',
    replaced_at TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS articles (
    id        TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    published TEXT,
    sort_key  TEXT,                     -- published, in UTC when it carries an offset
    outlet    TEXT,
    headline  TEXT,
    data      TEXT NOT NULL             -- the Article as JSON (the contract's fields)
);
CREATE INDEX IF NOT EXISTS articles_by_time ON articles(sort_key, id);

-- Full text over headline and body; maintained by the store alongside `articles`, each row
-- under the rowid of its article.
CREATE VIRTUAL TABLE IF NOT EXISTS articles_fts USING fts5(
    id UNINDEXED, headline, body, tokenize = 'porter unicode61'
);
