"""The strategy catalog (catalog/bma/strategies.yaml): which `strategy` ids are BMA strategies
("9 ด้าน 9 ดี") and which are National Strategy pillars (modelling convention 10)."""

from __future__ import annotations

from functools import lru_cache

import yaml

from catalog.paths import CATALOG_DIR
from ea_model.errors import EaError
from ea_model.traceability import StrategyKind

STRATEGIES_FILE = CATALOG_DIR / "bma" / "strategies.yaml"
_SECTIONS: dict[str, StrategyKind] = {"bma_strategy": "bma", "national_strategy": "national"}


@lru_cache(maxsize=1)
def strategy_kinds() -> dict[str, StrategyKind]:
    """Strategy id -> "bma" or "national", as the catalog lists them."""
    try:
        data = yaml.safe_load(STRATEGIES_FILE.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise EaError(f"cannot read the strategy catalog: {exc}", file=str(STRATEGIES_FILE)) from None
    kinds: dict[str, StrategyKind] = {}
    for section, kind in _SECTIONS.items():
        for goal in (data.get(section) or {}).get("goals") or []:
            if not isinstance(goal, dict) or not goal.get("id"):
                raise EaError(f"{section}: every goal needs an id (got {goal!r})", file=str(STRATEGIES_FILE))
            kinds[str(goal["id"])] = kind
    return kinds
