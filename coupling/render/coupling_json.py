"""coupling.json: the same facts as the reports, machine-readable, schema-versioned.

It is the baseline `coupling check` and `coupling diff` compare against, so its shape changes
only with a new "schema" number.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from coupling import __version__
from coupling.cache.codec import to_data
from coupling.render.json_layout import readable_json

if TYPE_CHECKING:
    from coupling.records import (
        Accounting,
        Analysis,
        Assessment,
        Candidate,
        CodeQuality,
        DataCoupling,
        Evolution,
        FunctionStats,
        Hop,
        ImportCoupling,
        ImportSite,
        InputFiles,
        Project,
        UnitStats,
    )

SCHEMA = 2  # 2: roles and kinds of units, evidence, reads and writes, libraries


def render_json(assessment: Assessment) -> str:
    return readable_json(json_document(assessment)) + "\n"


def json_document(assessment: Assessment) -> dict[str, Any]:
    """coupling.json as data, one part of the analysis after another."""
    analysis = assessment.analysis
    return {
        "schema": SCHEMA,
        "generator": f"coupling {__version__}",
        "scope": _scope(analysis.project),
        "evidence": to_data(analysis.sources),
        "inputs": _inputs(analysis.files, analysis),
        **_import_part(analysis.project, analysis.imports),
        **_data_part(analysis.data),
        "endpoints": [
            {"unit": e.unit, "file": e.file} | dict(to_data(e.endpoint))  # type: ignore[arg-type]
            for e in analysis.interfaces.endpoints
        ],
        "public_surface": to_data(analysis.interfaces.surfaces),
        **_code_part(analysis.code),
        "dynamic_imports": to_data(analysis.runtime.dynamic),
        "history": _history(analysis),
        "scores": scores(assessment),
        "risks": [
            {
                "unit": r.unit,
                "score": r.score,
                "level": r.level,
                "findings": to_data(r.findings),
                "silenced": to_data(r.silenced),
                "not_assessed": to_data(r.not_assessed),
            }
            for r in assessment.risks
        ],
        **_ownership_part(analysis.evolution),
        "accounting": _accounting(analysis.accounting),
    }


def _scope(project: Project) -> dict[str, Any]:
    return {
        "path": project.scan_path,
        "layout": "package" if project.package else "top-level packages",
        "package": project.package or None,
        "depth": project.depth,
        "units_from": project.units_from,
    }


def _import_part(project: Project, imports: ImportCoupling) -> dict[str, Any]:
    """summary, units, matrix, dependencies and cycles."""
    cells = {(d.importer, d.imported): d.imports for d in imports.dependencies}
    return {
        "summary": {
            "units": len(imports.units),
            "files": len(project.files),
            "lines": sum(u.lines for u in imports.units),
            "import_statements": imports.statements,
            "imports_between_units": len(
                {(e.file, e.line) for d in imports.dependencies for e in d.sites}
            ),
            "cyclic_groups": len(imports.groups),
            "cycles_listed": len(imports.cycles),
        },
        "units": [_unit(u) for u in imports.units],
        "matrix": {
            "order": list(imports.order),
            "rows": [
                [None if r == c else cells.get((r, c), 0) for c in imports.order]
                for r in imports.order
            ],
        },
        "dependencies": [
            {
                "importer": d.importer,
                "imported": d.imported,
                "imports": d.imports,
                "evidence": [_site(e) for e in d.sites],
            }
            for d in imports.dependencies
        ],
        "cycles": _cycles(imports),
    }


def _cycles(imports: ImportCoupling) -> dict[str, Any]:
    return {
        "groups": [list(g) for g in imports.groups],
        "through_facade": [list(g) for g in imports.through_facade],
        "complete": imports.cycles_complete,
        "listed": [
            {"units": list(c.units), "hops": [_hop(h) for h in c.hops]} for c in imports.cycles
        ],
        "breakers": [
            {
                "importer": b.importer,
                "imported": b.imported,
                "units": [b.importer_unit, b.imported_unit],
                "where": [{"file": e.file, "line": e.line} for e in b.sites],
            }
            for b in imports.breakers
        ],
    }


def _data_part(data: DataCoupling) -> dict[str, Any]:
    """models, data and shared_tables."""
    return {
        "models": to_data(data.models),
        "data": [
            {
                "source": c.source,
                "target": c.target,
                "foreign_keys": c.foreign_keys,
                "relationships": c.relationships,
                "models_used": c.models_used,
                "models_written": c.models_written,
                "sql": c.sql,
                "evidence": to_data(c.edges),
            }
            for c in data.cells
        ],
        "shared_tables": to_data(data.shared_tables),
        "migrations": [{"unit": unit, "files": files} for unit, files in data.migrations],
    }


def _code_part(code: CodeQuality) -> dict[str, Any]:
    """complexity and tests."""
    return {
        "complexity": {
            "units": [
                {
                    "unit": q.unit,
                    "functions": q.functions,
                    "ranks": dict(zip("ABCDEF", q.ranks, strict=True)),
                    "mean": round(q.mean_complexity, 4),
                    "max": q.max_complexity,
                }
                for q in code.units
            ],
            "hotspots": [_function(f) for f in code.hotspots],
            "complex_and_untested": [_function(f) for f in code.untested],
        },
        "tests": {
            "line_coverage_from": code.line_coverage or None,
            "shared_support": [{"file": f, "lines": n} for f, n in code.shared_tests],
            "units": [
                {
                    "unit": q.unit,
                    "test_files": q.test_files,
                    "test_lines": q.test_lines,
                    "test_ratio": round(q.test_ratio, 4),
                    "coverage": None if q.coverage is None else round(q.coverage, 4),
                }
                for q in code.units
            ],
        },
    }


def _ownership_part(evolution: Evolution) -> dict[str, Any]:
    """ownership and unit_pairs."""
    return {
        "ownership": {
            "source": evolution.ownership or None,
            "units": [
                {
                    "unit": o.unit,
                    "owners": [
                        {"owner": s.owner, "files": round(s.files, 4), "lines": round(s.lines, 4)}
                        for s in o.owners
                    ],
                    "unowned": round(o.unowned, 4),
                }
                for o in evolution.owners
            ],
        },
        "unit_pairs": [
            {
                "units": [p.first, p.second],
                "imports": p.imports,
                "shared_commits": p.shared_commits,
                "degree": None if p.degree is None else round(p.degree, 4),
                "coupled_by": p.label,
            }
            for p in evolution.pairs
        ],
    }


def _accounting(accounting: Accounting) -> dict[str, Any]:
    # The files a newer Python read are listed only when there are some: a tree without newer
    # syntax keeps the document it always had.
    newer = {"parsed_with_a_newer_python": list(accounting.newer)} if accounting.newer else {}
    return {
        "files": accounting.files,
        "test_files": accounting.test_files,
        "parsed_with_ast": accounting.parsed_ast,
        **newer,
        "parsed_with_libcst": accounting.parsed_libcst,
        "partial": [{"file": file, "missing": list(facts)} for file, facts in accounting.partial],
        "skipped": to_data(accounting.skipped),
        "unresolved": to_data(accounting.unresolved),
    }


def _inputs(inputs: InputFiles, analysis: Analysis) -> dict[str, str | None]:
    root = analysis.project.root
    return {
        key: (path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path))
        if path
        else None
        for key, path in (
            ("codeowners", inputs.codeowners),
            ("history", inputs.history),
            ("metrics", inputs.metrics),
        )
    }


def _unit(unit: UnitStats) -> dict[str, Any]:
    return {
        "name": unit.name,
        "kind": unit.kind,
        "role": unit.role,
        "shared_kernel": unit.shared_kernel or None,
        "modules": unit.modules,
        "lines": unit.lines,
        "code_lines": unit.code_lines,
        "fan_in": unit.fan_in,
        "fan_out": unit.fan_out,
        "ca": unit.ca,
        "ce": unit.ce,
        "instability": None if unit.fan_in + unit.fan_out == 0 else round(unit.instability, 4),
        "abstractness": round(unit.abstractness, 4),
        "distance": None if unit.fan_in + unit.fan_out == 0 else round(unit.distance, 4),
        "cohesion": None if unit.cohesion is None else round(unit.cohesion, 4),
        "internal_imports": unit.internal_imports,
        "outside_imports": unit.outside_imports,
        "third_party": list(unit.third_party),
    }


def _site(e: ImportSite) -> dict[str, Any]:
    return {
        "file": e.file,
        "line": e.line,
        "importer": e.importer,
        "imported": e.imported,
        "names": list(e.names),
        "type_checking": e.type_checking,
        "in_function": e.in_function,
        "by_name": e.by_name,
    }


def scores(assessment: Assessment) -> dict[str, Any]:
    """The scoring, as `coupling score --json` prints it too."""
    return {
        "metrics": assessment.production.source or None,
        "ranking": [_candidate(c, rank) for rank, c in enumerate(assessment.candidates, 1)],
        "libraries": [_candidate(k, rank) for rank, k in enumerate(assessment.kernels, 1)],
        "phases": [
            {"title": p.title, "units": list(p.units), "note": p.note} for p in assessment.phases
        ],
    }


def _candidate(candidate: Candidate, rank: int | None) -> dict[str, Any]:
    return {
        "rank": rank,
        "unit": candidate.unit,
        "kind": candidate.kind,
        "score": candidate.score,
        "service_score": candidate.service_score,
        "uncapped": candidate.uncapped,
        "cap": candidate.cap or None,
        "role": candidate.role,
        "rationale": candidate.rationale,
        "pros": list(candidate.pros),
        "cons": list(candidate.cons),
        "benefits": list(candidate.benefits),
        "recommendation": candidate.recommendation,
        "unknown": list(candidate.unknown),
        "factors": [
            {
                "name": f.name,
                "value": None if f.value is None else round(f.value, 4),
                "weight": round(f.weight, 4),
                "raw": dict(f.raw),
            }
            for f in candidate.factors
        ],
    }


def _history(analysis: Analysis) -> dict[str, Any]:
    history = analysis.evolution.history
    if not history.source:
        return {"source": None, "note": history.note}
    return {
        "source": history.source,
        **({"head": history.head} if history.head else {}),
        "commits": history.commits,
        "first_date": history.first_date,
        "last_date": history.last_date,
        "bot_commits": history.bot_commits,
        "large_changesets": history.large_changesets,
        "changeset_limit": history.changeset_limit,
        "renames": history.renames,
        "units": [
            {
                "unit": u.unit,
                "commits": u.commits,
                "authors": u.authors,
                "main_developer": {
                    "by_added_lines": u.main_developer,
                    "share": round(u.main_developer_share, 4),
                },
                "main_by_commits": {
                    "author": u.main_by_commits,
                    "share": round(u.main_by_commits_share, 4),
                },
                "fractal": round(u.fractal, 4),
                "added": u.added,
                "deleted": u.deleted,
                "teams": [{"team": team, "share": round(share, 4)} for team, share in u.teams],
            }
            for u in history.units
        ],
        "change_coupling": [
            {
                "units": [p.first, p.second],
                "shared_commits": p.shared,
                "degree": round(p.degree, 4),
                "commits": [p.first_commits, p.second_commits],
            }
            for p in history.pairs
        ],
        "hotspots": to_data(analysis.evolution.file_hotspots),
    }


def _function(f: FunctionStats) -> dict[str, Any]:
    return {
        "unit": f.unit,
        "file": f.file,
        "line": f.line,
        "name": f.name,
        "complexity": f.complexity,
        "rank": f.rank,
        "named_in_tests": f.tested,
        "coverage": None if f.coverage is None else round(f.coverage, 4),
    }


def _hop(hop: Hop) -> dict[str, Any]:
    return {
        "from": hop.importer,
        "to": hop.imported,
        "imports": hop.imports,
        "via": list(hop.via),
        "at_import_time": hop.at_import_time,
        "sample": {"file": hop.sample.file, "line": hop.sample.line},
    }
