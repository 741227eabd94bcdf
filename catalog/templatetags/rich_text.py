from django import template
from django.utils.safestring import mark_safe
from django.utils.text import get_text_list
from django.utils.translation import gettext as _

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


@register.filter(name="and_list")
def and_list_filter(items):
    """`{{ model.organizations.all|and_list }}`: "A, B and C" in the reader's language (the
    names as `str` gives them), so a sentence can take the whole list as one placeholder."""
    return get_text_list([str(item) for item in items], _("and"))
