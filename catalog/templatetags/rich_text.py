from django import template
from django.utils.safestring import mark_safe

from catalog.rich_text import render_markdown

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text):
    """`{{ model.summary|markdown }}`: rendered Markdown, sanitised by nh3 before marking safe."""
    return mark_safe(render_markdown(text))  # noqa: S308 - the output of nh3.clean
