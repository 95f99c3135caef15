"""Building model objects without re-validating them, for values already checked.

A reader builds a million objects from what it has checked; a merge builds as many from the models'
own objects. pydantic's `model_construct` skips validation too, but inspects each defaulted field's
default factory on every call, which is slow and, under a paused garbage collector, leaves cyclic
garbage behind (gigabytes over a million calls).
"""

from __future__ import annotations

from pydantic import BaseModel


def fast_constructor(cls, sample: dict):
    """A constructor for `cls` that skips validation, for values a reader has already checked.

    pydantic's `model_construct` does the same job but is far slower (it inspects default
    factories on every call); at 10^6 objects that dominates a load. The result is an ordinary
    instance, equal to one built by `cls(**fields)`; `fields` must hold every field, in order.
    The four slots pydantic keeps per instance are set through their own descriptors (a third
    faster than `object.__setattr__`, which looks each one up again). A self-check against
    `sample` (every field, valid values) falls back to `model_construct` should pydantic's
    internals ever change.
    """
    new = object.__new__
    try:
        slots = {name: vars(BaseModel)[name] for name in _PYDANTIC_SLOTS}
        set_dict, set_fields_set = slots["__dict__"].__set__, slots["__pydantic_fields_set__"].__set__
        set_extra, set_private = slots["__pydantic_extra__"].__set__, slots["__pydantic_private__"].__set__
    except (KeyError, AttributeError):  # pragma: no cover - only if pydantic changes underneath us
        return _model_construct(cls)
    all_fields = set(cls.model_fields)  # shared: pydantic only ever adds field names to it

    def construct(fields: dict):
        obj = new(cls)
        set_dict(obj, fields)
        set_fields_set(obj, all_fields)
        set_extra(obj, None)
        set_private(obj, None)
        return obj

    try:
        probe, reference = construct(dict(sample)), cls(**sample)
        if probe != reference or probe.model_dump() != reference.model_dump() or repr(probe) != repr(reference):
            return _model_construct(cls)  # pragma: no cover
        probe.model_copy(update={})
    except Exception:  # pragma: no cover - only if pydantic changes underneath us
        return _model_construct(cls)
    return construct


_PYDANTIC_SLOTS = ("__dict__", "__pydantic_fields_set__", "__pydantic_extra__", "__pydantic_private__")


def _model_construct(cls):
    def construct(fields: dict):
        return cls.model_construct(**fields)

    return construct
