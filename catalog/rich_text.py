"""Markdown for curated text, rendered then sanitised: the one way rich text reaches a page."""

import markdown
import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "em",
    "strong",
    "code",
    "pre",
    "blockquote",
    "ul",
    "ol",
    "li",
    "a",
    "h3",
    "h4",
    "sub",
    "sup",
    "hr",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto"}  # relative links (into the atlas) are kept too


def render_markdown(text: str) -> str:
    """Markdown to HTML with only the allowed tags, attributes and URL schemes left."""
    html = markdown.markdown(text or "", output_format="html")
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="nofollow noopener",
    )
