"""`make calibrate`: does the ranking mean something? Real projects that were later split
(bench/calibration.toml): the units their teams extracted into separate distributions should
score above the units they kept. For each set and pooled, ROC-AUC and precision@k of the score
and of three naive baselines (fan-in alone, size alone, fewest outgoing imports), and the ties
among labelled units.

    python bench/calibrate.py [CACHE]   # CACHE: where releases are downloaded and unpacked

Releases come from PyPI through pip; an old release whose setup.py no longer runs is fetched as
the same archive from the index's file list (PEP 691 JSON), checked against its sha256, and
unpacked, never built or run. Nothing here runs in `make test`.
"""

from __future__ import annotations

import hashlib
import json
import statistics
import subprocess
import sys
import tarfile
import tempfile
import tomllib
import urllib.request
import zipfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from coupling.config import Flags, load_settings
from coupling.pipeline import evaluate
from coupling.records import Assessment

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO / "bench" / "calibration.toml"
INDEX = "https://pypi.org/simple"


@dataclass(frozen=True)
class LabelledSet:
    name: str
    release: str  # a pip requirement: NAME==VERSION
    scan: str  # the folder to scan, relative to where the archive unpacks
    extracted: tuple[str, ...]
    kept: tuple[str, ...]


@dataclass(frozen=True)
class Figures:
    auc: float
    precision: float


Ranker = Callable[[Assessment], dict[str, float]]  # unit → higher means easier to extract


def score(assessment: Assessment) -> dict[str, float]:
    return {c.unit: c.service_score for c in (*assessment.candidates, *assessment.kernels)}


def fan_in_alone(assessment: Assessment) -> dict[str, float]:
    return {u.name: -float(u.fan_in) for u in assessment.analysis.imports.units}


def size_alone(assessment: Assessment) -> dict[str, float]:
    return {u.name: -float(u.code_lines) for u in assessment.analysis.imports.units}


def fewest_outgoing(assessment: Assessment) -> dict[str, float]:
    return {u.name: -float(u.fan_out) for u in assessment.analysis.imports.units}


RANKERS: Mapping[str, Ranker] = {
    "score": score,
    "fan-in": fan_in_alone,
    "size": size_alone,
    "outgoing": fewest_outgoing,
}


def auc(scores: Mapping[str, float], extracted: list[str], kept: list[str]) -> float:
    """The chance that an extracted unit outscores a kept one (ties count half)."""
    pairs = [(scores[e], scores[k]) for e in extracted for k in kept]
    return sum(1.0 if e > k else 0.5 if e == k else 0.0 for e, k in pairs) / len(pairs)


def precision_at_k(scores: Mapping[str, float], extracted: list[str], kept: list[str]) -> float:
    """Of the k best-scored labelled units (k = how many were extracted), the share extracted;
    a tie at the cut counts as the expected share, so ties never help."""
    k = len(extracted)
    ordered = sorted(extracted + kept, key=lambda unit: -scores[unit])
    cut = scores[ordered[k - 1]]
    above = [u for u in ordered if scores[u] > cut]
    tied = [u for u in ordered if scores[u] == cut]
    hits = sum(1 for u in above if u in extracted)
    hits_tied = sum(1 for u in tied if u in extracted) * (k - len(above)) / len(tied)
    return (hits + hits_tied) / k


def ties(scores: Mapping[str, float], labelled: list[str]) -> int:
    """Pairs of labelled units that share a score."""
    values = [scores[unit] for unit in labelled]
    return sum(1 for i, a in enumerate(values) for b in values[i + 1 :] if a == b)


def _ties_apart(
    assessment: Assessment, scores: Mapping[str, float], labelled: list[str]
) -> list[str]:
    """Pairs of labelled units with the same score but different measured inputs (the raw
    figures behind their factors): a scale that saturates."""
    found = {c.unit: c for c in (*assessment.candidates, *assessment.kernels)}
    inputs = {u: tuple(raw for f in found[u].factors for raw in f.raw) for u in labelled}
    return [
        f"{a} = {b}"
        for i, a in enumerate(labelled)
        for b in labelled[i + 1 :]
        if scores[a] == scores[b] and inputs[a] != inputs[b]
    ]


def labelled_sets() -> list[LabelledSet]:
    return [
        LabelledSet(s["name"], s["release"], s["scan"], tuple(s["extracted"]), tuple(s["kept"]))
        for s in tomllib.loads(LABELS.read_text(encoding="utf-8"))["set"]
    ]


def fetch(release: str, cache: Path) -> Path:
    """The folder the release's source archive unpacks into, below `cache`."""
    unpacked = cache / "unpacked" / release.replace("==", "-")
    if unpacked.is_dir():
        return unpacked
    downloads = cache / "downloads"
    downloads.mkdir(parents=True, exist_ok=True)
    archive = _pip_download(release, downloads) or _index_download(release, downloads)
    unpacked.parent.mkdir(parents=True, exist_ok=True)
    partial = Path(tempfile.mkdtemp(dir=cache, prefix=".unpacking-"))
    _unpack(archive, partial)
    partial.replace(unpacked)
    return unpacked


def _pip_download(release: str, into: Path) -> Path | None:
    before = set(into.iterdir())
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "--no-binary",
            ":all:",
            release,
            "-d",
            str(into),
        ],
        capture_output=True,
        check=False,
    )
    new = sorted(set(into.iterdir()) - before) or _already_there(release, into)
    return new[0] if done.returncode == 0 and new else None


