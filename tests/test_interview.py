"""The guided interview: the next-question engine, the piped terminal, the file it writes, resuming."""

from __future__ import annotations

import io
import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

from engine.reason.casetests import find_case_files, load_case_test
from engine.errors import InputError
from engine.reason.evaluate import evaluate
from engine.report.explain import explain
from engine.load.facts import load_case
from engine.interview import answers
from engine.interview.questions import ANALYSIS, HEADLINE, conditions, derivation_inputs, next_question
from engine.interview.record import Record, read, render, write
from engine.interview.terminal import run
from engine.load.knowledge import load_knowledge

from .conftest import FACTS, ROOT
from .interview_oracle import answer_text, topics_of, walk

SCRIPTS = ROOT / "tests" / "interview"
LI = FACTS / "li-wine-sales.yaml"


def interview(path: Path, lines: list[str] | str, *options: str, lang: str = "en") -> str:
    """Run the interview in this process with piped answers; the transcript."""
    text = lines if isinstance(lines, str) else "\n".join(lines) + "\n"
    out = io.StringIO()
    assert run(str(path), lang, analysis="--all" in options, stdin=io.StringIO(text), stdout=out,
               interactive=False) == 0
    return out.getvalue()


def readings(evaluation) -> dict[str, tuple[str, str]]:
    return {cid: (c.status, c.outcome) for cid, c in evaluation.conclusions.items()}


def decisive_in_opinion(evaluation, topics: list[str]) -> set[str]:
    """The decisive facts the opinion itself computes for the headlines of these topics (their open facts,
    the unproved facts their outcome rests on, the open figures of their computations), derived facts
    replaced by the entered facts their derivations read."""
    opinion = explain(evaluation)
    knowledge = evaluation.knowledge
    found: set[str] = set()
    for topic in topics:
        view = opinion["conclusions"][knowledge.topics[topic]]
        found |= set(view["missing"]) | {r["fact"] for r in view["resolved_by_burden"]}
    found |= {p for c in evaluation.computations if c.topic in topics for p in c.missing}
    inputs = derivation_inputs(evaluation.case.values, knowledge)
    return {q for p in found for q in (inputs[p] if knowledge.vocabulary.get(p).derived else [p])}


# --- the Li case from a scripted answer file ---------------------------------------------------------


@pytest.fixture(scope="module")
def li_run(tmp_path_factory):
    """The Li answer script piped into the interview once: the file it wrote and the transcript."""
    target = tmp_path_factory.mktemp("li") / "li.yaml"
    return target, interview(target, (SCRIPTS / "li-wine-sales.answers").read_text(encoding="utf-8"))


def test_the_li_script_is_the_li_facts_answered(knowledge):
    """The committed answer file is what answering from facts/li-wine-sales.yaml gives (then 'n' to the memo)."""
    expected = walk(load_case(LI, knowledge.vocabulary), knowledge).lines + ["n"]
    assert (SCRIPTS / "li-wine-sales.answers").read_text(encoding="utf-8").splitlines() == expected


def test_the_li_interview_asks_only_decisive_questions_and_reaches_the_li_opinion(knowledge, li_run):
    target, transcript = li_run
    record = read(target, knowledge)
    li = load_case(LI, knowledge.vocabulary)
    opening = [p for p, s in knowledge.vocabulary.facts.items() if s.opening]
    asked = [p for p in record.asked if p not in opening]
    assert len(asked) == 27, asked
    assert transcript.count("\n[") == len(record.asked)
    # each question, at the moment it was asked, was among the facts that could change a headline
    case = record.case("replay")
    case.values = {}
    for path in asked:
        evaluation = evaluate(case, knowledge)
        assert path in decisive_in_opinion(evaluation, ["infringement", "damages"]), path
        if path in li.values:
            case.values[path] = li.values[path]
    # the opinion of the file equals the Li opinion on every conclusion but a note whose only open fact
    # (whether the defendant profited) and the time limit, whose dates (the day of the suit), cannot
    # change a headline conclusion, so they were not asked
    mine, theirs = readings(evaluate(load_case(target, knowledge.vocabulary), knowledge)), \
        readings(evaluate(li, knowledge))
    differ = {cid for cid in theirs if mine[cid] != theirs[cid]}
    limitation = {r.concludes for rs in knowledge.rulesets if rs.name == "limitation" for r in rs.rules}
    assert differ - limitation == {"profit_irrelevant"} and differ & limitation
    assert mine["profit_irrelevant"][1] == theirs["profit_irrelevant"][1]  # the same outcome on the record
    assert "No unknown fact can change a headline conclusion" in transcript
    assert "--all asks them" in transcript


