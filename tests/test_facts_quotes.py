"""Specification of the quote extractor on real news sentences (the Raqqa samples, Oct 2017).

A quote is the words between quote marks attached to a speech verb ("said", "told", "according
to"), or a reported clause ("X said the city had fallen"); its speaker is who said it, not the
outlet. Short quoted phrases with no speech verb are scare quotes, not quotes.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from spacy.language import Language
from spacy.tokens import Doc

from crosswire.facts.nlp import load_nlp
from crosswire.facts.quotes import (
    Quote,
    find_quotes,
    find_scare_quotes,
    quote_regions,
)

SAMPLES = Path(__file__).resolve().parent.parent / "samples" / "raqqa"


@pytest.fixture(scope="module")
def nlp() -> Language:
    return load_nlp()


def quotes(nlp: Language, text: str, kind: str | None = None) -> list[Quote]:
    found = find_quotes(nlp(text))
    return [q for q in found if kind is None or q.kind == kind]


def speakers(found: list[Quote]) -> list[str | None]:
    return [q.speaker for q in found]


# --------------------------------------------------------------------------- direct quotes


def test_quote_then_named_speaker_told_outlet(nlp: Language) -> None:
    text = (
        '"The military operations in Raqqa have ended," Talal Silo, the spokesman of the SDF, '
        "told Xinhua by phone."
    )
    [q] = quotes(nlp, text, "direct")
    assert q.text == "The military operations in Raqqa have ended"
    assert text[q.start : q.end] == q.text
    assert q.speaker == "Talal Silo"
    assert text[q.speaker_start : q.speaker_end] == "Talal Silo"  # type: ignore[misc]
    assert (q.sentence_start, q.sentence_end) == (0, len(text))


def test_curly_quotes_and_title_stripped_from_speaker(nlp: Language) -> None:
    text = (
        "“The carpet bombings of residential areas have so far resulted in nothing but thousands "
        "of victims,” Russian Defense Ministry spokesman Major General Igor Konashenkov said "
        "last week."
    )
    [q] = quotes(nlp, text, "direct")
    assert q.text.startswith("The carpet bombings") and q.text.endswith("thousands of victims")
    assert q.speaker == "Igor Konashenkov"


def test_speaker_before_the_quote_over_two_sentences(nlp: Language) -> None:
    text = (
        'Noting his campaign promise to defeat the group, Trump said "that is why, in the first '
        "days of my Administration, I issued orders to give our commanders the full authorities "
        'to achieve this mission. As a result, ISIS strongholds in Mosul and Raqqa have fallen."'
    )
    [q] = quotes(nlp, text, "direct")
    assert q.speaker == "Trump"
    assert q.text.startswith("that is why") and q.text.endswith("have fallen.")
    assert q.sentence_end == len(text)


def test_split_quote_is_two_parts_from_one_speaker(nlp: Language) -> None:
    text = (
        "Omar Alloush, a member of the Raqqa Civil Council, said talks were under way. "
        '"The fight is over," he said, "but the war is not."'
    )
    direct = quotes(nlp, text, "direct")
    assert [q.text for q in direct] == ["The fight is over", "but the war is not."]
    assert speakers(direct) == ["Omar Alloush", "Omar Alloush"]


def test_he_said_resolves_to_the_latest_named_person_speaker(nlp: Language) -> None:
    text = (
        "Hmaidi Abdullah, a Syrian political expert, told Xinhua the battle could take some "
        "time. Meanwhile, Anas Joudeh, the head of the Nation Building Movement, told Xinhua "
        "that the end of IS is something positive. "
        '"If we defeat IS and we didn\'t fight its ideology, it could re-appear in Syria," he said.'
    )
    [q] = quotes(nlp, text, "direct")
    assert q.speaker == "Anas Joudeh"
    assert text[q.speaker_start : q.speaker_end] == "Anas Joudeh"  # type: ignore[misc]


def test_unresolvable_pronoun_gives_no_speaker(nlp: Language) -> None:
    [q] = quotes(nlp, '"Soon we will have an official statement," he said.', "direct")
    assert q.speaker is None and q.speaker_start is None


def test_according_to_names_the_speaker(nlp: Language) -> None:
    text = (
        "According to the president, the fall of Raqqa “represents a critical breakthrough in "
        "our worldwide campaign to defeat ISIS.”"
    )
    direct = quotes(nlp, text, "direct")
    assert speakers(direct) == ["the president"]


def test_quoted_as_saying_names_the_source_not_the_newspaper(nlp: Language) -> None:
    text = (
        "“The city is in ruins; it needs time,” the New York Times quoted a member of a "
        "US-backed civilian council tasked with rebuilding the city as saying. “And it needs "
        "prospects that are beyond ours, our energy.”"
    )
    direct = quotes(nlp, text, "direct")
    assert speakers(direct) == ["a member of a US-backed civilian council"] * 2


def test_partial_quote_inside_reported_speech(nlp: Language) -> None:
    text = (
        "But a French military spokesman said it will be many weeks before civilians can "
        'safely return due to "the quantity of explosive devices Daesh left behind."'
    )
    [q] = quotes(nlp, text, "direct")
    assert q.text == "the quantity of explosive devices Daesh left behind."
    assert q.speaker == "a French military spokesman"


def test_short_quote_attached_to_a_speech_verb_is_a_quote(nlp: Language) -> None:
    text = (
        "Col Ryan Dillon, the spokesman for the US-led coalition, said IS fighters must "
        'surrender. The SDF and local leaders had been working on "local solutions", he added.'
    )
    [q] = quotes(nlp, text, "direct")
    assert (q.text, q.speaker) == ("local solutions", "Ryan Dillon")
    assert find_scare_quotes(nlp(text)) == []


def test_single_quoted_headline(nlp: Language) -> None:
    direct = quotes(nlp, "End of IS is 'in sight' after Raqqa fall, Trump says", "direct")
    assert [(q.text, q.speaker) for q in direct] == [("in sight", "Trump")]


def test_standalone_quote_continues_the_previous_speaker(nlp: Language) -> None:
    text = (
        "“So it’s going to still be a tough fight, I don’t want anyone to be under any "
        "illusions,” Jim Mattis told reporters.\n\n"
        "“We will be successful but it’s still going to take some time.” Last month the "
        "military chief of France estimated the jihadists would lose their territory by January."
    )
    direct = quotes(nlp, text, "direct")
    assert speakers(direct) == ["Jim Mattis", "Jim Mattis"]


# --------------------------------------------------------------------------- reported speech


def test_reported_clause_is_the_text(nlp: Language) -> None:
    text = (
        "The Syrian Observatory for Human Rights said Tuesday that as many as 3,250 people, "
        "including 1,130 civilians, have been killed during the four-month-long battles in Raqqa."
    )
    [q] = quotes(nlp, text)
    assert q.kind == "reported"
    assert q.speaker == "Syrian Observatory for Human Rights"
    assert q.text.startswith("as many as 3,250 people") and q.text.endswith("in Raqqa")


def test_reported_clause_without_that(nlp: Language) -> None:
    text = (
        "A spokesman for the US-backed Syrian Defense Forces said the city will be handed over "
        "to Raqqa's civil council once clearing operations have been completed."
    )
    [q] = quotes(nlp, text)
    assert q.kind == "reported"
    assert q.speaker == "A spokesman for the US-backed Syrian Defense Forces"
    assert q.text.startswith("the city will be handed over")


def test_it_added_resolves_to_the_organisation(nlp: Language) -> None:
    text = (
        "The Syrian Observatory for Human Rights said Tuesday that 3,250 people have been "
        "killed. It added that children and women were among the killed civilians."
    )
    found = quotes(nlp, text, "reported")
    assert speakers(found) == ["Syrian Observatory for Human Rights"] * 2
    assert found[1].text == "children and women were among the killed civilians"


def test_participle_adding_takes_the_main_speaker(nlp: Language) -> None:
    text = (
        "Speaking to members of his AK Party in parliament, President Tayyip Erdogan also said "
        "that Turkey will hold a summit with Russia, Germany and France in October or November "
        "to discuss Syria, adding that Turkey will continue to seek a solution with the Syrian "
        "people."
    )
    assert set(speakers(quotes(nlp, text, "reported"))) == {"Tayyip Erdogan"}


def test_anonymous_reported_source(nlp: Language) -> None:
    [q] = quotes(nlp, "Officials said the city had fallen.")
    assert (q.kind, q.speaker, q.text) == ("reported", "Officials", "the city had fallen")


# --------------------------------------------------------------------------- not quotes


def test_scare_quote_is_not_a_quote(nlp: Language) -> None:
    text = 'As the "liberation" concludes, most of Raqqa is a booby-trapped ruin.'
    doc = nlp(text)
    assert find_quotes(doc) == []
    [s] = find_scare_quotes(doc)
    assert (s.text, text[s.start : s.end]) == ("liberation", "liberation")


def test_scare_quote_in_a_subordinate_clause_of_a_speech_sentence(nlp: Language) -> None:
    text = (
        "While the extremists have lost almost all of the self-declared “caliphate” they held "
        "across Iraq and Syria four years ago, Mattis warned that destroying the group "
        "completely was “still going to take some time”."
    )
    doc = nlp(text)
    assert [s.text for s in find_scare_quotes(doc)] == ["caliphate"]
    direct = [q for q in find_quotes(doc) if q.kind == "direct"]
    assert [(q.text, q.speaker) for q in direct] == [("still going to take some time", "Mattis")]


def test_title_in_quotes_without_speech_verb_is_not_a_quote(nlp: Language) -> None:
    doc = nlp(
        "READ MORE: 'Areas with civilians most bombed-out': Raqqa refugees on surviving "
        "US-led coalition strikes"
    )
    assert find_quotes(doc) == []


def test_no_source_no_quote(nlp: Language) -> None:
    doc = nlp(
        "The declaration came four days after US-backed Kurdish-led forces recaptured Raqqa, "
        "the capital of IS's self-proclaimed caliphate."
    )
    assert find_quotes(doc) == [] and find_scare_quotes(doc) == []


def test_apostrophes_are_not_quote_marks() -> None:
    text = "IS's fighters didn't leave the rebels' positions in Raqqa's centre."
    assert quote_regions(text) == []


def test_quote_left_open_at_paragraph_end_closes_there() -> None:
    text = '"The first paragraph runs on.\n"And the second ends," he said.'
    regions = quote_regions(text)
    assert [text[r.start : r.end] for r in regions] == [
        "The first paragraph runs on.",
        "And the second ends",
    ]
    assert regions[0].close_mark is None


def test_a_quote_broken_over_lines_closes_at_its_lone_closing_mark() -> None:
    text = 'He hid for hours.\n"It\'s tough.\nI want to get out," Adgate said by telephone.'
    regions = quote_regions(text)
    assert [text[r.start : r.end] for r in regions] == ["It's tough.\nI want to get out"]
    assert regions[0].close_mark == text.index('," Adgate') + 1


@pytest.mark.parametrize("opening", ["''", "'", "‘"])
def test_single_marks_opening_a_double_quoted_line(opening: str) -> None:
    text = f'He spoke.\n{opening}The fall was unsurvivable," Inspector Gaskin said.'
    assert [text[r.start : r.end] for r in quote_regions(text)] == ["The fall was unsurvivable"]


def test_a_lone_closing_mark_after_a_closed_quote_opens_nothing() -> None:
    text = 'He said "yes" and left.\nShe said no," he added.\nThe 5" gun fired.'
    assert [text[r.start : r.end] for r in quote_regions(text)] == ["yes"]


@pytest.mark.parametrize(("text", "quoted"), [
    ('The mayor said: "We will rebuild.\nForecasters expect 10" of snow.', ["We will rebuild."]),
    ("'The 55\" TV was stolen from the house,' police said.",
     ["The 55\" TV was stolen from the house"]),
    ("'Hero' pilot lands jet with 6\" crack in windshield.", ["Hero"]),
])
def test_inch_marks_and_closed_single_quotes_close_no_quote(text: str,
                                                            quoted: list[str]) -> None:
    assert [text[r.start : r.end] for r in quote_regions(text)] == quoted


# --------------------------------------------------------------------------- whole samples


def sample_body(name: str, first: str, last: str) -> str:
    lines = (SAMPLES / name).read_text(encoding="utf-8").split("\n")
    a = next(i for i, line in enumerate(lines) if line.startswith(first))
    b = next(i for i, line in enumerate(lines) if line.startswith(last))
    return "\n".join(lines[a : b + 1])


def test_sample_002_speakers(nlp: Language) -> None:
    body = sample_body(
        "002_29db2200959aca4a.txt", "DAMASCUS, Oct. 17", "For its side, the Syrian government"
    )
    doc: Doc = nlp(body)
    direct = [q for q in find_quotes(doc) if q.kind == "direct"]
    assert speakers(direct) == ["Talal Silo"] * 3 + ["Anas Joudeh"] * 2
    for q in find_quotes(doc):
        assert body[q.start : q.end] == q.text
        assert q.sentence_start <= q.start < q.end <= q.sentence_end


# --------------------------------------------------------------------------- canonical speakers


def speaker_pairs(nlp: Language, text: str) -> list[tuple[str | None, str | None]]:
    """text -> (canonical speaker, speaker as written) of each quote, in order."""
    return [(q.speaker, q.speaker_written) for q in find_quotes(nlp(text))]


def test_role_noun_takes_the_named_holder_of_the_title(nlp: Language) -> None:
    text = (
        "Genesee County Sheriff Robert Pickell said the suspect surrendered without a fight. "
        '"He was very, very subdued," the sheriff said.'
    )
    assert speaker_pairs(nlp, text)[-1] == ("Robert Pickell", "the sheriff")


def test_the_president_is_the_president_the_article_names(nlp: Language) -> None:
    text = (
        "US President Donald Trump announced the liberation of Raqqa. The president said the "
        "end of the caliphate was in sight."
    )
    assert speaker_pairs(nlp, text)[-1] == ("Donald Trump", "The president")


def test_bare_surname_takes_the_full_name(nlp: Language) -> None:
    text = 'US President Donald Trump visited the troops on Monday. "We will win," Trump said.'
    assert speaker_pairs(nlp, text) == [("Donald Trump", "Trump")]


def test_bare_surname_of_two_people_stays_as_written(nlp: Language) -> None:
    text = (
        "Robert Buckley died on Mount Sefton. His brother Bill Buckley said he loved the "
        "mountains. Buckley said the family was devastated."
    )
    assert speaker_pairs(nlp, text)[-1] == ("Buckley", "Buckley")


def test_the_ministry_is_the_ministry_named_before(nlp: Language) -> None:
    text = (
        "The Russian Defence Ministry said its jets had struck 40 targets. The ministry said no "
        "civilians were hurt."
    )
    assert speaker_pairs(nlp, text)[-1] == ("Russian Defence Ministry", "The ministry")


def test_acronym_takes_the_name_the_article_spells_out(nlp: Language) -> None:
    text = "The Syrian Democratic Forces (SDF) took the stadium. The SDF said the city was free."
    assert speaker_pairs(nlp, text) == [("Syrian Democratic Forces", "SDF")]


def test_statement_is_attributed_to_whoever_issued_it(nlp: Language) -> None:
    text = (
        "The Texas Department of Criminal Justice said in a statement that the inmate escaped "
        "on Monday. The statement said he was armed."
    )
    assert speaker_pairs(nlp, text)[-1] == (
        "Texas Department of Criminal Justice", "The statement"
    )


def test_statement_of_unknown_issuer_has_no_speaker(nlp: Language) -> None:
    assert speaker_pairs(nlp, "The statement said the inmate was armed and dangerous.") == []


def test_its_spokesman_is_the_spokesman_the_article_names(nlp: Language) -> None:
    text = (
        "Talal Silo, the spokesman of the Syrian Democratic Forces, said the battle was over. "
        "The SDF said clearing operations continued. Its spokesman said mines remained."
    )
    assert speaker_pairs(nlp, text)[-1] == ("Talal Silo", "Its spokesman")


def test_its_spokesman_unnamed_is_the_bodys_spokesman(nlp: Language) -> None:
    text = (
        "The Syrian Observatory for Human Rights said 3,250 people had been killed. Its "
        "spokesman said most of them were civilians."
    )
    assert speaker_pairs(nlp, text)[-1] == (
        "Syrian Observatory for Human Rights spokesman", "Its spokesman"
    )


def test_she_skips_a_more_recent_man_for_the_woman_quoted_before(nlp: Language) -> None:
    text = (
        "Beaumont Hospital spokeswoman Ilene Wolfe said two men were in stable condition. "
        "Police Chief Charles Craft said the gunman had been fired. She said the third victim "
        "died on the way to the hospital."
    )
    assert speaker_pairs(nlp, text)[-1] == ("Ilene Wolfe", "She")


def test_she_can_be_a_woman_named_as_a_subject_but_not_quoted_yet(nlp: Language) -> None:
    text = (
        "Chancellor Angela Merkel addressed parliament, raising her voice above the hecklers. "
        'Professor Yanis Varoufakis said the protests were peaceful. "The future of Europe is '
        'at stake," she said.'
    )
    assert speaker_pairs(nlp, text)[-1] == ("Angela Merkel", "she")


def test_headline_role_takes_the_person_the_article_names(nlp: Language) -> None:
    text = (
        "Greek PM Says Bank Workers' Deaths 'Murder'\n"
        "Greek Prime Minister George Papandreou called the deaths of three bank workers "
        '"murder" on Wednesday.\n'
        '"A demonstration is one thing and murder is quite another," the prime minister told '
        "parliament."
    )
    found = speaker_pairs(nlp, text)
    assert {speaker for speaker, _ in found} == {"George Papandreou"}
    assert ("George Papandreou", "the prime minister") in found


# --------------------------------------------------------------------------- never a speaker


def test_dateline_is_never_the_speaker(nlp: Language) -> None:
    text = (
        "CAIRO | Sat Nov 12, 2011 4:05pm EST CAIRO (Reuters) - Arab League said on Saturday it "
        "would suspend Syria."
    )
    assert {q.speaker for q in find_quotes(nlp(text))} == {"Arab League"}


def test_date_words_are_never_the_speaker(nlp: Language) -> None:
    text = (
        "CAIRO | Sat Nov 12, 2011 4:05pm EST CAIRO (Reuters) - Arab League foreign ministers "
        "said on Saturday they would suspend Syria."
    )
    speakers_found = {q.speaker for q in find_quotes(nlp(text))}
    assert not any(s and ("Sat" in s or "Nov" in s or "CAIRO" in s) for s in speakers_found)


@pytest.mark.parametrize(
    "text",
    [
        "His use of tanks against the protesters confirms that the regime is desperate.",
        "The violence suggests that the government has lost control of the north.",
        "The figures suggest that the death toll is still rising.",
        "The move reveals that the talks have failed.",
    ],
)
def test_a_thing_is_never_the_speaker(nlp: Language, text: str) -> None:
    assert [q.speaker for q in find_quotes(nlp(text))] == []


def test_a_headline_line_is_never_the_speaker(nlp: Language) -> None:
    text = (
        "Bank Workers Riot Deaths Murder Says Nothing\n"
        "Three bank workers died in Athens on Wednesday."
    )
    assert [q.speaker for q in find_quotes(nlp(text)) if q.speaker] == []


def test_unknown_pronoun_keeps_no_written_speaker_either(nlp: Language) -> None:
    [q] = find_quotes(nlp('"Soon we will have an official statement," he said.'))
    assert (q.speaker, q.speaker_written) == (None, None)
