"""Are two reported figures the same measure of the same thing? Pair features and a learned
weighting.

Each quantity mention is read once into a :class:`Figure` (its value as an interval, unit,
the head of what it counts, the words around the number, the sentence's words and names);
a pair of figures gets a fixed vector of general features (values agree, units and what is
counted alike, the words around the number and the sentence alike, the names alike, one
sentence a copy of the other). A logistic regression trained on hand-annotated facts
(``eval/train_fact_model.py``, cross-validated by event) weighs them into the probability
that both report one fact; ``fact_model.json`` holds the weights and what they were fitted on.
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from crosswire.facts.subjects import CONCEPTS, terms
from crosswire.facts.values import Interval, agree, base_interval, is_measure, unit_scale
from crosswire.models import Mention
from crosswire.stories.represent import STOP, lemma

MODEL_PATH = Path(__file__).resolve().parent / "fact_model.json"
WINDOW = 6  # words either side of the number read as its local context
_WORD = re.compile(r"[A-Za-z][A-Za-z'’-]*")
_NAME = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:[-’'][A-Za-z]+)?")

FEATURES = (
    "bias", "same_value", "values_agree", "log_ratio", "same_unit", "same_head",
    "measures", "subject_overlap", "same_concept", "window_similarity",
    "sentence_similarity", "name_overlap", "copied_same_value", "small_value", "both_ages",
    "same_article", "same_value_x_window", "agree_x_head",
)


@dataclass(frozen=True)
class Figure:
    """What the pair features read of one quantity mention."""

    mention: Mention
    value: float | None
    span: Interval | None
    unit: str
    head: str
    dimension: str
    subject: frozenset[str]
    concept: frozenset[str]
    window: Counter[str]
    sentence: Counter[str]
    names: frozenset[str]
    shingles: frozenset[str]


def figure(mention: Mention) -> Figure:
    """a quantity mention -> its Figure."""
    value, span, dimension = None, None, dimension_of(mention)
    if mention.value is not None:
        base, span = base_interval(mention.value, mention.qualifier, mention.unit)
        raw = mention.value
        value = float(raw) if isinstance(raw, (int, float)) else sum(map(float, raw)) / 2
        scale = unit_scale(mention.unit)
        if base is not None and scale is not None:
            dimension, value = base, value * scale[1]
    unit = (mention.unit or "").lower()
    subject = terms(f"{mention.subject or ''} {_count_noun(mention)}")
    before, after = _around(mention)
    return Figure(
        mention, value, span, unit, _head(mention), dimension, subject,
        frozenset(t for t in subject if t in set(CONCEPTS.values())),
        _lemmas(" ".join(before[-WINDOW:] + after[:WINDOW])), _lemmas(mention.text),
        frozenset(_NAME.findall(mention.text)), frozenset(_shingles(mention.text)))


def _count_noun(mention: Mention) -> str:
    """-> the counted noun of a count (its unit when the unit is not a measure), else ''."""
    unit = mention.unit or ""
    return "" if is_measure(unit) else unit.partition(" per ")[0]


def _head(mention: Mention) -> str:
    """-> the head word of what is counted ('prison guard' -> 'guard'), or the measure unit."""
    unit = (mention.unit or "").lower()
    if is_measure(unit) or unit in ("percentage", "year of age"):
        return unit
    words = _WORD.findall(unit.partition(" per ")[0])
    return lemma(words[-1].lower()) if words else ""


def dimension_of(mention: Mention) -> str:
    """a quantity mention -> the kind of thing it measures (the extractor's, when it says)."""
    given = getattr(mention, "dimension", None)
    if given:
        return str(given)
    unit = (mention.unit or "").lower()
    if unit == "percentage":
        return "percentage"
    if unit == "year of age":
        return "age"
    if is_measure(unit):
        return f"unit:{unit}"
    return "count"


def _around(mention: Mention) -> tuple[list[str], list[str]]:
    """-> the words before and after the figure in its sentence (the whole sentence as
    'before' when the figure's place is not known)."""
    start = getattr(mention, "phrase_start", None)
    phrase = getattr(mention, "phrase", None) or ""
    if start is None:
        return _WORD.findall(mention.text), []
    offset = start - mention.citation.start
    text = mention.text
    return _WORD.findall(text[:max(offset, 0)]), _WORD.findall(text[offset + len(phrase):])


def _lemmas(text: str) -> Counter[str]:
    return Counter(lemma(w.lower()) for w in _WORD.findall(text)
                   if w.lower() not in STOP and len(w) > 1)


def _shingles(text: str, n: int = 4) -> list[str]:
    words = [w.lower() for w in _WORD.findall(text)]
    return [" ".join(words[i:i + n]) for i in range(max(len(words) - n + 1, 1))]


# -- features -------------------------------------------------------------------------------


def cosine(a: Counter[str], b: Counter[str], idf: dict[str, float]) -> float:
    """two word counts + idf weights -> their tf-idf cosine."""
    if not a or not b:
        return 0.0
    dot = sum(a[w] * b[w] * idf.get(w, 1.0) ** 2 for w in a.keys() & b.keys())
    na = math.sqrt(sum((c * idf.get(w, 1.0)) ** 2 for w, c in a.items()))
    nb = math.sqrt(sum((c * idf.get(w, 1.0)) ** 2 for w, c in b.items()))
    return dot / (na * nb) if na and nb else 0.0


def idf_of(figures: Sequence[Figure]) -> dict[str, float]:
    """a story's figures -> inverse document frequency of each word over their sentences."""
    seen: Counter[str] = Counter()
    for f in figures:
        seen.update(f.sentence.keys())
    n = max(len(figures), 1)
    return {w: math.log((1 + n) / (1 + c)) + 1.0 for w, c in seen.items()}


def _jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def _containment(a: frozenset[str], b: frozenset[str]) -> float:
    return len(a & b) / min(len(a), len(b)) if a and b else 0.0


def features(a: Figure, b: Figure, idf: dict[str, float]) -> list[float]:
    """two figures + the story's idf -> the feature vector (in FEATURES order)."""
    same_value = float(a.value is not None and b.value is not None
                       and math.isclose(a.value, b.value, rel_tol=1e-6, abs_tol=1e-9))
    agreeing = float(a.span is not None and b.span is not None and agree([a.span, b.span]))
    ratio = 2.0
    if a.value and b.value and a.value * b.value > 0:
        ratio = min(abs(math.log10(abs(a.value) / abs(b.value))), 2.0)
    same_head = float(bool(a.head) and a.head == b.head)
    window = cosine(a.window, b.window, idf)
    copied = float(_containment(a.shingles, b.shingles) >= 0.6)
    return [
        1.0, same_value, agreeing, ratio, float(bool(a.unit) and a.unit == b.unit), same_head,
        float(a.dimension.startswith("[") and b.dimension.startswith("[")),
        _jaccard(a.subject, b.subject), float(bool(a.concept & b.concept)), window,
        cosine(a.sentence, b.sentence, idf), _jaccard(a.names, b.names), copied * same_value,
        float(min(abs(a.value or 0), abs(b.value or 0)) <= 2),
        float(a.dimension == "age" and b.dimension == "age"),
        float(a.mention.article == b.mention.article), same_value * window,
        agreeing * same_head,
    ]


# -- the model ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairModel:
    """Logistic weights over FEATURES and the probability above which two figures join."""

    weights: tuple[float, ...]
    threshold: float
    about: dict[str, Any]

    def probability(self, vector: Sequence[float]) -> float:
        """a feature vector -> the probability that both figures report one fact."""
        z = sum(w * x for w, x in zip(self.weights, vector, strict=True))
        return 1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0)))


