"""CSV downloads: a cell a spreadsheet would read as a formula gets a leading quote, however
the formula is dressed: after spaces, in full-width or small forms, behind invisible marks."""

import csv
import io

import pytest

from core.downloads import neutralise
from tests.factories import make_model

pytestmark = pytest.mark.django_db

DRESSED = [
    "=1+1",
    " =1+1",  # a leading space: spreadsheets skip it
    "   +cmd|' /C calc'!A0",
    "\u00a0=1+1",  # no-break space
    "\u3000=1+1",  # ideographic space
    '＝HYPERLINK("https://x.example")',  # full-width equals sign
    "＋1",
    "－1+cmd",  # full-width hyphen-minus
    "＠SUM(A1)",
    "﹦1+1",  # small equals sign
    "﹢1",
    "﹣1",
    "\u2212 1+1",  # minus sign
    "\u200b=1+1",  # zero-width space before it
    "\ufeff=1+1",  # byte order mark before it
    "\t=1+1",
    "\r=1+1",
    "\n=1+1",
    " \t@A1",
]
PLAIN = ["Llama 3", "GPT-4", "1 = 1", "e-mail", "", "'=already quoted", "“=” as text", "中文"]


@pytest.mark.parametrize("text", DRESSED)
def test_a_dressed_formula_is_quoted(text):
    assert neutralise(text) == "'" + text


@pytest.mark.parametrize("text", PLAIN)
def test_plain_text_is_left_alone(text):
    assert neutralise(text) == text


def test_the_model_download_quotes_a_full_width_formula(client):
    make_model(name='＝HYPERLINK("https://x.example")', slug="evil", data_license=" =1+1")
    response = client.get("/models/", {"format": "csv"})
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    row = next(csv.DictReader(io.StringIO(text)))
    assert row["name"].startswith("'＝") and row["data_license"] == "' =1+1"


def test_however_many_spaces_come_first():
    assert neutralise(" " * 10_000 + "=1+1").startswith("'")
