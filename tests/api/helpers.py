"""Small helpers for the API tests."""


def get_json(client, url, data=None, status=200, **headers):
    response = client.get(url, data, **headers)
    assert response.status_code == status, response.content[:500]
    return response.json()


def all_pages(client, url, params=None) -> list:
    """Every result of a list endpoint, following `next`."""
    params = {**(params or {}), "page_size": 100}
    body = get_json(client, url, params)
    results = list(body["results"])
    while body["next"]:
        body = get_json(client, body["next"])
        results += body["results"]
    return results
