"""Time and peak memory of the clean stage on hostile documents (issue 13).

Usage: python benchmarks/bench_hostile.py [SCENARIO ...] [--scale K]
Scenarios (all by default), each cleaned once by ``clean_document`` in a fresh process:

- ``lines``: a plain-text page of 1.5 M short lines ("vote 123", ~8 characters);
- ``weekdays``: one paragraph of "On Monday March 2 2009" 4,000 times (no sentence end),
  then 8x that;
- ``html``: a 20 MB HTML page (60,000 paragraphs in nested sections, scripts, attributes).

Prints one row per run: the scenario and its size, the seconds ``clean_document`` took, the
process's peak RSS and its RSS before cleaning (the interpreter, libraries and the
document). ``--scale`` multiplies every size (0.1 for a quick look).
"""

from __future__ import annotations

import argparse
import json
import resource
import subprocess
import sys
import time

from crosswire.models import Document

WEEKDAY_UNIT = "On Monday March 2 2009 "


def lines_text(n: int) -> str:
    """n -> a page of n short lines, every one different ("vote 17")."""
    words = ("word", "news", "city", "team", "vote", "rain", "road", "bank")
    blocks = ("".join(f"{words[i % 8]} {i}\n" for i in range(a, min(n, a + 10_000)))
              for a in range(0, n, 10_000))  # built in blocks: the peak stays the text's
    return "".join(blocks)


def weekdays_text(n: int) -> str:
    """n -> a headline and one paragraph naming a weekday and a full date n times."""
    return "Council meets\n\n" + WEEKDAY_UNIT * n + "\n"


def html_text(paragraphs: int) -> str:
    """n -> an HTML page of n paragraphs in nested sections, with scripts and long
    attribute values between them (about 330 bytes a paragraph)."""
    parts = ["<html><head><title>A long page</title>"
             '<meta property="article:published_time" content="2020-05-04T10:00:00Z">'
             "</head><body><article><h1>A long page</h1>"]
    for i in range(paragraphs):
        if i % 50 == 0:
            parts.append(f'<section class="s{i}"><script>var x{i} = "{"y" * 120}";</script>')
        parts.append(f'<p data-x="{"z" * 200}">Paragraph {i} says the council met on '
                     f"Monday and voted {i % 97} to {i % 13} on the plan.</p>")
        if i % 50 == 49:
            parts.append("</section>")
    parts.append("</article></body></html>")
    return "".join(parts)


def document(scenario: str, size: int) -> Document:
    """(scenario, size) -> the Document to clean."""
    if scenario == "html":
        return Document(id="h", path="h.html", source="h.html", media="html",
                        content=html_text(size), format="html", hash="")
    text = lines_text(size) if scenario == "lines" else weekdays_text(size)
    return Document(id="t", path="t.txt", source="t.txt", media="text", content=text,
                    format="text", hash="")


def run_one(scenario: str, size: int) -> dict[str, float]:
    """(scenario, size) -> {seconds, peak_mb, before_mb} of cleaning it in this process."""
    from crosswire.clean import clean_document
    from crosswire.clean.boilerplate import default_model
    from crosswire.clean.language import detect_language
    from crosswire.config import load_settings

    settings = load_settings()
    default_model()  # the models load once per process: not part of the figure
    detect_language("The council met on Monday and voted on the plan for the city.")
    doc = document(scenario, size)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    start = time.perf_counter()
    article = clean_document(doc, settings)
    seconds = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return {"seconds": seconds, "peak_mb": peak, "before_mb": before,
            "bytes": len(doc.content.encode()), "body_chars": len(article.body)}


SIZES = {"lines": [1_500_000], "weekdays": [4_000, 32_000], "html": [60_000]}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("scenarios", nargs="*", help=f"any of {', '.join(SIZES)}")
    parser.add_argument("--scale", type=float, default=1.0)
    parser.add_argument("--one", nargs=2, metavar=("SCENARIO", "SIZE"), help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.one:
        print(json.dumps(run_one(args.one[0], int(args.one[1]))))
        return
    unknown = set(args.scenarios) - set(SIZES)
    if unknown:
        parser.error(f"unknown scenario(s): {', '.join(sorted(unknown))}")
    print(f"{'scenario':<10} {'size':>10} {'MB in':>7} {'seconds':>8} {'peak RSS':>9} "
          f"{'RSS before':>10}")
    for scenario in args.scenarios or list(SIZES):
        for size in SIZES[scenario]:
            n = max(1, int(size * args.scale))
            out = subprocess.run([sys.executable, __file__, "--one", scenario, str(n)],
                                 capture_output=True, text=True, check=True)
            row = json.loads(out.stdout)
            print(f"{scenario:<10} {n:>10} {row['bytes'] / 1e6:>7.1f} {row['seconds']:>8.2f} "
                  f"{row['peak_mb']:>6.0f} MB {row['before_mb']:>7.0f} MB", flush=True)


if __name__ == "__main__":
    main()
