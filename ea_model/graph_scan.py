"""Helpers for analyses that sweep a whole 200,000-element model in one go."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def paused_gc() -> Iterator[None]:
    """Pause the cyclic garbage collector while a sweep allocates many small containers.

    Building a few hundred thousand dicts, tuples and lists makes CPython run full collections
    that traverse every object of the loaded model (millions of them), over and over; the sweep
    creates no reference cycles, so reference counting frees everything anyway. The collector's
    previous state is restored afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
