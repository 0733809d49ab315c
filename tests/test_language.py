"""clean/language.py: text -> ISO 639-1 code, or None when there is too little to tell."""

from __future__ import annotations

import pytest

from crosswire.clean.language import detect_language


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Kurdish-led forces said on Tuesday they had taken full control of Raqqa.", "en"),
        ("Les forces kurdes ont annoncé mardi avoir pris le contrôle total de Raqqa.", "fr"),
        ("Die kurdischen Kräfte haben am Dienstag die volle Kontrolle über Rakka erlangt.", "de"),
        ("Las fuerzas kurdas anunciaron el martes que habían tomado el control de Raqqa.", "es"),
        ("Курдские силы заявили во вторник, что полностью взяли под контроль Ракку.", "ru"),
    ],
)
def test_languages_are_recognised(text: str, code: str) -> None:
    assert detect_language(text) == code


@pytest.mark.parametrize("text", ["", "Raqqa", "12 345 678 -- 2017", "ok", "   \n  "])
def test_too_little_text_is_none(text: str) -> None:
    assert detect_language(text) is None


def test_only_two_letter_codes_come_back() -> None:
    code = detect_language("Tuesday Raqqa forces control " * 5)
    assert code is None or len(code) == 2
