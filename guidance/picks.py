"""From the models that fit to a ranked shortlist and three picks, each with its case.

The rule, stated on the page as well:
1. Evidence first. The purpose names its benchmarks (`PURPOSE_BENCHMARKS`; a Chinese
   reader's Chinese benchmarks come first). Of those, the one most of the fitting models have
   a score on leads; models are ranked by their best score on it, then those without one by
   the next benchmark, and so on. Scores are compared only within one benchmark.
2. Then cost: for a model behind an API, the lower output price at its cheapest live
   offering; on the reader's own GPU, the less memory; otherwise the newer release.
Each pick gets a "why" made of facts (best score with who reported it and when, price,
memory, language, licence) and its doubts (licence text not read, a fact from third parties
only, no benchmark reported, a score only a third party measured).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from catalog import languages
from catalog.templatetags.prices import usd
from core import dates

from .memory import memory_gb

PICKS = 3
COMPARED = 6  # the picks and the next three, on the "compare these" link

PURPOSE_BENCHMARKS = {
    "chat": ("arena-hard", "mmlu-pro", "gpqa-diamond", "ifeval", "mmlu"),
    "code": ("swe-bench-verified", "livecodebench", "humaneval"),
    "agentic": ("tau2-bench", "terminal-bench-2", "bfcl", "swe-bench-verified"),
    "reasoning": ("aime-2025", "gpqa-diamond", "humanitys-last-exam", "aime-2024", "math-500"),
    "vision-language": ("mmmu",),
    "embedding": (),
    "reranking": (),
    "classification-safety": (),
    "speech": (),
}
LANGUAGE_BENCHMARKS = {"zh": ("c-eval", "cmmlu")}
# The facts a doubt may name (shortlist.DOUBTED_FACTS), in words.
FACT_LABELS = {
    "licence": gettext_lazy("licence"),
    "size": gettext_lazy("size"),
    "context": gettext_lazy("context"),
    "languages": gettext_lazy("languages"),
    "release date": gettext_lazy("release date"),
}


@dataclass
class Ranking:
    ranked: list  # Verdicts, best first
    benchmarks: list[tuple[str, str, int]] = field(default_factory=list)  # slug, name, models
    then_by: str = ""  # what orders models the evidence does not

    @property
    def has_evidence(self) -> bool:
        return bool(self.benchmarks)


def benchmarks_for(needs) -> list[str]:
    """The benchmarks that fit the reader's purpose and language, in priority order."""
    wanted = list(LANGUAGE_BENCHMARKS.get(needs.language, ()))
    wanted += PURPOSE_BENCHMARKS.get(needs.purpose or "chat", ())
    return list(dict.fromkeys(wanted))


def rank(needs, verdicts: list) -> Ranking:
    """The verdicts that fit, best first, each given its why, doubts and cost."""
    wanted = benchmarks_for(needs)
    coverage = {slug: sum(1 for v in verdicts if slug in v.candidate.results) for slug in wanted}
    order = sorted(
        (slug for slug in wanted if coverage[slug]),
        key=lambda slug: (-coverage[slug], wanted.index(slug)),
    )
    names = {}
    for verdict in verdicts:
        for slug, found in verdict.candidate.results.items():
            names.setdefault(slug, found[0].name)

    def key(verdict):
        candidate = verdict.candidate
        evidence = (len(order), 0.0)
        for index, slug in enumerate(order):
            if slug in candidate.results:
                best = candidate.results[slug][0]
                evidence = (index, -best.score if best.higher_is_better else best.score)
                break
        return (*evidence, *_cost_key(needs, verdict), candidate.name.lower())

    ranked = sorted(verdicts, key=key)
    for verdict in ranked:
        verdict.why = _why(needs, verdict, order)
        verdict.doubts = _doubts(verdict, order, wanted)
        verdict.cost = _monthly_cost(needs, verdict.candidate)
    return Ranking(
        ranked,
        [(slug, names[slug], coverage[slug]) for slug in order],
        _then_by(needs),
    )


def _cost_key(needs, verdict) -> tuple:
    candidate = verdict.candidate
    newest = -candidate.release_date.toordinal()
    if needs.run == "api":
        price = candidate.price_out
        return (price is None, price or 0.0, newest)
    if needs.own_gpu and verdict.size is not None:
        return (False, memory_gb(verdict.size.billions, needs.bits), newest)
    return (False, 0.0, newest)


def _then_by(needs) -> str:
    if needs.run == "api":
        return "price"
    if needs.own_gpu:
        return "memory"
    return "release"


def _why(needs, verdict, order) -> list[str]:
    candidate = verdict.candidate
    why = []
    for slug in order:
        if slug in candidate.results:
            best = candidate.results[slug][0]
            values = {
                "benchmark": best.name,
                "score": f"{best.score:g}",
                "who": _("maker") if best.by_maker else best.reported_by,
                "date": dates.shown(best.date, dates.MONTH),
                "setting": best.setting,
            }
            if best.setting:
                why.append(_("%(benchmark)s %(score)s (%(who)s, %(date)s; %(setting)s)") % values)
            else:
                why.append(_("%(benchmark)s %(score)s (%(who)s, %(date)s)") % values)
            break
    if candidate.price_in is not None or candidate.price_out is not None:
        why.append(
            _("%(input)s/%(output)s per 1M tokens")
            % {"input": usd(candidate.price_in), "output": usd(candidate.price_out)}
        )
    if needs.own_gpu and verdict.size is not None:
        gb = memory_gb(verdict.size.billions, needs.bits)
        why.append(
            _("fits in %(gb)s GB at %(bits)s-bit") % {"gb": f"{gb:,.0f}", "bits": needs.bits}
        )
    if needs.language and needs.language in candidate.languages:
        why.append(
            _("%(language)s listed on the card") % {"language": languages.name(needs.language)}
        )
    if needs.commercial != "not-needed" and candidate.own_terms.licence:
        why.append(_("licence: %(licence)s") % {"licence": candidate.own_terms.licence})
    return why


def _doubts(verdict, order, wanted) -> list[str]:
    candidate = verdict.candidate
    doubts = []
    if candidate.licence_unread:
        doubts.append(_("licence text not read"))
    if candidate.third_party_only:
        facts = [str(FACT_LABELS.get(fact, fact)) for fact in candidate.third_party_only]
        listed = pgettext("list separator", ", ").join(facts)
        doubts.append(_("third-party only: %(facts)s") % {"facts": listed})
    if verdict.size is not None and verdict.size.billions < candidate.sizes[-1].billions:
        doubts.append(_("its scores may be for a larger size than the one that fits"))
    found = [candidate.results[slug][0] for slug in wanted if slug in candidate.results]
    if not found:
        doubts.append(_("no benchmark reported for this purpose"))
    elif not any(result.by_maker for result in found):
        doubts.append(_("scores measured by third parties only"))
    return doubts


def _monthly_cost(needs, candidate) -> float | None:
    """USD a month for the reader's millions of input and output tokens, when both prices are
    published (or the reader uses only one side)."""
    if not (needs.monthly_in or needs.monthly_out):
        return None
    total = 0.0
    for amount, price in (
        (needs.monthly_in, candidate.price_in),
        (needs.monthly_out, candidate.price_out),
    ):
        if amount:
            if price is None:
                return None
            total += amount * price
    return total
