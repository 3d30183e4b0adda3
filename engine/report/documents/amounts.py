"""Amounts as a filed document states them: the reader's locale convention (Babel) and, in Chinese,
the capital numerals (大写金额) that judgments, pleadings and receipts spell the sum in.

The capital form follows the People's Bank's rules for filling in bills and settlement vouchers
(正确填写票据和结算凭证的基本规定): 人民币 before the figure; 整 after 元 when the amount has no
角 or 分, none after 角 or 分; one 零 for a run of zeros inside the figure or across a 万/亿
boundary, none for zeros that end a group; 零 between 元 and 角/分 when the units digit or the 角 is 0.
Where that rule leaves 零 optional (元 digit 0, 角 not 0), it is written, as in 壹仟陆佰捌拾元零叁角贰分.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from babel.numbers import format_currency

from ...money import cents
from ..render import Amounts

# The locale whose convention each document language follows: ¥98,000,000.00 / CN¥98,000,000.00.
LOCALES = {"zh": "zh_CN", "en": "en"}

DIGITS = "零壹贰叁肆伍陆柒捌玖"
PLACES = ("", "拾", "佰", "仟")  # within a group of four digits
GROUPS = ("", "万", "亿", "万亿")  # each group of four digits, from the right


def money(amount: Decimal | str, lang: str) -> str:
    """The amount in CNY, to the cent, as the locale of the document's language writes it."""
    return format_currency(cents(Decimal(amount)), "CNY", locale=LOCALES[lang])


def capital_numerals(amount: Decimal | str) -> str:
    """人民币玖仟捌佰万元整 for 98,000,000; 人民币叁佰零伍万元零柒分 for 3,050,000.07."""
    value = cents(Decimal(amount))
    if value < 0:
        raise ValueError(f"a sum stated in capital numerals cannot be negative: {value}")
    yuan, fen_total = divmod(int(value * 100), 100)
    jiao, fen = divmod(fen_total, 10)
    if yuan >= 10 ** (4 * len(GROUPS)):
        raise ValueError(f"too large to state in capital numerals: {value}")
    text = _yuan(yuan)
    if jiao == 0 and fen == 0:
        return f"人民币{text or '零'}元整"
    if text:
        text += "元"
        if yuan % 10 == 0 or jiao == 0:  # the units digit or the 角 is 0: 零 before what follows
            text += "零"
    if jiao:
        text += DIGITS[jiao] + "角"
    if fen:
        text += DIGITS[fen] + "分"
    return "人民币" + text


def _yuan(yuan: int) -> str:
    """The whole yuan in capital numerals, without 元 ('' for none)."""
    groups = []
    while yuan:
        yuan, group = divmod(yuan, 10000)
        groups.append(group)
    text, skipped = "", False
    for index in range(len(groups) - 1, -1, -1):
        group = groups[index]
        if group == 0:
            skipped = text != ""
            continue
        if text and (group < 1000 or skipped):
            text += "零"  # zeros inside the figure: 壹亿零伍万, 壹亿零伍仟 (a whole 万 group of zeros between)
        text += _group(group) + GROUPS[index]
        skipped = False
    return text


def _group(group: int) -> str:
    """Four digits at most: 305 -> 叁佰零伍, 1010 -> 壹仟零壹拾."""
    text, zero = "", False
    for place in range(3, -1, -1):
        digit = group // 10 ** place % 10
        if digit == 0:
            zero = text != ""
            continue
        if zero:
            text += "零"
            zero = False
        text += DIGITS[digit] + PLACES[place]
    return text


class DocumentAmounts(Amounts):
    """engine.report.render.Amounts for a filed document: the locale's currency format in tables; in Chinese,
    where the conclusion states a sum, the figure followed by its capital numerals, as judgments write it."""

    def __init__(self, lang: str):
        self.lang = lang

    def figure(self, value: Any, display: str | None) -> str:
        return display or "" if _sum(value) is None else money(value, self.lang)

    def stated(self, value: Any, display: str | None) -> str:
        if _sum(value) is None:
            return display or ""
        if self.lang == "zh":
            return f"{money(value, 'zh')}（{capital_numerals(value)}）"
        return money(value, self.lang)


def _sum(value: Any) -> Decimal | None:
    """A computed sum (a Decimal, or its JSON string); None for a step that states no figure."""
    try:
        return None if value is None or isinstance(value, bool) else Decimal(str(value))
    except ArithmeticError:
        return None
