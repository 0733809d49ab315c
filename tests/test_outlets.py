"""The outlet table: lookups by name and domain, and a story's coverage spread."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from crosswire.models import Article
from crosswire.outlets import (
    OWNERSHIP,
    TABLE_PATH,
    coverage,
    load_outlets,
    outlet_for_domain,
    outlet_in_title,
    outlet_named,
    outlet_of,
)


def article(id: str, outlet: str | None = None, url: str | None = None) -> Article:
    return Article(id=id, path=f"{id}.txt", url=url, outlet=outlet, wire_credit=None,
                   headline=None, published=None, published_confidence=None, evidence={},
                   dateline=None, byline=None, body="Text.", removed=[], language="en")


def test_every_entry_is_complete_and_names_what_it_rests_on() -> None:
    outlets = load_outlets()
    assert len(outlets) >= 40
    for outlet in outlets:
        assert outlet.ownership in OWNERSHIP
        assert outlet.country and outlet.basis and outlet.domains
        assert "http" not in outlet.basis  # a note, never an invented link


def test_no_name_or_domain_is_claimed_by_two_outlets() -> None:
    outlets = load_outlets()
    names = [n.casefold() for o in outlets for n in (o.name, *o.aliases)]
    domains = [d for o in outlets for d in o.domains]
    assert len(names) == len(set(names))
    assert len(domains) == len(set(domains))


def test_the_wires_and_the_sample_outlets_are_listed() -> None:
    for name in ("Reuters", "AP", "AFP", "Xinhua", "i24NEWS"):
        assert outlet_named(name) is not None, name
    xinhua = outlet_named("Xinhua")
    assert xinhua is not None and (xinhua.country, xinhua.ownership) == ("China", "state")


@pytest.mark.parametrize("name, expected", [
    ("reuters", "Reuters"), ("REUTERS", "Reuters"), ("The Guardian", "The Guardian"),
    ("Guardian", "The Guardian"), ("Agence France-Presse", "Agence France-Presse"),
    ("afp", "Agence France-Presse"), ("New York Times", "The New York Times"),
    ("rt.com", "RT"), ("I24NEWS", "i24NEWS"),
])
def test_names_and_aliases_resolve_whatever_the_case(name: str, expected: str) -> None:
    found = outlet_named(name)
    assert found is not None and found.name == expected


@pytest.mark.parametrize("url, expected", [
    ("reuters.com", "Reuters"), ("www.reuters.com", "Reuters"), ("uk.reuters.com", "Reuters"),
    ("https://uk.reuters.com/article/us-mideast-crisis-raqqa-idUKKBN1CM1XT", "Reuters"),
    ("http://www.xinhuanet.com/english/2017-10/18/c_136687620.htm", "Xinhua"),
    ("https://english.news.cn/20230101/abc.html", "Xinhua"),
    ("https://abcnews.go.com/International/story", "ABC News"),
    ("HTTPS://WWW.BBC.CO.UK/news/world", "BBC"), ("https://www.bbc.com:443/news", "BBC"),
])
def test_domains_and_their_subdomains_resolve(url: str, expected: str) -> None:
    found = outlet_for_domain(url)
    assert found is not None and found.name == expected


@pytest.mark.parametrize("unknown", [
    "example.com", "notreuters.com", "reuters.com.example.net", "go.com", "com", "", "Reuters",
    "https://news.example.org/reuters.com",
])
def test_unlisted_domains_stay_unknown(unknown: str) -> None:
    assert outlet_for_domain(unknown) is None


def test_unlisted_names_stay_unknown() -> None:
    assert outlet_named("The Daily Planet") is None
    assert outlet_named("Reuters Daily Planet") is None


def test_an_article_resolves_by_its_outlet_then_its_url() -> None:
    assert outlet_of(article("a", outlet="Xinhua")).name == "Xinhua"  # type: ignore[union-attr]
    by_url = outlet_of(article("b", url="https://www.rt.com/news/407452-trump-raqqa/"))
    assert by_url is not None and by_url.name == "RT"
    assert outlet_of(article("c", outlet="reuters.com")).name == "Reuters"  # type: ignore[union-attr]
    assert outlet_of(article("d")) is None
    assert outlet_of(article("e", outlet="Daily Planet", url="https://planet.example/x")) is None


def test_coverage_counts_each_source_once_and_unknowns_apart() -> None:
    story = [article("1", "Reuters"), article("2", "uk.reuters.com"), article("3", "Xinhua"),
             article("4", "i24NEWS"), article("5"), article("6"),
             article("7", "Daily Planet"), article("8", "Daily Planet")]
    assert coverage(story) == {
        "countries": {"China": 1, "Israel": 1, "United Kingdom": 1},
        "ownership": {"private": 1, "state": 1, "wire": 1},
        "unknown": 3,  # articles 5 and 6, and the unlisted Daily Planet once
        "sources": {"Reuters": "United Kingdom, wire", "Xinhua": "China, state",  # as spelled
                    "i24NEWS": "Israel, private", "uk.reuters.com": "United Kingdom, wire"},
    }


def test_an_edited_table_is_read_and_checked(tmp_path: Path) -> None:
    table = json.loads(TABLE_PATH.read_text(encoding="utf-8"))
    table["outlets"] = [{"name": "Daily Planet", "domains": ["dailyplanet.example"],
                         "country": "Metropolis", "ownership": "private",
                         "basis": "a made-up entry for this test"}]
    path = tmp_path / "outlets.json"
    path.write_text(json.dumps(table), encoding="utf-8")
    found = outlet_for_domain("news.dailyplanet.example", path)
    assert found is not None and found.country == "Metropolis"
    assert outlet_named("Reuters", path) is None
    table["outlets"][0]["ownership"] = "mixed"
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(table), encoding="utf-8")
    with pytest.raises(ValueError):
        load_outlets(bad)


@pytest.mark.parametrize("name", ["ANI", "IANS", "PTI", "dpa", "Xinhua", "Bernama", "WAM", "AA"])
def test_agencies_named_in_credits_are_listed_as_agencies(name: str) -> None:
    found = outlet_named(name)
    assert found is not None and found.agency and found.ownership in ("wire", "state", "private")


@pytest.mark.parametrize("title, expected", [
    ("BBC News - World", "BBC"), ("Reuters: Top News", "Reuters"),
    ("NYT > World News", "The New York Times"), ("CNN.com - RSS Channel", "CNN"),
    ("Example Weekly", "Example Weekly"),
])
def test_the_outlet_a_title_names(title: str, expected: str) -> None:
    assert outlet_in_title(title)[0] == expected
