"""Training exercises (engine/train/): every exercise answered all right and all wrong, graded as such.

The right answers here are not the session's own key: the status and the outcome come from evaluating
the matter, the article from the rule's basis, the burden of a defence from the vocabulary (the
defendant proves its defences), and the distinguishing factor from the decided case it names."""

from __future__ import annotations

import pytest

from engine.reason.evaluate import evaluate
from engine.train import exercises as ex
from engine.train.argument import argue, decided_cases
from engine.train.session import Session
from tests.conftest import ROOT

JUDGMENTS = sorted((ROOT / "tests" / "judgments").glob("*.yaml"))


@pytest.fixture(scope="module")
def catalogue(knowledge):
    return ex.catalogue(knowledge)


def test_there_are_at_least_twenty_exercises_seeds_scenarios_and_every_judgment(catalogue):
    by_origin = {origin: [e for e in catalogue if e.origin == origin] for origin in ex.ORIGINS}
    assert len(catalogue) >= 20
    assert {e.id for e in by_origin["seed"]} >= {"01-li-wine", "02-melamine"}
    assert "03-agreement-template" in {e.id for e in by_origin["facts"]}
    assert len(by_origin["scenario"]) >= 12
    written = [e for e in by_origin["scenario"] if e.file.startswith("rules/training/exercises/")]
    assert len(written) >= 12 and all(e.ask for e in written)
    # every judgment in tests/judgments/ is an exercise, with nothing written for it
    assert sorted(e.id for e in by_origin["judgment"]) == sorted(f"judgment-{p.stem}" for p in JUDGMENTS)
    assert len({e.id for e in catalogue}) == len(catalogue)


def _right(session, prompt, knowledge, evaluation):
    """The right answers to a part, worked out apart from the session."""
    cid = prompt.conclusion
    if prompt.part == "status":
        return {evaluation.status(cid)}
    if prompt.part == "outcome":
        assert evaluation.status(cid) == "undetermined"
        return {evaluation.outcome(cid)}
    if prompt.part == "article":
        return set(knowledge.rules[cid].basis)
    if prompt.part == "burden":
        assert knowledge.rules[cid].role == "defence"
        return {"defendant"}
    assert prompt.part == "distinguish"
    argued = argue(session.evaluation)
    counter = next(argued["sides"][s]["strongest_counter"] for s in ("holder", "defendant")
                   if argued["sides"][s]["strongest_counter"]
                   and argued["sides"][s]["strongest_counter"]["title"][session.lang] in prompt.title)
    case = next(c for c in decided_cases(knowledge) if c.id == counter["id"])
    favours = counter["against"]
    right = set()
    for choice in prompt.choices:  # decided otherwise there, and its value here helps the side the case is against
        here, there = evaluation.status(choice.value), case.reading["statuses"].get(choice.value)
        factor = next(f for f in argued["factors"] if f["conclusion"] == choice.value) if any(
            f["conclusion"] == choice.value for f in argued["factors"]) else None
        if there in ("established", "not_established") and here != there and factor and factor["favours"] == favours:
            right.add(choice.value)
    return right


def _play(exercise, knowledge, answer_right: bool, lang: str = "en"):
    session = Session(exercise, knowledge, lang)
    evaluation = evaluate(exercise.case, knowledge)  # the key, apart from the session's own evaluation
    graded = []
    while (prompt := session.prompt()) is not None:
        right = _right(session, prompt, knowledge, evaluation)
        assert right, (exercise.id, prompt.conclusion, prompt.part)
        values = [c.value for c in prompt.choices]
        assert set(values) & right, (exercise.id, prompt.conclusion, prompt.part)
        pick = next(v for v in values if (v in right) == answer_right)
        graded.append(session.answer(pick))
    return session, graded


def _ids(knowledge):
    return [e.id for e in ex.catalogue(knowledge)]


@pytest.mark.parametrize("answer_right", [True, False], ids=["all-right", "all-wrong"])
def test_every_exercise_is_graded_right_when_answered_right_and_wrong_when_answered_wrong(knowledge, catalogue, answer_right):
    for exercise in catalogue:
        session, graded = _play(exercise, knowledge, answer_right)
        assert graded, exercise.id
        assert all(g.correct == answer_right for g in graded), (exercise.id, [g for g in graded if g.correct != answer_right][:1])
        summary = session.summary()
        assert summary["right"] == (summary["total"] if answer_right else 0) and summary["total"] == summary["asked"]
        assert sum(s["total"] for s in summary["scores"]) == summary["total"]
        if answer_right:
            assert summary["revisit"] == []
            continue
        assert {r["conclusion"] for r in summary["revisit"] if r["conclusion"]} == \
            {g.conclusion for g in graded if g.conclusion}
        for g in graded:  # a wrong element answer shows the rule, the facts that decide it and the tree
            if g.part == "distinguish":
                assert g.note
                continue
            why = g.explanation
            assert why.statement == knowledge.rules[g.conclusion].statement["en"]
            assert why.tree.startswith(knowledge.rules[g.conclusion].title["en"])
            assert why.basis
            if g.part == "status":
                assert why.facts or why.open, (exercise.id, g.conclusion)


