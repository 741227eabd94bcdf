"""/api/docs/: Swagger UI from our own static files renders the schema, in Chromium.

The `page` fixture fails the test if any request leaves the live server: no CDN.
"""

import pytest
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_docs_load_only_local_assets_and_list_every_endpoint(page, seeded, live_server):
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto("/api/docs/")
    page.get_by_text("LLM Atlas API").first.wait_for()
    for path in ["/api/models/", "/api/models/{slug}/lineage/", "/api/decision-flow/"]:
        expect(page.locator(f'[data-path="{path}"]').first).to_be_visible()  # drawn by script
    assert any("/static/drf_spectacular_sidecar/swagger-ui-dist/" in url for url in requests)
    assert any(url.startswith(f"{live_server.url}/api/schema/") for url in requests)
    assert all(url.startswith(live_server.url) for url in requests)


def test_try_it_out_calls_the_api(page, seeded):
    page.goto("/api/docs/")
    operation = page.locator("#operations-catalog-models_lineage_retrieve")
    operation.locator(".opblock-summary-control").click()  # no deep links: see settings
    operation.get_by_role("button", name="Try it out").click()
    operation.locator('input[placeholder="slug"]').fill("llama")
    with page.expect_response(lambda r: "/api/models/llama/lineage/" in r.url) as response:
        operation.get_by_role("button", name="Execute").click()
    assert response.value.status == 200
    assert response.value.json()["model"] == "llama"
