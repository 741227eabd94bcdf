"""Search in Chinese, on SQLite and on PostgreSQL alike: Chinese names (aliases of models,
families and organisations), Chinese texts, and Chinese terms through their English words."""

import pytest

from core.search_terms import english_for
from tests.factories import make_model, make_org, make_paper

pytestmark = pytest.mark.django_db


def found(client, path, q, group="models"):
    response = client.get(path, {"q": q})
    assert response.status_code == 200
    if "groups" in response.context:
        return {
            g["id"]: [str(item) for item in g["results"]] for g in response.context["groups"]
        }.get(group, [])
    return [m.name for m in response.context["models"]]


def test_terms_are_found_inside_words():
    assert english_for("代码模型")[:1] == ["code"]
    assert "context" not in english_for("长上下文")  # the longer term wins
    assert english_for("开源代码")[:3] == ["code", "coding", "coder"]
    assert english_for("的") == []


@pytest.mark.parametrize(
    "query, expected",
    [
        ("通义千问", "Qwen3"),  # the family's Chinese name
        ("千问", "Qwen3"),  # part of it
        ("深度求索", "DeepSeek-R1"),  # the organisation's
        ("智谱", "GLM-4.5"),
        ("月之暗面", "Kimi K2"),
        ("文心", "ERNIE 4.5"),
        ("混元", "Hy3 (Hunyuan 3)"),
        ("代码", "Qwen2.5-Coder"),  # a term: code
        ("代码 Qwen", "Qwen3-Coder"),  # with an English word
    ],
)
def test_chinese_queries_find_their_models(client, seeded, query, expected):
    assert expected in found(client, "/zh-hans/search/", query)
    assert expected in found(client, "/zh-hans/models/", query)


def test_code_finds_the_code_tasks(client, seeded):
    assert "Code generation and repair" in found(client, "/zh-hans/search/", "代码", "tasks")


def test_chinese_text_of_a_model_is_searched(client):
    make_model(name="Plain", summary="English only.", summary_zh_hans="一个用于天文观测的模型。")
    make_model(name="Other", summary="Astronomy.")
    assert found(client, "/zh-hans/models/", "天文观测") == ["Plain"]


def test_a_term_finds_the_english_texts_that_say_it(client):
    make_model(name="Lawyer", summary="Legal drafting.")
    make_model(name="Other", summary="Astronomy.")
    assert found(client, "/zh-hans/models/", "法律") == ["Lawyer"]


def test_an_organisations_chinese_name_finds_it_and_its_models(client):
    lab = make_org(name="Some Lab", aliases=["某实验室"])
    make_model(name="Lab Model", organizations=[lab])
    assert found(client, "/search/", "某实验室", "organizations") == ["Some Lab"]
    assert found(client, "/models/", "某实验室") == ["Lab Model"]


def test_a_chinese_word_found_nowhere_finds_nothing(client):
    make_model(name="Anything", summary="Any text.")
    make_paper(title="A paper with no Chinese text", year=2024)  # papers have no Chinese columns
    response = client.get("/zh-hans/search/", {"q": "豆腐"})
    assert response.context["total"] == 0
    assert found(client, "/zh-hans/models/", "豆腐") == []


def test_a_word_mixing_chinese_and_a_version_finds_that_version(client, seeded):
    found_models = found(client, "/zh-hans/models/", "千问3")
    assert "Qwen3" in found_models and "Qwen2.5" not in found_models
