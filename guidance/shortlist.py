"""From "use an LLM" (or "use a fine-tuned model") to concrete models: the practical constraints
a reader states on /decide/ and the published models of the catalog that meet them.

The reader's constraints (`Needs`) come from the /decide/ URL, so the page stays stateless.
`load_candidates` reads what the catalog holds about every published model in three queries;
`make_shortlist` is pure: it checks each candidate against each constraint and says, for every
check, why the model fits, fails, or cannot be judged because the atlas lacks the fact.

Rules, stated on the page as well:
- Memory (guidance/memory.py): the weights take parameters x 2 bytes at 16-bit, x 0.5 bytes
  at 4-bit; we add MEMORY_OVERHEAD (20 %) for the KV cache, activations and the runtime at
  modest context lengths. A model fits when one of its released sizes does; we show the
  largest that does.
- Licence: a model's own commercial-use terms, made stricter by the terms of every ancestor
  whose weights it was built from (catalog.lineage.WEIGHT_RELATIONS).
- Lifecycle: only active models are candidates; deprecated and retired ones are counted.
- A model missing a fact a constraint needs is left out and counted, never listed as fitting.
- Purpose and language: a model fits a purpose its maker offers it for (never a classifier,
  reward or embedding model for chat), and a language its maker lists.
- Ranking (`guidance/picks.py`): by the evidence that fits the purpose (its benchmarks' scores),
  then by price for API models or by memory for local ones; the top three are the picks.
"""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from urllib.parse import urlencode

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext

from catalog import languages
from catalog.lineage import WEIGHT_RELATIONS, LineageGraph
from catalog.models import (
    NOT_CHAT,
    Branch,
    CommercialUse,
    DatePrecision,
    LanguageModel,
    Lifecycle,
    Modality,
    ModelAccess,
    ModelSize,
    Purpose,
    Reasoning,
    Relation,
    Weights,
)
from catalog.offerings import lowest_price
from core.citations import Citation, CitationMethod
from core.publishing import published_q
from core.validators import LANGUAGE_RE
from evidence.models import MAKER, Result

from . import picks
from .memory import memory_gb
from .models import Outcome

GPU_CHOICES = [8, 12, 16, 24, 32, 48, 80, 96, 160, 320, 640]
CONTEXT_CHOICES = [0, 8_000, 32_000, 128_000, 200_000, 1_000_000]
MAX_GPU_GB = 100_000
MAX_CONTEXT = 10**9
SHOWN = 15  # rows on the page; the rest are counted

# Which branches each outcome draws its candidates from.
OUTCOME_BRANCHES = {
    Outcome.LLM: (Branch.DECODER_ONLY, Branch.STATE_SPACE_HYBRID),
    Outcome.FINE_TUNED: (
        Branch.ENCODER_ONLY,
        Branch.ENCODER_DECODER,
        Branch.DECODER_ONLY,
        Branch.STATE_SPACE_HYBRID,
    ),
}
_PERMISSIVENESS = {CommercialUse.NO: 0, CommercialUse.CONDITIONAL: 1, CommercialUse.YES: 2}

# What a reader may answer; the first of each is the default.
COMMERCIAL = {
    "not-needed": gettext_lazy("Not needed (research or personal use)"),
    "conditional": gettext_lazy(
        "Needed; conditions such as user caps or an acceptable-use policy are fine"
    ),
    "yes": gettext_lazy("Needed, with no conditions attached"),
}
RUN = {
    "api": gettext_lazy("An API is fine"),
    "open-weights": gettext_lazy("I need the weights, but not on my own GPU"),
    "own-gpu": gettext_lazy("It must run on my own hardware"),
}
BITS = {
    4: gettext_lazy("4-bit quantised weights are fine"),
    16: gettext_lazy("16-bit weights only"),
}
REASONING = {
    "any": gettext_lazy("Not needed"),
    "yes": gettext_lazy("Yes, a model trained to reason before answering"),
}
INPUTS = dict(Modality.choices)
PURPOSES = {"": gettext_lazy("Any"), **dict(Purpose.choices)}
# Languages offered in the form; any ISO 639-1 code is accepted in the URL.
LANGUAGE_CHOICES = ("", "en", "zh", "es", "fr", "de", "ja", "ko", "ar", "hi", "pt", "ru")
MAX_MONTHLY_MTOK = 1_000_000  # millions of tokens a month: a trillion
CONSTRAINT_KEYS = (
    "commercial",
    "run",
    "gpu_gb",
    "bits",
    "context",
    "input",
    "reasoning",
    "purpose",
    "language",
)


