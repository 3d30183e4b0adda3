"""`secretlaw screen`: one row a matter, error rows for broken files, sorted by triage class and amount,
the same bytes whatever --jobs or the engine, resumable after kill -9, and every output format sound."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest

from engine.screen.rows import TRIAGE
from engine.screen.run import final_rows, screen
from tests.conftest import FACTS, REMOVE, ROOT, variant_text

SECRETLAW = [sys.executable, "-c", "import sys; from engine.cli import main; sys.exit(main(sys.argv[1:]))"]
LI = "li-wine-sales.yaml"


def _matters(folder: Path, count: int, broken: int = 0) -> Path:
    """`count` single-matter facts files (Li with other amounts, some facts left open or defeating the
    claim), and `broken` files that cannot be loaded: one misspelt section, one malformed YAML."""
    folder.mkdir(parents=True, exist_ok=True)
    for n in range(count):
        changes = {"damages.claimed": f"{100000 + 7919 * n}.00", "case.title": f"Matter {n:03d}"}
        if n % 3 == 1:
            changes["conduct.relied_on_general_skill"] = REMOVE  # left open: taken against the defendant, who must prove it
        if n % 5 == 2:
            changes.update({"information.published": True, "information.compiled_from_public_information": False})  # defeats the first element
        (folder / f"m{n:03d}.yaml").write_text(variant_text(LI, changes), encoding="utf-8")
    for n in range(broken):
        text = "caes:\n  title: misspelt\n" if n % 2 == 0 else "case: [unclosed\n"
        (folder / "sub").mkdir(exist_ok=True)
        (folder / "sub" / f"broken{n}.yaml").write_text(text, encoding="utf-8")
    return folder


def _run(args: list[str], cwd: Path, **kwargs) -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run(SECRETLAW + args, capture_output=True, text=True, cwd=cwd, env=env, timeout=600, **kwargs)


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_thirty_matters_two_broken_give_twenty_eight_rows_and_two_error_rows(tmp_path):
    folder = _matters(tmp_path / "in", 28, broken=2)
    done = _run(["screen", str(folder), "-o", "out.jsonl", "--lang", "en", "--jobs", "2"], tmp_path)
    assert done.returncode == 0, done.stderr
    rows = _rows(tmp_path / "out.jsonl")
    errors = [r for r in rows if r["triage"] == "error"]
    assert len(rows) == 30 and len(errors) == 2
    assert sorted(Path(r["file"]).name for r in errors) == ["broken0.yaml", "broken1.yaml"]
    misspelt = next(r for r in errors if r["file"].endswith("broken0.yaml"))["error"]
    assert "broken0.yaml:1: caes: unknown section" in misspelt and "\n" not in misspelt
    assert "broken1.yaml:2: malformed YAML" in next(r for r in errors if r["file"].endswith("broken1.yaml"))["error"]
    assert {r["triage"] for r in rows} == {"strong", "promising", "weak", "error"}
    # sorted by triage class, then the largest amount at stake first
    order = [(TRIAGE.index(r["triage"]), -float(r["stake"])) for r in rows]
    assert order == sorted(order)
    assert "30 files, 30 rows (2 errors)" in done.stderr


def test_each_row_states_both_readings_the_sums_what_is_missing_and_the_nearest_seed(tmp_path):
    rows = final_rows(screen([str(FACTS)], lang="en", jobs=1))
    by_file = {}
    for row in rows:
        by_file.setdefault(Path(row["file"]).name, []).append(row)
    li = by_file[LI][0]
    assert li["triage"] == "strong" and li["headlines"]["infringement"] == {"status": "established", "outcome": "established"}
    assert li["claimed"] == "400000.00" and li["ceiling"] == "400000.00" and li["award"] is None
    assert li["missing"] == 1 and li["questions"][0].startswith("On what day did the conduct end?")
    assert li["precedent"] and li["holder"] == "力某公司"
    melamine = by_file["melamine.yaml"][0]
    assert melamine["award"] == "98000000.00" and melamine["triage"] == "strong"
    assert [r["triage"] for r in by_file["two-defendants-two-items.yaml"]] == ["promising", "promising", "weak", "weak"]
    assert all(r["label"] for r in by_file["two-defendants-two-items.yaml"])
    assert by_file["confidentiality-only.yaml"][0]["triage"] == "needs_facts"  # says nothing on infringement
    assert "infringement" not in by_file["confidentiality-only.yaml"][0]["headlines"]


@pytest.mark.parametrize("suffix", [".jsonl", ".csv", ".xlsx", ".html"])
def test_the_same_bytes_whatever_jobs_and_engine(tmp_path, suffix):
    folder = _matters(tmp_path / "in", 12, broken=2)
    outputs = []
    for name, extra in (("one", ["--jobs", "1"]), ("two", ["--jobs", "2"]), ("durable", ["--jobs", "1", "--engine", "durable"])):
        target = tmp_path / f"{name}{suffix}"
        done = _run(["screen", str(folder), "-o", str(target), "--lang", "zh"] + extra, tmp_path)
        assert done.returncode == 0, done.stderr
        outputs.append(target.read_bytes())
    assert outputs[0] == outputs[1] == outputs[2]


def test_a_kill_in_the_middle_and_a_rerun_give_the_rows_of_one_clean_run(tmp_path):
    folder = _matters(tmp_path / "in", 400, broken=2)
    clean = tmp_path / "clean.jsonl"
    assert _run(["screen", str(folder), "-o", str(clean), "--jobs", "2", "--lang", "en"], tmp_path).returncode == 0
    killed = tmp_path / "killed.jsonl"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(SECRETLAW + ["screen", str(folder), "-o", str(killed), "--jobs", "1", "--lang", "en"], cwd=tmp_path, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and (not killed.exists() or killed.stat().st_size < 40_000):
        time.sleep(0.02)
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    partial = killed.read_text(encoding="utf-8").count("\n")
    assert 0 < partial < 402, "the kill should come in the middle"
    with killed.open("a", encoding="utf-8") as handle:  # as if the kill tore the last line
        handle.write('{"file": "torn')
    rerun = _run(["screen", str(folder), "-o", str(killed), "--jobs", "2", "--lang", "en"], tmp_path)
    assert rerun.returncode == 0, rerun.stderr
    assert f"{partial} files already in the journal" in rerun.stderr
    assert killed.read_bytes() == clean.read_bytes()


def test_zip_archives_and_nested_folders_are_read_and_a_bomb_member_is_an_error_row(tmp_path):
    archive = tmp_path / "matters.zip"
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("a/li.yaml", (FACTS / LI).read_text(encoding="utf-8"))
        z.writestr("bomb.yaml", "case:\n  title: x\n" + "#" * (6 * 1024 * 1024))  # 6 MB, a few kB compressed
        z.writestr("notes.txt", "not a facts file")
    rows = list(final_rows(screen([str(archive)], lang="en", jobs=1)))
    assert [(r["file"].split("!")[1], r["triage"]) for r in rows] == [("a/li.yaml", "strong"), ("bomb.yaml", "error")]
    assert "over the limit of 5 MB" in rows[1]["error"]


def test_text_from_facts_files_is_escaped_in_html_and_inert_in_csv_and_xlsx(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    evil = '<script>alert(1)</script>=HYPERLINK("http://x")'
    (folder / "evil.yaml").write_text(variant_text(LI, {"case.title": evil, "parties.holder.name": "=1+1"}), encoding="utf-8")
    for suffix in (".html", ".csv", ".xlsx"):
        assert _run(["screen", str(folder), "-o", f"out{suffix}", "--jobs", "1"], tmp_path).returncode == 0
    page = (tmp_path / "out.html").read_text(encoding="utf-8")
    assert "<script>alert" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "http" not in page.split("<script>")[1]  # the page's own script only, no external resource
    csv_text = (tmp_path / "out.csv").read_text(encoding="utf-8-sig")
    assert ",'=1+1," in csv_text
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "out.xlsx").active
    values = [c.value for c in sheet[2]]
    assert "'=1+1" in values and all(not (isinstance(v, str) and v.startswith("=")) for v in values)


def test_the_workbook_has_a_frozen_header_filters_and_column_widths(tmp_path):
    assert _run(["screen", str(FACTS), "-o", "out.xlsx", "--lang", "zh", "--jobs", "1"], tmp_path).returncode == 0
    from openpyxl import load_workbook

    sheet = load_workbook(tmp_path / "out.xlsx").active
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref.startswith("A1:") and sheet.auto_filter.ref.endswith(str(sheet.max_row))
    assert sheet["A1"].value == "分类" and sheet["A1"].font.b
    assert sheet.column_dimensions["B"].width >= 30
    assert sheet.max_row == 1 + 9  # the header and the nine matters of the shipped files


def test_a_terminal_table_without_output_and_clear_errors_for_bad_options(tmp_path):
    done = _run(["screen", str(FACTS), "--lang", "en", "--jobs", "1"], tmp_path)
    assert done.returncode == 0 and done.stdout.splitlines()[0].startswith("Triage\tFile")
    assert "\x1b" not in done.stdout and "it/s" not in done.stderr  # no progress bar when not a terminal
    bad = _run(["screen", str(FACTS), "-o", "out.pdf"], tmp_path)
    assert bad.returncode == 2 and "name a .jsonl, .csv, .xlsx or .html file" in bad.stderr
    assert _run(["screen", str(FACTS), "--jobs", "0"], tmp_path).returncode == 2


def test_a_dask_cluster_of_two_workers_gives_the_same_rows(tmp_path):
    distributed = pytest.importorskip("distributed", reason="Dask is not installed (pip install '.[test]')")
    folder = _matters(tmp_path / "in", 40, broken=1)
    local = list(final_rows(screen([str(folder)], lang="en", jobs=1)))
    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None,
                                  silence_logs=40) as cluster:
        on_cluster = list(final_rows(screen([str(folder)], lang="en", scheduler=cluster.scheduler_address)))
        with distributed.Client(cluster) as client:
            assert len(client.scheduler_info()["workers"]) == 2
    assert on_cluster == local and len(local) == 41
