"""How long library work tells a caller how far it is, without knowing about screens: a function
called with (steps done, steps in all, the step now running). The CLI turns it into a rich bar."""

from __future__ import annotations

from collections.abc import Callable

StepProgress = Callable[[int, int, str], None]


def stepper(progress: StepProgress | None, steps: tuple[str, ...]) -> Callable[[str | None], None]:
    """A function to call as each of `steps` begins (with None once all are done)."""

    def step(what: str | None) -> None:
        if progress is not None:
            progress(len(steps) if what is None else steps.index(what), len(steps), what or "done")

    return step