def separator() -> str:
    """Between the items of a list ("a, b")."""
    return pgettext("list separator", ", ")


def and_list(items) -> str:
    """ "a", "a and b", "a, b and c", in the active language."""
    items = [str(item) for item in items]
    if len(items) < 2:
        return "".join(items)
    return _("%(items)s and %(last)s") % {
        "items": separator().join(items[:-1]),
        "last": items[-1],
    }


def modality_words(values) -> list[str]:
    """Modality values as lower-case words ("text", "image"), in the active language."""
    return [Modality(value).label.lower() for value in values if value in Modality.values]


# --- The reader's constraints ------------------------------------------------------------


@dataclass(frozen=True)
class Needs:
    outcome: Outcome
    commercial: str = "not-needed"
    run: str = "api"
    gpu_gb: int = 24  # only used when run == "own-gpu"
    bits: int = 4
    context: int = 0
    inputs: tuple[str, ...] = ("text",)
    reasoning: bool = False
    purpose: str = ""  # a Purpose value; "" for any
    language: str = ""  # an ISO 639-1 code; "" for any
    monthly_in: float = 0  # millions of input tokens a month, for the cost estimate
    monthly_out: float = 0  # millions of output tokens a month

    @property
    def own_gpu(self) -> bool:
        return self.run == "own-gpu"

    @property
    def needs_weights(self) -> bool:
        return self.run != "api"

    def query(self) -> dict:
        """The /decide/ parameters that state these needs (the answers excluded)."""
        params = {"commercial": self.commercial, "run": self.run}
        if self.own_gpu:
            params.update(gpu_gb=self.gpu_gb, bits=self.bits)
        params.update(context=self.context, input=list(self.inputs))
        params["reasoning"] = "yes" if self.reasoning else "any"
        if self.purpose:
            params["purpose"] = self.purpose
        if self.language:
            params["language"] = self.language
        if self.monthly_in or self.monthly_out:
            params.update(monthly_in=f"{self.monthly_in:g}", monthly_out=f"{self.monthly_out:g}")
        return params

    @property
    def chat(self) -> bool:
        """Whether picks must answer in conversation: an LLM for any purpose but the
        non-chat ones, or a chat purpose."""
        if self.purpose:
            return self.purpose not in NOT_CHAT
        return self.outcome == Outcome.LLM

    def describe(self) -> list[str]:
        """The constraints in words, for the page."""
        words = []
        if self.commercial == "yes":
            words.append(_("commercial use without conditions"))
        elif self.commercial != "not-needed":
            words.append(_("commercial use"))
        if self.own_gpu:
            words.append(
                _("%(gb)s GB of GPU memory at %(bits)s-bit")
                % {"gb": self.gpu_gb, "bits": self.bits}
            )
        elif self.needs_weights:
            words.append(_("released weights"))
        if self.context:
            words.append(
                _("a context of at least %(tokens)s tokens") % {"tokens": f"{self.context:,}"}
            )
        words.append(
            _("%(modalities)s input") % {"modalities": and_list(modality_words(self.inputs))}
        )
        if self.reasoning:
            words.append(_("reasoning"))
        if self.purpose:
            words.append(
                _("made for %(purpose)s") % {"purpose": Purpose(self.purpose).label.lower()}
            )
        if self.language:
            words.append(
                _("%(language)s listed by the maker") % {"language": languages.name(self.language)}
            )
        return words

    def catalog_query(self) -> str:
        """The same filters on /models/, as far as its filters go (see `catalog_gaps`)."""
        params: list[tuple[str, str]] = [
            ("branch", branch.value) for branch in OUTCOME_BRANCHES[self.outcome]
        ]
        if self.needs_weights:
            params.append(("access", ModelAccess.OPEN.value))
        if self.commercial == "yes":
            params += [("commercial", "yes"), ("inherited_restriction", "no")]
        elif self.commercial == "conditional":
            params += [("commercial", "yes"), ("commercial", "conditional")]
        params += [("input_modality", m) for m in self.inputs]
        if self.context:
            params.append(("context_min", str(self.context)))
        if self.reasoning:
            params.append(("reasoning", "yes"))
        if self.purpose:
            params.append(("purpose", self.purpose))
        if self.language:
            params.append(("language", self.language))
        params += [("lifecycle", Lifecycle.ACTIVE.value), ("sort", "-release_date")]
        return "?" + urlencode(params)

    def catalog_gaps(self) -> list[str]:
        """Where the /models/ link is looser than the shortlist."""
        gaps = []
        if self.own_gpu:
            gaps.append(
                _(
                    "the GPU memory (the catalog filters parameters of the largest size only, "
                    "so check sizes there yourself)"
                )
            )
        if len(self.inputs) > 1:
            gaps.append(_("reading every chosen input (the catalog lists models reading any)"))
        if self.commercial == "conditional":
            gaps.append(_("a parent's ban on commercial use"))
        return gaps


