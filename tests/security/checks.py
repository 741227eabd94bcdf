"""Parsers that list what in a response could run script: HTML, SVG, Atom and CSV.

Each `*_problems()` returns a list of findings (empty when safe). They parse the output, the
way a browser or spreadsheet would, rather than searching it for strings.
"""

import csv
import io
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

from catalog.tree.svg import STYLE as TREE_STYLE

# The site's own scripts: external, from our static files, deferred. Nothing inline.
SITE_SCRIPTS = {
    "/static/js/browse.js",
    "/static/js/tree.js",
    "/static/js/menu.js",
    "/static/js/model-table.js",
}
SITE_ICONS = {
    ("icon", "/static/favicon.ico"),
    ("icon", "/static/favicon.svg"),
    ("apple-touch-icon", "/static/img/apple-touch-icon.png"),
}
SITE_STYLESHEETS = re.compile(r"^/static/css/[a-z-]+\.css$")
SITE_FEED = {"rel": "alternate", "type": "application/atom+xml"}
SITE_FEEDS = {"/changes/feed/", "/zh-hans/changes/feed/"}  # one per language
# The same page in the other language (config/languages.py): the site's own address.
SITE_ALTERNATE = re.compile(r"^https?://testserver(/zh-hans)?/")
LANGUAGES = {"en", "zh-hans"}
# The site's only image: the home page's picture of the (folded) tree, drawn by the site.
SITE_IMAGES = {"/tree.svg?expand=none"}
# The style attributes the site writes: an organisation's colour in the tree's legend, and the
# widths of the /models/ table's columns (numbers from catalog/model_columns.py).
SITE_STYLE_ATTRIBUTES = {
    "span": re.compile(r"^background: #[0-9a-f]{6}$"),
    "th": re.compile(r"^width: \d+(\.\d+)?rem$"),
    "table": re.compile(r"^min-width: \d+(\.\d+)?rem$"),
}
# Never written by the site, so from content if present; each can load or run something.
FORBIDDEN_TAGS = {
    "iframe", "frame", "frameset", "object", "embed", "applet", "base", "img", "image",
    "video", "audio", "source", "track", "picture", "math", "template", "noscript", "xmp",
    "plaintext", "textarea", "isindex", "marquee", "bgsound", "portal", "foreignobject",
    "animate", "animatemotion", "animatetransform", "set", "use", "handler", "listener",
}  # fmt: skip
URL_ATTRIBUTES = {
    "href", "src", "xlink:href", "action", "formaction", "data", "poster", "background",
    "codebase", "cite", "dynsrc", "lowsrc", "ping", "srcset", "values", "to", "from", "by",
}  # fmt: skip
SAFE_SCHEMES = {"http", "https", "mailto"}
# What a spreadsheet reads as a formula (OWASP CSV injection); kept here, not imported.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_CONTROL_AND_SPACE = re.compile(r"[\x00-\x20\x7f]")
_SCHEME = re.compile(r"^([a-z][a-z0-9+.\-]*):")


def url_problem(value: str) -> str | None:
    """Why a URL attribute value is unsafe, or None. `value` is already HTML-unescaped;
    browsers drop tabs and newlines anywhere and spaces and controls around it."""
    normalised = _CONTROL_AND_SPACE.sub("", value).lower()
    scheme = _SCHEME.match(normalised)
    if scheme and scheme.group(1) not in SAFE_SCHEMES:
        return f"{scheme.group(1)}: URL"
    return None


