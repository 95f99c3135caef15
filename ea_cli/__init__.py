"""The commands of the `ea` command line, by kind; `cli.py` (the console script's entry point) makes
the `ea` group of them.

`common` is what every command shares (one-line errors, which model a command reads, progress, the
options defined once), `model` the commands over a model file (info, validate, convert), `analysis`
the analyses (check, gap, impact, trace), `outputs` what writes files (review, diagram, layout, report),
`governance` the governance registers (the waivers, lifecycle and CI formats `check` and `validate` use;
portfolio, decisions), `versioning` what compares and merges model versions (diff, merge, git install,
git's diff driver).
"""