def default_needs(outcome: Outcome) -> Needs:
    """What the form shows before the reader changes anything."""
    return Needs(outcome, run="open-weights" if outcome == Outcome.FINE_TUNED else "api")


def parse_needs(outcome: Outcome, data: Mapping) -> tuple[Needs | None, list[str]]:
    """The reader's constraints from GET parameters, and a notice for each value ignored.

    None when no constraint was given (the form has not been sent). Unknown values fall back
    to the default and are reported; nothing here raises.
    """
    if outcome not in OUTCOME_BRANCHES or not any(key in data for key in CONSTRAINT_KEYS):
        return None, []
    notices: list[str] = []
    needs = default_needs(outcome)

    def not_one_of(key, value, options):
        notices.append(
            _("Ignored %(key)s=%(value)s: not one of %(listed)s.")
            % {
                "key": key,
                "value": _quote(value),
                "listed": ", ".join(str(option) for option in options if option),
            }
        )

    def choice(key, options, default):
        value = data.get(key, default)
        if value in options:
            return value
        not_one_of(key, value, options)
        return default

    def number(key, default, low, high, unit):
        value = data.get(key, "")
        if value in ("", None):
            return default
        try:
            number = int(value)
        except (TypeError, ValueError):
            number = None
        if number is None or not low <= number <= high:
            if unit == "GB":
                message = _(
                    "Ignored %(key)s=%(value)s: not a whole number of GB from %(low)s to %(high)s."
                )
            else:
                message = _(
                    "Ignored %(key)s=%(value)s: not a whole number of tokens "
                    "from %(low)s to %(high)s."
                )
            notices.append(
                message
                % {"key": key, "value": _quote(value), "low": f"{low:,}", "high": f"{high:,}"}
            )
            return default
        return number

    commercial = choice("commercial", COMMERCIAL, needs.commercial)
    run = choice("run", RUN, needs.run)
    if outcome == Outcome.FINE_TUNED and run == "api":
        run = "open-weights"  # fine-tuning here means holding the weights
        notices.append(_("Ignored run=“api”: fine-tuning a model here means holding its weights."))
    gpu_gb = number("gpu_gb", needs.gpu_gb, 1, MAX_GPU_GB, "GB")
    bits = int(choice("bits", [str(b) for b in BITS], str(needs.bits)))
    context = number("context", 0, 0, MAX_CONTEXT, "tokens")
    getlist = data.getlist if hasattr(data, "getlist") else lambda k: data.get(k, [])
    inputs = []
    for value in getlist("input"):
        if value in Modality.values and value not in inputs:
            inputs.append(value)
        elif value not in Modality.values:
            not_one_of("input", value, Modality.values)
    inputs = [m for m in Modality.values if m in inputs] or list(needs.inputs)
    reasoning = choice("reasoning", REASONING, "any") == "yes"
    purpose = choice("purpose", PURPOSES, "")
    language = data.get("language", "") or ""
    if language and not LANGUAGE_RE.match(language):
        notices.append(
            _("Ignored language=%(value)s: give an ISO 639-1 code such as zh or en.")
            % {"value": _quote(language)}
        )
        language = ""

    def amount(key):
        value = data.get(key, "")
        if value in ("", None):
            return 0
        try:
            number = float(value)
        except (TypeError, ValueError):
            number = -1
        if not 0 <= number <= MAX_MONTHLY_MTOK:
            notices.append(
                _(
                    "Ignored %(key)s=%(value)s: not a number of millions of tokens "
                    "from 0 to %(high)s."
                )
                % {"key": key, "value": _quote(value), "high": f"{MAX_MONTHLY_MTOK:,}"}
            )
            return 0
        return number

    needs = Needs(
        outcome,
        commercial,
        run,
        gpu_gb,
        bits,
        context,
        tuple(inputs),
        reasoning,
        purpose,
        language,
        amount("monthly_in"),
        amount("monthly_out"),
    )
    return needs, notices


