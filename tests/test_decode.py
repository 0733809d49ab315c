"""decode.py: bytes -> text, whatever the encoding; problems reported, never raised."""

from __future__ import annotations

import random
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from crosswire.readers.decode import (
    BINARY_PROBLEM,
    UNDECODABLE_PROBLEM,
    clean_text,
    decode_bytes,
    html_declared_charset,
    looks_binary,
    normalise_encoding,
    utf16_without_bom,
)

FIXTURES = Path(__file__).parent / "fixtures" / "ingest"
QUOTE = "Raqqa – “the battle is over”, said the spokesman.\n"


def test_cp1252_smart_quotes_and_accents() -> None:
    decoded = decode_bytes((FIXTURES / "cp1252.txt").read_bytes())
    assert decoded.text == "Café society “welcomes” the news – it’s over.\n"
    assert decoded.encoding == "cp1252" and decoded.problem is None


def test_utf16_with_and_without_bom_and_utf8_bom() -> None:
    for name in ("utf16_bom.txt", "utf16_nobom.txt", "utf8_bom.txt"):
        assert decode_bytes((FIXTURES / name).read_bytes()).text == QUOTE, name


def test_utf16_big_endian_without_bom_is_detected() -> None:
    data = QUOTE.encode("utf-16-be")
    assert utf16_without_bom(data) == "utf-16-be"
    assert decode_bytes(data).text == QUOTE


RUSSIAN = "Правительство объявило о новых мерах по восстановлению города.\nЖители вернутся.\n"
CHINESE = "政府宣布了重建城市的新措施。居民将于2018年返回家园。\n"


def test_utf16_without_bom_in_non_latin_scripts_is_text_not_binary() -> None:
    for text in (RUSSIAN, CHINESE):
        for encoding in ("utf-16-le", "utf-16-be"):
            data = text.encode(encoding)
            assert not looks_binary(data), encoding
            assert utf16_without_bom(data) == encoding
            decoded = decode_bytes(data)
            assert (decoded.text, decoded.encoding, decoded.problem) == (text, encoding, None)


def test_nul_bytes_that_are_no_utf16_text_stay_binary() -> None:
    english = b"The government announced new measures to rebuild the city.\n" * 3
    stray_nul = english[:41] + b"\x00" + english[41:] + b" "  # even length, one NUL
    noise = bytearray(random.Random(7).randbytes(800))
    for i in range(0, 800, 2):
        noise[i] = noise[i] or 1  # NULs on the odd side only, like UTF-16-LE
    noise[1::74] = b"\x00" * len(noise[1::74])
    png = (FIXTURES / "binary.bin").read_bytes()
    for data in (stray_nul, bytes(noise), png, png + b"\x00"):
        assert looks_binary(data), data[:20]
        assert decode_bytes(data).problem == BINARY_PROBLEM


def test_mojibake_is_repaired_but_curly_quotes_stay() -> None:
    assert decode_bytes((FIXTURES / "mojibake.txt").read_bytes()).text == (
        "It’s over, the spokesman said.\n"
    )
    assert clean_text("“quoted”") == "“quoted”"


def test_newlines_normalised_and_control_characters_removed() -> None:
    assert clean_text("a\r\nb\rc\x00d\x07e\tf\n") == "a\nb\ncde\tf\n"


def test_binary_bytes_are_a_problem_not_an_exception() -> None:
    data = (FIXTURES / "binary.bin").read_bytes()
    assert looks_binary(data)
    assert decode_bytes(data).problem == BINARY_PROBLEM


def test_control_character_garbage_is_undecodable() -> None:
    assert decode_bytes(bytes(range(1, 32)) * 10).problem == UNDECODABLE_PROBLEM


def test_html_meta_charset_is_honoured() -> None:
    page = b'<html><head><meta charset="windows-1252"></head><body>\x93Hi\x94 \x80</body></html>'
    assert html_declared_charset(page) == "cp1252"
    assert "“Hi” €" in decode_bytes(page, html=True).text


def test_valid_utf8_wins_over_a_wrong_latin1_declaration() -> None:
    page = '<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">café'
    assert decode_bytes(page.encode("utf-8"), html=True).text.endswith("café")


def test_cyrillic_single_byte_text_uses_charset_guess() -> None:
    text = "Правительство объявило о новых мерах по восстановлению города"
    assert decode_bytes(text.encode("cp1251")).text == text


def test_encoding_labels() -> None:
    assert normalise_encoding("ISO-8859-1") == "cp1252"
    assert normalise_encoding("utf8") == "utf-8"
    assert normalise_encoding("no-such-charset") is None


@settings(max_examples=150, deadline=None)
@given(st.binary(max_size=2000))
def test_decode_never_raises(data: bytes) -> None:
    decoded = decode_bytes(data)
    assert isinstance(decoded.text, str)
    if decoded.problem is None:
        assert "\r" not in decoded.text and "\x00" not in decoded.text


PRINTABLE = st.text(st.characters(blacklist_categories=("Cc", "Cs", "Co", "Cn")), max_size=300)


@settings(max_examples=100, deadline=None)
@given(PRINTABLE)
def test_utf8_and_utf16_text_round_trips(text: str) -> None:
    for encoding in ("utf-8", "utf-16"):
        assert decode_bytes(text.encode(encoding)).text == clean_text(text), encoding
