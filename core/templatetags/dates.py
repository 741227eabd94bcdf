"""Dates in the page's language (core/dates.py): {{ day|shown_date }}, {{ day|shown_date:"month" }},
{{ day|short_date:"day" }}, {{ moment|shown_time }}."""

import datetime

from django import template

from core import dates

register = template.Library()


@register.filter
def shown_date(value, precision: str = dates.DAY) -> str:
    return dates.shown(value, precision or dates.DAY)


@register.filter
def short_date(value, precision: str = dates.DAY) -> str:
    return dates.shown(value, precision or dates.DAY, long=False)


@register.filter
def shown_time(value) -> str:
    return dates.shown_time(value)


@register.simple_tag
def today() -> str:
    return dates.shown(datetime.date.today())
