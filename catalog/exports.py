"""CSV and JSON downloads of a filtered list: every matching row, streamed.

JSON is `{"count": N, "results": [...]}`. CSV cells that a spreadsheet would read as a formula
(starting with =, +, -, @, tab or carriage return) are prefixed with a quote.
"""

import csv
import json
from collections.abc import Callable, Iterable

from django.http import StreamingHttpResponse

from editorial.publishing import published_q

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
CHUNK = 500


def neutralise(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_STARTS) else text


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


def model_records(queryset, chunk: int = 1000):
    """Models in interchange form (see interchange.model_record), fast: plain rows, no objects.

    Each chunk of `chunk` models costs five queries: the models and their licences, then
    organisations, datasets, papers and parents by slug. Keeps the queryset's order. For
    readers: links to drafts are left out (the queryset itself should hold published models).
    """
    from .models import LanguageModel, Lineage

    fields = [
        "pk",
        "slug",
        "name",
        "aliases",
        "branch",
        "access",
        "release_date",
        "release_date_precision",
        "parameters_billions",
        "parameters_note",
        "license__slug",
        "license__commercial_use",
        "data_license",
        "summary",
        "url",
        "source_url",
        "source_note",
    ]
    rows = queryset.values(*fields)
    batch = []
    for row in rows.iterator(chunk_size=chunk):
        batch.append(row)
        if len(batch) == chunk:
            yield from _records(batch, LanguageModel, Lineage)
            batch = []
    if batch:
        yield from _records(batch, LanguageModel, Lineage)


def _records(rows, LanguageModel, Lineage):  # noqa: N803 - models passed in to avoid a cycle
    ids = [row["pk"] for row in rows]

    def related(descriptor, column):
        through = descriptor.through
        found = {}
        public = published_q(descriptor.field.related_model, f"{column}__")
        pairs = through.objects.filter(public, languagemodel_id__in=ids).values_list(
            "languagemodel_id", f"{column}__slug"
        )
        for model_id, slug in pairs.order_by(f"{column}__slug"):
            found.setdefault(model_id, []).append(slug)
        return found

    organizations = related(LanguageModel.organizations, "organization")
    datasets = related(LanguageModel.datasets, "dataset")
    papers = related(LanguageModel.papers, "paper")
    parents = {}
    links = (
        Lineage.objects.published()
        .filter(child_id__in=ids)
        .order_by("parent__slug")
        .values_list("child_id", "parent__slug", "relation", "note", "source_url", "source_note")
    )
    for child_id, parent, relation, note, source_url, source_note in links:
        parents.setdefault(child_id, []).append(
            {
                "model": parent,
                "relation": relation,
                "note": note,
                "source_url": source_url,
                "source_note": source_note,
            }
        )
    for row in rows:
        pk = row["pk"]
        yield {
            "slug": row["slug"],
            "name": row["name"],
            "aliases": row["aliases"],
            "branch": row["branch"],
            "organizations": organizations.get(pk, []),
            "access": row["access"],
            "release_date": row["release_date"].isoformat(),
            "release_date_precision": row["release_date_precision"],
            "parameters_billions": row["parameters_billions"],
            "parameters_note": row["parameters_note"],
            "license": row["license__slug"],
            "commercial_use": row["license__commercial_use"],
            "data_license": row["data_license"],
            "datasets": datasets.get(pk, []),
            "papers": papers.get(pk, []),
            "summary": row["summary"],
            "url": row["url"],
            "source_url": row["source_url"],
            "source_note": row["source_note"],
            "parents": parents.get(pk, []),
        }
