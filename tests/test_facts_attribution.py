"""Specification of sentence attribution on real news sentences (the Raqqa samples, Oct 2017).

Every sentence is attributed to the source it names (a person, an organisation, a role as
written, or an anonymous source), never to the outlet it was told to; a sentence that names no
source gets None (it is the outlet's own statement).
"""

from __future__ import annotations

import pytest
from spacy.language import Language

from crosswire.facts.attribution import Attribution, attribution, attributions
from crosswire.facts.nlp import load_nlp
from crosswire.facts.quotes import find_quotes


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def attr(nlp: Language, text: str) -> Attribution | None:
    """One-sentence text -> its attribution."""
    doc = nlp(text)
    [sent] = list(doc.sents)
    return attribution(sent)


def test_organisation_that_said(nlp: Language) -> None:
    text = (
        "The Syrian Observatory for Human Rights said Tuesday that as many as 3,250 people "
        "have been killed during the four-month-long battles in Raqqa."
    )
    a = attr(nlp, text)
    assert a is not None
    assert (a.source, a.kind, a.resolved, a.told_to) == (
        "Syrian Observatory for Human Rights", "organisation", None, None
    )
    assert text[a.start : a.end] == a.source


def test_according_to(nlp: Language) -> None:
    a = attr(nlp, "More than 3,200 people were killed in Raqqa, according to the UN.")
    assert a is not None and (a.source, a.kind) == ("UN", "organisation")


def test_told_outlet_is_not_the_source(nlp: Language) -> None:
    text = (
        '"Others didn\'t surrender, so now they\'re looking for a plan," Omar Alloush told '
        "Reuters in an interview in Ain Issa, north of Raqqa."
    )
    a = attr(nlp, text)
    assert a is not None
    assert (a.source, a.kind, a.told_to) == ("Omar Alloush", "person", "Reuters")


def test_told_reporters(nlp: Language) -> None:
    text = (
        "Islamic State is on the verge of defeat in Syria's Raqqa, the Syrian Kurdish YPG "
        "militia told reporters."
    )
    a = attr(nlp, text)
    assert a is not None
    assert (a.source, a.told_to) == ("the Syrian Kurdish YPG militia", "reporters")


def test_role_as_written(nlp: Language) -> None:
    text = (
        "But a French military spokesman said it will be many weeks before civilians can "
        "safely return."
    )
    a = attr(nlp, text)
    assert a is not None and (a.source, a.kind, a.resolved) == (
        "a French military spokesman", "role", None
    )


@pytest.mark.parametrize(
    ("text", "source"),
    [
        ("Officials said the city had fallen.", "Officials"),
        ("Sources say the talks have stalled.", "Sources"),
        (
            "A US official, speaking on the condition of anonymity, said Mattis was referring "
            "to State Department employees.",
            "A US official",
        ),
    ],
)
def test_anonymous_sources(nlp: Language, text: str, source: str) -> None:
    a = attr(nlp, text)
    assert a is not None and (a.source, a.kind) == (source, "anonymous")


@pytest.mark.parametrize(
    "text",
    [
        "The declaration came four days after US-backed Kurdish-led forces recaptured Raqqa.",
        "Over 300,000 people have fled the Raqqa area, leaving it with less than 1 percent of "
        "its pre-war population.",
        'As the "liberation" concludes, most of Raqqa is a booby-trapped ruin.',
        "Trump's statement did not address whether US plans include a commitment to rebuild.",
    ],
)
def test_no_source_is_none(nlp: Language, text: str) -> None:
    assert attr(nlp, text) is None


def test_toll_put_by_an_organisation(nlp: Language) -> None:
    a = attr(
        nlp,
        "The Syrian Observatory of Human Rights put the number of dead at more than 3,200, "
        "including 1,130 civilians.",
    )
    assert a is not None and a.source == "Syrian Observatory of Human Rights"


def test_relative_clause_source(nlp: Language) -> None:
    a = attr(
        nlp,
        "The operation in Raqqa was lambasted by the UN, which said dozens of civilians were "
        "killed every day.",
    )
    assert a is not None and a.source == "UN"


# --------------------------------------------------------------------------- document context


def test_role_noun_resolves_to_the_earlier_full_name(nlp: Language) -> None:
    doc = nlp(
        "The Syrian Observatory for Human Rights said 3,250 people had been killed. "
        "The observatory said 1,130 of them were civilians."
    )
    first, second = attributions(doc)
    assert first is not None and second is not None
    assert (second.source, second.kind) == ("The observatory", "role")
    assert second.resolved == "Syrian Observatory for Human Rights"
    assert second.who == "Syrian Observatory for Human Rights"


