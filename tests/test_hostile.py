"""Hostile and broken facts files: each is refused with one line, exit status 2, quickly and in little memory.

The corpus is made at test time (the large and special files cannot be committed): alias bombs, deep
nesting, FIFOs, a link to /dev/zero, an oversized file, NUL and other control characters, ESC sequences
in keys, unknown tags, full-width digits, 40-digit numbers, year 9999, impossible date orders, bounds.
"""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from tests.conftest import FACTS, variant_text

LI = "li-wine-sales.yaml"
SECRETLAW = [sys.executable, "-c", "import sys; from engine.cli import main; sys.exit(main(sys.argv[1:]))"]
MEMORY_LIMIT = 200 * 1024 * 1024


def _variant(changes: dict) -> str:
    return variant_text(LI, changes)


def _bomb(levels: int, width: int) -> str:
    lines = ['a0: &a0 ["lol"]']
    for i in range(1, levels):
        lines.append(f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * width) + "]")
    return "\n".join(lines) + "\n"


def _corpus(tmp: Path) -> dict[str, Path]:
    """Name -> file; at least 60 of them, each a kind of hostile or contradictory input."""
    files: dict[str, str | bytes] = {}
    for levels, width in ((9, 9), (12, 5), (6, 30), (20, 3)):
        files[f"bomb-{levels}x{width}"] = _bomb(levels, width)
    files["bomb-in-section"] = _bomb(8, 9).replace("a0:", "case:\n  title: x\na0:", 1)
    for depth in (65, 100, 500, 5000, 100_000):
        files[f"deep-flow-{depth}"] = "case:\n  title: " + "[" * depth + "]" * depth + "\n"
    files["deep-block-200"] = "".join("  " * i + f"k{i}:\n" for i in range(200)) + "  " * 200 + "v: 1\n"
    for name, char in (("nul", "\x00"), ("bel", "\x07"), ("esc", "\x1b"), ("backspace", "\x08"), ("del", "\x7f"),
                       ("vt", "\x0b"), ("c1", "\x85\x9b")):
        files[f"raw-{name}"] = f"case:\n  title: a{char}b\n"
    files["esc-in-key"] = 'case:\n  "ti\\e[2Jtle": x\n'
    files["newline-in-key"] = 'case:\n  "ti\\ntle": x\n'
    files["rlo-in-key"] = 'case:\n  "ti\u202etle": x\n'
    files["esc-in-section"] = '"ca\\e]0;pwned\\ase": {}\n'
    for tag in ("!!python/name:os.system", "!!python/object/apply:os.system [ls]", "!!binary aGVsbG8=",
                "!custom x", "!!set {a, b}", "!!omap [a: 1]", "!!python/tuple [1, 2]"):
        files[f"tag-{tag.split()[0].strip('!').replace('/', '-').replace(':', '-')}"] = f"case:\n  title: {tag}\n"
    money = {"fullwidth": "４０００", "arabic-indic": "٤٠٠٠", "40-digits": "1" * 40, "100-digits": "9" * 100,
             "3-decimals": "1.001", "negative": "-5", "exponent": "1e9", "float": 4000.5, "huge-int": 10**40,
             "nan": "NaN", "infinity": "Infinity", "spaces-inside": "4 000"}
    for name, value in money.items():
        files[f"money-{name}"] = _variant({"damages.claimed": value})
    for name, value in {"40-digits": "0." + "1" * 40, "fullwidth": "０.３", "exponent": "3e-1"}.items():
        files[f"decimal-{name}"] = _variant({"damages.product_share": value})
    for name, value in {"9999": "9999-12-31", "0001": "0001-01-01", "1899": "1899-12-31", "2200": "2200-01-01",
                        "month-13": "2022-13-01", "day-32": "2022-01-32", "with-time": "2022-01-01T10:00:00",
                        "fullwidth": "２０２２-０１-０１"}.items():
        files[f"date-{name}"] = _variant({"employment.left_on": value})
    for month in (0, 13, 100, -1):
        files[f"revenue-month-{month}"] = _variant(
            {"damages.infringer_revenue": [{"year": 2022, "revenue": "100000", "from_month": month}]})
    files["term-100000-months"] = _variant({"agreement.noncompete.term_months": 100_000})
    files["period-10e40-months"] = _variant({"damages.period_months": 10**40})
    files["year-99999"] = _variant({"damages.infringer_revenue": [{"year": 99999, "revenue": "1"}]})
    files["left-before-hired"] = _variant({"employment.hired_on": "2022-01-01", "employment.left_on": "2021-01-01"})
    files["ended-before-began"] = _variant({"conduct.started_on": "2022-05-01", "conduct.ended_on": "2022-04-01"})
    files["inverted-conduct-bounds"] = _variant({"conduct.no_earlier_than": "2022-05-01", "conduct.no_later_than": "2022-04-01"})
    files["inverted-knowledge-bounds"] = _variant({"limitation.knew_no_earlier_than": "2023-05-01",
                                                   "limitation.knew_no_later_than": "2023-04-01"})
    files["damages-period-inverted"] = _variant({"damages.period_start": "2023-05-01", "damages.period_end": "2023-04-01"})
    files["defendant-hired-after-shared-left"] = _variant({"employment.left_on": "2021-01-01"}) + \
        "defendants:\n  - parties: {defendant: {name: X}}\n    employment: {hired_on: '2022-01-01'}\n"
    files["not-utf8"] = "case:\n  title: 力某".encode("gb18030")
    files["utf16"] = "case:\n  title: x\n".encode("utf-16")
    files["empty"] = ""
    files["a-list"] = "- a\n- b\n"
    files["a-scalar"] = "just text\n"
    files["merge-key"] = "base: &b {title: x}\ncase:\n  <<: *b\n"
    files["duplicate-key"] = "case:\n  title: a\n  title: b\n"
    files["tab-indent"] = "case:\n\ttitle: a\n"
    files["two-documents"] = "case: {title: a}\n---\ncase: {title: b}\n"
    files["unknown-section"] = "caes:\n  title: a\n"
    files["complex-key"] = "? [a, b]\n: c\n"
    paths = {name: tmp / f"{name}.yaml" for name in files}
    for name, content in files.items():
        if isinstance(content, bytes):
            paths[name].write_bytes(content)
        else:
            paths[name].write_text(content, encoding="utf-8")
    # Special files: made here, never committed.
    big = tmp / "oversized.yaml"
    with big.open("w", encoding="utf-8") as handle:
        handle.write("case:\n  title: x\n")
        handle.write("# padding\n" * 600_000)
    paths["oversized"] = big
    os.mkfifo(tmp / "fifo.yaml")
    paths["fifo"] = tmp / "fifo.yaml"
    (tmp / "zero.yaml").symlink_to("/dev/zero")
    paths["link-to-dev-zero"] = tmp / "zero.yaml"
    (tmp / "dangling.yaml").symlink_to(tmp / "nowhere.yaml")
    paths["dangling-link"] = tmp / "dangling.yaml"
    (tmp / "a-directory.yaml").mkdir()
    paths["directory"] = tmp / "a-directory.yaml"
    paths["missing"] = tmp / "missing.yaml"
    return paths


