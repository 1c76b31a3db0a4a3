"""`make calibrate`: does the ranking mean something? Real monoliths that were later split
(../shared/calibration/labels.toml): the units teams extracted should score above the units
they kept. Prints ROC-AUC and precision@k for the full score and for "fan-in alone".

    python bench/calibrate.py [FOLDER]   # FOLDER holds the unpacked releases (fetch.sh)
"""

from __future__ import annotations

import subprocess
import sys
import tempfile
import tomllib
from pathlib import Path

from coupling.config import Flags, load_settings
from coupling.pipeline import evaluate

REPO = Path(__file__).resolve().parent.parent
LABELS = REPO.parent / "shared" / "calibration" / "labels.toml"


def auc(scores: dict[str, float], extracted: list[str], kept: list[str]) -> float:
    """The chance that an extracted unit outscores a kept one (ties count half)."""
    pairs = [(scores[e], scores[k]) for e in extracted for k in kept]
    return sum(1.0 if e > k else 0.5 if e == k else 0.0 for e, k in pairs) / len(pairs)


def precision_at_k(scores: dict[str, float], extracted: list[str], kept: list[str]) -> float:
    k = len(extracted)
    ranked = sorted(extracted + kept, key=lambda unit: (-scores[unit], unit))
    return sum(1 for unit in ranked[:k] if unit in extracted) / k


def main() -> None:
    folder = Path(sys.argv[1]) if len(sys.argv) > 1 else Path("/tmp/calib")
    if not folder.exists():
        subprocess.run(["bash", str(LABELS.parent / "fetch.sh"), str(folder)], check=True)
    sets = tomllib.loads(LABELS.read_text())["set"]
    print("| set | units | extracted | AUC score | AUC fan-in | P@k score | P@k fan-in |")
    print("|---|---|---|---|---|---|---|")
    for labelled in sets:
        with tempfile.TemporaryDirectory() as out:
            settings = load_settings(
                folder / labelled["scan"], folder, Flags(out=Path(out), cache=False)
            )
            assessment = evaluate(settings).assessment
        scored = {c.unit: c.score for c in (*assessment.candidates, *assessment.kernels)}
        fan_in = {u.name: -float(u.fan_in) for u in assessment.analysis.imports.units}
        extracted = [u for u in labelled["extracted"] if u in scored]
        kept = [u for u in labelled["kept"] if u in scored]
        print(
            f"| {labelled['name']} | {len(extracted) + len(kept)} | {len(extracted)} "
            f"| {auc(scored, extracted, kept):.2f} | {auc(fan_in, extracted, kept):.2f} "
            f"| {precision_at_k(scored, extracted, kept):.2f} | {precision_at_k(fan_in, extracted, kept):.2f} |"
        )
        ranking = ", ".join(
            f"{c.unit} {c.score:.1f}{'*' if c.unit in extracted else ''}"
            for c in assessment.candidates
        )
        print(f"|  | ranking (* extracted): {ranking} | | | | | |")


if __name__ == "__main__":
    main()