def test_with_all_the_li_interview_reaches_the_li_opinion_on_every_conclusion(knowledge, tmp_path):
    target = tmp_path / "li.yaml"
    transcript = interview(target, (SCRIPTS / "li-wine-sales.all.answers").read_text(encoding="utf-8"), "--all")
    li = load_case(LI, knowledge.vocabulary)
    assert readings(evaluate(load_case(target, knowledge.vocabulary), knowledge)) == readings(evaluate(li, knowledge))
    walked = walk(li, knowledge, analysis=True)
    assert (SCRIPTS / "li-wine-sales.all.answers").read_text(encoding="utf-8").splitlines() == walked.lines + ["n"]
    phases = [phase for _, phase, _ in walked.asked]
    assert phases == sorted(phases, key=lambda p: p != HEADLINE)  # the headline questions first, all of them
    assert "the questions below bear on other points of the analysis" in transcript
    for path, phase, plan in walked.asked:  # each later question is an open fact of some conclusion in scope
        if phase == ANALYSIS:
            evaluation = plan.evaluation
            open_facts = {p for c in evaluation.conclusions.values() for p in c.verdict.missing}
            inputs = derivation_inputs(evaluation.case.values, knowledge)
            assert path in {q for p in open_facts for q in inputs.get(p, [p])}, path


def test_a_next_question_comes_back_well_under_a_second(knowledge):
    li = load_case(LI, knowledge.vocabulary)
    record = Record(topics=["infringement", "damages"])
    slowest = 0.0
    for path in ["information.kind", "information.includes_identity_and_contacts", "protection.confidentiality_agreements"]:
        record.answer(path, li.values[path])
        started = time.perf_counter()
        next_question(record.case("timing"), knowledge, record.topics, record.asked)
        slowest = max(slowest, time.perf_counter() - started)
    assert slowest < 0.5


# --- every test scenario -----------------------------------------------------------------------------


SCENARIOS = find_case_files(ROOT / "tests" / "cases")


@pytest.mark.parametrize("path", SCENARIOS, ids=[p.stem for p in SCENARIOS])
def test_each_scenario_answered_reaches_its_headlines_in_fewer_questions_than_facts(knowledge, path):
    scenario = load_case_test(path, knowledge)
    walked = walk(scenario.case, knowledge)
    entered = [p for p, s in knowledge.vocabulary.facts.items() if not s.derived]
    assert len(walked.asked) < len(entered)
    direct, answered = evaluate(scenario.case, knowledge), evaluate(walked.record.case("walked"), knowledge)
    for topic in topics_of(scenario.case, knowledge):
        main = knowledge.topics[topic]
        assert (answered.status(main), answered.outcome(main)) == (direct.status(main), direct.outcome(main)), main


@pytest.mark.parametrize("path", SCENARIOS[1::10], ids=[p.stem for p in SCENARIOS[1::10]])
def test_with_all_a_scenario_answered_reaches_every_status(knowledge, path):
    """A few scenarios in the default run; `python benchmarks/interview.py` runs them all (the README's figures)."""
    scenario = load_case_test(path, knowledge)
    walked = walk(scenario.case, knowledge, analysis=True)
    assert readings(evaluate(walked.record.case("walked"), knowledge)) == readings(evaluate(scenario.case, knowledge))


# --- what is asked, and when --------------------------------------------------------------------------


def test_follow_ups_wait_for_their_parent_and_are_dropped_when_it_rules_them_out(knowledge):
    record = Record(topics=["infringement", "damages"])
    plan, first = next_question(record.case("x"), knowledge, record.topics)
    facts = [q.fact for q in plan.questions]
    assert first.fact == "conduct.infringement_found_by_court"  # it alone can settle the infringement
    assert facts.index("information.kind") < facts.index("information.includes_transaction_details")
    assert facts.index("conduct.obtained_from_wrongdoer") < facts.index("conduct.knew_of_wrongdoing")
    record.answer("information.kind", "customer_information")
    plan, _ = next_question(record.case("x"), knowledge, record.topics, record.asked)
    facts = [q.fact for q in plan.questions]
    assert "conduct.reverse_engineered" not in facts and "information.carried_in_marketed_product" not in facts
    assert "protection.withstands_reverse_engineering" not in facts
    assert facts.index("damages.actual_loss_determinable") < facts.index("damages.licence_fee")
    assert facts.index("damages.infringer_profit_determinable") < facts.index("damages.infringer_profit_amount")
    record.answer("damages.actual_loss_determinable", False)
    record.answer("damages.infringer_profit_determinable", False)
    plan, _ = next_question(record.case("x"), knowledge, record.topics, record.asked)
    facts = [q.fact for q in plan.questions]
    assert not {"damages.licence_fee", "damages.actual_loss_amount", "damages.infringer_profit_amount"} & set(facts)


