"""Governance registers beside a model: waivers with expiry, the technology lifecycle, the application
portfolio, decision records and the office's own rules (docs/governance.md).

Registers are plain files reviewed in git. `load` reads them (YAML and Markdown front matter) into the
frozen pydantic types of `registers`; the other modules are pure functions over a Model and those types:

    waivers    which findings a waiver covers as of a day; expired and stale waivers
    lifecycle  citizen services that depend on a product past (or near) its end of support
    portfolio  TIME (tolerate, invest, migrate, eliminate) from fit scores; plan consistency
    decisions  decision records: unknown element ids, the records that concern an element
"""

from ea_model.governance.registers import (
    DecisionRecord,
    GovernanceFinding,
    LifecycleEntry,
    Waiver,
    WaiverSelection,
)

__all__ = ["DecisionRecord", "GovernanceFinding", "LifecycleEntry", "Waiver", "WaiverSelection"]
