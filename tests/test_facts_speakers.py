"""Specification of speakers across articles: one identity per person or body, whatever the
article calls them, and two people never merged because they share a surname.

``speaker_key`` normalises a name (titles, initials, dots); ``same_speaker`` says whether two
names can be one speaker (None when either is unknown); ``canonical_names`` maps every name of
a story to one display name, the fullest form.
"""

from __future__ import annotations

import pytest

from crosswire.facts.speakers import canonical_names, same_speaker, speaker_key

# --------------------------------------------------------------------------- keys


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("US President Donald Trump", "donald trump"),
        ("President Trump", "trump"),
        ("Genesee County Sheriff Robert J. Pickell", "robert pickell"),
        ("Troy Police Chief Charles Craft", "charles craft"),
        ("Anthony LaCalamita III", "anthony lacalamita"),
        ("U.N.", "un"),
        ("UN", "un"),
        ("U. N.", "un"),
        ("United Nations", "un"),
        ("the Syrian Observatory for Human Rights", "sohr"),
        ("Syrian Observatory of Human Rights", "sohr"),
        ("police", "police"),
    ],
)
def test_key_strips_titles_and_folds_initials(name: str, key: str) -> None:
    assert speaker_key(name) == key


@pytest.mark.parametrize("name", [None, "", "  ", "the"])
def test_no_name_has_no_key(name: str | None) -> None:
    assert speaker_key(name) is None


# --------------------------------------------------------------------------- same speaker


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Trump", "Donald Trump"),
        ("President Trump", "US President Donald Trump"),
        ("U.N.", "United Nations"),
        ("UN", "U.N."),
        ("the observatory", "Syrian Observatory for Human Rights"),
        ("police", "Troy police"),
        ("Rob Novy", "Assistant Oakland County Prosecutor Robert Novy"),
        ("Giannis Panagopoulos", "Yiannis Panagopoulos"),
        ("SKY-TV", "Sky TV"),
        ("PM George Papandreou", "Prime Minister George Papandreou"),
    ],
)
def test_forms_of_one_speaker_are_the_same(a: str, b: str) -> None:
    assert same_speaker(a, b) is True
    assert same_speaker(b, a) is True


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Robert Buckley", "Bill Buckley"),
        ("Talal Silo", "Donald Trump"),
        ("Ministry of Health", "Ministry of Defence"),
        ("Troy police", "state police"),
        ("Syrian Observatory for Human Rights", "United Nations"),
    ],
)
def test_different_speakers_are_not_the_same(a: str, b: str) -> None:
    assert same_speaker(a, b) is False


@pytest.mark.parametrize(("a", "b"), [(None, "Donald Trump"), ("Trump", None), (None, None),
                                      ("", "police")])
def test_unknown_speaker_is_neither_same_nor_different(a: str | None, b: str | None) -> None:
    assert same_speaker(a, b) is None


# --------------------------------------------------------------------------- canonical names


def test_every_form_maps_to_the_fullest_name() -> None:
    names = canonical_names([
        "Trump", "Donald Trump", "US President Donald Trump", "the observatory",
        "Syrian Observatory for Human Rights", "UN", "United Nations", "U.N.",
    ])
    assert names["Trump"] == names["US President Donald Trump"] == "Donald Trump"
    assert names["the observatory"] == "Syrian Observatory for Human Rights"
    assert names["UN"] == names["U.N."] == names["United Nations"] == "United Nations"


def test_same_surname_people_are_kept_apart_and_the_bare_surname_is_not_guessed() -> None:
    names = canonical_names(["Robert Buckley", "Bill Buckley", "Buckley"])
    assert names == {
        "Robert Buckley": "Robert Buckley",
        "Bill Buckley": "Bill Buckley",
        "Buckley": "Buckley",
    }


def test_a_bare_surname_with_one_full_name_takes_it() -> None:
    names = canonical_names(["Gaskin", "Inspector Dave Gaskin", "Insp Gaskin"])
    assert set(names.values()) == {"Dave Gaskin"}


def test_a_role_with_nothing_fuller_keeps_its_wording() -> None:
    assert canonical_names(["a Foreign Office spokeswoman", "officials"]) == {
        "a Foreign Office spokeswoman": "a Foreign Office spokeswoman",
        "officials": "officials",
    }
