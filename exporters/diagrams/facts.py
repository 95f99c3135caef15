"""The catalog facts the diagrams show, through the one catalog loader (`catalog.dga`): outcome
names for the verdict row and the legend, and whether a platform is the BMA's own or a national one."""

from __future__ import annotations

from functools import lru_cache

from catalog.dga import load_dga_catalog


@lru_cache(maxsize=1)
def outcome_names() -> dict[str, tuple[str, str]]:
    """DGA outcome id (O1..O7) -> (Thai name, English name)."""
    return {o.id: (o.name_th, o.name_en) for o in load_dga_catalog().outcomes}


def platform_operator(platform_id: str) -> str | None:
    """The agency id that operates a platform (DOPA for ThaID), None for an id the catalog lacks."""
    platform = load_dga_catalog().platform(platform_id)
    return platform.operator if platform is not None else None


def is_bma_platform(platform_id: str) -> bool:
    """True when the catalog says the BMA itself operates the platform (BMA OSS, data.bangkok.go.th)."""
    operator = platform_operator(platform_id)
    return operator is not None and load_dga_catalog().agency_kind(operator) == "bma"