def load_model(path: Path | str | None = None) -> PairModel:
    """the model file (default: the packaged fact_model.json) -> PairModel."""
    return _load(str(path or MODEL_PATH))


@lru_cache(maxsize=4)
def _load(path: str) -> PairModel:
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    if tuple(data["features"]) != FEATURES:
        raise ValueError(f"{path}: fitted on other features than facts/quantity_pairs.py's")
    return PairModel(tuple(float(w) for w in data["weights"]), float(data["threshold"]),
                     dict(data.get("about", {})))


# -- which pairs to score -------------------------------------------------------------------


def candidate_pairs(mentions: Sequence[Mention]) -> tuple[list[Figure], list[tuple[int, int]]]:
    """a story's quantity mentions -> (their Figures, the index pairs worth scoring): figures
    of one kind of measure that share what they count, a value, or a word near the number."""
    figures = [figure(m) for m in mentions]
    by_key: dict[tuple[str, str], list[int]] = {}
    for i, f in enumerate(figures):
        for key in _keys(f):
            by_key.setdefault((f.dimension, key), []).append(i)
    pairs: set[tuple[int, int]] = set()
    for members in by_key.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                pairs.add((i, j))
    return figures, sorted(pairs)


def _keys(f: Figure) -> set[str]:
    """a figure -> the keys it is blocked under: its head, subject terms, value, context words."""
    keys = {f"t:{t}" for t in f.subject} | {f"w:{w}" for w in f.window}
    if f.head:
        keys.add(f"h:{f.head}")
    if f.value is not None:
        keys.add(f"v:{f.value:.6g}")
    return keys


def score_pairs(figures: Sequence[Figure], pairs: Sequence[tuple[int, int]],
                model: PairModel) -> dict[tuple[int, int], float]:
    """figures + the pairs to score + the model -> {pair: probability of one fact}."""
    idf = idf_of(figures)
    return {(i, j): model.probability(features(figures[i], figures[j], idf)) for i, j in pairs}
