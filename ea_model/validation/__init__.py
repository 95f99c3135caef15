"""Model validation: the ArchiMate 3.2 rules and the model hygiene Archi's validator checks.

`validate_model(model)` returns the findings, errors first. `scope` is what every rule works on,
`rules` the rules over concepts, `views` those over views and organizations, `validate` runs them.
"""

from ea_model.validation.rules import RULES
from ea_model.validation.validate import validate_model

__all__ = ["RULES", "validate_model"]
