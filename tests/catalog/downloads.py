"""Reading the browse pages' downloads and counting their queries, for the browse tests."""

import csv
import io
import json


def json_results(client, url, params=None) -> list[dict]:
    response = client.get(url, {**(params or {}), "format": "json"})
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    body = json.loads(b"".join(response.streaming_content))
    assert body["count"] == len(body["results"])
    return body["results"]


def csv_rows(client, url, params=None) -> list[dict]:
    response = client.get(url, {**(params or {}), "format": "csv"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert response["Content-Disposition"].startswith("attachment;")
    text = b"".join(response.streaming_content).decode("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


def body(response) -> str:
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def queries_for(client, url, django_assert_max_num_queries, limit=20) -> int:
    """The number of queries one GET of `url` makes (it must stay under `limit`)."""
    with django_assert_max_num_queries(limit) as captured:
        response = client.get(url)
        assert response.status_code == 200
        body(response)  # a streamed download queries while it is read
    return len(captured.captured_queries)
