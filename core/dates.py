"""Dates as readers read them, no finer than what is known, in the page's language.

The formats are translations (the .po file), as Django's own are: English "March 2023" and
"9 Mar 2023", Chinese 2023年3月 and 2023年3月9日.
"""

import datetime

from django.utils import dateformat
from django.utils.translation import pgettext

YEAR, MONTH, DAY = "year", "month", "day"


def _format(long: bool, precision: str) -> str:
    if precision == YEAR:
        return pgettext("date format: a year", "Y")
    if precision == MONTH:
        if long:
            return pgettext("date format: a month", "F Y")
        return pgettext("date format: a month, short", "M Y")
    if long:
        return pgettext("date format: a day", "j F Y")
    return pgettext("date format: a day, short", "j M Y")


def shown(value: datetime.date | None, precision: str = DAY, long: bool = True) -> str:
    """`value` to the `precision` (year, month or day); short month names when not `long`."""
    if value is None:
        return ""
    return dateformat.format(value, _format(long, precision))


def shown_time(value: datetime.datetime | None) -> str:
    """A moment, to the minute: "9 Mar 2026, 14:05"."""
    if value is None:
        return ""
    return dateformat.format(value, pgettext("date format: a moment", "j M Y, H:i"))
