"""The training subcommands of `secretlaw` (engine/cli.py): their options only. The handlers live in
engine/train/terminal.py and are imported when one of these commands runs, so that every other command
starts without loading the training modules."""

from __future__ import annotations


def _handler(name: str):
    def run(args) -> int:
        from . import terminal

        return getattr(terminal, name)(args)
    return run


def add_commands(commands) -> None:
    """The training subcommands of `secretlaw` (engine/cli.py)."""
    train = commands.add_parser("train", help="an exercise: answer element by element, graded against the rules")
    train.add_argument("exercise", nargs="?", help="an exercise id (or a unique part of it), or a facts or test-case file; "
                                                   "none: list the exercises")
    train.add_argument("--lang", choices=("zh", "en"), default="zh")
    train.add_argument("--no-outcome", action="store_true", help="do not ask the outcome on the present record of open points")
    train.add_argument("--no-argument", action="store_true", help="do not ask to distinguish counter-examples")
    train.set_defaults(run=_handler("_train"))

    grade = commands.add_parser("grade", help="grade a written analysis (conclusion -> status, basis, facts) against the rules")
    grade.add_argument("analysis", help="the analysis, a YAML file (see README: the analysis format)")
    grade.add_argument("--facts", required=True, help="the facts file the analysis is about")
    grade.add_argument("--lang", choices=("zh", "en"), default="zh")
    grade.add_argument("--format", choices=("text", "json"), default="text")
    grade.set_defaults(run=_handler("_grade"))

    argue = commands.add_parser("argue", help="factors favouring each side, decided cases sharing them, counter-examples")
    argue.add_argument("facts", help="a YAML facts file")
    argue.add_argument("--lang", choices=("zh", "en"), default="zh")
    argue.add_argument("--format", choices=("text", "json"), default="text")
    argue.set_defaults(run=_handler("_argue"))

    whynot = commands.add_parser("whynot", help="the smallest sets of facts whose change would flip a conclusion")
    whynot.add_argument("facts", help="a YAML facts file")
    whynot.add_argument("conclusion", help="a conclusion id, e.g. infringement or confidentiality_measures")
    whynot.add_argument("--lang", choices=("zh", "en"), default="zh")
    whynot.add_argument("--max-size", type=int, default=3, metavar="N", help="the largest set of changes searched (default 3)")
    whynot.add_argument("--format", choices=("text", "json"), default="text")
    whynot.set_defaults(run=_handler("_whynot"))