def _quote(value) -> str:
    text = str(value).replace("\x00", "\\0")
    return f"“{text[:40]}…”" if len(text) > 40 else f"“{text}”"


# --- What the catalog holds ------------------------------------------------------------


@dataclass(frozen=True)
class Size:
    label: str
    billions: float


@dataclass(frozen=True)
class Terms:
    """A licence as a model sees it: its own, or an ancestor's that binds it."""

    commercial: str  # a CommercialUse value, or "" when unknown
    licence: str
    via: str = ""  # for an ancestor: "fine-tuned from Llama 2", nearest link first


@dataclass
class Candidate:
    pk: int
    slug: str
    name: str
    branch: str
    access: str
    weights: str
    release_date: datetime.date
    release_precision: str
    lifecycle: str
    context: int | None
    inputs: tuple[str, ...]
    reasoning: bool
    own_terms: Terms
    sizes: list[Size] = field(default_factory=list)  # known sizes, smallest first
    inherited: list[Terms] = field(default_factory=list)  # binding ancestors' terms
    purposes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    languages_unlisted: bool = False
    price_in: float | None = None  # lowest live offering's, USD per 1M tokens
    price_out: float | None = None
    licence_unread: bool = False  # the licence's own record says its text was not read
    results: dict = field(default_factory=dict)  # benchmark slug -> [Score], best first
    third_party_only: tuple[str, ...] = ()  # facts whose only sources are third parties

    def get_absolute_url(self) -> str:
        return LanguageModel(slug=self.slug).get_absolute_url()

    @property
    def release_display(self) -> str:
        return DatePrecision(self.release_precision).format(self.release_date)

    @property
    def commercial(self) -> str:
        """The strictest of its own and its binding ancestors' terms ("" when unknown)."""
        if not self.own_terms.commercial:
            return ""
        known = [t.commercial for t in [self.own_terms, *self.inherited] if t.commercial]
        return min(known, key=lambda value: _PERMISSIVENESS[CommercialUse(value)])


def load_candidates() -> list[Candidate]:
    """Every published model with what the constraints need. Runs three queries."""
    rows = (
        LanguageModel.objects.published()
        .order_by()
        .values_list(
            "pk",
            "slug",
            "name",
            "branch",
            "access",
            "weights",
            "release_date",
            "release_date_precision",
            "lifecycle",
            "context_length_tokens",
            "input_modalities",
            "reasoning",
            "license__name",
            "license__commercial_use",
            "parameters_billions",
            "purposes",
            "languages",
            "languages_unlisted",
            "license__source_note",
        )
        .annotate(
            price_in=lowest_price("price_input_usd_per_mtok"),
            price_out=lowest_price("price_output_usd_per_mtok"),
        )
    )
    candidates: dict[int, Candidate] = {}
    largest: dict[int, float | None] = {}
    for row in rows:
        pk, slug, name, branch, access, weights, date, precision, lifecycle = row[:9]
        context, inputs, reasoning, licence, commercial, billions = row[9:15]
        purposes, codes, unlisted, licence_note, price_in, price_out = row[15:]
        inputs = inputs if isinstance(inputs, list) else []
        candidates[pk] = Candidate(
            pk,
            slug,
            name,
            branch,
            access,
            weights,
            date,
            precision,
            lifecycle,
            context,
            tuple(m for m in inputs if isinstance(m, str)),
            reasoning == Reasoning.YES,
            Terms(commercial or "", licence or ""),
            purposes=tuple(_strings(purposes)),
            languages=tuple(_strings(codes)),
            languages_unlisted=bool(unlisted),
            price_in=price_in,
            price_out=price_out,
            licence_unread=_unread(licence_note),
        )
        largest[pk] = billions
    sizes = ModelSize.objects.filter(published_q(ModelSize)).order_by()
    for pk, label, billions in sizes.values_list("model_id", "label", "parameters_billions"):
        if billions is not None and pk in candidates:
            candidates[pk].sizes.append(Size(label, billions))
    for pk, candidate in candidates.items():
        if not candidate.sizes and largest[pk] is not None:
            candidate.sizes.append(Size("", largest[pk]))
        candidate.sizes.sort(key=lambda s: (s.billions, s.label))
    graph = LineageGraph.from_database()
    for pk, candidate in candidates.items():
        for ancestor in graph.ancestors(pk, relations=WEIGHT_RELATIONS):
            if ancestor not in candidates:
                continue
            terms = candidates[ancestor].own_terms
            if terms.commercial:
                via = _via(graph, pk, ancestor, candidates, WEIGHT_RELATIONS)
                candidate.inherited.append(replace(terms, via=via))
    _load_results(candidates)
    _load_sources(candidates)
    return list(candidates.values())


