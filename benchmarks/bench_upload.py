"""Memory of the web app under large uploads: the server's peak RSS (VmHWM) after each of an
upload just under the body limit (15 MB of HTML) and one over it (20 MB, refused with 413).

    .venv/bin/python benchmarks/bench_upload.py [--dir /tmp/x]

The page is real article HTML (../shared/eval/extraction) repeated to the size, so the whole
clean stage runs on it. Printed: size, status, seconds, the server's peak RSS before and after.
"""

from __future__ import annotations

import argparse
import gzip
import sys
import tempfile
import time
from pathlib import Path

import httpx

from bench_load import TOKEN, start_server
from crosswire.store import open_store

EXTRACTION = Path(__file__).resolve().parents[2] / "shared" / "eval" / "extraction"


def page_of(size: int) -> bytes:
    """-> an HTML page of about ``size`` bytes: one dev page's body repeated."""
    first = sorted((EXTRACTION / "pages").glob("*.html.gz"))[0]
    html = gzip.decompress(first.read_bytes()).decode("utf-8", errors="replace")
    head, _, rest = html.partition("<body")
    body = rest.partition(">")[2].rpartition("</body>")[0] or rest
    copies = max(1, (size - len(head)) // max(1, len(body)))
    return f"{head}<body>{body * copies}</body></html>".encode()


def peak_rss_mb(pid: int) -> float:
    """-> a process's peak resident set size in MB (Linux /proc)."""
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--dir", default=None)
    args = parser.parse_args()
    folder = Path(args.dir or tempfile.mkdtemp(prefix="crosswire-upload-"))
    folder.mkdir(parents=True, exist_ok=True)
    db = str(folder / "upload.db")
    open_store(db).close()  # serve needs an existing database
    server, url = start_server(db, folder / "server.log")
    try:
        print(f"{'upload MB':>9} {'status':>6} {'s':>6} {'peak RSS before':>16} {'after':>8}")
        for size in (15_000_000, 20_000_000):
            data = page_of(size)
            before = peak_rss_mb(server.pid)
            began = time.monotonic()
            response = httpx.post(f"{url}/api/ingest", timeout=1200,
                                  headers={"Authorization": f"Bearer {TOKEN}"},
                                  files=[("files", (f"page-{size}.html", data, "text/html"))])
            print(f"{len(data) / 1e6:>9.1f} {response.status_code:>6} "
                  f"{time.monotonic() - began:>6.1f} {before:>14.0f} MB "
                  f"{peak_rss_mb(server.pid):>5.0f} MB")
    finally:
        server.terminate()
        server.wait(30)
    return 0


if __name__ == "__main__":
    sys.exit(main())
