"""Digital Government Act compliance: the DGA criteria, compiled from data, run over a model.

`criteria` holds the catalog's types (the data `catalog.dga` loads from YAML), `compiler` turns
criteria into predicates, `vocabulary`/`predicates`/`library`/`properties` are the predicate language
criteria are written in, `index` is what a run knows about the model, `evaluation` runs the check
(`check_model(model, catalog=...)`), `formatting` renders the result. The catalog is an argument:
nothing here reads a file.
"""

from ea_model.compliance.compiler import CompiledCriterion, compile_criteria
from ea_model.compliance.criteria import Criterion, DgaCatalog
from ea_model.compliance.evaluation import (
    GOAL_VERDICTS,
    VERDICT_RANK,
    VERDICTS,
    ComplianceFinding,
    ComplianceResult,
    check_model,
    citizen_services,
)
from ea_model.compliance.formatting import format_csv, format_scorecard, format_table, format_unit_scorecards

__all__ = [
    "GOAL_VERDICTS",
    "VERDICTS",
    "VERDICT_RANK",
    "CompiledCriterion",
    "ComplianceFinding",
    "ComplianceResult",
    "Criterion",
    "DgaCatalog",
    "check_model",
    "citizen_services",
    "compile_criteria",
    "format_csv",
    "format_scorecard",
    "format_unit_scorecards",
    "format_table",
]
