"""The `secretlaw` command: assess, explain, check, test, schema, serve, interview, screen; train, grade, argue, whynot (engine/train/)."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from . import __version__
from .errors import SecretlawError
from .printable import terminal_text


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    try:
        return args.run(args)
    except SecretlawError as exc:
        print(f"secretlaw: error: {exc}", file=sys.stderr)
        return exc.exit_code
    except BrokenPipeError:  # e.g. piped into head
        return 0
    except KeyboardInterrupt:
        return 130


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="secretlaw", description="Reasoned screening opinions on Chinese trade-secret disputes.")
    parser.add_argument("--version", action="version", version=f"secretlaw {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    assess = commands.add_parser("assess", help="evaluate a facts file and print the reasoned opinion")
    assess.add_argument("facts", help="a YAML facts file, e.g. facts/li-wine-sales.yaml")
    assess.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the opinion (default: zh)")
    assess.add_argument("--format", choices=("md", "html", "json", "docx", "pdf"), default="md",
                        help="output format: Markdown, one self-contained printable HTML page, JSON, "
                             "a Word document or a PDF (default: md)")
    assess.add_argument("--template", metavar="FILE.docx",
                        help="with --format docx: a Word template of your own (letterhead; README: Word template)")
    assess.add_argument("-o", "--output", help="write to this file instead of standard output")
    assess.add_argument("--what-if", action="store_true",
                        help="add the single facts whose change would flip the headline conclusion (re-evaluates the case)")
    assess.set_defaults(run=_assess)

    check = commands.add_parser("check", help="validate the rule sets, the vocabulary and the legal sources")
    check.add_argument("--rules", metavar="DIR", help="a rules folder to check instead of the installed one")
    check.set_defaults(run=_check)

    explain = commands.add_parser("explain", help="print the derivation tree of one conclusion down to the facts")
    explain.add_argument("facts", help="a YAML facts file")
    explain.add_argument("conclusion", help="a conclusion id, e.g. infringement or trade_secret")
    explain.add_argument("--lang", choices=("zh", "en"), default="zh")
    explain.set_defaults(run=_explain)

    test = commands.add_parser("test", help="run the YAML rule test cases and report pass/fail per case")
    test.add_argument("path", nargs="*", help="test-case files or folders (default: tests/cases and tests/judgments)")
    test.add_argument("--coverage", action="store_true", help="also list the rules no case fires, and those no case defeats")
    test.add_argument("--ruleset", action="append", metavar="NAME", help="limit the coverage to this rule set (repeatable)")
    test.add_argument("--rules", metavar="DIR", help="a rules folder to test instead of the installed one")
    test.set_defaults(run=_test)

    serve = commands.add_parser("serve", help="run the web application (no authentication: loopback by default)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1, this machine only)")
    serve.add_argument("--port", type=int, default=8000, help="port (default: 8000)")
    serve.add_argument("--workers", type=int, default=None, help="evaluation worker processes (default: the number of cores)")
    serve.set_defaults(run=_serve)
    interview = commands.add_parser("interview", help="enter the facts by answering questions, one at a time; "
                                    "the facts file is saved after every answer")
    interview.add_argument("facts", nargs="?", help="a facts file to resume (or start) and write after every answer "
                           "(default: interview.yaml)")
    interview.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the questions (default: zh)")
    interview.add_argument("-o", "--output", help="write the facts to this file instead of FILE")
    interview.add_argument("--all", action="store_true", dest="analysis",
                           help="once the headline conclusions are settled, go on with the facts the rest of the analysis leaves open")
    interview.set_defaults(run=_interview)

    screen = commands.add_parser("screen", help="screen many facts files at once: one row a matter, sorted by triage class")
    screen.add_argument("paths", nargs="+", metavar="PATH", help="facts files, folders (searched recursively) or zip archives")
    screen.add_argument("-o", "--output", metavar="FILE", help="FILE.jsonl, .csv, .xlsx or .html (default: a table on "
                        "standard output); rerunning with the same FILE skips the matters already in it")
    screen.add_argument("--jobs", type=int, default=None, help="worker processes (default: the number of cores)")
    screen.add_argument("--lang", choices=("zh", "en"), default="zh", help="language of the rows (default: zh)")
    screen.add_argument("--engine", choices=("compiled", "durable"), default="compiled",
                        help="the compiled walk of the rules (default) or durable-rules itself: the rows are the same")
    screen.add_argument("--scheduler", metavar="ADDRESS", help="a Dask scheduler (tcp://host:8786) to run the "
                        "workers on instead of local processes (pip install 'secretlaw[cluster]')")
    screen.set_defaults(run=_screen)

    schema = commands.add_parser("schema", help="print the JSON Schema of facts files")
    schema.set_defaults(run=_schema)

    from .train.commands import add_commands  # train, grade, argue, whynot

    add_commands(commands)
    return parser


def _assess(args) -> int:
    from .load.facts import load_case
    from .load.knowledge import load_knowledge
    from .report.opinion import assess
    from .report.render import render

    knowledge = load_knowledge()
    if args.template and args.format != "docx":
        from .errors import InputError

        raise InputError("(command line)", None, "--template", "a Word template applies to --format docx only")
    opinion = assess(load_case(args.facts, knowledge.vocabulary), knowledge, with_what_if=args.what_if)
    if args.format in ("docx", "pdf"):  # engine/documents: binary files, to -o or a pipe
        from .report.documents import render_document

        _write_bytes(render_document(opinion, args.format, args.lang, args.template), args.output)
        return 0
    text = render(opinion, args.format, args.lang)
    _write(text, args.output)
    return 0


def _explain(args) -> int:
    from .errors import InputError
    from .reason.evaluate import evaluate
    from .load.facts import load_case
    from .load.knowledge import load_knowledge
    from .load.matters import matters
    from .load.shape import suggest
    from .report.tree import derivation_tree

    knowledge = load_knowledge()
    if args.conclusion not in knowledge.rules:
        raise InputError("(command line)", None, "CONCLUSION", f"no rule concludes '{args.conclusion}'",
                         suggest(args.conclusion, knowledge.rules) or "try infringement or trade_secret")
    found = matters(load_case(args.facts, knowledge.vocabulary))
    for matter in found:
        if len(found) > 1:  # several defendants or items: one tree per matter, each headed by its label
            sys.stdout.write(terminal_text(f"== {matter.label[args.lang]}\n"))
        sys.stdout.write(terminal_text(derivation_tree(evaluate(matter.case, knowledge), args.conclusion, args.lang)))
    return 0


def _serve(args) -> int:
    import uvicorn

    from .web.app import create_app

    uvicorn.run(create_app(args.workers), host=args.host, port=args.port, log_level="warning")
    return 0


def _check(args) -> int:
    from .checks import check_all

    report = check_all(args.rules)
    print(report)
    return 0


def _test(args) -> int:
    from .reason.casetests import coverage, report, run_cases
    from .load.knowledge import load_knowledge
    knowledge = load_knowledge(args.rules)
    # The cases live in the project, not in the installed package: default to the current directory's.
    paths = args.path or [p for p in ("tests/cases", "tests/judgments") if Path(p).exists()] or ["tests/cases"]
    results = [r for path in paths for r in run_cases(path, knowledge)]
    sys.stdout.write(terminal_text(report(results, coverage(results, knowledge, args.ruleset) if args.coverage else None)))
    return 0 if all(r.passed for r in results) else 1


def _screen(args) -> int:
    from .errors import InputError
    from .report.messages import Messages
    from .screen.output import FORMATS, table, write
    from .screen.run import final_rows, screen

    if args.output and Path(args.output).suffix.lower() not in FORMATS:
        raise InputError("(command line)", None, "--output", f"cannot write {Path(args.output).suffix or 'a file without a suffix'}",
                         "name a .jsonl, .csv, .xlsx or .html file")
    if args.jobs is not None and args.jobs < 1:
        raise InputError("(command line)", None, "--jobs", f"{args.jobs} is not a number of processes", "give 1 or more")
    done = screen(args.paths, args.output, args.lang, args.jobs, args.engine, args.scheduler, progress=True)
    rows = final_rows(done)
    if not args.output:
        sys.stdout.write(table(rows, args.lang))
        return 0
    try:
        written = write(rows, Path(args.output), args.lang)
    except OSError as exc:
        raise InputError(args.output, None, None, f"cannot write the output: {exc.strerror}") from None
    errors = sum(1 for row in final_rows(done) if row["triage"] == "error")
    print(Messages(args.lang)("screen_summary", sources=done.sources, rows=written, errors=errors, skipped=done.skipped),
          file=sys.stderr)
    return 0


def _interview(args) -> int:
    from .interview.terminal import run

    return run(args.facts, args.lang, args.output, args.analysis)


def _schema(args) -> int:
    from .load.knowledge import load_knowledge
    from .load.schema import facts_schema

    print(json.dumps(facts_schema(load_knowledge().vocabulary), ensure_ascii=False, indent=2))
    return 0


def _write(text: str, output: str | None) -> None:
    # Text from a facts file may carry ESC, BEL or U+202E: shown escaped, never acted on by a terminal.
    text = terminal_text(text)
    if not output:
        sys.stdout.write(text)
        return
    try:
        Path(output).write_text(text, encoding="utf-8")
    except OSError as exc:
        from .errors import InputError

        raise InputError(output, None, None, f"cannot write the output: {exc.strerror}") from None


def _write_bytes(data: bytes, output: str | None) -> None:
    from .errors import InputError

    if not output:
        if sys.stdout.isatty():
            raise InputError("(command line)", None, "--output", "a Word or PDF file is not for a terminal",
                             "give -o memo.docx (or .pdf), or redirect the output to a file")
        sys.stdout.buffer.write(data)
        return
    try:
        Path(output).write_bytes(data)
    except OSError as exc:
        raise InputError(output, None, None, f"cannot write the output: {exc.strerror}") from None


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