def _limit_memory():
    resource.setrlimit(resource.RLIMIT_AS, (MEMORY_LIMIT * 4, MEMORY_LIMIT * 4))  # address space, not RSS


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    return _corpus(tmp_path_factory.mktemp("hostile"))


def test_the_corpus_has_at_least_sixty_files(corpus):
    assert len(corpus) >= 60, len(corpus)


def test_every_hostile_file_is_refused_with_one_line_and_exit_2_in_little_time_and_memory(corpus, tmp_path):
    """One process for the whole corpus would hide a leak between files; one each is slow: batches of files,
    each run measured by its child's peak RSS."""
    script = tmp_path / "run_one.py"
    script.write_text(
        "import resource, subprocess, sys, json\n"
        "results = []\n"
        "for path in sys.argv[1:]:\n"
        "    done = subprocess.run([sys.executable, '-c', 'import sys; from engine.cli import main; sys.exit(main(sys.argv[1:]))',"
        " 'assess', path], capture_output=True, timeout=30, stdin=subprocess.DEVNULL)\n"
        "    results.append([path, done.returncode, done.stdout.decode('utf-8', 'replace')[:200],"
        " done.stderr.decode('utf-8', 'replace')])\n"
        "print(json.dumps({'results': results, 'peak_kb': resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss}))\n",
        encoding="utf-8")
    import json

    names = sorted(corpus)
    failures = []
    peak = 0
    root = Path(__file__).resolve().parent.parent
    for start in range(0, len(names), 8):
        batch = names[start:start + 8]
        done = subprocess.run([sys.executable, str(script)] + [str(corpus[n]) for n in batch], capture_output=True,
                              timeout=300, cwd=root, preexec_fn=_limit_memory)
        assert done.returncode == 0, done.stderr.decode()[-2000:]
        report = json.loads(done.stdout)
        peak = max(peak, report["peak_kb"] * 1024)
        for (path, code, out, err), name in zip(report["results"], batch):
            lines = err.splitlines()
            if code != 2 or len(lines) != 1 or "Traceback" in err or "\x1b" in err or "\x07" in err:
                failures.append((name, code, err[:300], out[:100]))
            elif not lines[0].startswith("secretlaw: error: "):
                failures.append((name, code, err[:300], out[:100]))
    assert not failures, "\n".join(map(repr, failures))
    assert peak < MEMORY_LIMIT, f"peak RSS {peak / 2**20:.0f} MB"


