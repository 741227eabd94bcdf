"""The shortlist decides: purpose and language narrow it, evidence ranks it, and the top three
are picks with a case made of facts, their doubts, a cost estimate and a compare link."""

from dataclasses import replace

import pytest
from django.http import QueryDict

from catalog.models import NOT_CHAT
from guidance.memory import memory_gb
from guidance.models import Outcome
from guidance.picks import _doubts, benchmarks_for
from guidance.shortlist import Needs, Verdict, load_candidates, make_shortlist, parse_needs

pytestmark = pytest.mark.django_db

# The engineer of issue 22: an open model for a Chinese customer-service bot, commercial use,
# one 24 GB GPU.
ENGINEER = (
    "/decide/?answers=y&commercial=yes&run=own-gpu&gpu_gb=24&bits=4&input=text"
    "&reasoning=any&purpose=chat&language=zh"
)
ENGINEER_NEEDS = Needs(
    Outcome.LLM, "yes", "own-gpu", 24, 4, 0, ("text",), False, purpose="chat", language="zh"
)


def test_the_engineers_picks_read_chinese_chat_fit_and_allow_commercial_use(client, seeded):
    page = client.get(ENGINEER)
    shortlist = page.context["shortlist"]
    picks = shortlist.picks
    assert len(picks) == 3
    html = page.content.decode()
    for verdict in picks:
        model = verdict.candidate
        assert f'data-pick="{model.slug}"' in html
        assert "zh" in model.languages
        assert "chat" in model.purposes and not set(model.purposes) & NOT_CHAT
        assert memory_gb(verdict.size.billions, 4) <= 24
        assert model.commercial == "yes"
        assert verdict.why and "Chinese listed on the card" in verdict.why
        assert "; ".join(verdict.why) in html
    assert page.context["compare_url"].startswith("/compare/?models=")
    assert all(v.candidate.slug in page.context["compare_url"] for v in picks)


def test_the_ranking_follows_the_lead_benchmark_then_the_next(seeded):
    shortlist = make_shortlist(ENGINEER_NEEDS, load_candidates())
    order = [slug for slug, _name, _count in shortlist.ranking.benchmarks]
    assert order and set(order) <= set(benchmarks_for(ENGINEER_NEEDS))

    def tier(verdict):
        results = verdict.candidate.results
        index = next((i for i, slug in enumerate(order) if slug in results), len(order))
        score = results[order[index]][0].score if index < len(order) else None
        return index, score

    tiers = [tier(v) for v in shortlist.fits]
    assert [t[0] for t in tiers] == sorted(t[0] for t in tiers)
    for (index, score), (next_index, next_score) in zip(tiers, tiers[1:], strict=False):
        if index == next_index and score is not None:
            assert score >= next_score


def test_safety_classifiers_and_embedding_models_are_never_chat_picks(seeded):
    needs = Needs(Outcome.LLM, inputs=("text",))  # an API is fine, any purpose
    candidates = load_candidates()
    not_chat = {c.slug for c in candidates if c.purposes and "chat" not in c.purposes}
    assert not_chat  # the seed has guards, reward and embedding models
    fits = {v.candidate.slug for v in make_shortlist(needs, candidates).fits}
    assert not fits & {
        c.slug for c in candidates if set(c.purposes) & NOT_CHAT and "chat" not in c.purposes
    }


def test_a_language_left_unlisted_leaves_the_model_out_and_counted(seeded):
    candidates = load_candidates()
    shortlist = make_shortlist(replace(ENGINEER_NEEDS, language="sw"), candidates)
    assert all("sw" in v.candidate.languages for v in shortlist.fits)
    assert shortlist.unknown.get("language", 0) > 0


def test_api_picks_are_ranked_by_price_after_the_evidence_and_get_a_monthly_cost(seeded):
    needs = Needs(Outcome.LLM, run="api", purpose="code", monthly_in=10, monthly_out=2)
    shortlist = make_shortlist(needs, load_candidates())
    costed = [v for v in shortlist.fits if v.cost is not None]
    assert costed
    for verdict in costed:
        c = verdict.candidate
        assert verdict.cost == pytest.approx(10 * c.price_in + 2 * c.price_out)
    no_evidence = [v for v in shortlist.fits if "no benchmark reported" in " ".join(v.doubts)]
    prices = [v.candidate.price_out for v in no_evidence if v.candidate.price_out is not None]
    assert prices == sorted(prices)


def test_doubts_name_an_unread_licence_and_third_party_facts(seeded):
    candidates = {c.slug: c for c in load_candidates()}
    unread = next(c for c in candidates.values() if c.licence_unread)
    assert "licence text not read" in _doubts(Verdict(unread, []), [], [])
    third = next((c for c in candidates.values() if c.third_party_only), None)
    if third is not None:
        assert any(d.startswith("third-party only") for d in _doubts(Verdict(third, []), [], []))


@pytest.mark.parametrize(
    ("query", "notice"),
    [
        ("purpose=gossip", "Ignored purpose="),
        ("language=Chinese", "Ignored language="),
        ("monthly_in=-3", "Ignored monthly_in="),
        ("monthly_out=lots", "Ignored monthly_out="),
    ],
)
def test_bad_purpose_language_or_tokens_are_ignored_with_a_notice(query, notice):
    needs, notices = parse_needs(Outcome.LLM, QueryDict(f"answers=y&run=api&{query}"))
    assert needs is not None
    assert any(n.startswith(notice) for n in notices)
    assert (needs.purpose, needs.language, needs.monthly_in, needs.monthly_out) == ("", "", 0, 0)


def test_the_page_states_the_ranking_rule_and_survives_bad_values(client, seeded):
    page = client.get(ENGINEER + "&language=x1&purpose=%00")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Ignored language=" in html and "Ignored purpose=" in html
    assert "Models are ranked by their best score on the first" in html


def test_purpose_and_language_survive_a_relaxation_link(seeded):
    needs = replace(ENGINEER_NEEDS, language="xx")  # a code no maker lists
    shortlist = make_shortlist(needs, load_candidates())
    assert not shortlist.fits
    dropped = [r for r in shortlist.relaxations if r.needs.language == ""]
    assert dropped and dropped[0].count > 0 and dropped[0].needs.purpose == "chat"
    assert {"purpose": "chat", "language": "zh"}.items() <= ENGINEER_NEEDS.query().items()


def test_a_bad_purpose_notice_lists_the_purposes_only():
    _needs, notices = parse_needs(Outcome.LLM, QueryDict("answers=y&run=api&purpose=gossip"))
    assert notices == [
        "Ignored purpose=“gossip”: not one of chat, code, agentic, embedding, reranking, "
        "classification-safety, speech, vision-language, reasoning."
    ]
