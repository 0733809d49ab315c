"""What a report is about, as comparable terms: "people killed" and "dead" are both deaths.

A quantity's subject (the thing counted, with the verb that counts it) becomes a set of light
lemmas, with the words of a few recurring news concepts (deaths, injuries, displacement,
arrests) folded into one term each, so outlets' different wordings of the same count meet.
Generic heads ("people", "persons") say nothing about *what* is counted and are left out
when anything else is there.
"""

from __future__ import annotations

import re

from crosswire.stories.represent import STOP, lemma

CONCEPTS: dict[str, str] = {
    **dict.fromkeys(("kill", "killed", "die", "died", "dead", "death", "toll", "fatality",
                     "fatalitie", "life", "lives", "slain", "perish", "perished",
                     "casualty", "casualtie"), "deaths"),
    **dict.fromkeys(("injur", "injure", "injured", "injurie", "injury", "wound", "wounded",
                     "hurt"), "injured"),
    **dict.fromkeys(("flee", "fled", "displace", "displaced", "evacuate", "evacuated",
                     "refugee", "escape", "escaped", "uproot", "uprooted"), "displaced"),
    **dict.fromkeys(("arrest", "arrested", "detain", "detained", "detainee", "jail",
                     "jailed"), "arrested"),
}
GENERIC = frozenset({"people", "person", "peoples", "individual", "number", "total", "figure",
                     "least", "more", "than", "some", "about", "around", "nearly", "other"})
_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def terms(text: str | None) -> frozenset[str]:
    """a subject phrase -> its comparable terms ('civilians killed' -> {'civilian', 'deaths'})."""
    words = [w.lower() for w in _WORD.findall(text or "")]
    found = set()
    for word in words:
        if word in STOP and word not in CONCEPTS:
            continue
        base = lemma(word)
        found.add(CONCEPTS.get(word) or CONCEPTS.get(base) or base)
    specific = found - GENERIC
    return frozenset(specific or found)
