"""Extraction eval: score crosswire's article bodies against gold bodies.

Data folder layout (as ../shared/eval/extraction): ``gold.jsonl`` ({"id", "url", "body"}),
``pages/<id>.html[.gz]`` (HTML path) and ``plaintext/<id>.txt`` (noisy plain-text path).
Each path is scored with the benchmark's shingle P/R/F1 over the pages it has.

The plain-text cleaner's line model was trained on the dev set: pages it was trained on are
scored by k-fold cross-validation (a model trained on the other folds), never by the shipped
model, so the figure is always on unseen pages.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from crosswire.clean import clean_document, collection_repeats
from crosswire.clean.boilerplate import LineModel
from crosswire.config import Settings
from crosswire.errors import UsageError
from crosswire.evaluation.shingles import PageScore, aggregate, page_score
from crosswire.models import Document
from crosswire.progress import tracked
from crosswire.readers import read_paths

FOLDS = 5


def load_gold(folder: Path) -> dict[str, str]:
    """folder -> {page id: gold body} from its gold.jsonl."""
    path = folder / "gold.jsonl"
    if not path.is_file():
        raise UsageError(f"{folder} has no gold.jsonl (see ../shared/eval/README.md)")
    gold = {}
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if line.strip():
            try:
                record = json.loads(line)
                gold[str(record["id"])] = str(record["body"])
            except (ValueError, KeyError) as exc:
                raise UsageError(f"{path}:{n}: not a gold record ({exc})") from exc
    return gold


def _read_one(path: Path, settings: Settings) -> Document | None:
    docs = [d for d in read_paths([str(path)], settings) if isinstance(d, Document)]
    return docs[0] if docs else None


def _find(folder: Path, page_id: str, suffixes: tuple[str, ...]) -> Path | None:
    candidates = (folder / f"{page_id}{suffix}" for suffix in suffixes)
    return next((path for path in candidates if path.is_file()), None)


def score_html(folder: Path, gold: dict[str, str], settings: Settings) -> list[PageScore]:
    """(pages/, gold, settings) -> one score per page that has an HTML file."""
    scores = []
    for page_id, body in tracked(sorted(gold.items()), "cleaning pages (HTML)", unit="page"):
        path = _find(folder / "pages", page_id, (".html.gz", ".html", ".htm"))
        if path is None:
            continue
        doc = _read_one(path, settings)
        predicted = clean_document(doc, settings).body if doc else ""
        scores.append(page_score(predicted, body))
    return scores


def score_plaintext(folder: Path, gold: dict[str, str], settings: Settings) -> list[PageScore]:
    """(plaintext/, gold, settings) -> one score per page, each cleaned by a model that never
    saw it."""
    docs = {}
    for page_id in tracked(sorted(gold), "reading pages (plain text)", unit="page"):
        path = _find(folder / "plaintext", page_id, (".txt",))
        doc = _read_one(path, settings) if path else None
        if doc is not None:
            docs[page_id] = doc
    models = _unseen_models(docs, gold)
    repeated = collection_repeats(list(docs.values()), settings)
    return [
        page_score(clean_document(doc, settings, repeated, model=models[pid]).body, gold[pid])
        for pid, doc in docs.items()
    ]


def _unseen_models(docs: dict[str, Document], gold: dict[str, str]) -> dict[str, LineModel]:
    """page id -> a line model not trained on that page: the shipped one for pages it never
    saw; for pages it was trained on, one of up to FOLDS models trained on the folder's other
    such pages."""
    shipped = LineModel.load()
    seen = sorted(set(docs) & set(shipped.trained_on))
    models = {pid: shipped for pid in docs if pid not in seen}
    if len(seen) == 1:
        raise UsageError(
            f"page {seen[0]} trained the shipped line model and is the only such page here: "
            "cross-validation needs at least two"
        )
    folds = min(FOLDS, len(seen))
    for fold in range(folds):
        train = [(docs[p].content, gold[p]) for i, p in enumerate(seen) if i % folds != fold]
        model = LineModel.train(train)
        models.update({p: model for i, p in enumerate(seen) if i % folds == fold})
    return models


def evaluate_extraction(data: str, settings: Settings) -> tuple[int, dict[str, float]]:
    """(data folder, settings) -> (pages scored, {html_*, plaintext_* precision/recall/f1})."""
    folder = Path(data)
    if not folder.is_dir():
        raise UsageError(f"extraction data must be a folder with gold.jsonl: {data}")
    gold = load_gold(folder)
    metrics: dict[str, float] = {}
    n = 0
    for name, scorer in (("html", score_html), ("plaintext", score_plaintext)):
        scores = scorer(folder, gold, settings)
        n = max(n, len(scores))
        if scores:
            for key, value in aggregate(scores).items():
                metrics[f"{name}_{key}"] = round(value, 4)
    return n, metrics


# --- snippet scoring (../shared/eval/metadata) -----------------------------------------------

SNIPPET_PARTS = {"dev": "0123", "held-out": "4567", "all": "01234567"}


@dataclass
class SnippetCounts:
    """trafilatura's evaluation counts: `with` snippets found (tp) or missed (fn), `without`
    snippets found (fp) or absent (tn)."""

    tp: int = 0
    fn: int = 0
    fp: int = 0
    tn: int = 0

    def add(self, body: str, with_: list[str], without: list[str]) -> None:
        """(body, snippets it must and must not contain) -> counts updated."""
        found = [s in body for s in with_]
        unwanted = [s in body for s in without]
        self.tp += sum(found)
        self.fn += len(found) - sum(found)
        self.fp += sum(unwanted)
        self.tn += len(unwanted) - sum(unwanted)

    def metrics(self) -> dict[str, float]:
        """-> {precision, recall, f1, without_kept}: without_kept is the share of `without`
        snippets that reached the body."""
        p = self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0
        r = self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        kept = self.fp / (self.fp + self.tn) if self.fp + self.tn else 0.0
        return {"precision": p, "recall": r, "f1": f1, "without_kept": kept}


def snippet_part(file_name: str) -> str:
    """page file name -> the first hex digit of its md5, which decides its part of the set."""
    return hashlib.md5(file_name.encode("utf-8")).hexdigest()[0]


def snippet_records(folder: Path, part: str = "dev") -> list[dict[str, Any]]:
    """metadata folder + part (dev: md5 0-3, held-out: 4-7, all) -> its gold records."""
    path = folder / "gold.jsonl"
    if not path.is_file():
        raise UsageError(f"{folder} has no gold.jsonl (see ../shared/eval/README.md)")
    digits = SNIPPET_PARTS[part]
    records = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()
               if line.strip()]
    return [r for r in records if snippet_part(r["file"]) in digits]


def snippet_bodies(folder: Path, records: list[dict[str, Any]],
                   settings: Settings) -> dict[str, str]:
    """(metadata folder, gold records, settings) -> {file: the body crosswire cleans from its
    page}."""
    bodies = {}
    for record in records:
        path = _find(folder / "pages", record["file"], (".gz", ""))
        doc = _read_one(path, settings) if path else None
        if doc is not None and not doc.url:
            doc = replace(doc, url=record.get("url"))
        bodies[record["file"]] = clean_document(doc, settings).body if doc else ""
    return bodies
