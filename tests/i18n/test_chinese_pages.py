"""The Chinese pages are in Chinese: of the letters of the visible text of <main>, at least 60 %
are Chinese characters on the prose pages and 30 % on lists and model pages (names of models,
papers and benchmarks stay as their makers write them)."""

from html.parser import HTMLParser

import pytest

pytestmark = pytest.mark.django_db

PROSE = ["/", "/tasks/", "/decide/", "/glossary/"]
# A task page cites papers by their (English) titles and authors and names models and
# benchmarks; its own prose is Chinese, the page as a whole at least this much.
TASK_PAGES_AT_LEAST = 0.4
# Not counted: /papers/ and search results are lists of paper titles, authors and model names,
# which stay as written; their interface is in Chinese like every other page's.
LISTS = [
    "/models/",
    "/models/qwen3/",
    "/models/llama-3-1/",
    "/models/gpt-4o-mini/",
    "/tree/",
    "/organizations/",
    "/organizations/meta/",
    "/licenses/",
    "/licenses/llama-2-community-license/",
    "/datasets/",
    "/benchmarks/",
    "/benchmarks/gpqa-diamond/",
    "/families/qwen/",
    "/compare/?models=qwen3,llama-3-1",
    "/changes/",
    "/decide/?answers=y&commercial=yes&run=own-gpu&gpu_gb=24&bits=4&input=text&purpose=chat",
]
SKIPPED = {"script", "style", "template", "title", "noscript"}
VOID = {
    "br",
    "img",
    "input",
    "meta",
    "link",
    "hr",
    "wbr",
    "source",
    "col",
    "area",
    "path",
    "circle",
    "line",
    "rect",
    "use",
}


class MainText(HTMLParser):
    """The text a reader sees in <main>: no scripts, no tooltips, nothing hidden, nothing
    folded in a closed <details> but its summary."""

    def __init__(self):
        super().__init__()
        self.stack, self.parts = [], []

    def handle_starttag(self, tag, attrs):
        if tag in VOID:
            return
        attrs = dict(attrs)
        folded = bool(self.stack) and self.stack[-1][0] == "details" and tag != "summary"
        hidden = (
            tag in SKIPPED
            or folded
            and self.stack[-1][2]
            or "hidden" in attrs
            or "visually-hidden" in (attrs.get("class") or "").split()
            or attrs.get("aria-hidden") == "true"
        )
        self.stack.append((tag, hidden, tag == "details" and "open" not in attrs))

    def handle_endtag(self, tag):
        while self.stack:
            open_tag, *_ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data):
        tags = [tag for tag, *_ in self.stack]
        if "main" in tags and not any(hidden for _, hidden, _ in self.stack):
            self.parts.append(data)


def chinese_share(html: str) -> float:
    parser = MainText()
    parser.feed(html)
    letters = [c for c in "".join(parser.parts) if c.isalpha()]
    chinese = [c for c in letters if "\u3400" <= c <= "\u9fff"]
    return len(chinese) / max(len(letters), 1)


def test_the_share_counts_only_visible_main_text():
    html = (
        "<header>English English</header><main><h1>模型</h1><p>ab</p>"
        '<span class="visually-hidden">hidden words</span><script>var x</script>'
        "<details><summary>说明</summary><p>folded away</p></details>"
        "<details open><summary>x</summary>y</details></main>"
    )
    assert chinese_share(html) == 4 / 8


@pytest.mark.parametrize("path", PROSE)
def test_prose_pages_are_mostly_chinese(client, seeded, path):
    response = client.get("/zh-hans" + path)
    assert response.status_code == 200
    assert chinese_share(response.content.decode()) >= 0.6


def test_task_pages_are_in_chinese_beside_the_names_they_cite(client, seeded):
    from guidance.models import Task

    shares = {
        task.slug: chinese_share(client.get(f"/zh-hans/tasks/{task.slug}/").content.decode())
        for task in Task.objects.published()
    }
    assert len(shares) > 40
    assert {slug: share for slug, share in shares.items() if share < TASK_PAGES_AT_LEAST} == {}


@pytest.mark.parametrize("path", LISTS)
def test_lists_and_model_pages_are_largely_chinese(client, seeded, path):
    response = client.get("/zh-hans" + path)
    assert response.status_code == 200
    assert chinese_share(response.content.decode()) >= 0.3