def _strings(value) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


def _unread(note: str | None) -> bool:
    """Whether a licence's source note says its text was not read (the curators' wording)."""
    words = (note or "").lower()
    return "not read" in words or "unverified" in words


@dataclass(frozen=True)
class Score:
    """One benchmark result, as a pick's "why" needs it."""

    benchmark: str  # slug
    name: str
    score: float
    by_maker: bool
    reported_by: str
    date: datetime.date
    setting: str
    higher_is_better: bool


def _load_results(candidates: dict[int, Candidate]) -> None:
    """Each candidate's published results by benchmark, best first (maker's before others' at
    equal scores). One query."""
    rows = Result.objects.published().values_list(
        "model_id",
        "benchmark__slug",
        "benchmark__name",
        "score",
        "reported_by",
        "date",
        "setting",
        "benchmark__higher_is_better",
    )
    for pk, slug, name, score, reporter, date, setting, higher in rows.order_by():
        if pk in candidates:
            reported = Score(slug, name, score, reporter == MAKER, reporter, date, setting, higher)
            candidates[pk].results.setdefault(slug, []).append(reported)
    for candidate in candidates.values():
        for found in candidate.results.values():
            found.sort(key=lambda e: (-e.score if e.higher_is_better else e.score, not e.by_maker))


# The facts a pick's "why" and its checks rest on; a doubt when only third parties say them
# (the values are keys of picks.FACT_LABELS, which words them).
DOUBTED_FACTS = {
    "license": "licence",
    "parameters_billions": "size",
    "sizes": "size",
    "context_length_tokens": "context",
    "languages": "languages",
    "release_date": "release date",
}


def _load_sources(candidates: dict[int, Candidate]) -> None:
    """Which facts of each candidate rest on third-party sources only. One query."""
    methods: dict[tuple[int, str], set[str]] = {}
    rows = Citation.objects.filter(
        content_type__app_label="catalog",
        content_type__model="languagemodel",
        field__in=list(DOUBTED_FACTS),
    ).values_list("object_id", "field", "method")
    for pk, fact, method in rows.order_by():
        if pk in candidates:
            methods.setdefault((pk, DOUBTED_FACTS[fact]), set()).add(method)
    doubted: dict[int, list[str]] = {}
    for (pk, fact), found in sorted(methods.items(), key=lambda item: item[0][1]):
        if found == {CitationMethod.THIRD_PARTY}:
            doubted.setdefault(pk, []).append(fact)
    for pk, facts in doubted.items():
        candidates[pk].third_party_only = tuple(dict.fromkeys(facts))


def _via(graph, start, ancestor, candidates, relations) -> str:
    """ "fine-tuned from X, instruction-tuned from Y": the chain from `start` up to `ancestor`."""
    reached = graph.ancestors(start, relations=relations)
    steps, node = [], ancestor
    while node != start:
        reach = reached[node]
        steps.append(
            # Translators: a lineage step, e.g. "fine-tuned from Llama 2".
            _("%(relation)s %(model)s")
            % {"relation": _relation_label(reach.relation), "model": candidates[node].name}
        )
        node = reach.via
    return separator().join(reversed(steps))


def _relation_label(value: str) -> str:
    return Relation(value).label


# --- Checking ----------------------------------------------------------------------------

FITS, FAILS, UNKNOWN = "fits", "fails", "unknown"


@dataclass(frozen=True)
class Check:
    constraint: str  # a key of CONSTRAINTS
    result: str  # FITS, FAILS or UNKNOWN
    reason: str

    @property
    def label(self) -> str:
        return CONSTRAINTS[self.constraint]


