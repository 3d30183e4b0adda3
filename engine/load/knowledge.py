"""The whole body of law the engine reasons with, loaded once and checked.

`load_knowledge()` reads the vocabulary, the legal sources and the rule sets and
refuses a body of rules that cannot be evaluated soundly: a fact no case file can
state, a conclusion no rule produces, a provision that does not exist, a cycle.
`secretlaw check` prints what this finds.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Collection
from dataclasses import dataclass
from pathlib import Path

from .burden import can_resolve
from ..errors import InputError
from .law import Sources, load_sources
from .parameters import Parameter, load_parameters
from ..resources import resource_dir
from .rulebook import Rule, RuleSet, load_rulesets
from .vocabulary import Vocabulary, load_vocabulary

# durable-rules fails on a rule set of 512+ rules and on 64+ tests matched by one fact.
MAX_RULES_PER_SET = 400
MAX_INPUTS_PER_RULE = 60


@dataclass
class Knowledge:
    root: Path
    vocabulary: Vocabulary
    sources: Sources
    rulesets: list[RuleSet]  # in evaluation order
    rules: dict[str, Rule]  # by conclusion id, in evaluation order
    topics: dict[str, str]  # topic -> its headline conclusion, in rule-set order
    parameters: dict[str, Parameter]
    fingerprint: str

    def rule_for(self, conclusion: str) -> Rule:
        return self.rules[conclusion]

    def facts_read(self, topics: Collection[str] | None = None, skip: Collection[str] = ()) -> set[str]:
        """The facts the rules read: of the rule sets of the given topics, or of all of them; not those
        read only by the rules of the conclusions in `skip`."""
        sets = {rs.name for rs in self.rulesets if topics is None or rs.topic in topics}
        return set().union(*(r.reads_facts() for cid, r in self.rules.items() if r.ruleset in sets and cid not in skip))


@functools.lru_cache(maxsize=8)
def load_knowledge(root: str | None = None) -> Knowledge:
    base = Path(root) if root else resource_dir("rules")
    vocabulary = load_vocabulary(base / "vocabulary")
    sources = load_sources(base / "law")
    rulesets = load_rulesets(base, vocabulary)
    rules = _index(rulesets)
    _check_references(rules, vocabulary, sources)
    ordered_sets = _order_rulesets(rulesets, rules)
    ordered_rules = {r.concludes: r for rs in ordered_sets for r in _order_rules(rs.rules, rules)}
    topics = _topics(rulesets)
    parameters = load_parameters(base / "parameters")
    _check_parameters(parameters, sources)
    return Knowledge(base, vocabulary, sources, ordered_sets, ordered_rules, topics, parameters, _fingerprint(base))


def _check_parameters(parameters: dict[str, Parameter], sources: Sources) -> None:
    from .shape import suggest

    for parameter in parameters.values():
        for provision in parameter.basis:
            if sources.provision(provision) is None:
                raise InputError("rules/parameters/", None, f"{parameter.name}.basis",
                                 f"cites '{provision}', which rules/law/ does not define", suggest(provision, sources.provisions))


def _topics(rulesets: list[RuleSet]) -> dict[str, str]:
    """Each topic (a question the opinion answers) needs exactly one headline conclusion."""
    topics: dict[str, str | None] = {}
    for ruleset in rulesets:
        topics.setdefault(ruleset.topic, None)
        if ruleset.main:
            if topics[ruleset.topic]:
                raise InputError(ruleset.file, None, "main", f"topic '{ruleset.topic}' already has a headline conclusion")
            topics[ruleset.topic] = ruleset.main
    for topic, main in topics.items():
        if main is None:
            file = next(rs.file for rs in rulesets if rs.topic == topic)
            raise InputError(file, None, "main", f"no rule set of topic '{topic}' names its headline conclusion ('main:')")
    return topics  # type: ignore[return-value]


def _fail(rule: Rule, field: str, problem: str, hint: str | None = None) -> InputError:
    return InputError(rule.file, rule.line, f"{rule.id}.{field}", problem, hint)


def _index(rulesets: list[RuleSet]) -> dict[str, Rule]:
    by_conclusion: dict[str, Rule] = {}
    ids: dict[str, Rule] = {}
    for ruleset in rulesets:
        if len(ruleset.rules) > MAX_RULES_PER_SET:
            raise InputError(ruleset.file, None, "rules", f"{len(ruleset.rules)} rules in one set",
                             f"split it: the engine fails at 512, keep each set under {MAX_RULES_PER_SET}")
        for rule in ruleset.rules:
            if rule.id in ids:
                raise _fail(rule, "id", f"rule id also used at {ids[rule.id].file}:{ids[rule.id].line}")
            if rule.concludes in by_conclusion:
                other = by_conclusion[rule.concludes]
                raise _fail(rule, "concludes", f"'{rule.concludes}' is already concluded by {other.id} ({other.file}:{other.line})",
                            "one rule per conclusion: put alternatives in an 'any' and exceptions in 'unless'")
            ids[rule.id] = by_conclusion[rule.concludes] = rule
    return by_conclusion


def _check_references(rules: dict[str, Rule], vocabulary: Vocabulary, sources: Sources) -> None:
    from .shape import suggest

    for rule in rules.values():
        for provision in rule.basis:
            if sources.provision(provision) is None:
                raise _fail(rule, "basis", f"cites '{provision}', which rules/law/ does not define",
                            suggest(provision, sources.provisions))
        for conclusion in sorted(rule.reads_conclusions()):
            if conclusion not in rules:
                raise _fail(rule, "when", f"reads conclusion '{conclusion}', which no rule concludes", suggest(conclusion, rules))
        inputs = len(rule.reads_facts()) + len(rule.reads_conclusions())
        if inputs > MAX_INPUTS_PER_RULE:
            raise _fail(rule, "when", f"reads {inputs} inputs", f"split the rule: at most {MAX_INPUTS_PER_RULE}")
        for path in sorted(rule.tests_facts()):
            spec = vocabulary.get(path)
            if not can_resolve(spec):
                raise InputError(spec.file, spec.line, path, f"is tested by rule {rule.id} but has no burden and no resolution",
                                 "give a yes/no fact 'burden:' and 'favours:', or any fact 'unproved:' (a value, or absent)")
        for path in sorted(rule.reads_facts()):
            spec = vocabulary.get(path)
            if spec.type == "bool" and not spec.derived:
                missing = [k for k in ("question", "burden", "when_true", "when_false") if getattr(spec, k) is None]
                if missing:
                    raise InputError(spec.file, spec.line, path, f"is read by rule {rule.id} but has no {', '.join(missing)}",
                                     "every yes/no fact a rule reads needs a question, a burden and its true/false sentences")
    for spec in vocabulary.facts.values():
        for provision in spec.basis:
            if sources.provision(provision) is None:
                raise InputError(spec.file, spec.line, spec.path, f"cites '{provision}', which rules/law/ does not define",
                                 suggest(provision, sources.provisions))
        for provision in spec.burden_basis:
            if sources.provision(provision) is None:
                raise InputError(spec.file, spec.line, spec.path, f"its burden cites '{provision}', which rules/law/ does not define",
                                 suggest(provision, sources.provisions))
        if spec.burden_shift and spec.burden_shift["when"] not in rules:
            raise InputError(spec.file, spec.line, spec.path, f"burden shifts when '{spec.burden_shift['when']}', which no rule concludes")


def _order_rules(members: list[Rule], rules: dict[str, Rule]) -> list[Rule]:
    """Rules of one set, each after the rules of the same set it reads (file order otherwise)."""
    inside = {r.concludes for r in members}
    done: dict[str, Rule] = {}
    visiting: list[str] = []

    def visit(rule: Rule) -> None:
        if rule.concludes in done:
            return
        if rule.concludes in visiting:
            cycle = " -> ".join(visiting[visiting.index(rule.concludes):] + [rule.concludes])
            raise _fail(rule, "when", f"circular reasoning: {cycle}")
        visiting.append(rule.concludes)
        for conclusion in sorted(rule.reads_conclusions() & inside):
            visit(rules[conclusion])
        visiting.pop()
        done[rule.concludes] = rule

    for rule in members:
        visit(rule)
    return list(done.values())


def _order_rulesets(rulesets: list[RuleSet], rules: dict[str, Rule]) -> list[RuleSet]:
    """Each rule set after the sets whose conclusions it reads; a cycle between sets is an error."""
    by_name = {rs.name: rs for rs in rulesets}
    needs = {rs.name: {rules[c].ruleset for r in rs.rules for c in r.reads_conclusions()} - {rs.name} for rs in rulesets}
    ordered: list[RuleSet] = []
    placing: list[str] = []

    def place(name: str) -> None:
        if any(rs.name == name for rs in ordered):
            return
        if name in placing:
            raise InputError(by_name[name].file, None, "ruleset", f"rule sets read each other's conclusions: {' -> '.join(placing + [name])}")
        placing.append(name)
        for other in sorted(needs[name], key=lambda n: (by_name[n].order, n)):
            place(other)
        placing.pop()
        ordered.append(by_name[name])

    for rs in rulesets:
        place(rs.name)
    for rs in ordered:  # keep the cycle check above honest for rules inside a set too
        _order_rules(rs.rules, rules)
    return ordered


def _fingerprint(base: Path) -> str:
    digest = hashlib.sha256()
    for file in sorted(base.rglob("*.yaml")):
        digest.update(file.relative_to(base).as_posix().encode())
        digest.update(file.read_bytes())
    return digest.hexdigest()[:12]
