"""Fetching the news itself: article URLs, RSS/Atom feeds and news sitemaps, politely, each
response kept in a WARC archive (docs/fetch.md).

- ``urls.py``: canonical URLs (courlan), origins, page ids;
- ``body.py``: bodies read within byte, decompressed-byte and time limits;
- ``politeness.py``: robots.txt (protego), the per-host delay and concurrency;
- ``client.py``: one GET (httpx) with retries, redirects, types checked, archived;
- ``safe_xml.py``, ``feeds.py``, ``sitemaps.py``: what feeds and sitemaps list;
- ``pages.py``: a fetched page -> a Document with the web's hints;
- ``archive.py``: the run's WARC file (warcio);
- ``run.py``: the orchestration, URLs/feeds/sitemaps -> Documents and Skips;
- ``poll.py``: ``watch --feeds``, feeds polled on a schedule.
"""