CONSTRAINTS = {
    "lifecycle": gettext_lazy("Lifecycle"),
    "purpose": gettext_lazy("Purpose"),
    "language": gettext_lazy("Language"),
    "weights": gettext_lazy("Weights"),
    "commercial": gettext_lazy("Licence"),
    "memory": gettext_lazy("Memory"),
    "context": gettext_lazy("Context"),
    "input": gettext_lazy("Input"),
    "reasoning": gettext_lazy("Reasoning"),
}


@dataclass
class Verdict:
    candidate: Candidate
    checks: list[Check]
    size: Size | None = None  # the largest size that fits the memory, when asked
    # Set by the ranking (guidance/picks.py) for the models that fit:
    why: list[str] = field(default_factory=list)  # facts that make the case, in words
    doubts: list[str] = field(default_factory=list)  # what the case rests on least firmly
    cost: float | None = None  # USD a month for the reader's tokens, at the lowest price

    @property
    def result(self) -> str:
        results = {c.result for c in self.checks}
        return FAILS if FAILS in results else UNKNOWN if UNKNOWN in results else FITS

    @property
    def failed(self) -> list[str]:
        return [c.constraint for c in self.checks if c.result == FAILS]

    @property
    def unknown(self) -> list[str]:
        return [c.constraint for c in self.checks if c.result == UNKNOWN]


def check(needs: Needs, model: Candidate) -> Verdict:
    """Every constraint's check for one model, each with its reason in words."""
    checks = [_lifecycle(model)]
    if needs.purpose or needs.chat:
        checks.append(_purpose(needs, model))
    if needs.language:
        checks.append(_language(needs, model))
    if needs.needs_weights:
        checks.append(_weights(model))
    if needs.commercial != "not-needed":
        checks.append(_commercial(needs, model))
    size = None
    if needs.own_gpu:
        memory, size = _memory(needs, model)
        checks.append(memory)
    if needs.context:
        checks.append(_context(needs, model))
    checks.append(_inputs(needs, model))
    if needs.reasoning:
        checks.append(
            Check("reasoning", FITS, _("trained to reason before answering"))
            if model.reasoning
            else Check("reasoning", FAILS, _("not trained to reason"))
        )
    return Verdict(model, checks, size)


def _lifecycle(model):
    if model.lifecycle == Lifecycle.ACTIVE:
        return Check("lifecycle", FITS, _("active"))
    return Check("lifecycle", FAILS, Lifecycle(model.lifecycle).label.lower())


def _purpose(needs, model):
    """The purpose asked for, among those its maker offers it for; never a classifier,
    reward or embedding model where a chat model is wanted."""
    if not model.purposes:
        if needs.purpose:
            return Check("purpose", UNKNOWN, _("purposes not recorded"))
        return Check("purpose", FITS, _("purposes not recorded"))
    labels = separator().join(
        Purpose(p).label.lower() for p in model.purposes if p in Purpose.values
    )
    if needs.chat and set(model.purposes) & NOT_CHAT and Purpose.CHAT not in model.purposes:
        return Check("purpose", FAILS, _("not a chat model: %(purposes)s") % {"purposes": labels})
    if needs.purpose and needs.purpose not in model.purposes:
        return Check("purpose", FAILS, labels)
    return Check("purpose", FITS, labels)


def _language(needs, model):
    name = languages.name(needs.language)
    if needs.language in model.languages:
        return Check("language", FITS, _("%(language)s listed by the maker") % {"language": name})
    if model.languages_unlisted or not model.languages:
        return Check(
            "language", UNKNOWN, _("%(language)s not listed by the maker") % {"language": name}
        )
    count = len(model.languages)
    return Check(
        "language",
        FAILS,
        ngettext(
            "%(language)s not among the %(count)s listed",
            "%(language)s not among the %(count)s listed",
            count,
        )
        % {"language": name, "count": count},
    )


def _weights(model):
    if model.access != ModelAccess.OPEN:
        return Check("weights", FAILS, _("weights not released"))
    how = Weights(model.weights).label.lower() if model.weights else _("released")
    return Check("weights", FITS, how)