def _already_there(release: str, into: Path) -> list[Path]:
    name, version = release.split("==")
    wanted = {f"{name}-{version}".lower(), f"{name.replace('-', '_')}-{version}".lower()}
    return [p for p in into.iterdir() if p.name.lower().split(".tar")[0].split(".zip")[0] in wanted]


def _index_download(release: str, into: Path) -> Path:
    name, version = release.split("==")
    request = urllib.request.Request(
        f"{INDEX}/{name.lower()}/", headers={"Accept": "application/vnd.pypi.simple.v1+json"}
    )
    with urllib.request.urlopen(request, timeout=120) as response:
        files = json.load(response)["files"]
    stems = {f"{name}-{version}".lower(), f"{name.replace('-', '_')}-{version}".lower()}
    archive = next(
        f
        for f in files
        if f["filename"].lower().removesuffix(".tar.gz").removesuffix(".zip") in stems
    )
    target = into / str(archive["filename"])
    with urllib.request.urlopen(archive["url"], timeout=300) as response:
        data = response.read()
    if hashlib.sha256(data).hexdigest() != archive["hashes"]["sha256"]:
        raise SystemExit(f"{archive['filename']}: sha256 does not match the index")
    target.write_bytes(data)
    return target


def _unpack(archive: Path, into: Path) -> None:
    if archive.suffix == ".zip":
        with zipfile.ZipFile(archive) as opened:
            opened.extractall(into)
        return
    with tarfile.open(archive) as opened:
        opened.extractall(into, filter="data")


def assess(labelled: LabelledSet, cache: Path) -> Assessment:
    folder = fetch(labelled.release, cache)
    with tempfile.TemporaryDirectory() as out:
        settings = load_settings(folder / labelled.scan, folder, Flags(out=Path(out), cache=False))
        return evaluate(settings).assessment


def _met(held: bool) -> str:
    return "met" if held else "NOT met"


def _row(*cells: object) -> str:
    return "| " + " | ".join(map(str, cells)) + " |"


def main() -> None:
    # Outside this repository: coupling leaves out files git ignores, and bench/.work is.
    cache = (
        Path(sys.argv[1]) if len(sys.argv) > 1 else Path.home() / ".cache" / "coupling-calibration"
    )
    cache.mkdir(parents=True, exist_ok=True)
    names = list(RANKERS)
    print(
        _row(
            "set",
            "units",
            "extracted",
            "ties",
            *(f"AUC {n}" for n in names),
            *(f"P@k {n}" for n in names),
        )
    )
    print("|---" * (4 + 2 * len(names)) + "|")
    per_set: dict[str, list[Figures]] = {n: [] for n in names}
    rankings = []
    saturated: list[str] = []
    for labelled in labelled_sets():
        assessment = assess(labelled, cache)
        units = {u.name for u in assessment.analysis.imports.units}
        if missing := sorted(set(labelled.extracted + labelled.kept) - units):
            print(
                f"warning: {labelled.name}: labelled units not found: {', '.join(missing)}",
                file=sys.stderr,
            )
        extracted = [u for u in labelled.extracted if u in units]
        kept = [u for u in labelled.kept if u in units]
        figures = {
            name: Figures(auc(s, extracted, kept), precision_at_k(s, extracted, kept))
            for name, ranker in RANKERS.items()
            for s in (ranker(assessment),)
        }
        for name in names:
            per_set[name].append(figures[name])
        scored = score(assessment)
        saturated += _ties_apart(assessment, scored, extracted + kept)
        print(
            _row(
                labelled.name,
                len(extracted) + len(kept),
                len(extracted),
                ties(scored, extracted + kept),
                *(f"{figures[n].auc:.2f}" for n in names),
                *(f"{figures[n].precision:.2f}" for n in names),
            )
        )
        order = sorted(extracted + kept, key=lambda u: (-scored[u], u))
        listed = ", ".join(f"{u} {scored[u]:.1f}{'*' if u in extracted else ''}" for u in order)
        rankings.append(f"{labelled.name}: {listed}")
    print(
        _row(
            "**pooled** (each set weighs the same)",
            "",
            "",
            "",
            *(f"{statistics.mean(f.auc for f in per_set[n]):.2f}" for n in names),
            *(f"{statistics.mean(f.precision for f in per_set[n]):.2f}" for n in names),
        )
    )
    pooled = {n: statistics.mean(f.auc for f in per_set[n]) for n in names}
    below = [
        labelled.name
        for labelled, mine, fan_in in zip(
            labelled_sets(), per_set["score"], per_set["fan-in"], strict=True
        )
        if mine.auc < fan_in.auc
    ]
    print("\nTargets (issue 12):")
    print(
        f"- pooled AUC of the score ≥ 0.85: {pooled['score']:.2f} ({_met(pooled['score'] >= 0.85)})"
    )
    beaten = all(pooled["score"] > pooled[n] for n in names if n != "score")
    print(f"- beats every baseline on the pooled AUC: {_met(beaten)}")
    print(
        "- at least the fan-in baseline on every set: "
        + (_met(True) if not below else f"{_met(False)}, below on {', '.join(below)}")
    )
    print(
        "- no two labelled units share a score unless their inputs are equal: "
        + (_met(True) if not saturated else f"{_met(False)}: {'; '.join(saturated)}")
    )
    print("\nLabelled units by score (* extracted):")
    for line in rankings:
        print(f"- {line}")


if __name__ == "__main__":
    main()
