"""Markdown for curated text, rendered then sanitised: the one way rich text reaches a page."""

import re

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


_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]")  # browsers drop these around and inside schemes
_SCHEME = re.compile(r"^([a-z][a-z0-9+.-]*):")


def safe_url(url: str) -> str:
    """`url` if a browser would open it with an allowed scheme (or as a relative link), else "".

    For URL fields shown as links: forms and imports accept only http(s), but a value saved
    another way must not become a live `javascript:` or `data:` link.
    """
    scheme = _SCHEME.match(_IGNORED_IN_URLS.sub("", url or "").lower())
    if scheme and scheme.group(1) not in URL_SCHEMES:
        return ""
    return url or ""
