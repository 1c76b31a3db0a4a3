"""`make bench`: wall-clock timings of `coupling scan`, end to end, as a user runs it.

Then `coupling check` beside `tach check` on a Django tree (bench/drift.py).

Targets: the bundled example, Django (installed as a bench dependency, ~900 files) and a
synthetic monolith of 6,000 modules in 60 units (seeded, with cycles). For each: a cold scan
without cache on one process and on every CPU, a cold scan that fills the cache, a warm scan,
and a warm scan after editing one file. Medians of several runs; nothing here is asserted.
"""

from __future__ import annotations

import importlib.util
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from drift import copy_django, measure_check  # bench/ is on sys.path: this file runs as a script

REPO = Path(__file__).resolve().parent.parent


def synthetic(root: Path, units: int = 60, modules: int = 100, seed: int = 7) -> Path:
    """A monolith whose units import a few neighbours, some of them back (cycles)."""
    rng = random.Random(seed)
    src = root / "src"
    for u in range(units):
        package = src / f"unit{u:02d}"
        package.mkdir(parents=True)
        (package / "__init__.py").write_text(f'"""Unit {u}."""\n')
        for m in range(modules):
            lines = ["from __future__ import annotations", "import json", "import os"]
            for _ in range(6):
                target = u if rng.random() < 0.6 else rng.randrange(units)
                lines.append(
                    f"from unit{target:02d}.mod{rng.randrange(modules):03d} import helper_{rng.randrange(9)}"
                )
            lines += [""] + [
                f"def helper_{k}(x: int) -> int:\n    if x > {k}:\n        return x * {k}\n    return x\n"
                for k in range(9)
            ]
            (package / f"mod{m:03d}.py").write_text("\n".join(lines))
    return src


def history_repo(root: Path, commits: int = 10_000, seed: int = 3) -> Path:
    """A git repository of 30 units × 20 modules with `commits` commits (git fast-import)."""
    rng = random.Random(seed)
    repo = root / "repo"
    subprocess.run(["git", "init", "-q", "-b", "main", str(repo)], check=True)
    files = [f"src/unit{u:02d}/mod{m:02d}.py" for u in range(30) for m in range(20)]
    inits = [f"src/unit{u:02d}/__init__.py" for u in range(30)]
    authors = [(f"Dev {i}", f"dev{i}@example.com") for i in range(25)] + [
        ("dependabot[bot]", "bot@example.com")
    ]
    versions = dict.fromkeys(files, 0)
    stream = []
    for number in range(commits):
        name, email = rng.choice(authors)
        when = 1_600_000_000 + number * 3600
        stream.append(
            f"commit refs/heads/main\nmark :{number + 1}\nauthor {name} <{email}> {when} +0000\n"
        )
        stream.append(f"committer {name} <{email}> {when} +0000\ndata 7\nchange\n")
        if number:
            stream.append(f"from :{number}\n")
        changed = files if number == 0 else rng.sample(files, rng.choice([1, 1, 2, 2, 3, 4, 6, 40]))
        for path in [*inits, *changed] if number == 0 else changed:
            versions[path] = versions.get(path, 0) + 1
            body = "".join(
                f"from unit{rng.randrange(30):02d} import x{i}\n"
                for i in range(versions[path] % 7 + 2)
            )
            stream.append(f"M 644 inline {path}\ndata {len(body.encode())}\n{body}")
        stream.append("\n")
    subprocess.run(
        ["git", "fast-import", "--quiet"], cwd=repo, input="".join(stream).encode(), check=True
    )
    subprocess.run(["git", "checkout", "-q", "main"], cwd=repo, check=True)
    return repo / "src"


