"""Build crosswire's wheel, install it into a fresh virtualenv, run `crosswire run` on the samples.

Proves what a user gets from `pip install crosswire`: a working `crosswire` command and
`python -m crosswire`, every model it needs at run time, nothing installed by hand, no PyTorch.
Prints the figures issue 18 asks for (wheel size, install time and disk size, end-to-end time)
as a table; exits 1 with the failing step's output when a step fails.

    python .ci/check_wheel.py [--extras web] [--keep DIR]

The wheel is built from the committed tree (``git archive HEAD``), as a release would be.

Needs the package index (or pip's cache) for the dependencies, as `make install` does; no
other network.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "raqqa"


def step(what: str, args: list[str], cwd: Path, timeout: float = 1800) -> tuple[str, float]:
    """one command -> (its stdout, seconds); exits 1 with its output when it fails or
    overruns ``timeout`` seconds."""
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    start = time.perf_counter()
    try:
        done = subprocess.run(args, cwd=cwd, capture_output=True, text=True, timeout=timeout,
                              env=env)
    except subprocess.TimeoutExpired:
        print(f"check_wheel: {what} took more than {timeout:g} s ({' '.join(args)})",
              file=sys.stderr)
        sys.exit(1)
    seconds = time.perf_counter() - start
    if done.returncode != 0:
        print(f"check_wheel: {what} failed ({' '.join(args)}):\n{done.stdout}\n{done.stderr}",
              file=sys.stderr)
        sys.exit(1)
    return done.stdout, seconds


def source_copy(work: Path) -> Path:
    """-> a clean copy of the project to build from: the committed tree (``git archive``),
    or, outside a git checkout, the files without build output and virtualenvs; the
    checkout itself is never written (no build/ or egg-info left in it)."""
    target = work / "source"
    shutil.rmtree(target, ignore_errors=True)
    target.mkdir(parents=True)
    if (ROOT / ".git").exists() and shutil.which("git"):
        archive = subprocess.run(["git", "-C", str(ROOT), "archive", "--format=tar", "HEAD"],
                                 capture_output=True, check=True).stdout
        subprocess.run(["tar", "-x", "-C", str(target)], input=archive, check=True)
        return target
    ignore = shutil.ignore_patterns(".venv", "build", "dist", "*.egg-info", "__pycache__",
                                    ".git", "*.db", ".*_cache")
    shutil.copytree(ROOT, target, ignore=ignore, dirs_exist_ok=True)
    return target


def folder_size(path: Path) -> int:
    """a folder -> the bytes of the files under it."""
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file() and not f.is_symlink())


def check(work: Path, extras: str | None) -> dict[str, float | str]:
    """a scratch folder (+ extras to install) -> the figures; exits 1 on a failed step."""
    shutil.rmtree(work / "dist", ignore_errors=True)
    _, build = step("building the wheel", [sys.executable, "-m", "pip", "wheel", "--quiet",
                                           "--no-deps", "-w", str(work / "dist"),
                                           str(source_copy(work))], work)
    wheel = next((work / "dist").glob("crosswire-*.whl"))
    step("creating a virtualenv", [sys.executable, "-m", "venv", str(work / "venv")], work)
    bin_dir = work / "venv" / "bin"
    target = f"{wheel}[{extras}]" if extras else str(wheel)
    _, install = step("installing the wheel", [str(bin_dir / "pip"), "install", "--quiet",
                                               target], work)
    listed, _ = step("listing packages", [str(bin_dir / "pip"), "list", "--format=json"], work)
    names = {p["name"].lower() for p in json.loads(listed)}
    if "torch" in names:
        print("check_wheel: PyTorch was installed", file=sys.stderr)
        sys.exit(1)
    step("python -m crosswire", [str(bin_dir / "python"), "-m", "crosswire", "--version"], work)
    db, report = work / "samples.db", work / "report.html"
    _, run = step("crosswire run", [str(bin_dir / "crosswire"), "run", str(SAMPLES), "--db",
                                    str(db), "--report", str(report)], work)
    stories, _ = step("crosswire stories", [str(bin_dir / "crosswire"), "stories", "--json",
                                            "--db", str(db)], work)
    ids = [json.loads(line)["id"] for line in stories.splitlines() if line.strip()]
    n_facts = 0
    for story in ids:
        facts, _ = step("crosswire facts", [str(bin_dir / "crosswire"), "facts", "--json",
                                            "--story", story, "--db", str(db)], work)
        n_facts += sum(1 for line in facts.splitlines() if line.strip())
    step("crosswire doctor", [str(bin_dir / "crosswire"), "doctor", "--db", str(db)], work)
    articles = sum(len(json.loads(line)["articles"]) for line in stories.splitlines() if line)
    if articles != 5 or n_facts == 0 or not report.is_file():
        print(f"check_wheel: the run gave {articles} articles in stories, {n_facts} facts, "
              f"report {'written' if report.is_file() else 'missing'}", file=sys.stderr)
        sys.exit(1)
    return {"extras": extras or "(none)", "wheel MB": wheel.stat().st_size / 1e6,
            "build s": build, "install s": install,
            "installed GB": folder_size(work / "venv") / 1e9, "run samples s": run,
            "stories": len(ids), "facts": n_facts}


def main() -> None:
    """Print the table; exit 1 when a step fails."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--extras", default=None, help="e.g. web: install crosswire[web]")
    parser.add_argument("--keep", type=Path, default=None, help="work here and keep it")
    args = parser.parse_args()
    work = args.keep or Path(tempfile.mkdtemp(prefix="crosswire-wheel-"))
    work.mkdir(parents=True, exist_ok=True)
    try:
        figures = check(work, args.extras)
    finally:
        if args.keep is None:
            shutil.rmtree(work, ignore_errors=True)
    for key, value in figures.items():
        print(f"{key:>14}  {value:.2f}" if isinstance(value, float) else f"{key:>14}  {value}")


if __name__ == "__main__":
    main()
