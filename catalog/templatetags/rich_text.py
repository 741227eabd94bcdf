from django import template
from django.utils.safestring import mark_safe

from catalog.rich_text import render_markdown, safe_url

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """`{{ model.summary|markdown }}`: rendered Markdown, sanitised by nh3 before marking safe."""
    return mark_safe(render_markdown(text))  # noqa: S308 - the output of nh3.clean


@register.filter(name="safe_url")
def safe_url_filter(url):
    """`<a href="{{ paper.url|safe_url }}">`: the URL, or "" for a scheme that could run script.

    Test it in the `{% if %}` too, so that an unsafe URL shows no link at all."""
    return safe_url(url)
