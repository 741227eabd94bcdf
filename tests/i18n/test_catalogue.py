"""Every interface string has its Chinese, and the compiled catalogue is the one the .po says.

The strings are read from the sources the way `makemessages` reads them (Django's own
`templatize` for templates, the gettext calls of the Python files), without GNU gettext, so
the test runs on a machine with only Python. A string added without its translation fails here.
"""

import ast
import gettext
import re
from pathlib import Path

import polib
import pytest
from django.utils.translation.template import templatize

LOCALE = Path("locale/zh_Hans/LC_MESSAGES")
SOURCES = [
    "catalog",
    "config",
    "core",
    "evidence",
    "guidance",
    "atlas",
    "editorial",
    "api",
    "upstream",
]
TEMPLATES = [Path("templates"), Path("editorial/templates")]
CALLS = {
    "_": (None, 0, None),
    "gettext": (None, 0, None),
    "gettext_lazy": (None, 0, None),
    "gettext_noop": (None, 0, None),
    "ngettext": (None, 0, 1),
    "ngettext_lazy": (None, 0, 1),
    "pgettext": (0, 1, None),
    "pgettext_lazy": (0, 1, None),
    "npgettext": (0, 1, 2),
    "npgettext_lazy": (0, 1, 2),
}


def calls_in(code: str) -> set[tuple]:
    """(context, msgid) of every gettext call with literal strings in Python `code`."""
    found = set()
    for node in ast.walk(ast.parse(code)):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
        if name not in CALLS:
            continue
        context, singular, _plural = CALLS[name]
        args = node.args
        try:
            msgid = ast.literal_eval(args[singular])
            ctx = ast.literal_eval(args[context]) if context is not None else None
        except (IndexError, ValueError):
            continue
        if isinstance(msgid, str) and msgid:
            found.add((ctx, msgid))
    return found


def template_strings(path: Path) -> set[tuple]:
    """What `makemessages` extracts from a template: Django's templatize turns the template
    into gettext calls amid placeholder text; each call is cut out and read as Python."""
    code = templatize(path.read_text(encoding="utf-8"), origin=str(path))
    found = set()
    for start in CALL_START.finditer(code):
        call = _balanced(code, start.end() - 1)
        found |= calls_in(start.group(1) + call.replace("\n", " "))
    return found


CALL_START = re.compile(r"(?<![\w.])(n?p?gettext(?:_lazy)?|_)\(")


def _balanced(code: str, opening: int) -> str:
    """The parenthesised text starting at `opening`, quotes respected."""
    depth, quote, i = 0, None, opening
    while i < len(code):
        char = code[i]
        if quote:
            if char == "\\":
                i += 1
            elif char == quote:
                quote = None
        elif char in "'\"":
            quote = char
        elif char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return code[opening : i + 1]
        i += 1
    return code[opening:]


def catalogue() -> dict:
    with (LOCALE / "django.mo").open("rb") as mo:
        return gettext.GNUTranslations(mo)._catalog


def translated(messages: dict, context, msgid) -> bool:
    key = f"{context}\x04{msgid}" if context else msgid
    return bool(messages.get(key) or messages.get((key, 0)))


def test_the_reader_finds_both_kinds_of_string(tmp_path):
    page = tmp_path / "page.html"
    page.write_text(
        '{% load i18n %}{% translate "Models" %}'
        "{% blocktranslate trimmed with n=count %}\n  {{ n }} models\n{% endblocktranslate %}"
        '{% translate "Fit" context "button" %}'
    )
    assert template_strings(page) == {(None, "Models"), (None, "%(n)s models"), ("button", "Fit")}
    assert calls_in('_("a")\nx = pgettext_lazy("c", "b")\nngettext("one", "many", n)') == {
        (None, "a"),
        ("c", "b"),
        (None, "one"),
    }


def test_every_template_string_has_its_chinese():
    messages = catalogue()
    missing = sorted(
        f"{path}: {msgid!r}" + (f" (context {context!r})" if context else "")
        for folder in TEMPLATES
        for path in folder.rglob("*.html")
        if not path.is_relative_to("templates/admin") and "drf_spectacular" not in str(path)
        for context, msgid in template_strings(path)
        if not translated(messages, context, msgid)
    )
    assert missing == []


@pytest.mark.parametrize("app", SOURCES)
def test_every_python_string_has_its_chinese(app):
    messages = catalogue()
    missing = sorted(
        f"{path}: {msgid!r}"
        for path in Path(app).rglob("*.py")
        if "migrations" not in path.parts and path.name != "admin.py"
        for context, msgid in calls_in(path.read_text(encoding="utf-8"))
        if not translated(messages, context, msgid)
    )
    assert missing == []


def test_the_committed_mo_is_compiled_from_the_po():
    po = polib.pofile(str(LOCALE / "django.po"))
    mo = polib.mofile(str(LOCALE / "django.mo"))

    def entries(catalog):
        return {
            (e.msgctxt, e.msgid): e.msgstr or tuple(sorted(e.msgstr_plural.items()))
            for e in catalog
            if e.msgid and (e.msgstr or any(e.msgstr_plural.values()))
        }

    assert entries(mo) == entries(po), "run `make messages` and commit locale/"
    assert not po.fuzzy_entries() and not po.untranslated_entries()
