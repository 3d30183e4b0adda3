"""Money: Decimal CNY, rounded half up to the cent, and its display form.

Calculators and the explanation both use these, so a figure is rounded and shown
the same way everywhere (a court rounds half up, not to even).
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")


def cents(amount: Decimal) -> Decimal:
    return Decimal(amount).quantize(CENT, rounding=ROUND_HALF_UP)


def display(amount: Decimal) -> str:
    """Thousands separators and two decimals: 6631900554.34 -> 6,631,900,554.34."""
    return f"{cents(amount):,}"
