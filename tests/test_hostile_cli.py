"""Fault and hostile-input suite: the command line's parameters.

Whatever a user types — control characters, search syntax, numbers past what a database
holds, dates that are not dates, ids with path parts — every command ends with its result or
a usage error (exit 2) naming what to fix, never a traceback or a store error (exit 3).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import SAMPLES, Result

ODD = ["", " ", "\x00", "\x01b", '"', "'", "a*", "*", "NEAR(", "a OR", "AND", "-x", "(",
       "é" * 300, "../../etc/passwd", "%00", "9" * 40, "\u202e", "\ufeff"]


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> str:
    from crosswire import api

    path = str(tmp_path_factory.mktemp("hostile-cli") / "s.db")
    api.ingest([str(SAMPLES)], db=path)
    return path


def assert_handled(result: Result) -> None:
    assert result.code in (0, 2), result.err
    assert "Traceback" not in result.err


@pytest.mark.parametrize("text", ODD)
@pytest.mark.parametrize("command", ["search", "story", "article", "timeline"])
def test_odd_words_and_ids_are_results_or_usage_errors(cli: Callable[..., Result], db: str,
                                                       command: str, text: str) -> None:
    assert_handled(cli(command, text, "--db", db))


@pytest.mark.parametrize("option", ["--limit", "--since", "--until", "--outlet"])
@pytest.mark.parametrize("value", ["-1", "99999999999999999999", "9223372036854775808",
                                   "2017-13-45", "nan", "\x00", ""])
def test_odd_filter_values_are_results_or_usage_errors(cli: Callable[..., Result], db: str,
                                                       option: str, value: str) -> None:
    assert_handled(cli("articles", option, value, "--db", db))


@settings(max_examples=60, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.text(max_size=40))
def test_any_search_text_is_a_result_or_a_usage_error(cli: Callable[..., Result], db: str,
                                                      text: str) -> None:
    assert_handled(cli("search", text, "--db", db))