def _commercial(needs, model):
    own = model.own_terms
    if not own.commercial:
        return Check("commercial", UNKNOWN, _("no licence recorded"))
    effective = model.commercial
    wanted = {CommercialUse.YES} | (
        {CommercialUse.CONDITIONAL} if needs.commercial == "conditional" else set()
    )
    clauses = [
        _("%(licence)s: %(terms)s")
        % {"licence": own.licence, "terms": CommercialUse(own.commercial).label.lower()}
    ]
    binding = [t for t in model.inherited if _PERMISSIVENESS[CommercialUse(t.commercial)] < 2]
    for terms in binding:
        clauses.append(
            _("bound by %(licence)s (%(terms)s), %(via)s")
            % {
                "licence": terms.licence,
                "terms": CommercialUse(terms.commercial).label.lower(),
                "via": terms.via,
            }
        )
    if not binding and needs.commercial == "yes":
        clauses.append(_("no restriction inherited"))
    reason = pgettext("clause separator", "; ").join(clauses)
    return Check("commercial", FITS if effective in wanted else FAILS, reason)


def _memory(needs, model):
    if not model.sizes:
        return Check("memory", UNKNOWN, _("parameter count not published")), None
    fitting = [s for s in model.sizes if memory_gb(s.billions, needs.bits) <= needs.gpu_gb]
    if not fitting:
        smallest = model.sizes[0]
        return (
            Check(
                "memory",
                FAILS,
                _("smallest size %(size)s needs %(gb)s GB at %(bits)s-bit")
                % {
                    "size": _size_words(smallest),
                    "gb": f"{memory_gb(smallest.billions, needs.bits):,.1f}",
                    "bits": needs.bits,
                },
            ),
            None,
        )
    size = fitting[-1]
    other = 4 if needs.bits == 16 else 16
    reason = _(
        "%(size)s: about %(gb)s GB at %(bits)s-bit (%(other_gb)s GB at %(other_bits)s-bit)"
    ) % {
        "size": _size_words(size),
        "gb": f"{memory_gb(size.billions, needs.bits):,.1f}",
        "bits": needs.bits,
        "other_gb": f"{memory_gb(size.billions, other):,.1f}",
        "other_bits": other,
    }
    return Check("memory", FITS, reason), size


def _size_words(size: Size) -> str:
    billions = f"{size.billions:g}B"
    if not size.label or size.label == billions:
        return _("%(billions)s parameters") % {"billions": billions}
    return _("%(label)s (%(billions)s parameters)") % {"label": size.label, "billions": billions}


def _context(needs, model):
    if model.context is None:
        return Check("context", UNKNOWN, _("context length not recorded"))
    result = FITS if model.context >= needs.context else FAILS
    return Check("context", result, _("%(tokens)s tokens") % {"tokens": f"{model.context:,}"})


def _inputs(needs, model):
    if not model.inputs:
        return Check("input", UNKNOWN, _("input modalities not recorded"))
    missing = [m for m in needs.inputs if m not in model.inputs]
    reads = separator().join(modality_words(m for m in Modality.values if m in model.inputs))
    return Check("input", FAILS if missing else FITS, reads)


# --- The shortlist -----------------------------------------------------------------------


@dataclass(frozen=True)
class Relaxation:
    """One constraint loosened, and how many models would then fit."""

    text: str
    needs: Needs
    count: int


# How many models lack each fact, in words (%(count)s is the number of models).
UNKNOWN_FACTS = {
    "purpose": gettext_lazy("%(count)s without recorded purposes"),
    "language": gettext_lazy("%(count)s without the language listed"),
    "commercial": gettext_lazy("%(count)s without a licence"),
    "memory": gettext_lazy("%(count)s without a parameter count"),
    "context": gettext_lazy("%(count)s without a context length"),
    "input": gettext_lazy("%(count)s without input modalities"),
}


@dataclass
class Shortlist:
    needs: Needs
    fits: list[Verdict]  # ranked
    pool: int  # models of the outcome's branches
    unknown: dict[str, int]  # constraint -> models left out for lack of that fact alone
    left_out_unknown: int  # models that fail nothing but miss a needed fact
    not_active: int  # deprecated or retired models that would otherwise fit
    relaxations: list[Relaxation] = field(default_factory=list)
    ranking: picks.Ranking | None = None

    @property
    def picks(self) -> list[Verdict]:
        return self.fits[: picks.PICKS]

    @property
    def shown(self) -> list[Verdict]:
        return self.fits[:SHOWN]

    @property
    def more(self) -> int:
        return max(0, len(self.fits) - SHOWN)

    @property
    def missing_facts(self) -> list[str]:
        """ "3 without a licence" for each fact whose absence left models out."""
        return [str(UNKNOWN_FACTS[key]) % {"count": n} for key, n in sorted(self.unknown.items())]

    @property
    def missing_facts_words(self) -> str:
        """The missing facts as one list, for the page."""
        return separator().join(self.missing_facts)

    @property
    def pool_words(self) -> str:
        branches = OUTCOME_BRANCHES[self.needs.outcome]
        return and_list(Branch(b).label.lower() for b in branches)


