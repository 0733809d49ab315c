"""Metadata eval: publication date, title, author and main text of web pages.

Data folder layout (as ../shared/eval/metadata): ``gold.jsonl`` ({"file", "url", "with",
"without", "date", "title", "author"}) and ``pages/<file>.gz``. Each page goes through
crosswire's real clean path for an .html file (the reader, then ``clean_document``), and,
as references in the same run, through htmldate alone (date) and trafilatura alone
(``bare_extraction``: date, title, author, text). Every system gets the gold URL when the
page does not state its own, and a parsed tree, never a string that could be fetched.

Scores: date exact day among dated pages; title exact after whitespace normalisation among
titled pages; author: the same names (case and separators aside) among pages with an
author; main text: trafilatura's snippet scoring (``SnippetCounts``).

``--part 1|2`` keeps the pages whose file name's md5 starts with 0-3 (part 1) or 4-7
(part 2), the split the snippet scorer already uses, so one part can be developed on and
the other reported.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from crosswire.config import Settings
from crosswire.errors import UsageError
from crosswire.evaluation.extraction import SnippetCounts, snippet_part
from crosswire.models import Document
from crosswire.progress import tracked

LOG = logging.getLogger(__name__)
PARTS = {"1": "0123", "2": "4567"}
SYSTEMS = ("crosswire", "htmldate", "trafilatura")


@dataclass(frozen=True)
class Guess:
    """What one system says about one page; None where it says nothing (or is not asked)."""

    date: str | None = None
    title: str | None = None
    author: str | list[str] | None = None
    text: str | None = None
    evidence: dict[str, str] = field(default_factory=dict)


def read_gold(folder: Path, part: str | None = None) -> list[dict[str, Any]]:
    """(metadata folder, part "1" | "2" | None for all) -> its gold records, in file order."""
    path = folder / "gold.jsonl"
    if not path.is_file():
        raise UsageError(f"{folder} has no gold.jsonl (see ../shared/eval/README.md)")
    records = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                record = json.loads(line)
                str(record["file"])
            except (ValueError, KeyError, TypeError) as exc:
                raise UsageError(f"{path}:{n}: not a gold record ({exc})") from exc
            records.append(record)
    if part is None:
        return records
    if part not in PARTS:
        raise UsageError(f"--part must be 1 or 2, not {part!r}")
    return [r for r in records if snippet_part(r["file"]) in PARTS[part]]


def _page_path(folder: Path, name: str) -> Path | None:
    """(folder, gold file name) -> pages/<name>.gz or pages/<name>, whichever exists."""
    for candidate in (folder / "pages" / f"{name}.gz", folder / "pages" / name):
        if candidate.is_file():
            return candidate
    return None


def read_page(path: Path, url: str | None, settings: Settings) -> Document | None:
    """(page file, gold URL, settings) -> the Document the HTML reader makes of it, with the
    gold URL when the page states none; None when the reader skips it."""
    from crosswire.readers import read_paths

    docs = [d for d in read_paths([str(path)], settings) if isinstance(d, Document)]
    if not docs:
        return None
    return docs[0] if docs[0].url or not url else replace(docs[0], url=url)


def crosswire_guess(doc: Document, settings: Settings) -> Guess:
    """Document -> crosswire's date (day), headline, authors (else the byline) and body, as
    the clean stage makes them."""
    from crosswire.clean import clean_document

    article = clean_document(doc, settings)
    evidence = {k: v for k, v in article.evidence.items() if k in ("published", "headline")}
    return Guess((article.published or "")[:10] or None, article.headline,
                 article.authors or article.byline, article.body, evidence)


def htmldate_guess(doc: Document) -> Guess:
    """Document -> htmldate's date alone (on a parsed tree; its defaults but original_date,
    since the publication date is what is scored)."""
    import htmldate

    from crosswire.clean.html import parse_html

    tree = parse_html(doc.content)
    try:
        date = htmldate.find_date(tree, url=doc.url, original_date=True) \
            if tree is not None else None
    except Exception:  # htmldate on odd markup: no date, as its own evaluation counts it
        LOG.warning("htmldate failed on %s", doc.path, exc_info=True)
        date = None
    return Guess(date=date)


def trafilatura_guess(doc: Document) -> Guess:
    """Document -> trafilatura's bare_extraction alone (its defaults, with metadata)."""
    import trafilatura

    from crosswire.clean.html import parse_html

    tree = parse_html(doc.content)
    try:
        result = trafilatura.bare_extraction(tree, url=doc.url, with_metadata=True) \
            if tree is not None else None
    except Exception:  # trafilatura on odd markup: nothing extracted
        LOG.warning("trafilatura failed on %s", doc.path, exc_info=True)
        result = None
    if result is None or isinstance(result, dict):
        return Guess()
    return Guess(result.date, result.title, result.author, result.text)


def squash(text: str | None) -> str:
    """text -> its words joined by single spaces ('' for None)."""
    return " ".join((text or "").split())


_NAME_SEPARATORS = re.compile(r"\s*(?:[,;&/|]|\band\b|\bund\b|\bet\b|\by\b)\s*", re.I)


