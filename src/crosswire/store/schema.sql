-- crosswire store, schema version 7 (2: stories and pins; 3: embeddings; 4: mentions;
-- 5: uncleaned, meta; 6: story state, cards, redirects, terms; 7: story pages). Applied by store/sqlite.py
-- (PRAGMA user_version); every statement is idempotent, so applying it upgrades older files.
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

CREATE INDEX IF NOT EXISTS documents_by_url ON documents(url);

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

-- Stories: rebuilt by the stories stage; `data` is the Story as JSON.
CREATE TABLE IF NOT EXISTS stories (
    id              TEXT PRIMARY KEY,
    first_published TEXT,
    data            TEXT NOT NULL
);

CREATE TABLE IF NOT EXISTS story_articles (
    story_id   TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    article_id TEXT NOT NULL REFERENCES articles(id) ON DELETE CASCADE,
    PRIMARY KEY (story_id, article_id)
);
CREATE INDEX IF NOT EXISTS story_articles_by_article ON story_articles(article_id);

-- Sentence embeddings by a hash of (model, token budget, text): stories re-embed only new text.
CREATE TABLE IF NOT EXISTS embeddings (
    key    TEXT PRIMARY KEY,
    vector BLOB NOT NULL
);

-- A user's merge/split decisions, in article ids, honoured by every later clustering.
CREATE TABLE IF NOT EXISTS pins (
    id         INTEGER PRIMARY KEY,
    kind       TEXT NOT NULL,
    articles   TEXT NOT NULL,
    others     TEXT NOT NULL DEFAULT '[]',
    created_at TEXT NOT NULL
);

-- Each article's reading as JSON: fact mentions (quantities, quotes, claims), dated sentences
-- and scare quotes, under a key of the extractor version and the article fields they depend
-- on: a changed body is read again.
CREATE TABLE IF NOT EXISTS mentions (
    article_id TEXT PRIMARY KEY REFERENCES articles(id) ON DELETE CASCADE,
    key        TEXT NOT NULL,
    data       TEXT NOT NULL
);

-- Documents stored (new or updated) and not yet cleaned, with the run that stored them
-- ('host:pid:start:token', '' once that run ended): store/bookkeeping.py.
CREATE TABLE IF NOT EXISTS uncleaned (
    document_id TEXT PRIMARY KEY REFERENCES documents(id) ON DELETE CASCADE,
    run         TEXT NOT NULL,
    claimed_at  TEXT NOT NULL
);

