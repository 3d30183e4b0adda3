"""Time-dependent legal figures (caps, multipliers, percentages, terms) kept as data.

`rules/parameters/*.yaml` give each parameter its values with the date each
applies from, OpenFisca-style, so that the figure in force on the date of the
conduct is used:

    parameters:
      aucl.statutory_damages_cap:
        label: {zh: 法定赔偿上限, en: statutory damages cap}
        unit: CNY
        basis: [aucl.statutory_damages]
        values:
          - {from: 2018-01-01, value: "3000000"}
          - {from: 2019-04-23, value: "5000000"}

A value of `null` means the parameter does not exist from that date (e.g. no
cap before 2018). Values are Decimals; nothing here is a float.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from . import shape
from .yamlsrc import Document, load

UNITS = ("CNY", "ratio", "multiple", "months", "days", "years")


@dataclass
class Period:
    start: dt.date
    value: Decimal | None
    unverified: bool = False


@dataclass
class Parameter:
    name: str
    label: dict[str, str]
    unit: str
    basis: list[str]
    periods: list[Period] = field(default_factory=list)  # sorted by start
    note: dict[str, str] | None = None

    def on(self, day: dt.date) -> Period | None:
        """The period in force on a day, or None before the first."""
        current = None
        for period in self.periods:
            if period.start <= day:
                current = period
        return current

    def value_on(self, day: dt.date) -> Decimal | None:
        period = self.on(day)
        return period.value if period else None

    def between(self, earliest: dt.date | None, latest: dt.date | None) -> list[Period]:
        """Every period that may govern a date in [earliest, latest] (all of them if both are unknown)."""
        if latest is not None and (earliest is None or earliest == latest):
            period = self.on(latest)
            return [period] if period else []
        out = []
        for index, period in enumerate(self.periods):
            end = self.periods[index + 1].start if index + 1 < len(self.periods) else None
            if (latest is None or period.start <= latest) and (earliest is None or end is None or end > earliest):
                out.append(period)
        return out


def load_parameters(directory: Path) -> dict[str, Parameter]:
    parameters: dict[str, Parameter] = {}
    for file in sorted(directory.glob("*.yaml")):
        doc = load(file, "rules/parameters/" + file.name)
        data = shape.mapping(doc, (), doc.data)
        shape.keys(doc, (), data, ("parameters",), ("parameters",))
        for name, spec in shape.mapping(doc, ("parameters",), data["parameters"]).items():
            if name in parameters:
                raise doc.error(("parameters", name), "parameter declared twice")
            parameters[name] = _parameter(doc, ("parameters", name), name, spec)
    return parameters


def _parameter(doc: Document, where: tuple, name: str, spec) -> Parameter:
    shape.mapping(doc, where, spec)
    shape.keys(doc, where, spec, ("label", "unit", "basis", "values", "note"), ("label", "unit", "basis", "values"))
    if spec["unit"] not in UNITS:
        raise doc.error(where + ("unit",), f"unknown unit '{spec['unit']}'", shape.valid_list(UNITS))
    basis = spec["basis"]
    if not isinstance(basis, list) or not all(isinstance(b, str) for b in basis):
        raise doc.error(where + ("basis",), "expected a list of provision ids")
    parameter = Parameter(name, shape.text_pair(doc, where + ("label",), spec["label"]), spec["unit"], list(basis),
                          note=shape.text_pair(doc, where + ("note",), spec["note"]) if "note" in spec else None)
    values = spec["values"]
    if not isinstance(values, list) or not values:
        raise doc.error(where + ("values",), "expected a list of {from: DATE, value: ...}")
    for index, item in enumerate(values):
        at = where + ("values", index)
        shape.mapping(doc, at, item)
        shape.keys(doc, at, item, ("from", "value", "unverified"), ("from", "value"))
        if not isinstance(item["from"], dt.date):
            raise doc.error(at + ("from",), "expected an ISO date")
        value = item["value"]
        if value is not None and (isinstance(value, (bool, float)) or not isinstance(value, (int, str))):
            raise doc.error(at + ("value",), "expected a quoted decimal such as \"5000000\" or \"0.30\", or null")
        try:
            amount = None if value is None else Decimal(str(value))
        except ArithmeticError:
            raise doc.error(at + ("value",), f"'{value}' is not a decimal number") from None
        parameter.periods.append(Period(item["from"], amount, item.get("unverified", False) is True))
    parameter.periods.sort(key=lambda p: p.start)
    return parameter
