"""The data that flows between pipeline stages: frozen, ordered, free of behaviour.

PATH ─discover→ Project ─cache/facts→ FileFacts ─graph→ ModuleGraph ─metrics→ Analysis

One module per stage's output; everything is importable from here.
"""

from collections.abc import Callable

from coupling.model.analysis import (
    Analysis,
    Coverage,
    Cycle,
    CycleBreaker,
    DataCell,
    Evidence,
    FunctionStats,
    Hop,
    PublicSurface,
    ScanOutcome,
    SharedTable,
    SurfaceEntry,
    UnitDependency,
    UnitEndpoint,
    UnitQuality,
    UnitStats,
)
from coupling.model.facts import (
    CollectedFacts,
    Definition,
    DynamicImport,
    Endpoint,
    FileFacts,
    FileLines,
    FunctionComplexity,
    ImportFact,
    LineCoverage,
    ModelFact,
    ModelUse,
    Relation,
    SqlTable,
)
from coupling.model.graph import (
    DataEdge,
    DynamicEdge,
    Model,
    Module,
    ModuleGraph,
    ResolvedImport,
    Unresolved,
)
from coupling.model.project import (
    Namespace,
    Project,
    Skipped,
    SourceFile,
)
from coupling.model.settings import (
    Inputs,
    Rules,
    Settings,
    SharedKernelRule,
)

Progress = Callable[[int, int], None]  # (files done, files in all)

__all__ = [
    "Analysis",
    "CollectedFacts",
    "Coverage",
    "Cycle",
    "CycleBreaker",
    "DataCell",
    "DataEdge",
    "Definition",
    "DynamicEdge",
    "DynamicImport",
    "Endpoint",
    "Evidence",
    "FileFacts",
    "FileLines",
    "FunctionComplexity",
    "FunctionStats",
    "Hop",
    "ImportFact",
    "Inputs",
    "LineCoverage",
    "Model",
    "ModelFact",
    "ModelUse",
    "Module",
    "ModuleGraph",
    "Namespace",
    "Progress",
    "Project",
    "PublicSurface",
    "Relation",
    "ResolvedImport",
    "Rules",
    "ScanOutcome",
    "Settings",
    "SharedKernelRule",
    "SharedTable",
    "Skipped",
    "SourceFile",
    "SqlTable",
    "SurfaceEntry",
    "UnitDependency",
    "UnitEndpoint",
    "UnitQuality",
    "UnitStats",
    "Unresolved",
]