-- Counters and the state-signing key: inputs_seq (changes the stories stage reads),
-- stories_seq (the inputs_seq the stored stories were built from), stories_run (the run that
-- will rebuild them), state_key (made, and inputs_seq set to 1 for an upgraded store, by the
-- backend's migration: store/bookkeeping.py).
CREATE TABLE IF NOT EXISTS meta (
    key    TEXT PRIMARY KEY,
    number BIGINT NOT NULL DEFAULT 0,
    text   TEXT
);

-- Schema 6: the stories stage's online state (stories/state.py), the story cards, and the
-- collection's term counts: everything a later run, another process or another machine
-- continues from lives in these tables (no file beside the database).

-- One row per article the clusterer holds: its row number (order of arrival), the story
-- key it belongs to (-1: the article was removed; the row stays while the vector index holds
-- its vector), its day, its place in the vector index (NULL: not indexed) and its features
-- (dense vector, TF-IDF and raw term weights; stories/state_codec.py).
CREATE TABLE IF NOT EXISTS cluster_rows (
    seq         BIGINT PRIMARY KEY,
    article_id  TEXT NOT NULL,
    article_key TEXT NOT NULL,
    story_key   BIGINT NOT NULL,
    day         DOUBLE PRECISION,
    index_pos   BIGINT,
    features    BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS cluster_rows_by_story ON cluster_rows(story_key);
CREATE INDEX IF NOT EXISTS cluster_rows_by_article ON cluster_rows(article_id);
CREATE INDEX IF NOT EXISTS cluster_rows_by_index_pos ON cluster_rows(index_pos)
    WHERE index_pos IS NOT NULL;

-- One row per story the clusterer made: its key, the story id it is shown under, whether it
-- is live (an article can still join it) and its centroid sums and dated span.
CREATE TABLE IF NOT EXISTS cluster_stories (
    story_key BIGINT PRIMARY KEY,
    story_id  TEXT NOT NULL,
    live      INTEGER NOT NULL,
    first_day DOUBLE PRECISION,
    last_day  DOUBLE PRECISION,
    centroid  BLOB NOT NULL
);
CREATE INDEX IF NOT EXISTS cluster_stories_by_id ON cluster_stories(story_id);
CREATE INDEX IF NOT EXISTS cluster_stories_live ON cluster_stories(live, last_day);

-- Document frequencies of the hashed term columns (the IDF table), columns in use only.
CREATE TABLE IF NOT EXISTS term_df (
    col BIGINT PRIMARY KEY,
    n   BIGINT NOT NULL
);

-- Wire copies: the MinHash LSH buckets of every article (one per band), so a new article's
-- candidate copies are a lookup; stories/wire_store.py.
CREATE TABLE IF NOT EXISTS wire_bands (
    band       INTEGER NOT NULL,
    bucket     BIGINT NOT NULL,
    article_id TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS wire_bands_by_bucket ON wire_bands(band, bucket);
CREATE INDEX IF NOT EXISTS wire_bands_by_article ON wire_bands(article_id);

-- Each article's wire group: the id of its group's original (itself when it has no copy).
CREATE TABLE IF NOT EXISTS wire_groups (
    article_id TEXT PRIMARY KEY,
    root       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS wire_groups_by_root ON wire_groups(root);

-- Related stories as links between story keys (stories/links.py): 'gap' (kept apart by
-- time alone) and 'similar' (close centroids), each pair once (a < b).
CREATE TABLE IF NOT EXISTS story_links (
    a    BIGINT NOT NULL,
    b    BIGINT NOT NULL,
    kind TEXT NOT NULL,
    PRIMARY KEY (a, b, kind)
);
CREATE INDEX IF NOT EXISTS story_links_by_b ON story_links(b);

-- Articles saved or deleted, in order: what the stories stage has not read yet (rows up to
-- the state's mark are removed once it has).
CREATE TABLE IF NOT EXISTS article_changes (
    seq        INTEGER PRIMARY KEY AUTOINCREMENT,  -- never reused once rows are removed
    article_id TEXT NOT NULL
);

-- Named binary state: the vector index as faiss writes it (rebuilt from cluster_rows when
-- missing or behind), and the like.
CREATE TABLE IF NOT EXISTS blobs (
    name   TEXT PRIMARY KEY,
    number BIGINT NOT NULL DEFAULT 0,
    data   BLOB NOT NULL
);

-- A story id that no longer names a story (merged into another) -> the story that took it.
CREATE TABLE IF NOT EXISTS story_redirects (
    old_id   TEXT  PRIMARY KEY,
    new_id   TEXT NOT NULL,
    reason   TEXT NOT NULL,
    moved_at TEXT NOT NULL
);

-- Each story's card (facts, timeline, summary, framing) as JSON, built when the story
-- changed; `inputs` is a digest of what it was built from, `stale` 1 until rebuilt.
CREATE TABLE IF NOT EXISTS story_cards (
    story_id TEXT  PRIMARY KEY,
    inputs   TEXT NOT NULL,
    stale    INTEGER NOT NULL DEFAULT 1,
    built_at TEXT,
    data     TEXT
);
CREATE INDEX IF NOT EXISTS story_cards_to_build ON story_cards(story_id)
    WHERE stale = 1 OR data IS NULL;

-- Each story page as served (gzip-compressed HTML), rendered from the build of the card
-- `card_built` names (its built_at), by the renderer `page_key` names (schema 7); served only
-- while both still match and the card is fresh.
CREATE TABLE IF NOT EXISTS story_pages (
    story_id TEXT  PRIMARY KEY,
    card_built TEXT NOT NULL,
    page_key TEXT NOT NULL,
    page     BLOB NOT NULL
);

-- The collection's term counts (framing's background), kept in step with the articles.
CREATE TABLE IF NOT EXISTS collection_terms (
    term TEXT  PRIMARY KEY,
    n    BIGINT NOT NULL
);