def test_a_question_says_what_it_decides_under_which_article_and_who_proves_it(knowledge):
    record = Record(topics=["infringement"])
    record.answer_unknown("conduct.infringement_found_by_court")
    record.answer("information.kind", "customer_information")
    record.answer("information.includes_identity_and_contacts", True)
    record.answer("information.includes_transaction_details", True)
    for path in ("information.generally_known_in_field", "information.published", "information.shown_at_public_event",
                 "information.obtainable_from_public_channels"):
        record.answer(path, False)
    record.answer("information.confers_competitive_advantage", True)
    _, question = next_question(record.case("x"), knowledge, record.topics, record.asked)
    assert question.fact == "protection.confidentiality_agreements"
    assert question.why["en"] == "decides: corresponding confidentiality measures"
    assert question.element == "confidentiality_measures" and question.burden == "holder"
    assert any("Art. 6" in c["en"] for c in question.basis)
    assert question.help["en"].startswith("Yes: ") and question.choices[0][0] is True


def test_derived_facts_are_never_asked_but_the_facts_they_come_from_are(knowledge):
    li = load_case(LI, knowledge.vocabulary)
    walked = walk(li, knowledge)
    asked = [p for p, _, _ in walked.asked]
    assert not any(p.startswith("derived.") for p in asked)
    assert "protection.in_place_by" in asked and "conduct.no_earlier_than" in asked


# --- answers ------------------------------------------------------------------------------------------


def test_answers_in_every_form(knowledge):
    spec = knowledge.vocabulary.get
    for text, value in (("y", True), ("YES", True), ("是", True), ("n", False), ("否", False)):
        assert answers.parse(spec("obligations.nda_signed"), text) is value
    for text in ("?", "unknown", "不详", "未知"):
        assert answers.parse(spec("obligations.nda_signed"), text) is answers.UNKNOWN
        assert answers.parse(spec("protection.in_place_by"), text) is answers.UNKNOWN
    assert answers.parse(spec("information.kind"), "2") == "technical_information"
    assert answers.parse(spec("information.kind"), "customer_information") == "customer_information"
    assert answers.parse(spec("information.kind"), "客户信息") == "customer_information"
    assert str(answers.parse(spec("protection.in_place_by"), "2019-05")) == "2019-05"
    assert answers.parse(spec("damages.claimed"), "400,000.00") == answers.parse(spec("damages.claimed"), "400000.00")
    assert answers.parse(spec("parties.co_defendants"), "甲公司；乙公司") == ["甲公司", "乙公司"]
    assert answers.parse(spec("case.title"), "  ") is None  # a free text skipped
    for path, text in (("obligations.nda_signed", "maybe"), ("information.kind", "9"), ("protection.in_place_by", "2022-13-01"),
                       ("damages.claimed", "12.345"), ("damages.claimed", "CNY 5"), ("agreement.noncompete.term_months", "1.5")):
        with pytest.raises(answers.Refused) as refused:
            answers.parse(spec(path), text)
        assert refused.value.reason["zh"] and refused.value.reason["en"]


def test_a_bad_answer_is_asked_again_with_the_reason(knowledge, tmp_path):
    transcript = interview(tmp_path / "f.yaml", ["1,2", "", "", "", "", "", "", "", "?", "soon", "2", "2022-13-01"])
    assert "That answer cannot be taken: choose one of: 1. customer information, 2. technical information" in transcript
    assert transcript.count("[9] ") == 2 and "> 2\n" in transcript
    assert "That answer cannot be taken: answer y (yes), n (no) or ? (unknown)" in transcript


# --- the file it writes -------------------------------------------------------------------------------