def make_shortlist(needs: Needs, candidates: list[Candidate], relax: bool = True) -> Shortlist:
    """The models meeting every constraint, newest first, with what was left out and why."""
    branches = set(OUTCOME_BRANCHES[needs.outcome])
    pool = [c for c in candidates if c.branch in branches]
    verdicts = [check(needs, c) for c in pool]
    fits = [v for v in verdicts if v.result == FITS]
    unknown: dict[str, int] = {}
    left_out_unknown = 0
    not_active = 0
    for verdict in verdicts:
        if verdict.result == UNKNOWN:
            left_out_unknown += 1
            for constraint in verdict.unknown:
                unknown[constraint] = unknown.get(constraint, 0) + 1
        if verdict.failed == ["lifecycle"] and not verdict.unknown:
            not_active += 1
    ranking = picks.rank(needs, fits)
    shortlist = Shortlist(needs, ranking.ranked, len(pool), unknown, left_out_unknown, not_active)
    shortlist.ranking = ranking
    if relax and not fits:
        shortlist.relaxations = relaxations(needs, pool, verdicts)
    return shortlist


def relaxations(needs: Needs, pool: list[Candidate], verdicts: list[Verdict]) -> list[Relaxation]:
    """Each single constraint loosened in turn, kept when it lets some model fit."""
    options: list[tuple[str, Needs]] = []
    if needs.commercial == "yes":
        options.append(
            (_("accept commercial terms with conditions"), replace(needs, commercial="conditional"))
        )
    if needs.commercial != "not-needed":
        options.append(
            (_("drop the need for commercial use"), replace(needs, commercial="not-needed"))
        )
    if needs.own_gpu:
        if needs.bits == 16:
            options.append((_("accept 4-bit quantised weights"), replace(needs, bits=4)))
        # The least memory that would do, among models failing on memory alone.
        needed = [
            memory_gb(v.candidate.sizes[0].billions, needs.bits)
            for v in verdicts
            if v.failed == ["memory"] and not v.unknown
        ]
        if needed:
            gb = _round_up_gb(min(needed))
            options.append((_("use a GPU with %(gb)s GB") % {"gb": gb}, replace(needs, gpu_gb=gb)))
        options.append(
            (
                _("drop the own-hardware limit (released weights, any GPU)"),
                replace(needs, run="open-weights"),
            )
        )
    elif needs.run == "open-weights" and needs.outcome == Outcome.LLM:
        options.append((_("accept a model behind an API"), replace(needs, run="api")))
    if needs.context:
        longest = [
            v.candidate.context
            for v in verdicts
            if v.failed == ["context"] and not v.unknown and v.candidate.context
        ]
        if longest:
            tokens = max(longest)
            options.append(
                (
                    _("settle for %(tokens)s tokens of context") % {"tokens": f"{tokens:,}"},
                    replace(needs, context=tokens),
                )
            )
        else:
            options.append((_("drop the context length"), replace(needs, context=0)))
    if needs.reasoning:
        options.append((_("drop the need for reasoning"), replace(needs, reasoning=False)))
    if needs.language:
        options.append(
            (
                _("drop the need for %(language)s") % {"language": languages.name(needs.language)},
                replace(needs, language=""),
            )
        )
    if needs.purpose and needs.purpose != Purpose.CHAT:
        options.append((_("accept any chat model"), replace(needs, purpose="")))
    for modality in needs.inputs:
        if modality != "text" or len(needs.inputs) > 1:
            rest = tuple(m for m in needs.inputs if m != modality) or ("text",)
            options.append(
                (
                    _("drop the %(modality)s input")
                    % {"modality": Modality(modality).label.lower()},
                    replace(needs, inputs=rest),
                )
            )
    found = []
    for text, relaxed in options:
        count = sum(1 for c in pool if check(relaxed, c).result == FITS)
        if count:
            found.append(Relaxation(text, relaxed, count))
    return found


def _round_up_gb(gb: float) -> int:
    """The next common GPU memory size at or above `gb`, or `gb` rounded up."""
    for choice in GPU_CHOICES:
        if choice >= gb:
            return choice
    return int(-(-gb // 1))
