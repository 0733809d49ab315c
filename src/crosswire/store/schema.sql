-- crosswire store, schema version 10 (2: stories and pins; 3: embeddings; 4: mentions;
-- 5: uncleaned, meta; 6: story state, cards, redirects, terms; 7: story pages; 8: views of
-- facts, reports, quotes and stories; 9: article_stories and story_rank, the search map and
-- the list's order, which some version-8 stores lack; 10: fetch_validators). Applied by store/sqlite.py (PRAGMA user_version);
-- every statement is idempotent, so applying it upgrades older files.
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

-- The story list (issue 15; store/story_order.py): each story's importance, log2(1 +
-- independent sources) + day of its latest article / 2 (NULL: undated), for the default
-- order; and each article's story by the article's rowid (the rowid of its articles_fts row),
-- so a word filter goes from the full-text hits to their stories without reading `articles`.
-- Both written with the stories (write_stories), filled for older stores on upgrade.
CREATE TABLE IF NOT EXISTS story_rank (
    story_id   TEXT PRIMARY KEY REFERENCES stories(id) ON DELETE CASCADE,
    importance REAL
);
CREATE INDEX IF NOT EXISTS story_rank_by_importance ON story_rank(importance DESC, story_id);

CREATE TABLE IF NOT EXISTS article_stories (
    article_row INTEGER NOT NULL,       -- articles.rowid
    story_id    TEXT NOT NULL REFERENCES stories(id) ON DELETE CASCADE,
    PRIMARY KEY (article_row, story_id)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS article_stories_by_story ON article_stories(story_id);

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

-- fetch (schema 10; src/crosswire/fetch): per canonical URL fetched (page, feed, sitemap), the
-- validators its last 2xx answer carried, for the next conditional GET; a row also marks a
-- page a feed or sitemap listed as fetched already.
CREATE TABLE IF NOT EXISTS fetch_validators (
    url           TEXT PRIMARY KEY,
    etag          TEXT,
    last_modified TEXT,
    fetched_at    TEXT NOT NULL
);

-- The collection's term counts (framing's background), kept in step with the articles.
CREATE TABLE IF NOT EXISTS collection_terms (
    term TEXT  PRIMARY KEY,
    n    BIGINT NOT NULL
);

-- Schema 8: views for people and SQL tools (datasette, sqlite3): the facts, their reports,
-- the quotes and each story's sources as rows, read from the stored cards (`story_cards.data`,
-- fresh or stale: `card_stale` says which) and the articles at query time, so they never go
-- out of step with what the app shows. Dropped and made again by each upgrade, so a newer
-- definition replaces an older one. docs/store.md#views says what each column holds.

-- Every article as a source: its outlet, or, when the outlet is unknown, its headline and
-- the domain of its URL (`source`), so no list shows a bare id where a name is known.
DROP VIEW IF EXISTS article_sources;
CREATE VIEW article_sources AS
SELECT id AS article_id,
       coalesce(outlet, CASE WHEN headline IS NOT NULL AND domain IS NOT NULL
                             THEN headline || ' (' || domain || ')' END,
                headline, domain, id) AS source,
       outlet, headline, published, domain, url, wire_group, byline, language
FROM (SELECT id, outlet, headline, published, url, wire_group, byline, language,
             CASE WHEN host LIKE 'www.%' THEN substr(host, 5) ELSE nullif(host, '') END
                 AS domain
      FROM (SELECT id, outlet, headline, published, url, wire_group, byline, language,
                   CASE WHEN instr(rest, '/') > 0 THEN substr(rest, 1, instr(rest, '/') - 1)
                        ELSE rest END AS host
            FROM (SELECT a.id, a.outlet, a.headline, a.published,
                         json_extract(a.data, '$.url') AS url,
                         json_extract(a.data, '$.wire_group') AS wire_group,
                         json_extract(a.data, '$.byline') AS byline,
                         json_extract(a.data, '$.language') AS language,
                         CASE WHEN instr(json_extract(a.data, '$.url'), '://') > 0
                              THEN substr(json_extract(a.data, '$.url'),
                                          instr(json_extract(a.data, '$.url'), '://') + 3)
                         END AS rest
                  FROM articles a)));

-- One row per story: its counts, outlets, first publisher by name, and its card's state.
DROP VIEW IF EXISTS story_list;
CREATE VIEW story_list AS
SELECT s.id AS story_id,
       json_extract(s.data, '$.title') AS title,
       s.first_published,
       json_extract(s.data, '$.last_published') AS last_published,
       json_array_length(s.data, '$.articles') AS articles,
       json_extract(s.data, '$.independent_sources') AS independent_sources,
       (SELECT group_concat(o.value, ', ') FROM json_each(s.data, '$.outlets') o) AS outlets,
       (SELECT src.source FROM article_sources src
        WHERE src.article_id = json_extract(s.data, '$.first_publisher')) AS first_publisher,
       json_array_length(c.data, '$.facts') AS facts,
       (SELECT count(*) FROM json_each(c.data, '$.facts') f
        WHERE json_extract(f.value, '$.status') IN ('conflicting', 'evolving')) AS disagreements,
       CASE WHEN c.data IS NULL THEN 'not built' WHEN c.stale <> 0 THEN 'stale' ELSE 'fresh' END
           AS card