class _HtmlChecker(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.open: list[str] = []  # script or style elements being read
        self.text: list[str] = []

    def flag(self, what: str):
        self.problems.append(what)

    def handle_starttag(self, tag, attrs):
        self._element(tag, attrs)
        if tag in ("script", "style"):
            self.open.append(tag)
            self.text = []

    def handle_startendtag(self, tag, attrs):
        self._element(tag, attrs)

    def handle_endtag(self, tag):
        if tag in ("script", "style") and self.open and self.open[-1] == tag:
            self.open.pop()
            body = "".join(self.text)
            if tag == "script" and body.strip():
                self.flag(f"inline script: {body[:80]!r}")
            if tag == "style" and body != TREE_STYLE:
                self.flag(f"style element not the site's: {body[:80]!r}")

    def handle_data(self, data):
        if self.open:
            self.text.append(data)

    def _element(self, tag, attrs):
        values = dict(attrs)
        site_image = tag == "img" and values.get("src") in SITE_IMAGES
        if tag in FORBIDDEN_TAGS and not site_image:
            self.flag(f"<{tag}> element")
        if tag == "script":
            extra = set(values) - {"src", "defer"}
            if values.get("src") not in SITE_SCRIPTS or extra:
                self.flag(f"script not the site's: {attrs}")
        stylesheet = values.get("rel") == "stylesheet" and SITE_STYLESHEETS.match(
            values.get("href") or ""
        )
        feed = values.get("href") in SITE_FEEDS and all(
            values.get(name) == value for name, value in SITE_FEED.items()
        )
        icon = (values.get("rel"), values.get("href")) in SITE_ICONS
        alternate = (
            set(values) == {"rel", "hreflang", "href"}
            and values["rel"] == "alternate"
            and values["hreflang"] in LANGUAGES
            and SITE_ALTERNATE.match(values["href"])
        )
        if tag == "link" and not (stylesheet or feed or icon or alternate):
            self.flag(f"link not the site's stylesheet: {attrs}")
        if tag == "meta" and "http-equiv" in values:
            self.flag(f"meta http-equiv: {attrs}")
        for name, value in attrs:
            if name.startswith("on"):
                self.flag(f"<{tag} {name}> event handler")
            allowed = SITE_STYLE_ATTRIBUTES.get(tag)
            if name == "style" and not (allowed and allowed.match(value or "")):
                self.flag(f"<{tag} style={value!r}>")
            if name in URL_ATTRIBUTES or name.endswith(":href"):
                problem = url_problem(value or "")
                if problem:
                    self.flag(f"<{tag} {name}={value!r}>: {problem}")


def html_problems(html: str) -> list[str]:
    """What in an HTML document could run script that the site did not write."""
    checker = _HtmlChecker()
    checker.feed(html)
    checker.close()
    if checker.open:
        checker.flag(f"unclosed <{checker.open[-1]}>: the rest of the page is inside it")
    return checker.problems


def svg_problems(svg: str) -> list[str]:
    """The same checks on a standalone SVG document, parsed as XML (so it must be well formed)."""
    try:
        root = ET.fromstring(svg)  # noqa: S314 - our own test output, not untrusted input
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"]
    problems = []
    for element in root.iter():
        tag = element.tag.rsplit("}", 1)[-1].lower()
        if tag in FORBIDDEN_TAGS or tag == "script":
            problems.append(f"<{tag}> element")
        if tag == "style" and element.text != TREE_STYLE:
            problems.append(f"style element not the site's: {(element.text or '')[:80]!r}")
        for qualified, value in element.attrib.items():
            name = qualified.rsplit("}", 1)[-1].lower()
            if name.startswith("on"):
                problems.append(f"<{tag} {name}> event handler")
            if name == "style":
                problems.append(f"<{tag} style={value!r}>")
            if name in URL_ATTRIBUTES:
                problem = url_problem(value)
                if problem:
                    problems.append(f"<{tag} {qualified}={value!r}>: {problem}")
    return problems


ATOM = "{http://www.w3.org/2005/Atom}"


def atom_problems(feed: str) -> tuple[list[str], list[str]]:
    """(problems, entry titles). Titles must be plain text; a summary of type html is HTML a
    reader will render, so it gets the HTML checks."""
    try:
        root = ET.fromstring(feed)  # noqa: S314 - our own test output, not untrusted input
    except ET.ParseError as exc:
        return [f"not well-formed XML: {exc}"], []
    problems, titles = [], []
    for element in root.iter():
        if element.tag in (f"{ATOM}title", f"{ATOM}subtitle", f"{ATOM}name"):
            if element.get("type", "text") != "text" or len(element):
                problems.append(f"{element.tag} is not plain text")
            if element.tag == f"{ATOM}title":
                titles.append(element.text or "")
        if element.tag in (f"{ATOM}summary", f"{ATOM}content"):
            kind = element.get("type", "text")
            if kind == "html":
                problems += [f"summary: {p}" for p in html_problems(element.text or "")]
            elif kind != "text":
                problems.append(f"{element.tag} of type {kind}")
        if element.tag == f"{ATOM}link":
            problem = url_problem(element.get("href", ""))
            if problem:
                problems.append(f"link {element.get('href')!r}: {problem}")
    return problems, titles


def csv_problems(text: str) -> tuple[list[str], list[list[str]]]:
    """(problems, rows): cells a spreadsheet would run as a formula."""
    rows = list(csv.reader(io.StringIO(text.lstrip("\ufeff"), newline="")))
    problems = [
        f"row {number} column {column}: {value[:60]!r}"
        for number, row in enumerate(rows[1:], start=2)
        for column, value in enumerate(row, start=1)
        if value.startswith(FORMULA_STARTS)
    ]
    return problems, rows