def test_the_score_is_grouped_by_element_kind(knowledge):
    session, _ = _play(ex.find(knowledge, "01-li-wine"), knowledge, answer_right=False)
    kinds = [s["kind"] for s in session.summary()["scores"]]
    assert kinds[:5] == ["secrecy", "measures", "obligation", "acts", "defences"]
    assert "damages" in kinds  # the damages headline: the Li facts put damages in scope


def test_questions_follow_the_rule_files_and_skip_notes_burdens_and_points_that_do_not_arise(knowledge):
    exercise = ex.find(knowledge, "01-li-wine")
    session = Session(exercise, knowledge, "en", argument=False)
    asked = [q.conclusion for q in session.questions]
    assert asked[:3] == ["customer_information_qualifies", "deemed_public", "not_publicly_known"]
    assert "relationship_alone_insufficient" not in asked and "burden_shift_secrecy" not in asked
    assert "reverse_engineering_defence" not in asked  # customer information cannot be reverse engineered
    assert asked[-2:] == ["infringement", "damages"]


def test_article_choices_hold_the_rules_basis_and_the_same_distractors_on_every_run(knowledge):
    exercise = ex.find(knowledge, "01-li-wine")
    first, second = (Session(exercise, knowledge, "en") for _ in range(2))
    for a, b in zip(first.questions, second.questions):
        assert [p.choices for p in a.parts] == [p.choices for p in b.parts]
    part = next(p for q in first.questions if q.conclusion == "commercial_value" for p in q.parts if p.name == "article")
    assert {"aucl.trade_secret_definition", "spc2020.art7_commercial_value"} <= {c.value for c in part.choices}
    assert len(part.choices) == 2 + 3
    assert len({c.label for c in part.choices}) == len(part.choices)


def test_an_undetermined_element_also_asks_the_outcome_on_the_present_record(knowledge):
    session = Session(ex.find(knowledge, "18-defences-unproved"), knowledge, "en")
    parts = {q.conclusion: [p.name for p in q.parts] for q in session.questions}
    assert parts["general_skill_defence"] == ["status", "article", "burden", "outcome"]
    assert parts["infringing_act"] == ["status", "article"]
    outcome = next(p for q in session.questions if q.conclusion == "general_skill_defence" for p in q.parts
                   if p.name == "outcome")
    assert outcome.expected == ["not_established"]  # unproved, it is taken against the defendant


def test_the_narrative_states_the_facts_and_never_the_holding(knowledge, catalogue):
    for exercise in catalogue:
        story = Session(exercise, knowledge, "zh", argument=False).narrative()
        text = "\n".join(story["story"] + [f for s in story["record"] for f in s["facts"]])
        summary = exercise.case.values.get("case.summary")
        assert not summary or summary not in text, exercise.id
        assert story["record"] or exercise.narrative, exercise.id
    li = Session(ex.find(knowledge, "10-findable-online"), knowledge, "en", argument=False).narrative()
    assert li["story"][0].startswith("力某公司 claims that 李某 (former employee) infringed its customer information")
    assert "People in the field can obtain the information from public channels." in \
        [f for s in li["record"] for f in s["facts"]]


def test_only_a_judgment_brings_what_the_court_held(knowledge, catalogue):
    scenario = ex.find(knowledge, "25-conduct-2018")  # its expect_outcome tests the rules; no court held it
    assert scenario.expect_outcome == {} and scenario.source is None
    assert Session(scenario, knowledge, "en", argument=False).summary()["court"] == []
    for judgment in (e for e in catalogue if e.origin == "judgment"):
        assert judgment.source and judgment.expect_outcome


def test_an_exercise_by_part_of_its_id_or_from_a_file_and_clear_errors(knowledge):
    from engine.errors import InputError

    assert ex.find(knowledge, "hacked").id == "22-hacked"
    assert ex.find(knowledge, str(ROOT / "facts" / "li-wine-sales.yaml")).origin == "facts"
    assert ex.find(knowledge, str(ROOT / "tests" / "cases" / "08-general-skill.yaml")).origin == "scenario"
    with pytest.raises(InputError, match="no single exercise 'li'"):
        ex.find(knowledge, "li")
    with pytest.raises(InputError, match="no single exercise"):
        ex.find(knowledge, "nothing-like-it")


def test_an_exercise_file_naming_what_does_not_exist_is_refused_with_its_line(knowledge, tmp_path, monkeypatch):
    from engine.errors import InputError

    folder = tmp_path / "exercises"
    folder.mkdir()
    (folder / "bad.yaml").write_text("matter: {scenario: 99-nowhere}\n", encoding="utf-8")
    monkeypatch.setattr(ex, "exercise_dir", lambda knowledge: folder)
    with pytest.raises(InputError, match=r"bad.yaml:1: matter.scenario: no scenario '99-nowhere'"):
        ex._catalogue(knowledge)
    (folder / "bad.yaml").write_text("matter: {seed: li_wine}\nask: [trade_secrte]\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad.yaml:2: ask: no conclusion 'trade_secrte' \(did you mean 'trade_secret'\?\)"):
        ex._catalogue(knowledge)
