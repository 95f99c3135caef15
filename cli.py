"""The `ea` command line, the console script's entry point. Commands are thin: parse options, call the
library, print. They live in `ea_cli` by kind (a model file, the analyses, the outputs); each imports
the library it calls inside its body, so `ea --help` and `ea info` do not load Graphviz, Jinja2 or the
report (a quarter of a second). docs/architecture.md says where a new command goes.
"""

from __future__ import annotations

import sys

import click

import ea_model
from ea_cli import analysis, governance, model, outputs, versioning
from ea_cli.common import EXIT_FINDINGS, EXIT_OK, EXIT_USAGE, UserError

__all__ = ["EXIT_FINDINGS", "EXIT_OK", "EXIT_USAGE", "UserError", "main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(ea_model.__version__, prog_name="ea")
def main() -> None:
    """ea: enterprise-architecture models for the Bangkok Metropolitan Administration.

    MODEL is an ArchiMate exchange file (.xml), an Archi model (.archimate) or an Archi CSV
    folder; when left out, commands use the bundled BMA reference model.
    """


for command in (
    model.info,
    outputs.review,
    outputs.diagram,
    outputs.layout,
    model.validate,
    analysis.check,
    model.convert,
    analysis.gap,
    analysis.impact,
    analysis.trace,
    analysis.trend,
    outputs.report,
    outputs.roadmap,
    governance.portfolio,
    governance.decisions,
    versioning.diff,
    versioning.merge,
    versioning.git_group,
    versioning.git_diff,
    analysis.matrix,
):
    main.add_command(command)


if __name__ == "__main__":
    sys.exit(main())
