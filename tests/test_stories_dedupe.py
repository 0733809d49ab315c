"""Wire copies: the same text from several outlets shares one wire group, named after the
earliest article; different stories on the same event do not."""

from __future__ import annotations

from pathlib import Path

from crosswire.models import Article
from crosswire.stories.dedupe import containment, shingles, wire_groups
from tests.factories import make_article


def art(id: str, body: str, published: str | None = None, outlet: str | None = None) -> Article:
    return make_article(id, body, published=published, outlet=outlet)


def _body(samples: Path, stem: str) -> str:
    from crosswire.api import extract

    return extract(str(samples / f"{stem}.txt"))[0].body


def test_a_story_run_by_three_papers_is_one_group_named_after_the_earliest(samples: Path) -> None:
    body = _body(samples, "002_29db2200959aca4a")
    copies = [art("paper-b", body, "2017-10-18T09:00"), art("paper-a", body, "2017-10-18T02:00"),
              art("paper-c", "Editor's note.\n\n" + body, "2017-10-19")]
    groups = wire_groups(copies)
    assert groups == {"paper-a": "paper-a", "paper-b": "paper-a", "paper-c": "paper-a"}


def test_a_trimmed_republication_under_a_new_headline_is_a_copy(samples: Path) -> None:
    body = _body(samples, "002_29db2200959aca4a")
    first_half = "\n\n".join(body.split("\n\n")[:8])
    groups = wire_groups([art("full", body, "2017-10-18"), art("trim", first_half, "2017-10-20")])
    assert groups["trim"] == "full"


def test_independent_reports_of_one_event_stay_apart(samples: Path) -> None:
    stems = ["000_68163af6daf85999", "001_8571044f9f1d5040", "002_29db2200959aca4a",
             "003_29884fe21087bc82"]
    articles = [art(s, _body(samples, s), "2017-10-21") for s in stems]
    assert wire_groups(articles) == {s: s for s in stems}


def test_short_texts_are_never_called_copies() -> None:
    groups = wire_groups([art("a", "Raqqa fell."), art("b", "Raqqa fell.")])
    assert groups == {"a": "a", "b": "b"}


def test_containment_is_measured_against_the_shorter_text() -> None:
    long, short = shingles("a b c d e f g h i j"), shingles("a b c d e f")
    assert containment(short, long) == 1.0 and containment(set(), long) == 0.0


def test_shingles_of_a_huge_text_read_only_its_first_words() -> None:
    import tracemalloc

    from crosswire.stories.dedupe import SHINGLE_WORDS, shingles

    words = [f"w{i}" for i in range(3 * SHINGLE_WORDS)]
    tracemalloc.start()
    grams = shingles(" ".join(words))
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    assert len(grams) == SHINGLE_WORDS - 4  # 5-grams of the first SHINGLE_WORDS words
    assert " ".join(words[-5:]) not in grams
    assert peak < 40_000_000  # bytes, beyond the text itself