FROM stories s LEFT JOIN story_cards c ON c.story_id = s.id;

-- One row per article of each story, by name.
DROP VIEW IF EXISTS story_sources;
CREATE VIEW story_sources AS
SELECT sa.story_id, json_extract(s.data, '$.title') AS story_title, src.source,
       src.outlet, src.headline, src.published, src.domain, src.url,
       sa.article_id = json_extract(s.data, '$.first_publisher') AS first_publisher,
       src.wire_group, src.byline, src.language, sa.article_id
FROM story_articles sa JOIN stories s ON s.id = sa.story_id
JOIN article_sources src ON src.article_id = sa.article_id;

-- One row per fact of each stored card, in the card's order (`fact_no`).
DROP VIEW IF EXISTS facts;
CREATE VIEW facts AS
SELECT c.story_id, json_extract(c.data, '$.title') AS story_title, f.key + 1 AS fact_no,
       json_extract(f.value, '$.id') AS fact_id,
       json_extract(f.value, '$.kind') AS kind,
       json_extract(f.value, '$.status') AS status,
       json_extract(f.value, '$.subject') AS subject,
       json_extract(f.value, '$.reason') AS reason,
       json_array_length(f.value, '$.reports') AS reports,
       (SELECT count(DISTINCT json_extract(r.value, '$.article'))
        FROM json_each(f.value, '$.reports') r) AS articles,
       (SELECT group_concat(o.value, ', ') FROM json_each(f.value, '$.origins') o) AS origins,
       json_extract(f.value, '$.independence') AS independence,
       c.stale AS card_stale
FROM story_cards c, json_each(c.data, '$.facts') f
WHERE c.data IS NOT NULL;

-- One row per report of each fact: who reported what, where in which article, citing whom.
-- `value` is a single number; a range [low, high] has `value` NULL and both bounds.
DROP VIEW IF EXISTS fact_reports;
CREATE VIEW fact_reports AS
SELECT c.story_id, f.key + 1 AS fact_no,
       json_extract(f.value, '$.id') AS fact_id,
       json_extract(f.value, '$.kind') AS fact_kind,
       json_extract(f.value, '$.status') AS fact_status,
       json_extract(f.value, '$.subject') AS fact_subject,
       r.key + 1 AS report_no,
       coalesce(src.source, json_extract(r.value, '$.outlet'),
                json_extract(r.value, '$.article')) AS source,
       json_extract(r.value, '$.outlet') AS outlet,
       src.headline, src.published, src.url,
       json_extract(r.value, '$.kind') AS kind,
       json_extract(r.value, '$.text') AS text,
       CASE WHEN json_type(r.value, '$.value') IN ('integer', 'real')
            THEN json_extract(r.value, '$.value') END AS value,
       CASE WHEN json_type(r.value, '$.value') = 'array'
            THEN json_extract(r.value, '$.value[0]')
            ELSE json_extract(r.value, '$.value') END AS value_low,
       CASE WHEN json_type(r.value, '$.value') = 'array'
            THEN json_extract(r.value, '$.value[1]')
            ELSE json_extract(r.value, '$.value') END AS value_high,
       json_extract(r.value, '$.unit') AS unit,
       json_extract(r.value, '$.qualifier') AS qualifier,
       json_extract(r.value, '$.phrase') AS figure,
       json_extract(r.value, '$.dimension') AS measures,
       json_extract(r.value, '$.subject') AS subject,
       json_extract(r.value, '$.speaker') AS speaker,
       json_extract(r.value, '$.attributed_to') AS attributed_to,
       json_extract(r.value, '$.as_of') AS as_of,
       json_extract(r.value, '$.as_of_precision') AS as_of_precision,
       json_extract(r.value, '$.article') AS article_id,
       json_extract(r.value, '$.citation.start') AS cite_start,
       json_extract(r.value, '$.citation.end') AS cite_end,
       c.stale AS card_stale
FROM story_cards c, json_each(c.data, '$.facts') f, json_each(f.value, '$.reports') r
LEFT JOIN article_sources src ON src.article_id = json_extract(r.value, '$.article')
WHERE c.data IS NOT NULL;

-- The words in quotation marks, with who said them and who printed them.
DROP VIEW IF EXISTS quotes;
CREATE VIEW quotes AS
SELECT story_id, fact_id, fact_status, speaker, text AS quote, source, outlet, headline,
       published, url, as_of, attributed_to, article_id, cite_start, cite_end, card_stale
FROM fact_reports WHERE kind = 'quote';