def test_role_noun_not_in_an_earlier_name_stays_unresolved(nlp: Language) -> None:
    doc = nlp(
        "The Syrian Observatory for Human Rights said 3,250 people had been killed. "
        "The monitor said 1,130 of them were civilians."
    )
    second = attributions(doc)[1]
    assert second is not None and (second.source, second.resolved) == ("The monitor", None)


def test_title_resolves_to_the_named_person(nlp: Language) -> None:
    doc = nlp(
        "US President Donald Trump announced the full liberation of Raqqa on Saturday. "
        "According to the president, the fall of Raqqa represents a critical breakthrough."
    )
    second = attributions(doc)[1]
    assert second is not None
    assert (second.source, second.resolved) == ("the president", "Donald Trump")


def test_it_added_continues_the_organisation(nlp: Language) -> None:
    text = (
        "The Syrian Observatory for Human Rights said Tuesday that 3,250 people have been "
        "killed. It added that children and women were among the killed civilians."
    )
    second = attributions(nlp(text))[1]
    assert second is not None
    assert (second.source, second.resolved, second.kind) == (
        "It", "Syrian Observatory for Human Rights", "organisation"
    )
    assert text[second.start : second.end] == "It"


def test_he_also_said_continues_the_person(nlp: Language) -> None:
    doc = nlp(
        "Omar Alloush, a member of the Raqqa Civil Council, said the fighters had surrendered. "
        "He also said they would leave the city."
    )
    second = attributions(doc)[1]
    assert second is not None and (second.resolved, second.kind) == ("Omar Alloush", "person")


def test_sentence_inside_a_quote_takes_the_quote_speaker(nlp: Language) -> None:
    doc = nlp(
        "“Make no mistake about it, ISIS has collapsed inward,” Jim Mattis told reporters in "
        "Paris.\n\n“We will be successful but it’s still going to take some time.”"
    )
    result = attributions(doc)
    assert [a.who if a else None for a in result] == ["Jim Mattis", "Jim Mattis"]
    assert result[0] is not None and result[0].told_to == "reporters"


def test_single_sentence_call_uses_given_quotes(nlp: Language) -> None:
    doc = nlp(
        "Col Ryan Dillon, the spokesman for the US-led coalition, said IS fighters must "
        'surrender. "We still expect difficult fighting in the days ahead," he said.'
    )
    last = list(doc.sents)[-1]
    with_quotes = attribution(last, find_quotes(doc))
    without = attribution(last)
    assert with_quotes is not None and with_quotes.resolved == "Ryan Dillon"
    assert without is not None and without.resolved == "Ryan Dillon"


def test_one_result_per_sentence(nlp: Language) -> None:
    doc = nlp(
        "The city fell on Tuesday. Kurdish activists said the militants were taken to prison. "
        "The victory marks the first major defeat to IS in Syria."
    )
    result = attributions(doc)
    assert len(result) == len(list(doc.sents)) == 3
    assert result[0] is None and result[2] is None
    assert result[1] is not None and (result[1].source, result[1].kind) == (
        "Kurdish activists", "role"
    )


# --------------------------------------------------------------------------- canonical sources


def test_unresolved_pronoun_is_no_source(nlp: Language) -> None:
    assert attributions(nlp("He said the city had fallen."))[0] is None


def test_speaker_as_written_and_canonical(nlp: Language) -> None:
    doc = nlp(
        "Police Inspector Dave Gaskin said the climber fell 600 metres. "
        "Gaskin said the party was poorly equipped."
    )
    second = attributions(doc)[1]
    assert second is not None
    assert (second.speaker_written, second.speaker) == ("Gaskin", "Dave Gaskin")


def test_statement_resolves_to_its_issuer(nlp: Language) -> None:
    doc = nlp(
        "The Texas Department of Criminal Justice said in a statement that the inmate escaped. "
        "The statement said he was armed."
    )
    second = attributions(doc)[1]
    assert second is not None
    assert (second.source, second.who) == (
        "The statement", "Texas Department of Criminal Justice"
    )


def test_document_named_with_its_issuer(nlp: Language) -> None:
    a = attr(nlp, "The inmate escaped from a prison van, according to a police statement.")
    assert a is not None and a.who == "police"


@pytest.mark.parametrize(
    "text",
    [
        "The figures suggest that the death toll is still rising.",
        "The statement said the inmate was armed and dangerous.",
        "CAIRO | Sat Nov 12, 2011 4:05pm EST CAIRO (Reuters) - Arab League foreign ministers "
        "said on Saturday they would suspend Syria.",
    ],
)
def test_no_agent_no_source(nlp: Language, text: str) -> None:
    doc = nlp(text)
    assert all(a is None for a in attributions(doc))