def scored_names(value: str | list[str] | None) -> list[str]:
    """an author field (a string or a list of names) -> its names, lowercased, in order
    ('A, B & C' -> ['a', 'b', 'c'])."""
    text = "; ".join(value) if isinstance(value, list) else value or ""
    return [n for n in (squash(p).casefold() for p in _NAME_SEPARATORS.split(text)) if n]


@dataclass
class Tally:
    """One system's counts over the pages scored."""

    dated: int = 0
    date_exact: int = 0
    date_null: int = 0  # dated pages it gave no date for
    undated_given: int = 0  # undated pages it gave a date for
    titled: int = 0
    title_exact: int = 0
    authored: int = 0
    author_exact: int = 0
    snippets: SnippetCounts = field(default_factory=SnippetCounts)

    def add(self, gold: dict[str, Any], guess: Guess, parts: tuple[str, ...]) -> list[str]:
        """(gold record, guess, which fields to score) -> counts updated; -> the fields it
        got wrong."""
        wrong = []
        if "date" in parts:
            if gold.get("date"):
                self.dated += 1
                self.date_exact += guess.date == gold["date"]
                self.date_null += guess.date is None
                if guess.date != gold["date"]:
                    wrong.append("date")
            elif guess.date:
                self.undated_given += 1
        if "title" in parts and gold.get("title"):
            self.titled += 1
            hit = squash(guess.title) == squash(gold["title"])
            self.title_exact += hit
            wrong += [] if hit else ["title"]
        if "author" in parts and gold.get("author"):
            self.authored += 1
            hit = scored_names(guess.author) == scored_names(gold["author"])
            self.author_exact += hit
            wrong += [] if hit else ["author"]
        if "text" in parts:
            self.snippets.add(guess.text or "", gold.get("with") or [], gold.get("without") or [])
        return wrong

    def metrics(self, parts: tuple[str, ...]) -> dict[str, float | int]:
        """-> the scored fields' figures."""
        out: dict[str, float | int] = {}
        if "date" in parts:
            out |= {"date_exact": _share(self.date_exact, self.dated),
                    "date_null": _share(self.date_null, self.dated),
                    "undated_given_a_date": self.undated_given}
        if "title" in parts:
            out["title_exact"] = _share(self.title_exact, self.titled)
        if "author" in parts:
            out["author_exact"] = _share(self.author_exact, self.authored)
        if "text" in parts:
            out |= {f"snippet_{k}": round(v, 4) for k, v in self.snippets.metrics().items()}
        return out


def _share(hits: int, total: int) -> float:
    return round(hits / total, 4) if total else 0.0


FIELDS = ("date", "title", "author", "text")
GUESSERS: dict[str, tuple[tuple[str, ...], Callable[[Document, Settings], Guess]]] = {
    "crosswire": (FIELDS, crosswire_guess),
    "htmldate": (("date",), lambda doc, _settings: htmldate_guess(doc)),
    "trafilatura": (FIELDS, lambda doc, _settings: trafilatura_guess(doc)),
}


def _miss(record: dict[str, Any], guess: Guess, wrong: list[str]) -> dict[str, Any]:
    """a page crosswire got wrong -> what the gold says, what crosswire said, and why."""
    return {"file": record["file"], "url": record.get("url"),
            **{f: {"gold": record.get(f), "crosswire": getattr(guess, f),
                   "evidence": guess.evidence.get("published" if f == "date" else "headline")}
               for f in wrong if f in ("date", "title")},
            **({"author": {"gold": record.get("author"), "crosswire": guess.author}}
               if "author" in wrong else {})}


def evaluate_metadata(data: str, settings: Settings, part: str | None = None,
                      details: bool = False) -> tuple[int, dict[str, Any]]:
    """(metadata folder, settings, part "1" | "2" | None, whether to list crosswire's misses)
    -> (pages scored, {"<system>_<metric>": value, ..., + "misses" when asked})."""
    folder = Path(data)
    if not folder.is_dir():
        raise UsageError(f"metadata data must be a folder with gold.jsonl: {data}")
    records = read_gold(folder, part)
    tallies = {name: Tally() for name in SYSTEMS}
    misses = []
    for record in tracked(records, "reading pages (crosswire, htmldate, trafilatura)", unit="page"):
        path = _page_path(folder, record["file"])
        doc = read_page(path, record.get("url"), settings) if path else None
        if doc is None:
            LOG.warning("page %s: missing or unreadable, scored as empty", record["file"])
        for name, (fields, guesser) in GUESSERS.items():
            guess = guesser(doc, settings) if doc is not None else Guess()
            wrong = tallies[name].add(record, guess, fields)
            if details and name == "crosswire" and wrong != ["author"] and wrong:
                misses.append(_miss(record, guess, wrong))
    metrics: dict[str, Any] = {
        f"{name}_{key}": value
        for name, (fields, _) in GUESSERS.items()
        for key, value in tallies[name].metrics(fields).items()
    }
    metrics |= {"dated_pages": tallies["crosswire"].dated,
                "titled_pages": tallies["crosswire"].titled}
    if details:
        metrics["misses"] = misses
    return len(records), metrics
