"""Every setting in one table: name, default, help.

The table is the :class:`Settings` dataclass: each field carries its default and its help text.
Values come from the defaults, then environment variables named ``CROSSWIRE_<NAME>``, then
keyword overrides given by the caller (the CLI's flags).
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field, fields
from typing import Any


def _setting(default: Any, help: str) -> Any:
    return field(default=default, metadata={"help": help})


@dataclass(frozen=True)
class Settings:
    """The settings table. ``crosswire settings`` prints it."""

    db: str = _setting("crosswire.db", "Store: a SQLite file path, or a PostgreSQL URL "
                       "(postgresql://USER@HOST:PORT/DB).")
    max_bytes: int = _setting(20_000_000, "Inputs larger than this many bytes are skipped.")
    max_record_bytes: int = _setting(
        5_000_000, "A record inside a WARC or JSON Lines file (an HTML payload unpacked, one "
        "line) larger than this many bytes is skipped (max_bytes applies too, when smaller)."
    )
    max_archive_bytes: int = _setting(
        4_000_000_000, "A WARC or JSON Lines file is read record by record up to this many "
        "bytes (unpacked); the records after that point are skipped, with one reason."
    )
    batch_size: int = _setting(200, "Records written to the store per transaction.")
    batch_bytes: int = _setting(
        50_000_000, "A batch also ends before its records' text passes this many characters "
        "(large records never pile up in memory)."
    )
    claim_timeout: float = _setting(
        60.0, "Minutes after which documents another machine stored but never cleaned are "
        "taken as left by a dead run and cleaned here (on this machine a dead run is seen at "
        "once)."
    )
    repeat_min_docs: int = _setting(
        3, "A line seen in at least this many documents of a batch is page furniture evidence."
    )
    boilerplate_threshold: float = _setting(
        0.5, "Cleaner: a line whose body probability is below this is removed as boilerplate."
    )
    max_html_elements: int = _setting(
        50_000, "Cleaner: an HTML page of more elements than this is read as plain text (its "
        "visible text, a line per block, through the line classifier): the main-text "
        "extractor's time grows with the square of a page's paragraphs."
    )
    trust_record_text: bool = _setting(
        True, "A JSON Lines record's text/body field is taken as the article body as it is; "
        "false runs it through the boilerplate line classifier like scraped text."
    )
    outlet: str = _setting(
        "", "The publisher of every record read (`ingest`/`run --outlet NAME`); it beats what "
        "the text, the URL and sources.csv say. Empty: found per record."
    )
    outlets_table: str = _setting(
        "", "Coverage: an outlet table of your own (JSON, the format of the packaged "
        "data/outlets.json) that the story page's coverage bars read instead; any other "
        "column its rows carry (e.g. \"bias\": \"left\") gets a bar of its own. Empty: the "
        "packaged table."
    )
    report: str = _setting("crosswire-report.html", "Where `crosswire run` writes its report.")
    story_embeddings: bool = _setting(
        True, "Stories: use the MiniLM sentence embedding (headline + lead); false uses only "
        "the sparse TF-IDF (faster, less accurate)."
    )
    story_embed_tokens: int = _setting(
        96, "Stories: tokens of headline + lead the embedding reads."
    )
    story_entity_weight: float = _setting(
        4.0, "Stories: weight of entity features (names, numbers with units, dates) relative "
        "to plain words in the sparse vector."
    )
    story_dense_weight: float = _setting(
        0.5, "Stories: share of the dense (embedding) cosine in the combined similarity; the "
        "sparse TF-IDF cosine gets the rest."
    )
    story_threshold: float = _setting(
        0.30, "Stories: an article joins the most similar live story when the combined, "
        "time-decayed similarity is at least this; otherwise it starts a new story."
    )
    story_merge_threshold: float = _setting(
        0.65, "Stories: the periodic pass merges two stories whose centroids are at least this "
        "similar (time-decayed)."
    )
    story_split_threshold: float = _setting(
        0.25, "Stories: the periodic pass moves out an article whose similarity to the rest of "
        "its story has fallen below this."
    )
    story_contrast_ratio: float = _setting(
        0.65, "Stories: the review pass splits a story in two when, with IDF taken inside the "
        "story, the two halves' mean cross similarity is below this share of their mean inner "
        "similarity (two events of one kind: two earthquakes); the same test blocks merges."
    )
    story_contrast_evidence: float = _setting(
        10.0, "Stories: a contrast split (or merge block) also needs this much evidence that "
        "terms side with one half: the sum of -log10 p of terms whose documents fall into one "
        "half beyond chance (hypergeometric p < 0.001); 0 turns the test off."
    )
    story_contrast_min: int = _setting(
        4, "Stories: the fewest articles a story needs before it is tested for a split."
    )
    story_review_every: int = _setting(
        100, "Stories: articles between two periodic merge/split passes (one more at the end)."
    )
    story_grace_days: float = _setting(
        3.0, "Stories: time gap (days) between an article and a story's nearest article with "
        "no similarity decay."
    )
    story_half_life_days: float = _setting(
        30.0, "Stories: beyond the grace period, similarity halves every this many days."
    )
    story_related_similarity: float = _setting(
        0.4, "Two stories are `related` (same subject, kept apart) when their centroids' "
        "weighted dense + sparse cosine reaches this, or when only time kept them apart."
    )
    story_window_days: float = _setting(
        180.0, "Stories: a story with no article within this many days is no longer live."
    )
    story_candidates: int = _setting(
        32, "Stories: nearest articles fetched from the HNSW index per new article."
    )
    timeline_dates: int = _setting(
        10, "Timeline: dates in a story card's timeline (`crosswire timeline --dates`)."
    )
    timeline_sentences: int = _setting(
        2, "Timeline: sentences per date (`crosswire timeline --sentences`)."
    )
    summary_sentences: int = _setting(
        5, "Summary: sentences in a story's summary (composed fact sentences included)."
    )
    facts_processes: int = _setting(
        2, "Facts: processes that parse article bodies (spaCy) when 32 or more wait; the "
        "parse is the facts stage's main cost."
    )
    watch_events: bool = _setting(
        True, "watch: learn of new and changed files from the operating system's file events; "
        "false lists the folder every interval instead (for shared or network folders, which "
        "send no events; a whole listing also runs every 30 intervals as a safety net)."
    )
    # -- fetch (crosswire fetch, run URL..., watch --feeds; docs/fetch.md) ------------------
    fetch_user_agent: str = _setting(
        "crosswire/0.1 (news cross-checking)",
        "Fetch: the User-Agent every request sends (robots.txt rules for 'crosswire' apply); "
        "name yourself and a contact when you crawl at any scale."
    )
    fetch_delay: float = _setting(
        1.0, "Fetch: seconds between the starts of two requests to the same host (a robots.txt "
        "Crawl-delay, up to fetch_max_wait, lengthens it)."
    )
    fetch_host_concurrency: int = _setting(
        2, "Fetch: requests in flight to one host at a time."
    )
    fetch_workers: int = _setting(8, "Fetch: requests in flight in all, across hosts.")
    fetch_connect_timeout: float = _setting(
        10.0, "Fetch: seconds to wait for a connection."
    )
    fetch_read_timeout: float = _setting(
        30.0, "Fetch: seconds to wait for the next bytes of a response."
    )
    fetch_total_timeout: float = _setting(
        120.0, "Fetch: seconds one response may take in all (a server trickling bytes)."
    )
    fetch_max_bytes: int = _setting(
        10_000_000, "Fetch: a response body larger than this many bytes as sent is stopped "
        "there and skipped."
    )
    fetch_max_decompressed_bytes: int = _setting(
        20_000_000, "Fetch: a response body larger than this many bytes once its gzip/deflate "
        "Content-Encoding is undone is stopped there and skipped (a gzip bomb costs no more)."
    )
    fetch_max_redirects: int = _setting(5, "Fetch: redirects followed per URL.")
    fetch_retries: int = _setting(
        3, "Fetch: tries per URL when the server answers 429 or 5xx or the connection fails."
    )
    fetch_backoff: float = _setting(
        1.0, "Fetch: seconds before the first retry; each further retry waits twice as long."
    )
    fetch_max_wait: float = _setting(
        60.0, "Fetch: the longest a Retry-After header or a Crawl-delay is honoured (seconds)."
    )
    fetch_warc_dir: str = _setting(
        "", "Fetch: the folder each run's WARC archive (every response) is written to. Empty: "
        "'<database file>.warc' beside a SQLite store; a PostgreSQL store needs one named."
    )
    web_login_failures: int = _setting(
        10, "Web: wrong tokens one client address may try per minute (login form, Bearer "
        "header, write forms); more are answered 429 with Retry-After, unchecked."
    )
    web_session_hours: float = _setting(
        12.0, "Web: hours a /login session cookie stays valid (the cookie holds a signed "
        "expiry, never the token; restarting the server ends every session)."
    )
    web_story_bodies: int = _setting(
        25, "Web: article bodies a story page shows in full (the most cited first); the "
        "others are listed as links to their article pages."
    )
    web_story_columns: int = _setting(
        12, "Web: sources given their own column in a story page's fact matrix (those "
        "reporting the most facts); the rest share an 'other sources' column."
    )
    web_story_facts: int = _setting(
        100, "Web: facts per page of a story page's fact matrix (most widely reported first)."
    )


def settings_table() -> list[tuple[str, Any, str]]:
    """-> [(name, default, help)] for every setting, in table order."""
    return [(f.name, f.default, f.metadata["help"]) for f in fields(Settings)]


def _coerce(value: str, like: Any) -> Any:
    """Environment string -> the type of the default."""
    if isinstance(like, bool):
        return value.strip().lower() in {"1", "true", "yes", "on"}
    return type(like)(value)


def load_settings(**overrides: Any) -> Settings:
    """defaults + CROSSWIRE_* environment + non-None overrides -> Settings."""
    values: dict[str, Any] = {}
    for f in fields(Settings):
        env = os.environ.get(f"CROSSWIRE_{f.name.upper()}")
        if env is not None:
            values[f.name] = _coerce(env, f.default)
    values.update({k: v for k, v in overrides.items() if v is not None})
    return Settings(**values)
