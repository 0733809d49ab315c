"""The five Raqqa samples, cleaned: right metadata, no boilerplate left, no body line lost.

The expectations below were checked by hand against the text of each sample.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.api import extract
from crosswire.clean import clean_document
from crosswire.config import load_settings
from crosswire.models import Article, Document, content_hash

# (file stem, headline, outlet, published, confidence)
METADATA = [
    ("000_68163af6daf85999", "End of IS is 'in sight' after Raqqa fall, Trump says", "i24NEWS",
     "2017-10-21", "inferred"),
    ("001_8571044f9f1d5040",
     "Trump says 'end of ISIS caliphate in sight' after liberation campaign leveled Raqqa", None,
     "2017-10-21T23:47", "stated"),
    ("002_29db2200959aca4a", "U.S.-backed Syrian forces capture Syria's Raqqa from Islamic State",
     "Xinhua", "2017-10-18T01:40:26", "stated"),
    ("003_29884fe21087bc82", "Islamic State faces imminent defeat in Raqqa", None,
     "2017-10-14T20:36", "stated"),
    ("004_43c47f607b1253ce", "Tough IS fight ahead", None, "2018-10-02", "inferred"),
]

# Lines that are page furniture or metadata, by sample: each must be out of the body.
BOILERPLATE = {
    "000_68163af6daf85999": ["Quantcast i24NEWS - End of IS", "AP Photo/Asmaa Waguih",
                             "8Previous article", "8Next article"],
    "001_8571044f9f1d5040": ["21 Oct, 2017 23:47 / Updated", "READ MORE:"],
    "002_29db2200959aca4a": ["Source: Xinhua|", "Video PlayerClose", "TOP STORIES",
                             "EDITOR’S CHOICE", "MOST VIEWED", "EXPLORE XINHUANET",
                             "010020070750000000000000011105091366871391"],
    "003_29884fe21087bc82": ["Sunday, May 28, 2023", "Last Update : 06:33 pm",
                             "Published at 08:36 pm"],
    "004_43c47f607b1253ce": ["-------------", "Check Also", "Erdogan announces capturing",
                             "Turkish President Recep Tayyip Erdogan speaks", "Translate »"],
}
# Lines whose status a careful reader could argue either way (a photo caption, a standfirst).
EITHER = ["US President Donald Trump speaks alongside",
          "Trump made no mention of removing Assad from power, a goal pursued unsuccessfully by "
          "former president Obama"]


@lru_cache(maxsize=1)
def _cleaned_together(folder: Path) -> dict[str, Article]:
    """All samples cleaned as one batch, as `crosswire run samples/raqqa` does."""
    return {a.id: a for a in extract(str(folder))}


def _clean(samples: Path, stem: str) -> tuple[Article, list[str]]:
    path = samples / f"{stem}.txt"
    article = _cleaned_together(samples)[stem]
    return article, [" ".join(line.split()) for line in path.read_text().splitlines()]


@pytest.mark.parametrize(("stem", "headline", "outlet", "published", "confidence"), METADATA)
def test_sample_metadata(samples: Path, stem: str, headline: str, outlet: str | None,
                         published: str, confidence: str) -> None:
    article, _ = _clean(samples, stem)
    assert (article.headline, article.outlet) == (headline, outlet)
    assert (article.published, article.published_confidence) == (published, confidence)
    assert article.evidence.get("published")
    if outlet is None:
        assert article.evidence.get("outlet"), "a null outlet says why"


@pytest.mark.parametrize("stem", sorted(BOILERPLATE))
def test_sample_body_has_no_boilerplate_and_loses_no_body_line(samples: Path, stem: str) -> None:
    article, lines = _clean(samples, stem)
    body = article.body.split("\n\n")
    furniture = BOILERPLATE[stem]
    for paragraph in body:
        assert not any(f in paragraph for f in furniture), paragraph
        assert paragraph != article.headline
    for line in filter(None, lines):
        is_meta = any(f in line for f in furniture + EITHER) or line == article.headline
        if not is_meta:
            assert line in body, f"body line lost: {line[:60]}"


def test_a_yearless_dateline_alone_stays_undated_with_the_reason(samples: Path) -> None:
    """Oct 2 fell on a Tuesday in 2001, 2007, 2012, 2018...: the text alone cannot choose."""
    (article,) = extract(str(samples / "004_43c47f607b1253ce.txt"))
    assert article.published is None
    assert article.evidence["published"]


def test_sub_heads_stay_in_the_body(samples: Path) -> None:
    article, _ = _clean(samples, "000_68163af6daf85999")
    assert "Raqa in ruins" in article.body.split("\n\n")
    assert "Assad fate unmentioned" in article.body.split("\n\n")


def test_dateline_and_wire_credit(samples: Path) -> None:
    xinhua, _ = _clean(samples, "002_29db2200959aca4a")
    agencies, _ = _clean(samples, "004_43c47f607b1253ce")
    assert (xinhua.dateline, xinhua.wire_credit) == ("DAMASCUS, Oct. 17 (Xinhua)", "Xinhua")
    assert agencies.wire_credit == "Agencies"
    assert agencies.dateline is not None and agencies.dateline.startswith("PARIS, Oct 2")


@settings(max_examples=60, deadline=None)
@given(st.text(max_size=3000), st.sampled_from(["text", "html"]))
def test_cleaning_never_crashes(text: str, media: str) -> None:
    doc = Document(id="x", path="x", source="x", media=media, content=text, format=media,
                   hash=content_hash(text.encode("utf-8", "replace")))
    article = clean_document(doc, load_settings())
    assert isinstance(article.body, str) and isinstance(article.removed, list)
