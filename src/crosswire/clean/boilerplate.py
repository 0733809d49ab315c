"""Plain-text boilerplate removal: decide for each line of a page whether it is article body.

A two-stage model of small gradient-boosted trees (``line_model.json`` and an ONNX file a stage,
served by onnxruntime: ``line_trees``). Stage one scores each line from its own features, its
position and its neighbours' features (``line_features``); stage two re-scores it with the
stage-one probabilities of its neighbours, since body text is contiguous (a short sub-head
between two body paragraphs is body).
A line is kept when its probability reaches the threshold and a two-state Viterbi path over the
page puts it in body, unless it is furniture on its own (``cues``: a photo credit, a teaser
behind its label, a comment's time stamp); a reader-comment section ends the article.
Training labels come from matching page lines to gold bodies with 4-gram shingles; training
also sees variants of each page (no footer; the page's own link and credit lines moved between
body paragraphs). scikit-learn is needed only to train.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from crosswire.clean.cues import comment_section_start, furniture_line, teaser_runs
from crosswire.clean.line_features import (
    TOKEN,
    PageSummary,
    all_feature_names,
    line_features,
    looks_like_furniture,
    max_run,
    normalise,
    run_distance,
    summarise,
)
from crosswire.clean.line_trees import OnnxTrees, TreeScorer, fit_trees, sigmoid

MODEL_PATH = Path(__file__).with_name("line_model.json")
_FORMAT = "onnx"  # line_model.json names an ONNX file a stage; older files held the trees
_STAGES = ("stage1", "stage2")
_PROB_WINDOWS = (1, 2, 3, 6)
_NEIGHBOUR_COLUMNS = 3 + 2 * len(_PROB_WINDOWS) + 5  # see Neighbours.columns
_SWITCH = 0.2  # Viterbi: probability of switching between body and boilerplate at a line
_FALLBACK = 0.5  # no line reaches the threshold: keep those within this share of the best one
_LETTER = re.compile(r"[^\W\d_]")  # a line without a letter (rules, digit strings) is never body
_BLOCK = 65536  # lines whose Viterbi emissions are read at once
Page = tuple[str, str]  # (page text, gold body)
PageMatrix = tuple[np.ndarray, np.ndarray]  # features and labels of one page's non-empty lines


@dataclass
class LineVerdicts:
    """Per-line decisions for one page."""

    keep: list[bool]  # one per input line: True = article body
    scores: np.ndarray  # body probability per line (0 for empty lines), 8 bytes a line

    @property
    def probability(self) -> list[float]:
        """-> the body probability per line, as a list."""
        return [float(p) for p in self.scores.tolist()]


# --- collection evidence ---------------------------------------------------------------------


def _furniture_candidate(norm: str) -> bool:
    """normalised line -> False when it reads like a body sentence (a wire copy's, say)."""
    tokens = TOKEN.findall(norm)
    return len(tokens) < 12 or not norm.rstrip("\"'”’").endswith(".")


def repeated_lines(texts: Iterable[str], min_docs: int = 3) -> frozenset[str]:
    """texts of a collection -> normalised lines seen in >= min_docs of them (furniture evidence).

    Long sentence-like lines are left out: shared by several documents they are more likely a
    wire story carried by several outlets than page furniture. Lines are first counted by the
    hash of their text (eight bytes a line), then only those whose hash is frequent by text.
    """
    texts = list(texts)
    if not texts or len(texts) < min_docs:
        return frozenset()
    per_text = [np.unique(np.fromiter((hash(n) for n in _normalised(t)), dtype=np.int64))
                for t in texts]
    hashes, counts = np.unique(np.concatenate(per_text), return_counts=True)
    frequent = set(hashes[counts >= min_docs].tolist())
    exact: Counter[str] = Counter()
    for text in texts if frequent else ():
        exact.update({norm for norm in _normalised(text) if hash(norm) in frequent})
    return frozenset(
        line for line, n in exact.items() if n >= min_docs and _furniture_candidate(line)
    )


def _normalised(text: str) -> Iterator[str]:
    """text -> its non-empty lines, normalised."""
    return (normalise(line) for line in text.splitlines() if line.strip())


# --- training labels -------------------------------------------------------------------------


def _ngrams(tokens: Sequence[str], n: int) -> set[tuple[str, ...]]:
    """tokens -> set of their n-grams."""
    return {tuple(tokens[i : i + n]) for i in range(len(tokens) - n + 1)}


def line_labels(lines: Sequence[str], gold: str) -> np.ndarray:
    """(page lines, gold body) -> 0/1 per non-empty line: 1 when it is (mostly) gold text.

    A line of four tokens or more is body when most of its 4-gram shingles occur in the gold body;
    a shorter one (a sub-head) only when a gold paragraph consists of exactly its tokens.
    """
    gold_grams = _ngrams([t.casefold() for t in TOKEN.findall(gold)], 4)
    gold_lines = {tuple(t.casefold() for t in TOKEN.findall(g)) for g in gold.splitlines()}
    labels = []
    for line in lines:
        if not line.strip():
            continue
        tokens = [t.casefold() for t in TOKEN.findall(line)]
        if len(tokens) < 4:
            labels.append(1.0 if tokens and tuple(tokens) in gold_lines else 0.0)
            continue
        mine = [tuple(tokens[i : i + 4]) for i in range(len(tokens) - 3)]
        share = sum(g in gold_grams for g in mine) / len(mine)
        labels.append(1.0 if share >= 0.5 else 0.0)
    return np.asarray(labels)


# --- the model -------------------------------------------------------------------------------


class Neighbours:
    """A page's stage-one body probabilities and what its smoothing features need from all of
    them (running sums, maxima of blocks, the best run of likely-body lines): a few numbers a
    line, so that the features of any run of rows can be built on their own."""

    def __init__(self, p: np.ndarray) -> None:
        self.p = p
        self.cum = np.concatenate([[0.0], np.cumsum(p)])
        self.top: float = float(p.max()) if len(p) else 0.0
        self.mean: float = float(p.mean()) if len(p) else 0.0
        self.run = max_run(p - 0.5)
        self.block_max = np.asarray([p[a : a + _BLOCK].max() for a in range(0, len(p), _BLOCK)])

    def _max(self, a: int, b: int) -> float:
        """-> the largest probability of rows a..b (0 when there is none)."""
        first, last = -(-a // _BLOCK), b // _BLOCK  # whole blocks inside a..b
        if first >= last:
            return float(self.p[a:b].max(initial=0.0))
        inside = float(self.block_max[first:last].max())
        edges = np.concatenate([self.p[a : first * _BLOCK], self.p[last * _BLOCK : b]])
        return max(inside, float(edges.max(initial=0.0)))

    def columns(self, a: int, b: int) -> np.ndarray:
        """rows a..b -> their smoothing features ((b - a) x k)."""
        n, cum, p, rows = len(self.p), self.cum, self.p, np.arange(a, b)
        if a >= b:
            return np.zeros((0, _NEIGHBOUR_COLUMNS))
        cols = [p[a:b], np.full(b - a, self.top), np.full(b - a, self.mean)]
        for w in _PROB_WINDOWS:
            lo, hi = np.clip(rows - w, 0, n), np.clip(rows + w + 1, 0, n)
            cols.append((cum[rows] - cum[lo]) / np.maximum(rows - lo, 1))
            cols.append((cum[hi] - cum[rows + 1]) / np.maximum(hi - rows - 1, 1))
        before = np.maximum.accumulate(np.concatenate([[self._max(0, a)], p[a : b - 1]]))
        # the model was trained with "after" holding the row itself, except on the first row
        own = np.concatenate([[0.0], p[a + 1 : b]]) if a == 0 else p[a:b]
        after = np.maximum.accumulate(np.concatenate([own, [self._max(b, n)]])[::-1])[:0:-1]
        dist = run_distance(rows, self.run)  # to the best run of likely-body lines
        cols += [before, after, np.minimum(before, after), (dist == 0).astype(float),
                 np.log1p(dist)]
        return np.column_stack(cols)


def neighbour_probabilities(p: np.ndarray) -> np.ndarray:
    """stage-one body probabilities of a page's lines -> smoothing features (n x k)."""
    return Neighbours(p).columns(0, len(p))


@dataclass
class LineModel:
    """Two-stage tree model over line features."""

    stage1: TreeScorer
    stage2: TreeScorer
    features: list[str] = field(default_factory=all_feature_names)
    trained_on: list[str] = field(default_factory=list)  # page ids, so evals can avoid them

    @classmethod
    def load(cls, path: Path = MODEL_PATH) -> LineModel:
        """JSON file (+ the ONNX file of each stage beside it) -> LineModel served by
        onnxruntime (the packaged model by default)."""
        path = Path(path)
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("format") != _FORMAT or data["features"] != all_feature_names():
            raise ValueError(f"{path}: model format or features do not match this version; "
                             "retrain it (eval/train_line_model.py)")
        stage1, stage2 = (OnnxTrees(path.with_name(data[s]).read_bytes()) for s in _STAGES)
        return cls(stage1, stage2, data["features"], data.get("trained_on", []))

    def save(self, path: Path = MODEL_PATH) -> None:
        """LineModel -> JSON file (features, pages trained on) and an ONNX file a stage beside it
        (``<name>.stage1.onnx``; exporting a model fitted here needs the ``onnx`` package)."""
        path = Path(path)
        data: dict[str, object] = {"format": _FORMAT, "features": self.features,
                                   "trained_on": self.trained_on}
        for name, stage in zip(_STAGES, (self.stage1, self.stage2), strict=True):
            data[name] = f"{path.stem}.{name}.onnx"
            path.with_name(f"{path.stem}.{name}.onnx").write_bytes(stage.onnx())
        path.write_text(json.dumps(data, separators=(",", ":")), encoding="utf-8")

    def probabilities(self, x: np.ndarray) -> np.ndarray:
        """feature matrix of one page's non-empty lines -> body probability per line."""
        if not len(x):
            return np.zeros(0)
        p1 = sigmoid(self.stage1.raw(x))
        return sigmoid(self.stage2.raw(np.hstack([x, neighbour_probabilities(p1)])))

    def page_probabilities(self, page: PageSummary) -> np.ndarray:
        """a page's summary -> body probability per non-empty line, the same as
        ``probabilities`` of its whole feature matrix, built a chunk of rows at a time (a page
        longer than a chunk has its rows built twice, once per stage)."""
        p1, p = np.zeros(page.rows), np.zeros(page.rows)
        for a, x in page.chunks():
            p1[a : a + len(x)] = sigmoid(self.stage1.raw(x))
        near = Neighbours(p1)
        for a, x in page.chunks():
            near_x = near.columns(a, a + len(x))
            p[a : a + len(x)] = sigmoid(self.stage2.raw(np.hstack([x, near_x])))
        return p

    @classmethod
    def train(cls, pages: Sequence[Page], repeated: frozenset[str] | None = None) -> LineModel:
        """(page text, gold body) pairs -> trained LineModel (deterministic)."""
        if repeated is None:
            repeated = repeated_lines(text for text, _ in pages)
        return cls.from_matrices([page_matrices(text, gold, repeated) for text, gold in pages])

    @classmethod
    def from_matrices(cls, groups: Sequence[list[PageMatrix]]) -> LineModel:
        """per page, (features, labels) of it and its variants -> trained LineModel."""
        stage1 = _fit_stage(groups, None)
        stage2 = _fit_stage(groups, _out_of_fold_stage1(groups))
        return cls(stage1, stage2)


def _matrix(lines: list[str], gold: str, repeated: frozenset[str]) -> PageMatrix:
    """(page lines, gold, repeated lines) -> (features, labels) over its non-empty lines."""
    return line_features(lines, repeated)[0], line_labels(lines, gold)


def page_matrices(text: str, gold: str, repeated: frozenset[str]) -> list[PageMatrix]:
    """(page, gold, repeated lines) -> matrices of the page, then of two variants of it.

    One variant ends zero to two lines after the last body line: pages without a footer happen,
    and without it the model learns that the last lines are never body. The other moves the
    page's own link, credit and notice lines into its body (as "READ MORE" or a photo credit
    sit between paragraphs), so that neighbours' evidence does not outweigh a line's own.
    """
    lines = text.splitlines()
    full = _matrix(lines, gold, repeated)
    body = [i for i, label in enumerate(full[1]) if label > 0]
    if not body:
        return [full]
    index = [i for i, line in enumerate(lines) if line.strip()]
    spare = len(index) % 3  # keep 0-2 furniture lines past the body, varying by page
    after = index[min(body[-1] + spare, len(index) - 1)]
    variants = [full, _matrix(lines[: after + 1], gold, repeated)]
    inserts = [lines[i] for i, y in zip(index, full[1], strict=True) if not y]
    inserts = [line for line in inserts if looks_like_furniture(line)]
    if inserts:
        variants.append(
            _matrix(_interleave(lines, [index[j] for j in body], inserts), gold, repeated)
        )
    return variants


def _interleave(lines: list[str], body: list[int], inserts: list[str]) -> list[str]:
    """(page lines, body line indexes, furniture lines) -> page with one inserted after every
    fourth body line, cycling through the inserts."""
    after = set(body[1:-1:4])
    out: list[str] = []
    for i, line in enumerate(lines):
        out.append(line)
        if i in after:
            out += ["", inserts[len(out) % len(inserts)], ""]
    return out


def _fit_stage(
    groups: Sequence[list[PageMatrix]], p1: list[list[np.ndarray]] | None
) -> TreeScorer:
    """per-page matrices [+ their stage-one probabilities] -> trees for stage one [or two]."""
    flat = [m for group in groups for m in group]
    xs = [m[0] for m in flat]
    if p1 is not None:
        probs = [p for group in p1 for p in group]
        xs = [np.hstack([x, neighbour_probabilities(p)]) for x, p in zip(xs, probs, strict=True)]
    y = np.concatenate([m[1] for m in flat])
    return fit_trees(np.vstack(xs), y)


def _out_of_fold_stage1(
    groups: Sequence[list[PageMatrix]], folds: int = 4
) -> list[list[np.ndarray]]:
    """per-page matrices -> stage-one probabilities, each page scored by a model not fit on it."""
    out: list[list[np.ndarray]] = [[] for _ in groups]
    for k in range(folds):
        trees = _fit_stage([g for i, g in enumerate(groups) if i % folds != k], None)
        for i in range(k, len(groups), folds):
            out[i] = [sigmoid(trees.raw(m[0])) for m in groups[i]]
    return out


# --- public API ------------------------------------------------------------------------------

_DEFAULT: list[LineModel] = []


def default_model() -> LineModel:
    """-> the packaged model, loaded once."""
    if not _DEFAULT:
        _DEFAULT.append(LineModel.load())
    return _DEFAULT[0]


def classify_lines(
    lines: list[str],
    repeated: frozenset[str] = frozenset(),
    threshold: float = 0.5,
    model: LineModel | None = None,
) -> LineVerdicts:
    """page lines -> LineVerdicts (empty lines are never kept).

    Lines that are furniture on their own (``cues.furniture_line``: a photo credit, a teaser
    behind its label, a comment's time stamp) or that a teaser label introduces
    (``cues.teaser_runs``) are never kept; a reader-comment section ends the article, and the
    body is chosen again among the lines before it.
    """
    page = summarise(lines, repeated)
    if not page.rows:
        return LineVerdicts([False] * len(lines), np.zeros(len(lines)))
    index = page.index
    p = (model or default_model()).page_probabilities(page)
    p = np.where(_each(index, lambda i: bool(_LETTER.search(lines[i]))), p, 0.0)
    usable = _each(index, lambda i: furniture_line(lines[i]) is None)
    chosen = _decide(p, threshold) & usable
    teasers = set(teaser_runs(lines, _spread(chosen, index, len(lines))))
    usable &= _each(index, lambda i: i not in teasers)
    chosen &= usable
    end = comment_section_start(lines, _spread(chosen, index, len(lines)))
    if end is not None:  # a reader-comment thread ends the article
        chosen = _decide(np.where(index < end, p, 0.0), threshold) & usable
    prob = np.zeros(len(lines))
    prob[index] = p
    return LineVerdicts(_spread(chosen, index, len(lines)), prob)


def _each(index: np.ndarray, test: Callable[[int], bool]) -> np.ndarray:
    """line indexes + a test of a line index -> its answers, one byte each."""
    blocks = (index[a : a + _BLOCK].tolist() for a in range(0, len(index), _BLOCK))
    return np.fromiter((test(i) for block in blocks for i in block), dtype=bool,
                       count=len(index))


def _spread(flags: np.ndarray, index: np.ndarray, n: int) -> list[bool]:
    """flags of the non-empty lines + their indexes + the page's line count -> a flag per
    line (False for empty lines)."""
    out = np.zeros(n, dtype=bool)
    out[index] = flags
    return out.tolist()


def _decide(p: np.ndarray, threshold: float) -> np.ndarray:
    """body probabilities of a page's non-empty lines -> keep flags.

    A line is kept when it reaches the threshold and the most likely body/boilerplate state
    sequence (Viterbi) puts it in body: a likely line stranded among boilerplate (a teaser in a
    footer) goes. When no line reaches the threshold, those near the best one are kept.
    """
    if p.max() < threshold:
        return (p >= _FALLBACK * p.max()) & (p > 0)
    keep = p >= threshold
    in_body = keep & _viterbi(p)
    return in_body if in_body.any() else keep


def _viterbi(p: np.ndarray, switch: float = _SWITCH) -> np.ndarray:
    """body probabilities -> most likely two-state path (True = body), switching costs `switch`.

    Two states need no matrices: the recursion runs on plain floats (the same sums), the
    emissions are read a block at a time and the back pointers take a byte a line."""
    trans = np.log(np.array([[1 - switch, switch], [switch, 1 - switch]])).tolist()
    n = len(p)
    back = np.zeros((n, 2), dtype=np.uint8)  # per line and state now: the better state before
    score = tuple(_emissions(p[:1])[0].tolist())
    for a in range(1, n, _BLOCK):
        emit = _emissions(p[a : a + _BLOCK])
        score = _viterbi_block(emit, trans, score, back[a : a + _BLOCK])
    path = bytearray(n)
    state = int(score[1] > score[0])  # ties go to state 0, as numpy's argmax
    for j in range(n - 1, -1, -1):
        path[j] = state
        state = int(back[j, state])
    return np.frombuffer(bytes(path), dtype=np.uint8) == 1


def _emissions(p: np.ndarray) -> np.ndarray:
    """body probabilities -> log probabilities of (boilerplate, body), one row a line."""
    q = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(np.column_stack([1 - q, q]))


def _viterbi_block(
    emit: np.ndarray, trans: list[list[float]], score: tuple[float, ...], back: np.ndarray
) -> tuple[float, float]:
    """(log emissions of a block of lines, log transitions, the scores before it, its back
    pointers to fill) -> the scores after it."""
    (stay0, to1), (to0, stay1) = trans
    score0, score1 = score
    from_body, into_body = bytearray(len(emit)), bytearray(len(emit))
    for k, (e0, e1) in enumerate(emit.tolist()):
        from0, from1 = score0 + stay0, score1 + to0
        into0, into1 = score0 + to1, score1 + stay1
        from_body[k], into_body[k] = from1 > from0, into1 > into0
        score0, score1 = max(from0, from1) + e0, max(into0, into1) + e1
    back[:, 0] = np.frombuffer(bytes(from_body), dtype=np.uint8)
    back[:, 1] = np.frombuffer(bytes(into_body), dtype=np.uint8)
    return score0, score1


def clean_text(
    text: str, repeated: frozenset[str] = frozenset(), threshold: float = 0.5
) -> tuple[str, list[str]]:
    """plain text -> (body: kept lines, paragraphs separated by a blank line; removed lines)."""
    lines = text.splitlines()
    verdicts = classify_lines(lines, repeated, threshold)
    kept = [" ".join(line.split()) for line, k in zip(lines, verdicts.keep, strict=True) if k]
    removed = [
        line.strip() for line, k in zip(lines, verdicts.keep, strict=True) if line.strip() and not k
    ]
    return "\n\n".join(kept), removed


def cross_validated_bodies(
    plaintext_dir: Path, gold: dict[str, str], folds: int = 5
) -> dict[str, str]:
    """(folder of <id>.txt, gold bodies by id) -> body per id from a model not trained on it.

    Pages are split into folds by sorted id (page i goes to fold i mod folds).
    """
    ids = sorted(i for i in gold if (Path(plaintext_dir) / f"{i}.txt").exists())
    texts = {i: (Path(plaintext_dir) / f"{i}.txt").read_text(encoding="utf-8") for i in ids}
    repeated = repeated_lines(texts.values())
    data = [page_matrices(texts[i], gold[i], repeated) for i in ids]
    bodies: dict[str, str] = {}
    for k in range(folds):
        model = LineModel.from_matrices([d for n, d in enumerate(data) if n % folds != k])
        for i in ids[k::folds]:
            lines = texts[i].splitlines()
            verdicts = classify_lines(lines, repeated, model=model)
            kept = (line for line, keep in zip(lines, verdicts.keep, strict=True) if keep)
            bodies[i] = "\n".join(kept)
    return bodies
