"""Prices as readers write them: $5, $0.50, $0.075 (no trailing zeros past the cents)."""

from django import template

register = template.Library()


@register.filter
def usd(value) -> str:
    """US dollars with two decimals when there are cents, more only when needed; "–" for
    none."""
    if value is None:
        return "–"
    if float(value).is_integer():
        return f"${value:,.0f}"
    text = f"{value:,.4f}".rstrip("0")
    whole, cents = text.split(".")
    return f"${whole}.{cents.ljust(2, '0')}"