def measure_history(root: Path) -> str:
    """What reading 10,000 commits adds to a warm scan: the repository against a plain copy;
    the history is read again only when HEAD moves, so both cases are timed."""
    source = history_repo(root)
    plain = Path(shutil.copytree(source, root / "plain" / "src"))
    for path in (source, plain):
        scan(path, root / "out")  # fill the cache
    time.sleep(2.1)
    without = median(5, lambda: scan(plain, root / "out"))
    cached = median(5, lambda: scan(source, root / "out"))

    def after_a_commit() -> float:
        subprocess.run(
            [
                "git",
                "-c",
                "user.name=b",
                "-c",
                "user.email=b@b",
                "commit",
                "-q",
                "--allow-empty",
                "-m",
                "bench",
            ],
            cwd=source.parent,
            check=True,
        )
        return scan(source, root / "out")

    moved = median(3, after_a_commit)
    return (
        f"history of 10,000 commits (git log --numstat, {sum(1 for _ in source.rglob('*.py'))} files), "
        f"warm scans: {without:.2f} s without history; with it {moved:.2f} s after a new commit "
        f"(log read again, +{moved - without:.2f} s) and {cached:.2f} s at the same HEAD (cached)"
    )


def django_copy(root: Path) -> Path:
    spec = importlib.util.find_spec("django")
    if spec is None or not spec.submodule_search_locations:
        raise SystemExit("django is not installed: run `make bench`, which installs it")
    # A copy outside this repository: .venv is git-ignored here, and coupling honours that.
    return Path(shutil.copytree(spec.submodule_search_locations[0], root / "django"))


def scan(path: Path, out: Path, *flags: str) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "coupling", "scan", str(path), "--out", str(out), "-q", *flags],
        cwd=path.parent,
        check=True,
    )
    return time.perf_counter() - started


def median(runs: int, action: Callable[[], float]) -> float:
    return statistics.median(action() for _ in range(runs))


def measure(name: str, path: Path, out: Path) -> list[str]:
    files = sum(1 for _ in path.rglob("*.py"))
    cache = path.parent / ".coupling"
    shutil.rmtree(cache, ignore_errors=True)
    single = median(3, lambda: scan(path, out, "--no-cache", "--jobs", "1"))
    parallel = median(3, lambda: scan(path, out, "--no-cache"))

    def cold_cache() -> float:
        shutil.rmtree(cache, ignore_errors=True)
        return scan(path, out)

    fill = median(3, cold_cache)
    time.sleep(2.1)  # let mtimes age past the cache's racy window, as between real commits
    warm = median(5, lambda: scan(path, out))
    candidates = sorted(path.rglob("*.py"))
    victim = candidates[len(candidates) // 2]

    def edit_one() -> float:
        with victim.open("a") as stream:
            stream.write("\nimport json  # bench edit\n")
        return scan(path, out)

    edited = median(3, edit_one)
    return [name, f"{files:,}", *(f"{t:.2f} s" for t in (single, parallel, fill, warm, edited))]


def main() -> None:
    # Timings as a user sees them: compiled bytecode cached, as after any pip install.
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    work = Path(tempfile.mkdtemp(prefix="coupling-bench-"))
    try:
        example = Path(shutil.copytree(REPO / "examples" / "techcorp", work / "techcorp")) / "src"
        (example.parent / "coupling.toml").unlink()  # its inputs are not what is timed here
        targets = [
            ("example monolith", example),
            ("django", django_copy(work / "django-tree")),
            ("synthetic 6k modules", synthetic(work / "synthetic")),
        ]
        header = [
            "target",
            "files",
            "cold, 1 process",
            f"cold, {os.cpu_count()} processes",
            "cold, filling cache",
            "warm cache",
            "warm, 1 file edited",
        ]
        rows = [measure(name, path, work / "out") for name, path in targets]
        print(
            f"coupling scan, wall clock incl. interpreter start, median (Python {sys.version.split()[0]})\n"
        )
        print("| " + " | ".join(header) + " |")
        print("|" + "---|" * len(header))
        for row in rows:
            print("| " + " | ".join(row) + " |")
        print()
        print(measure_history(work / "history"))
        print()
        django = django_copy(work / "django-source")
        print(measure_check(copy_django(django, work / "django-check")))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