def test_text_that_yaml_would_misread_round_trips(knowledge, tmp_path):
    awkward = {"case.title": "A: B # not a comment", "case.court": "line one\nline two", "parties.holder.name": "'quoted' \"both\"",
               "parties.defendant.name": "yes", "information.description": "- a list? no: [x] {y}", "conduct.description": "2022-04-07"}
    record = Record(topics=["infringement"])
    for path, value in awkward.items():
        record.answer(path, value)
    record.answer("damages.claimed", answers.parse(knowledge.vocabulary.get("damages.claimed"), "400000.50"))
    record.answer("protection.in_place_by", answers.parse(knowledge.vocabulary.get("protection.in_place_by"), "2019"))
    record.answer("parties.co_defendants", ["甲: 公司", "乙#2"])
    record.answer_unknown("obligations.nda_signed")
    target = tmp_path / "f.yaml"
    write(target, render(record, knowledge, "en"))
    case = load_case(target, knowledge.vocabulary)
    for path, value in awkward.items():
        assert case.values[path] == value.strip() if "\n" not in value else case.values[path] == value
    assert str(case.values["damages.claimed"]) == "400000.50"
    assert str(case.values["protection.in_place_by"]) == "2019"
    assert case.values["parties.co_defendants"] == ["甲: 公司", "乙#2"]
    assert "obligations.nda_signed" not in case.values
    again = read(target, knowledge)
    assert again.unknown == {"obligations.nda_signed"} and again.asked == record.asked and again.topics == ["infringement"]
    text = target.read_text(encoding="utf-8")
    assert "claimed: '400000.50'" in text and "in_place_by: '2019'" in text
    assert "  # Did the defendant personally sign a confidentiality agreement" in text


def test_a_failed_write_leaves_the_old_file_whole_and_no_temporary_file(knowledge, tmp_path, monkeypatch):
    target = tmp_path / "f.yaml"
    write(target, "case:\n  title: old\n")

    def refuse(*args):
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", refuse)
    with pytest.raises(OSError):
        write(target, "case:\n  title: new\n")
    assert target.read_text(encoding="utf-8") == "case:\n  title: old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["f.yaml"]


def test_a_hand_written_file_is_resumed_and_kept(knowledge, tmp_path):
    target = tmp_path / "li.yaml"
    shutil.copy(LI, target)
    transcript = interview(target, ["?", "n"])
    assert "the original is kept as" in transcript
    assert (tmp_path / "li.yaml.orig").read_text(encoding="utf-8") == LI.read_text(encoding="utf-8")
    # every fact of the hand-written file is still there, typed the same
    assert load_case(target, knowledge.vocabulary).values.items() >= \
        {k: v for k, v in load_case(LI, knowledge.vocabulary).values.items()}.items()


def test_several_defendants_are_refused_with_a_hint(knowledge, tmp_path):
    target = tmp_path / "two.yaml"
    shutil.copy(FACTS / "two-defendants-two-items.yaml", target)
    with pytest.raises(InputError, match="one defendant and one item"):
        read(target, knowledge)


# --- going back, stopping, resuming -------------------------------------------------------------------


def test_back_changes_an_answer(knowledge, tmp_path):
    target = tmp_path / "f.yaml"
    opening = ["1", "", "", "", "", "", ""]
    transcript = interview(target, opening + ["?", "technical_information", ":back", "customer_information", ":quit"])
    assert "Back to: Kind of information" in transcript
    record = read(target, knowledge)
    assert record.values["information.kind"] == "customer_information"
    assert record.asked.count("information.kind") == 1


def test_stopping_after_any_answer_and_resuming_loses_nothing(knowledge, tmp_path):
    """Input cut after each answer in turn, then the interview run again on its file with the rest: the same
    file and the same questions as in one run (a short scenario, so every cut point is tried)."""
    scenario = load_case_test(ROOT / "tests" / "cases" / "03-names-only-list.yaml", knowledge)
    lines = walk(scenario.case, knowledge).lines + ["n"]
    whole = tmp_path / "whole.yaml"
    one_run = interview(whole, lines)
    for cut in range(1, len(lines) - 1):
        target = tmp_path / f"cut{cut}.yaml"
        interview(target, lines[:cut])
        interview(target, lines[cut:])
        assert target.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8"), cut
    assert one_run.count("\n[") == len(lines) - 2


