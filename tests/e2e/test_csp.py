"""The Content-Security-Policy (scripts from this site only) breaks nothing in Chromium:
the API docs (Swagger UI), the tree and the admin's sign-in page run without a violation."""

import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_pages_with_scripts_run_without_a_policy_violation(page, seeded):
    violations = []
    page.on(
        "console",
        lambda message: (
            "Content Security Policy" in message.text and violations.append(message.text)
        ),
    )
    page.goto("/api/docs/")
    page.locator('[data-path="/api/models/"]').first.wait_for()  # Swagger UI has run
    page.goto("/tree/?highlight=llama")
    page.locator('g.node[data-model="llama"]').first.wait_for()
    page.goto("/admin/login/")
    page.get_by_label("Username").wait_for()
    assert violations == []


def test_an_injected_inline_handler_does_not_run_on_a_page_of_the_site(page, db):
    """Were a vector to slip through the escaping, the policy would still stop it."""
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.goto("/models/")
    page.set_content('<img src="/no-such-image" onerror="alert(1)">')
    page.wait_for_load_state("networkidle")
    assert dialogs == []
