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
    "not-needed": "Not needed (research or personal use)",
    "conditional": "Needed; conditions such as user caps or an acceptable-use policy are fine",
    "yes": "Needed, with no conditions attached",
}
RUN = {
    "api": "An API is fine",
    "open-weights": "I need the weights, but not on my own GPU",
    "own-gpu": "It must run on my own hardware",
}
BITS = {4: "4-bit quantised weights are fine", 16: "16-bit weights only"}
REASONING = {"any": "Not needed", "yes": "Yes, a model trained to reason before answering"}
INPUTS = dict(Modality.choices)
PURPOSES = {"": "Any", **dict(Purpose.choices)}
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
        if self.commercial != "not-needed":
            words.append(
                "commercial use" + (" without conditions" if self.commercial == "yes" else "")
            )
        if self.own_gpu:
            words.append(f"{self.gpu_gb} GB of GPU memory at {self.bits}-bit")
        elif self.needs_weights:
            words.append("released weights")
        if self.context:
            words.append(f"a context of at least {self.context:,} tokens")
        words.append(" and ".join(self.inputs) + " input")
        if self.reasoning:
            words.append("reasoning")
        if self.purpose:
            words.append(f"made for {Purpose(self.purpose).label.lower()}")
        if self.language:
            words.append(f"{languages.name(self.language)} listed by the maker")
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
                "the GPU memory (the catalog filters parameters of the largest size only, "
                "so check sizes there yourself)"
            )
        if len(self.inputs) > 1:
            gaps.append("reading every chosen input (the catalog lists models reading any)")
        if self.commercial == "conditional":
            gaps.append("a parent's ban on commercial use")
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

    def choice(key, options, default):
        value = data.get(key, default)
        if value in options:
            return value
        listed = ", ".join(str(option) for option in options if option)
        notices.append(f"Ignored {key}={_quote(value)}: not one of {listed}.")
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
            notices.append(
                f"Ignored {key}={_quote(value)}: not a whole number of {unit} "
                f"from {low:,} to {high:,}."
            )
            return default
        return number

    commercial = choice("commercial", COMMERCIAL, needs.commercial)
    run = choice("run", RUN, needs.run)
    if outcome == Outcome.FINE_TUNED and run == "api":
        run = "open-weights"  # fine-tuning here means holding the weights
        notices.append("Ignored run=“api”: fine-tuning a model here means holding its weights.")
    gpu_gb = number("gpu_gb", needs.gpu_gb, 1, MAX_GPU_GB, "GB")
    bits = int(choice("bits", [str(b) for b in BITS], str(needs.bits)))
    context = number("context", 0, 0, MAX_CONTEXT, "tokens")
    getlist = data.getlist if hasattr(data, "getlist") else lambda k: data.get(k, [])
    inputs = []
    for value in getlist("input"):
        if value in Modality.values and value not in inputs:
            inputs.append(value)
        elif value not in Modality.values:
            notices.append(
                f"Ignored input={_quote(value)}: not one of {', '.join(Modality.values)}."
            )
    inputs = [m for m in Modality.values if m in inputs] or list(needs.inputs)
    reasoning = choice("reasoning", REASONING, "any") == "yes"
    purpose = choice("purpose", PURPOSES, "")
    language = data.get("language", "") or ""
    if language and not LANGUAGE_RE.match(language):
        notices.append(
            f"Ignored language={_quote(language)}: give an ISO 639-1 code such as zh or en."
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
                f"Ignored {key}={_quote(value)}: not a number of millions of tokens "
                f"from 0 to {MAX_MONTHLY_MTOK:,}."
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


# The facts a pick's "why" and its checks rest on; a doubt when only third parties say them.
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
        steps.append(f"{_relation_label(reach.relation)} {candidates[node].name}")
        node = reach.via
    return ", ".join(reversed(steps))


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
    "lifecycle": "Lifecycle",
    "purpose": "Purpose",
    "language": "Language",
    "weights": "Weights",
    "commercial": "Licence",
    "memory": "Memory",
    "context": "Context",
    "input": "Input",
    "reasoning": "Reasoning",
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
            Check("reasoning", FITS, "trained to reason before answering")
            if model.reasoning
            else Check("reasoning", FAILS, "not trained to reason")
        )
    return Verdict(model, checks, size)


def _lifecycle(model):
    if model.lifecycle == Lifecycle.ACTIVE:
        return Check("lifecycle", FITS, "active")
    return Check("lifecycle", FAILS, Lifecycle(model.lifecycle).label.lower())


def _purpose(needs, model):
    """The purpose asked for, among those its maker offers it for; never a classifier,
    reward or embedding model where a chat model is wanted."""
    if not model.purposes:
        if needs.purpose:
            return Check("purpose", UNKNOWN, "purposes not recorded")
        return Check("purpose", FITS, "purposes not recorded")
    labels = ", ".join(Purpose(p).label.lower() for p in model.purposes if p in Purpose.values)
    if needs.chat and set(model.purposes) & NOT_CHAT and Purpose.CHAT not in model.purposes:
        return Check("purpose", FAILS, f"not a chat model: {labels}")
    if needs.purpose and needs.purpose not in model.purposes:
        return Check("purpose", FAILS, labels)
    return Check("purpose", FITS, labels)


def _language(needs, model):
    name = languages.name(needs.language)
    if needs.language in model.languages:
        return Check("language", FITS, f"{name} listed by the maker")
    if model.languages_unlisted or not model.languages:
        return Check("language", UNKNOWN, f"{name} not listed by the maker")
    return Check("language", FAILS, f"{name} not among the {len(model.languages)} listed")


