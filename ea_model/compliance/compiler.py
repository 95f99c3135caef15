"""The catalog compiler: each criterion's `applies_to` and `test` expressions, checked against the
catalog's capabilities and platforms and compiled into predicates once per catalog."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ea_model.compliance.criteria import Criterion, DgaCatalog
from ea_model.compliance.predicates import compile_expression
from ea_model.compliance.vocabulary import Predicate
from ea_model.errors import EaError
from ea_model.objects import LangString


@dataclass(frozen=True)
class CompiledCriterion:
    criterion: Criterion
    applies_to: Predicate | None
    test: Predicate
    remedy: LangString


_COMPILED: dict[int, tuple[DgaCatalog, list[CompiledCriterion]]] = {}


def compile_criteria(catalog: DgaCatalog) -> list[CompiledCriterion]:
    """Compile (and check) every criterion of `catalog`; cached per catalog object."""
    hit = _COMPILED.get(id(catalog))
    if hit is not None and hit[0] is catalog:
        return hit[1]
    compiled = []
    for c in catalog.criteria:
        where = f"catalog/dga/criteria.yaml: criterion {c.id}"
        _check_catalog_ids(c.applies_to, catalog, f"{where}.applies_to")
        _check_catalog_ids(c.test, catalog, f"{where}.test")
        applies = compile_expression(c.applies_to, f"{where}.applies_to") if c.applies_to is not None else None
        test = compile_expression(c.test, f"{where}.test")
        compiled.append(CompiledCriterion(c, applies, test, c.remedy.as_lang_string()))
    _COMPILED[id(catalog)] = (catalog, compiled)
    return compiled


def _check_catalog_ids(expr: Any, catalog: DgaCatalog, where: str) -> None:
    """Capabilities and platform ids an expression names must exist in the catalog."""
    if isinstance(expr, list):
        for item in expr:
            _check_catalog_ids(item, catalog, where)
    elif isinstance(expr, dict):
        for key, value in expr.items():
            names = [value] if isinstance(value, str) else value if isinstance(value, list) else None
            if key == "provides" and names is not None:
                for cap in names:
                    if cap not in catalog.capabilities:
                        raise EaError(f"{where}: unknown capability {cap!r}; known: {', '.join(catalog.capabilities)}")
            elif key == "platform" and names is not None:
                for pid in names:
                    if catalog.platform(pid) is None:
                        raise EaError(f"{where}: unknown platform id {pid!r}")
            else:
                _check_catalog_ids(value, catalog, where)
