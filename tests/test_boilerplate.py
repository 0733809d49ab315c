"""Specification of the plain-text boilerplate line classifier (crosswire.clean.boilerplate)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pytest

from crosswire.clean import clean_document
from crosswire.clean.boilerplate import (
    MODEL_PATH,
    LineModel,
    _decide,
    classify_lines,
    clean_text,
    cross_validated_bodies,
    line_labels,
    repeated_lines,
)
from crosswire.clean.cues import (
    caption_credit,
    comment_actions,
    comment_section_head,
    comment_section_start,
    date_stamp,
    teaser_label,
    teaser_runs,
    time_stamp,
)
from crosswire.clean.line_features import all_feature_names, line_features
from crosswire.config import load_settings
from crosswire.models import Document, content_hash

SAMPLES = Path(__file__).resolve().parents[1] / "samples" / "raqqa"


def sample(stem: str) -> str:
    """sample file name prefix -> its text."""
    (path,) = SAMPLES.glob(f"{stem}_*.txt")
    return path.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def cleaned() -> dict[str, tuple[str, list[str]]]:
    """-> (body, removed) of every sample, cleaned once."""
    return {p.name[:3]: clean_text(p.read_text(encoding="utf-8")) for p in SAMPLES.glob("*.txt")}


FURNITURE = [
    ("000", "8Previous articleTwo more Weinstein accusers"),
    ("000", "8Next articleAll five living former US presidents"),
    ("000", "AP Photo/Asmaa Waguih"),
    ("001", "READ MORE: 'Areas with civilians most bombed-out'"),
    ("001", "21 Oct, 2017 23:47 / Updated 7 years ago"),
    ("002", "Source: Xinhua| 2017-10-18 01:40:26|Editor: Mu Xuequan"),
    ("002", "Video PlayerClose"),
    ("002", "TOP STORIES"),
    ("002", "EDITOR’S CHOICE"),
    ("002", "MOST VIEWED"),
    ("002", "EXPLORE XINHUANET"),
    ("002", "010020070750000000000000011105091366871391"),
    ("003", "• Sunday, May 28, 2023"),
    ("003", "• Last Update : 06:33 pm"),
    ("003", "• Published at 08:36 pm October 14th, 2017"),
    ("004", "-------------"),
    ("004", "Check Also"),
    ("004", "Erdogan announces capturing of Al-Baghdadi’s wife"),
    ("004", "Turkish President Recep Tayyip Erdogan speaks during a meeting in Ankara"),
    ("004", "Translate »"),
]


@pytest.mark.parametrize(("stem", "line"), FURNITURE)
def test_page_furniture_of_the_samples_is_removed(
    cleaned: dict[str, tuple[str, list[str]]], stem: str, line: str
) -> None:
    body, removed = cleaned[stem]
    assert line not in body
    assert any(r.startswith(line) or line in r for r in removed)


def test_every_body_paragraph_of_the_samples_is_kept(
    cleaned: dict[str, tuple[str, list[str]]],
) -> None:
    for stem, (body, _) in cleaned.items():
        for line in sample(stem).splitlines():
            text = " ".join(line.split())
            # a body paragraph: a long line of several sentences or one closing with a full stop
            if len(text) > 120 and text.count(" ") > 15 and "Tillerson" not in text:
                assert text in body, (stem, text[:60])


@pytest.mark.parametrize("subhead", ["Raqa in ruins", "Assad fate unmentioned"])
def test_a_subhead_between_body_paragraphs_is_kept(
    cleaned: dict[str, tuple[str, list[str]]], subhead: str
) -> None:
    body, removed = cleaned["000"]
    assert f"\n\n{subhead}\n\n" in body
    assert subhead not in removed


def test_a_body_given_as_one_long_line_at_the_end_of_the_page_is_kept(
    cleaned: dict[str, tuple[str, list[str]]],
) -> None:
    body, _ = cleaned["003"]
    assert body.startswith("Islamic State is on the verge of defeat in Syria's Raqqa")
    assert body.endswith("captured the town of al-Mayadin in Deir al-Zor province.")


def test_body_paragraphs_are_separated_by_one_blank_line() -> None:
    body, _ = clean_text(sample("002"))
    paragraphs = body.split("\n\n")
    assert len(paragraphs) >= 20
    assert all(p == p.strip() and p and "\n" not in p for p in paragraphs)


def test_lines_repeated_across_a_collection_are_found_and_removed() -> None:
    menu = "Home\nWorld\nSport\nTerms and conditions of our partners\n"
    texts = [menu + sample(stem) for stem in ("000", "001", "002")]
    repeated = repeated_lines(texts, min_docs=3)
    assert "terms and conditions of our partners" in repeated
    assert "home" in repeated
    assert not any("raqqa" in line for line in repeated)
    body, removed = clean_text(texts[1], repeated)
    assert "Terms and conditions of our partners" in removed
    assert "Terms and conditions" not in body


def test_a_wire_story_shared_by_several_outlets_is_not_taken_for_furniture() -> None:
    story = sample("002")
    repeated = repeated_lines([story, story, story], min_docs=3)
    assert repeated  # the headline and the widget labels are shared...
    assert not any(len(line) > 150 for line in repeated)  # ...but not the body sentences


def test_repeated_lines_need_min_docs_documents() -> None:
    texts = ["Subscribe now\nA", "Subscribe now\nB", "Other"]
    assert repeated_lines(texts, min_docs=2) == frozenset({"subscribe now"})
    assert repeated_lines(texts, min_docs=3) == frozenset()


def test_empty_input_gives_an_empty_body() -> None:
    assert clean_text("") == ("", [])
    assert clean_text("\n \n\t\n") == ("", [])
    verdicts = classify_lines(["", "  "])
    assert verdicts.keep == [False, False]
    assert verdicts.probability == [0.0, 0.0]


def test_verdicts_have_one_entry_per_input_line() -> None:
    lines = sample("000").splitlines()
    verdicts = classify_lines(lines)
    assert len(verdicts.keep) == len(verdicts.probability) == len(lines)
    assert all(0.0 <= p <= 1.0 for p in verdicts.probability)
    assert all(not k for line, k in zip(lines, verdicts.keep, strict=True) if not line.strip())


def test_threshold_trades_precision_for_recall() -> None:
    lines = sample("000").splitlines()
    strict, default, loose = (
        {i for i, k in enumerate(classify_lines(lines, threshold=t).keep) if k}
        for t in (0.95, 0.5, 0.05)
    )
    assert strict < default <= loose


def test_the_packaged_model_loads_and_is_small(tmp_path: Path) -> None:
    model = LineModel.load()
    assert model.features == all_feature_names()
    files = list(MODEL_PATH.parent.glob(f"{MODEL_PATH.stem}.*"))
    assert sorted(path.suffix for path in files) == [".json", ".onnx", ".onnx"]
    assert sum(path.stat().st_size for path in files) < 200_000
    copy = tmp_path / "model.json"
    model.save(copy)
    x, _ = line_features(sample("001").splitlines())
    assert (LineModel.load(copy).probabilities(x) == model.probabilities(x)).all()


def test_training_labels_mark_lines_found_in_the_gold_body() -> None:
    lines = ["Share this", "", "The mayor said the bridge will reopen on Monday.", "Read more"]
    gold = "The mayor said the bridge will reopen on Monday. Work began in May."
    assert line_labels(lines, gold).tolist() == [0.0, 1.0, 0.0]


def test_a_likely_line_stranded_among_boilerplate_is_dropped() -> None:
    p = np.array([0.05, 0.1, 0.95, 0.97, 0.2, 0.96, 0.98, 0.1, 0.05, 0.7, 0.05, 0.1])
    keep = _decide(p, 0.5)
    assert keep.tolist() == [p_ >= 0.5 and i < 7 for i, p_ in enumerate(p)]


def test_when_no_line_reaches_the_threshold_the_best_ones_are_kept() -> None:
    keep = _decide(np.array([0.05, 0.3, 0.4, 0.1]), 0.5)
    assert keep.tolist() == [False, True, True, False]


def test_a_model_trains_from_pages_and_gold_bodies(tmp_path: Path) -> None:
    gold = {}
    for path in sorted(SAMPLES.glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        (tmp_path / path.name).write_text(text, encoding="utf-8")
        gold[path.stem] = "\n\n".join(line for line in text.splitlines() if len(line) > 150)
    bodies = cross_validated_bodies(tmp_path, gold, folds=2)
    assert set(bodies) == set(gold)
    model = LineModel.train([(sample(stem[:3]), body) for stem, body in gold.items()])
    x, _ = line_features(sample("002").splitlines())
    assert model.probabilities(x).shape == (len(x),)


def test_reader_comment_headers_are_marked_and_counted() -> None:
    lines = ["The council met on Monday and approved the budget for next year.", "",
             "jo_smith says:", "", "Great news for the town.", "",
             "Ann on May 2, 2019 at 4:47 pm said:", "", "Agreed."]
    x, _ = line_features(lines)
    names = all_feature_names()
    head = x[:, names.index("comment_head")]
    assert head.tolist() == [0.0, 1.0, 0.0, 1.0, 0.0]
    before = x[:, names.index("comment_heads_before")]
    assert before[0] == 0.0 and before[-1] > before[2] > 0.0
    headline, _ = line_features(["End of IS is 'in sight' after Raqqa fall, Trump says"])
    assert headline[0, names.index("comment_head")] == 0.0


# --- reader comments, captions and teasers (clean/cues.py) -----------------------------------

STORY = Path(__file__).resolve().parent / "fixtures" / "furniture" / "story_with_comments.txt"
STORY_PARAGRAPHS = [line for line in STORY.read_text(encoding="utf-8").splitlines()
                    if len(line) > 80 and not line.startswith(("Workers", "1 rock", "They are"))]
NOT_ARTICLE = [
    "Workers stack sandbags along the river bank in Norwich, Britain, February 12, 2024. "
    "REUTERS/Tom Baker",
    "Read more: Storm Henk floods hundreds of homes across eastern England",
    "More from World", "Rail services cut as high winds sweep across Scotland",
    "Government promises 5 billion pounds for flood defences",
    "Reader comments (4)", "Join the conversation", "riverwatcher77", "3 hours ago",
    "1 rock at a time, that's how they build things in this country. Ten years for a wall!",
    "They are ten steps behind every other council. My cousin in the Netherlands laughs at us.",
    "At least it is one step closer. 48 million is a lot of money though.",
    "Reply", "Report", "Recommend (12)", "Load more comments",
]


def test_a_scraped_story_keeps_its_paragraphs_and_removes_comments_captions_teasers() -> None:
    text = STORY.read_text(encoding="utf-8")
    doc = Document(id="s", path="s.txt", source="s.txt", media="text", content=text,
                   format="text", hash=content_hash(text.encode()))
    article = clean_document(doc, load_settings())
    body = article.body.split("\n\n")
    assert len(STORY_PARAGRAPHS) == 6
    assert [p for p in body if p in STORY_PARAGRAPHS] == STORY_PARAGRAPHS
    for line in NOT_ARTICLE:
        assert line not in body
        assert line in article.removed, line


PROSE = [
    "The council approved a budget of 12 million euros on Monday after a debate that lasted "
    "more than six hours.",
    "The opposition said the plan would raise local taxes by 3 percent and promised to "
    "challenge it in court.",
    "A final vote on the bus routes, a third of the budget, is expected in March, the mayor's "
    "office said.",
]
COMMENT = "Another waste of 5 million euros by people who never take the bus, as usual here."


@pytest.mark.parametrize(
    ("lines", "start"),
    [
        # a thread after the article: its header ends the article
        (["Budget passed", "", *PROSE, "", "Comments", "", "dave_k", "2 hours ago", COMMENT,
          "Reply"], 6),
        # the thread's header with nothing but a form after it
        (["Budget passed", "", *PROSE, "", "Leave a Reply", "", "Name *", "Email *"], 6),
        # a share bar above the article, then the article: no thread
        (["Budget passed", "Tweet", "Share", "Comments", "", *PROSE], None),
        # a comment count above the lead: the article has not begun
        (["Budget passed", "", "12 comments", "", *PROSE], None),
        # a blog's thread, each comment signed with a name and a date: long comments follow
        (["Budget passed", "", *PROSE, "", "6 thoughts on “Budget passed”", "", "Vatsala",
          "August 22, 2018 at 5:57 am", "", PROSE[1], "", PROSE[2]], 6),
        # a "Comments" link after the lead, the article goes on, then the thread
        (["Budget passed", "", PROSE[0], "", "Comments", "", PROSE[1], PROSE[2], "",
          "Reader comments", "", "Ann", "5 minutes ago", COMMENT], 9),
    ],
)
def test_a_comment_section_ends_the_article(lines: list[str], start: int | None) -> None:
    assert comment_section_start(lines, [bool(line.strip()) for line in lines]) == start


@pytest.mark.parametrize(
    ("cue", "yes", "no"),
    [
        (comment_section_head, ["Comments", "12 comments", "Reader comments (3)",
                                "Join the conversation", "Leave a Reply", "View Comments",
                                "5 thoughts on “Budget passed”", "Kommentare", "3 commentaires",
                                "#1 Kommentar von Naru-chan", "Comment by jo_smith"],
         ["Comment", "Comments are closed.", "The comments of the minister were clear."]),
        (time_stamp, ["3 hours ago", "jo_smith 2h ago", "yesterday at 4:05 pm", "vor 2 Stunden"],
         ["The vote came 3 days ago, officials said, after a long debate in parliament over "
          "the budget for the coming year.", "That was 20 years ago."]),
        (date_stamp, ["August 22, 2018 at 5:57 am", "22.08.2018, 17:57", "Nov 15, 2019 5:45 AM"],
         ["The meeting on May 2 ran until 11:30 pm, when the mayor left the town hall.",
          "Score was 2-1 at 45:00"]),
        (comment_actions, ["Reply", "Report abuse", "Recommend (12)", "Like · Reply · 3"],
         ["Reply to the minister", "Reporters gathered outside."]),
        (caption_credit, ["(Reuters/Jane Doe)", "AP Photo/Asmaa Waguih", "Photo: Ringo Chiu, AP",
                          "Michael Conroy, AP", "Alex Wong | Getty Images", "Getty Images",
                          "FILE PHOTO: Traders work on the floor of the exchange, November 18, "
                          "2019. REUTERS/Brendan McDermid",
                          "A lunar lander on display at the fair in Bremen. Credit: Tyvak"],
         ["The agency said, citing Reuters/Ipsos polling, that support for the plan was at 45 "
          "percent among likely voters in the state.", "She told AP that she was fine.",
          "Reuters"]),
        (teaser_label, ["Read more: Storm Henk floods homes", "Related: The 15 Weirdest Galaxies",
                        "More from World", "Also on rt.com Journalists threatened",
                        "Most read in world news", "You may also like...", "Latest Videos"],
         ["More than 200 fighters died.", "Related parties said nothing.", "Morale is low.",
          "LATEST: The death toll rose to 45 on Tuesday, officials said."]),
    ],
)
def test_cues_of_comments_captions_and_teasers(
    cue: Callable[[str], bool], yes: list[str], no: list[str]
) -> None:
    assert all(cue(line) for line in yes), [line for line in yes if not cue(line)]
    assert not any(cue(line) for line in no), [line for line in no if cue(line)]


def test_a_teaser_label_takes_the_short_lines_it_introduces_once_the_article_has_begun() -> None:
    lines = ["Trending", "Bus fares rise", "New tram line opens", "", PROSE[0], "",
             "Trending News", "", "Man arrested after 7 victims found in car: Police",
             "Safety officials urge Boeing to redesign part", "", PROSE[1], "", "Tram plans",
             "", PROSE[2], "", "Related stories", "", "Mayor resigns"]
    assert teaser_runs(lines, [bool(line.strip()) for line in lines]) == [8, 9]