def _weights(model):
    if model.access != ModelAccess.OPEN:
        return Check("weights", FAILS, "weights not released")
    how = Weights(model.weights).label.lower() if model.weights else "released"
    return Check("weights", FITS, how)


def _commercial(needs, model):
    own = model.own_terms
    if not own.commercial:
        return Check("commercial", UNKNOWN, "no licence recorded")
    effective = model.commercial
    wanted = {CommercialUse.YES} | (
        {CommercialUse.CONDITIONAL} if needs.commercial == "conditional" else set()
    )
    reason = f"{own.licence}: {CommercialUse(own.commercial).label.lower()}"
    binding = [t for t in model.inherited if _PERMISSIVENESS[CommercialUse(t.commercial)] < 2]
    for terms in binding:
        reason += (
            f"; bound by {terms.licence} ({CommercialUse(terms.commercial).label.lower()}), "
            f"{terms.via}"
        )
    if not binding and needs.commercial == "yes":
        reason += "; no restriction inherited"
    return Check("commercial", FITS if effective in wanted else FAILS, reason)


def _memory(needs, model):
    if not model.sizes:
        return Check("memory", UNKNOWN, "parameter count not published"), None
    fitting = [s for s in model.sizes if memory_gb(s.billions, needs.bits) <= needs.gpu_gb]
    if not fitting:
        smallest = model.sizes[0]
        return (
            Check(
                "memory",
                FAILS,
                f"smallest size {_size_words(smallest)} needs "
                f"{memory_gb(smallest.billions, needs.bits):,.1f} GB at {needs.bits}-bit",
            ),
            None,
        )
    size = fitting[-1]
    other = 4 if needs.bits == 16 else 16
    reason = (
        f"{_size_words(size)}: about {memory_gb(size.billions, needs.bits):,.1f} GB at "
        f"{needs.bits}-bit ({memory_gb(size.billions, other):,.1f} GB at {other}-bit)"
    )
    return Check("memory", FITS, reason), size


def _size_words(size: Size) -> str:
    billions = f"{size.billions:g}B"
    if not size.label or size.label == billions:
        return billions + " parameters"
    return f"{size.label} ({billions} parameters)"


def _context(needs, model):
    if model.context is None:
        return Check("context", UNKNOWN, "context length not recorded")
    result = FITS if model.context >= needs.context else FAILS
    return Check("context", result, f"{model.context:,} tokens")


def _inputs(needs, model):
    if not model.inputs:
        return Check("input", UNKNOWN, "input modalities not recorded")
    missing = [m for m in needs.inputs if m not in model.inputs]
    reads = ", ".join(m for m in Modality.values if m in model.inputs)
    return Check("input", FAILS if missing else FITS, reads)


# --- The shortlist -----------------------------------------------------------------------


@dataclass(frozen=True)
class Relaxation:
    """One constraint loosened, and how many models would then fit."""

    text: str
    needs: Needs
    count: int


UNKNOWN_FACTS = {
    "purpose": "recorded purposes",
    "language": "the language listed",
    "commercial": "a licence",
    "memory": "a parameter count",
    "context": "a context length",
    "input": "input modalities",
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
    def missing_facts(self) -> list[tuple[int, str]]:
        """(models, fact) for each fact whose absence left models out."""
        return [(n, UNKNOWN_FACTS[key]) for key, n in sorted(self.unknown.items())]

    @property
    def pool_words(self) -> str:
        branches = OUTCOME_BRANCHES[self.needs.outcome]
        return " and ".join(Branch(b).label.lower() for b in branches).replace(
            " and ", ", ", len(branches) - 2
        )


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
            ("accept commercial terms with conditions", replace(needs, commercial="conditional"))
        )
    if needs.commercial != "not-needed":
        options.append(
            ("drop the need for commercial use", replace(needs, commercial="not-needed"))
        )
    if needs.own_gpu:
        if needs.bits == 16:
            options.append(("accept 4-bit quantised weights", replace(needs, bits=4)))
        # The least memory that would do, among models failing on memory alone.
        needed = [
            memory_gb(v.candidate.sizes[0].billions, needs.bits)
            for v in verdicts
            if v.failed == ["memory"] and not v.unknown
        ]
        if needed:
            gb = _round_up_gb(min(needed))
            options.append((f"use a GPU with {gb} GB", replace(needs, gpu_gb=gb)))
        options.append(
            (
                "drop the own-hardware limit (released weights, any GPU)",
                replace(needs, run="open-weights"),
            )
        )
    elif needs.run == "open-weights" and needs.outcome == Outcome.LLM:
        options.append(("accept a model behind an API", replace(needs, run="api")))
    if needs.context:
        longest = [
            v.candidate.context
            for v in verdicts
            if v.failed == ["context"] and not v.unknown and v.candidate.context
        ]
        if longest:
            tokens = max(longest)
            options.append(
                (f"settle for {tokens:,} tokens of context", replace(needs, context=tokens))
            )
        else:
            options.append(("drop the context length", replace(needs, context=0)))
    if needs.reasoning:
        options.append(("drop the need for reasoning", replace(needs, reasoning=False)))
    if needs.language:
        options.append(
            (
                f"drop the need for {languages.name(needs.language)}",
                replace(needs, language=""),
            )
        )
    if needs.purpose and needs.purpose != Purpose.CHAT:
        options.append(("accept any chat model", replace(needs, purpose="")))
    for modality in needs.inputs:
        if modality != "text" or len(needs.inputs) > 1:
            rest = tuple(m for m in needs.inputs if m != modality) or ("text",)
            options.append((f"drop the {modality} input", replace(needs, inputs=rest)))
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
