"""Semantic compare and three-way merge of models (`ea diff`, `ea merge`).

    >>> from ea_model.diff import diff_models, merge_models, render_text      # doctest: +SKIP
    >>> print(render_text(diff_models(old, new)))                            # doctest: +SKIP
    >>> result = merge_models(base, ours, theirs)                            # doctest: +SKIP
    >>> result.model, result.conflicts                                       # doctest: +SKIP

Nothing here reads or writes a file: the caller reads the models and writes the merged one.
"""

from ea_model.diff.changes import Change, FieldChange, ModelDiff, Risk
from ea_model.diff.compare import diff_models
from ea_model.diff.merge import Conflict, MergeResult, merge_models
from ea_model.diff.render import render_json, render_markdown, render_text

__all__ = [
    "Change",
    "Conflict",
    "FieldChange",
    "MergeResult",
    "ModelDiff",
    "Risk",
    "diff_models",
    "merge_models",
    "render_json",
    "render_markdown",
    "render_text",
]