@pytest.mark.parametrize("answered", [3, 20])
def test_killing_the_process_after_an_answer_and_restarting_resumes_at_the_next_question(knowledge, tmp_path, li_run,
                                                                                        answered):
    """`secretlaw interview` in a subprocess, killed with SIGKILL once `answered` answers are in its file,
    then started again on that file with the rest of the script: same file, same questions, nothing lost."""
    script = (SCRIPTS / "li-wine-sales.answers").read_text(encoding="utf-8").splitlines()
    whole, reference = li_run
    target = tmp_path / "killed.yaml"
    command = [sys.executable, "-m", "engine.cli", "interview", str(target), "--lang", "en"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    process = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, cwd=ROOT, env=env, text=True)
    process.stdin.write("\n".join(script[:answered + 1]) + "\n")  # the topics line, then `answered` answers
    process.stdin.flush()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if target.exists() and len(read(target, knowledge).asked) == answered:
            break
        time.sleep(0.05)
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert len(read(target, knowledge).asked) == answered
    resumed = interview(target, script[answered + 1:])
    assert f"Resuming: {answered} questions already answered." in resumed
    assert target.read_text(encoding="utf-8") == whole.read_text(encoding="utf-8")
    assert resumed.split(f"[{answered + 1}] ", 1)[1] == reference.split(f"[{answered + 1}] ", 1)[1].replace(
        str(whole), str(target))


def test_the_interview_speaks_chinese_and_writes_the_same_facts(knowledge, tmp_path, li_run):
    script = (SCRIPTS / "li-wine-sales.answers").read_text(encoding="utf-8")
    transcript = interview(tmp_path / "zh.yaml", script, lang="zh")
    assert "[9] 权利人主张的是客户信息、技术信息，还是其他经营信息？" in transcript
    assert "决定：客户信息的范围" in transcript and "问答结束" in transcript
    assert read(tmp_path / "zh.yaml", knowledge).values == read(li_run[0], knowledge).values


# --- the dependencies are checked ---------------------------------------------------------------------


def test_check_refuses_an_ask_when_that_names_no_fact(tmp_path):
    rules = tmp_path / "rules"
    shutil.copytree(ROOT / "rules", rules)
    vocabulary = rules / "vocabulary" / "07-conduct.yaml"
    text = vocabulary.read_text(encoding="utf-8")
    vocabulary.write_text(text.replace("ask_when: {fact: conduct.obtained_from_wrongdoer}",
                                       "ask_when: {fact: conduct.obtained_from_wrongdor}"), encoding="utf-8")
    knowledge = load_knowledge(str(rules))
    with pytest.raises(InputError) as error:
        conditions(knowledge)
    assert "07-conduct.yaml:" in str(error.value) and "obtained_from_wrongdoer" in str(error.value)


def test_every_shipped_ask_when_reads_facts_that_are_asked_before_it(knowledge):
    for path, condition in conditions(knowledge).items():
        assert condition.facts(), path
        assert not knowledge.vocabulary.get(path).derived


def test_answer_text_round_trips_every_value_of_the_li_case(knowledge):
    li = load_case(LI, knowledge.vocabulary)
    for path, value in li.values.items():
        spec = knowledge.vocabulary.get(path)
        if spec.type in ("list",):
            continue
        assert answers.parse(spec, answer_text(spec, value)) == value, path


def test_yaml_of_the_written_file_is_ordinary(knowledge, li_run):
    target = li_run[0]
    data = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert list(data) == ["case", "parties", "information", "protection", "employment", "obligations", "conduct", "damages"]
    assert data["damages"]["claimed"] == "400000.00" and data["conduct"]["started_on"] == "unknown"
    jsonschema = pytest.importorskip("jsonschema")
    from engine.load.schema import facts_schema

    as_json = json.loads(json.dumps(data, default=str))  # as an editor's YAML language server sees it
    jsonschema.validate(as_json, facts_schema(knowledge.vocabulary))


def test_text_from_the_facts_file_and_the_answers_reaches_the_terminal_escaped(knowledge, tmp_path):
    target = tmp_path / "evil.yaml"
    target.write_text(LI.read_text(encoding="utf-8").replace("title:", 'title: "A\\e[2JB\\a\\u202eC" #', 1),
                      encoding="utf-8")
    transcript = interview(target, ["?", "x\x1b[Hy\x07", "n"])
    for char in "\x1b\x07\u202e":
        assert char not in transcript, repr(char)
    assert "\\x1b" in transcript  # shown escaped, so the reader sees it was there
