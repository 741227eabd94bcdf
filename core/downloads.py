"""CSV and JSON downloads of a filtered list: every matching row, streamed.

JSON is `{"count": N, "results": [...]}`. CSV cells that a spreadsheet would read as a formula
are prefixed with a quote (`neutralise`).
"""

import csv
import json
import unicodedata
from collections.abc import Callable, Iterable

from django.http import StreamingHttpResponse

FORMULA_STARTS = ("=", "+", "-", "@", "\u2212")  # U+2212 is the minus sign
CHUNK = 500


def neutralise(text: str) -> str:
    """`text` with a leading quote when a spreadsheet could read it as a formula: it starts
    with a tab or carriage return, or with = + - @ once compatibility forms are normalised
    (full-width ＝, small ﹦) and leading spaces and invisible format characters skipped."""
    if text.startswith(("\t", "\r")):
        return "'" + text
    start = next((i for i, char in enumerate(text) if not _skipped(char)), len(text))
    first = unicodedata.normalize("NFKC", text[start : start + 4])
    return "'" + text if first.startswith(FORMULA_STARTS) else text


def _skipped(char: str) -> bool:
    """What a spreadsheet may pass over before a formula: spaces, invisible format marks."""
    return char.isspace() or unicodedata.category(char) == "Cf"


def cell(value) -> str:
    """A CSV cell: lists joined with '; ', None empty, everything else as text."""
    if value is None:
        return ""
    if isinstance(value, list):
        return "; ".join(cell(item) for item in value)
    if isinstance(value, dict):
        return " ".join(str(v) for v in value.values() if v)
    if isinstance(value, float):
        return f"{value:g}"
    return str(value)


class _Echo:
    def write(self, value):
        return value


def csv_response(rows: Iterable[dict], columns: list[str], filename: str):
    writer = csv.writer(_Echo())

    def stream():
        yield "\ufeff" + writer.writerow(columns)  # BOM: spreadsheets then read UTF-8 right
        for row in rows:
            yield writer.writerow([neutralise(cell(row.get(column))) for column in columns])

    response = StreamingHttpResponse(stream(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    return response


def json_response(rows: Iterable[dict], count: int, filename: str):
    def stream():
        yield f'{{"count": {count}, "results": ['
        for index, row in enumerate(rows):
            yield ("," if index else "") + json.dumps(row, ensure_ascii=False)
        yield "]}\n"

    response = StreamingHttpResponse(stream(), content_type="application/json")
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response


def export_response(fmt: str, rows: Iterable[dict], count: int, columns: list[str], name: str):
    """`rows` as `fmt` ('csv' or 'json'); `count` is the number of rows, for JSON."""
    if fmt == "csv":
        return csv_response(rows, columns, name)
    return json_response(rows, count, name)


def object_rows(queryset, to_row: Callable) -> Iterable[dict]:
    """Rows built by `to_row` from each object of the queryset, fetched in chunks."""
    return (to_row(obj) for obj in queryset.iterator(chunk_size=CHUNK))