@pytest.mark.parametrize("name, field", [
    ("left-before-hired", "employment.left_on"), ("defendant-hired-after-shared-left", "employment.hired_on"),
    ("ended-before-began", "conduct.ended_on"),
    ("inverted-conduct-bounds", "conduct.no_later_than"), ("inverted-knowledge-bounds", "limitation.knew_no_later_than"),
    ("money-fullwidth", "damages.claimed"), ("date-9999", "employment.left_on"), ("revenue-month-13", "from_month"),
    ("raw-nul", ":2:"), ("tag-python-name-os.system", "unknown YAML tag"), ("fifo", "not a regular file"),
    ("link-to-dev-zero", "not a regular file"), ("oversized", "over the limit of 5 MB"), ("bomb-9x9", "aliases"),
    ("deep-flow-500", "nested"), ("esc-in-key", "\\x1b"), ("newline-in-key", "\\x0a"),
])
def test_the_refusal_names_what_is_wrong(corpus, name, field):
    from engine.errors import SecretlawError
    from engine.load.facts import load_case
    from engine.load.knowledge import load_knowledge

    with pytest.raises(SecretlawError) as raised:
        load_case(corpus[name], load_knowledge().vocabulary)
    message = str(raised.value)
    assert field in message and "\n" not in message and "\x1b" not in message, message
    if name == "left-before-hired":  # both fields, both lines
        assert "employment.hired_on" in message and ":38:" in message


def test_a_facts_file_cannot_drive_the_terminal(tmp_path):
    evil = "A\x1b[2J\x1b[HB\x07\x08\u202eC"
    path = tmp_path / "evil.yaml"
    path.write_text(variant_text(LI, {"case.title": evil, "information.description": "x\x1b]0;title\x07"}), encoding="utf-8")
    root = Path(__file__).resolve().parent.parent
    for extra in ([], ["--what-if"], ["--format", "json"], ["--format", "html"]):
        done = subprocess.run(SECRETLAW + ["assess", str(path)] + extra, capture_output=True, cwd=root, timeout=120)
        assert done.returncode == 0, done.stderr
        out = done.stdout.decode("utf-8")
        for char in "\x1b\x07\x08\u202e":
            assert char not in out, (extra, repr(char))
    done = subprocess.run(SECRETLAW + ["explain", str(path), "infringement"], capture_output=True, cwd=root, timeout=120)
    assert done.returncode == 0 and b"\x1b" not in done.stdout
    assert "\\x1b" in subprocess.run(SECRETLAW + ["assess", str(path)], capture_output=True, cwd=root,
                                     timeout=120).stdout.decode("utf-8")  # shown escaped, so the reader sees it


def test_values_within_the_bounds_still_load():
    from engine.load.facts import case_from_text
    from engine.load.knowledge import load_knowledge

    text = variant_text(LI, {"damages.claimed": "9" * 15 + ".99", "employment.left_on": "2199-12-31",
                             "employment.hired_on": "1900-01-01"})
    case = case_from_text(text, "bounds.yaml", load_knowledge().vocabulary)
    assert str(case.get("damages.claimed")) == "9" * 15 + ".99"


def test_the_schema_states_the_same_bounds_as_the_loader():
    from engine.load.knowledge import load_knowledge
    from engine.load.schema import facts_schema

    schema = str(facts_schema(load_knowledge().vocabulary))
    assert "[0-9]{1,15}" in schema and "'maximum': 12" in schema and "(19|20|21)" in schema
    assert yaml.safe_load((FACTS / LI).read_text(encoding="utf-8"))  # the shipped file is plain YAML
