"""`secretlaw train` in the terminal: a scripted session with piped input, deterministic output."""

from __future__ import annotations

import io
import subprocess
import sys

from engine import cli
from engine.train import exercises as ex
from engine.train.session import Session
from engine.train.terminal import run
from tests.conftest import ROOT

# 14-personal-trust: the infringing act, the personal-trust defence, misappropriation, infringement, then
# which factor distinguishes a decided case. Status, article (and burden) per element, as numbers.
SCRIPT = "1\n2\n1\n3\n1\n3\n2\n1\n1\n1\n1\n"


def _session_text(knowledge, script: str, lang: str = "en") -> str:
    session = Session(ex.find(knowledge, "14-personal-trust"), knowledge, lang)
    out = io.StringIO()
    assert run(session, io.StringIO(script), out, echo=True) == 0
    return out.getvalue()


def test_a_scripted_session_is_graded_and_the_same_on_every_run(knowledge):
    first = _session_text(knowledge, SCRIPT)
    assert first == _session_text(knowledge, SCRIPT)
    assert first.startswith("== Exercise: Customers who dealt with the firm out of trust in the salesman followed him")
    assert "The facts on the record:\n" in first and "Anything not stated above is not known." in first
    assert "Question 1 of 5: An infringing act\n" in first
    assert "Your answer (number): 1\nRight.\n" in first
    # a wrong status shows the rule, the facts that decide it and the derivation tree
    wrong = first.split("Question 3 of 5: Misappropriation\n", 1)[1]
    assert "Your answer (number): 3\nWrong. The right answer: not established.\n  The rule: An infringing act is" in wrong
    assert "  The facts that decide it:\n    - The customers dealt with the holder out of special personal trust" in wrong
    assert "  Derivation:\n    Misappropriation [misappropriation]: not established\n" in wrong
    # a wrong burden names the defence's facts and who must prove them
    assert "Wrong. The right answer: the defendant.\n  The facts of the defence and who must prove them:" in first
    summary = first.split("== Score: ", 1)[1]
    assert summary.startswith("4/10\n")
    assert "Elements to revisit:\n" in summary and "  - Misappropriation (status)\n" in summary


def test_chinese_by_default_and_an_early_end_still_scores(knowledge):
    text = _session_text(knowledge, "1\n", lang="zh")
    assert text.startswith("== 练习：")
    assert "第1题（共5题）：实施了侵犯商业秘密的行为" in text
    assert "练习提前结束。" in text and "== 得分：1/1" in text


def test_an_answer_that_is_no_choice_is_asked_again(knowledge):
    text = _session_text(knowledge, "7\nyes\n1\n")
    assert text.count("Please type a number from 1 to 3.") == 2 and "Right." in text


def test_cli_lists_the_exercises(capsys):
    assert cli.main(["train", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Exercises (secretlaw train EXERCISE):\n  01-li-wine ")
    assert "  22-hacked " in out and "  scenario-09-profit-made " in out


def test_cli_train_reads_piped_answers(tmp_path):
    """The real command, its standard input a pipe: each answer is echoed after its prompt."""
    done = subprocess.run([sys.executable, "-m", "engine.cli", "train", "22-hacked", "--lang", "en", "--no-argument"],
                          input="2\n", capture_output=True, text=True, cwd=ROOT, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "Question 1 of 7: A channel or opportunity to obtain the secret\n" in done.stdout
    assert "Your answer (number): 2\nRight.\n" in done.stdout
    assert "The exercise was stopped early." in done.stdout


def test_cli_train_an_unknown_exercise_is_a_clear_error(capsys):
    assert cli.main(["train", "no-such-thing"]) == 2
    assert "no single exercise 'no-such-thing'" in capsys.readouterr().err
