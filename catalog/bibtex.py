"""BibTeX for papers, generated from their fields: one entry, or a whole filtered list.

The entry type follows the venue: `@article` for arXiv preprints and journals,
`@inproceedings` for conferences and workshops, `@misc` for blogs, repositories, courses,
reports and anything unrecognised (it has no required fields, so it is always valid).
The key is the paper's slug without hyphens (`albert-2019` -> `albert2019`): stable as long
as the slug is.

Values are escaped for LaTeX, and braces are written as commands so that BibTeX's own
brace counting (which ignores backslashes) always sees balanced fields.
"""

import re
from collections.abc import Iterable, Iterator

from .models import Paper

CONTENT_TYPE = "text/x-bibtex; charset=utf-8"

LATEX_SPECIALS = {
    "\\": r"\textbackslash{}",
    "{": r"\textbraceleft{}",
    "}": r"\textbraceright{}",
    "&": r"\&",
    "%": r"\%",
    "$": r"\$",
    "#": r"\#",
    "_": r"\_",
    "~": r"\textasciitilde{}",
    "^": r"\textasciicircum{}",
}
_SPECIAL_RE = re.compile("|".join(re.escape(c) for c in LATEX_SPECIALS))
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

MISC_VENUE = re.compile(
    r"\b(blog|github|gist|repository|repo|course|web ?page|website|model card|report|"
    r"white ?paper|documentation|tutorial|newsletter)\b",
    re.IGNORECASE,
)
CONFERENCE_VENUE = re.compile(
    r"\b(conference|proceedings|workshop|symposium|findings|"
    r"ACL|EMNLP|NAACL|EACL|AACL|COLING|CoNLL|LREC|IJCNLP|NeurIPS|NIPS|ICLR|ICML|AAAI|IJCAI|"
    r"CVPR|ICCV|ECCV|KDD|WWW|SIGIR|WSDM|CIKM|FAccT|FAT\*|MLSys|SC|WMT|EAMT|EGC|AISTATS|UAI|"
    r"COLT|ICASSP|INTERSPEECH)(?=\W|$)",
    re.IGNORECASE,
)
JOURNAL_VENUE = re.compile(
    r"\b(journal|transactions|review|letters|magazine|JMLR|TMLR|TACL|Nature|Science|PNAS|"
    r"Bioinformatics|Machine Intelligence)\b",
    re.IGNORECASE,
)
ARXIV_URL = re.compile(
    r"^https?://(?:www\.)?arxiv\.org/(?:abs|pdf)/([^\s?#]+?)(?:v\d+)?(?:\.pdf)?$"
)
VENUE_YEAR = re.compile(r"\b(19|20)\d\d\b")
ET_AL = re.compile(r",?\s*\bet\s+al\.?\s*$", re.IGNORECASE)


def escape(text: str) -> str:
    """Plain text as a LaTeX-safe BibTeX field value (control characters dropped)."""
    text = _CONTROL_RE.sub("", text)
    text = " ".join(text.split())
    return _SPECIAL_RE.sub(lambda match: LATEX_SPECIALS[match.group()], text)


def protect_title(title: str) -> str:
    """Escaped title whose acronyms and brand names keep their capitals (`{BERT}`, `{ChatGPT}`)."""
    words = []
    for word in escape(title).split(" "):
        core = re.sub(r"^[^\w]+|[^\w]+$", "", word)
        if core and "\\" not in word and any(_keeps_case(part) for part in core.split("-")):
            word = word.replace(core, "{" + core + "}", 1)
        words.append(word)
    return " ".join(words)


def _keeps_case(part: str) -> bool:
    """A capital after the first letter (BERT, ChatGPT) or letters with digits (T5)."""
    has_letters = any(c.isalpha() for c in part)
    return any(c.isupper() for c in part[1:]) or (
        has_letters and any(c.isdigit() for c in part) and any(c.isupper() for c in part)
    )


def key(paper: Paper) -> str:
    """The citation key: the slug without hyphens."""
    return paper.slug.replace("-", "")


def entry_type(paper: Paper) -> str:
    venue = paper.venue.strip()
    if MISC_VENUE.search(venue):
        return "misc"
    if re.search(r"\barxiv\b", venue, re.IGNORECASE) or (not venue and arxiv_id(paper.url)):
        return "article"
    if CONFERENCE_VENUE.search(venue):
        return "inproceedings"
    if JOURNAL_VENUE.search(venue):
        return "article"
    return "misc"


def arxiv_id(url: str) -> str | None:
    match = ARXIV_URL.match(url or "")
    return match.group(1) if match else None


def authors(text: str) -> str:
    """`Jane Doe et al.` -> `Jane Doe and others`; a list keeps its names; anything else
    (a company, a lab, a team) is one braced name so styles print it as written."""
    text = " ".join(text.split())
    if not text:
        return ""
    others = bool(ET_AL.search(text))
    text = ET_AL.sub("", text).strip(" ,")
    names = [n.strip() for n in re.split(r",\s*|\s+and\s+", text) if n.strip()]
    if others or len(names) > 1:
        names = [escape(n) for n in names]
        if others:
            names.append("others")
        return " and ".join(names)
    return "{" + escape(text) + "}"


def _url(url: str) -> str:
    """URLs stay verbatim (for \\url), except the characters that would break the field."""
    return re.sub(r"[{}\\\s]", lambda m: f"%{ord(m.group()):02X}", url)


def fields(paper: Paper) -> list[tuple[str, str]]:
    kind = entry_type(paper)
    venue = escape(paper.venue)
    result = [("title", protect_title(paper.title))]
    if paper.authors.strip():
        result.append(("author", authors(paper.authors)))
    eprint = arxiv_id(paper.url)
    if kind == "article":
        if re.search(r"\barxiv\b", paper.venue, re.IGNORECASE) or not paper.venue.strip():
            venue = f"arXiv preprint arXiv:{escape(eprint)}" if eprint else "arXiv preprint"
        result.append(("journal", venue))
    elif kind == "inproceedings":
        result.append(("booktitle", venue))
    elif venue:
        result.append(("howpublished", venue))
    year = paper.year
    venue_year = VENUE_YEAR.search(paper.venue)
    if kind == "inproceedings" and venue_year:
        year = int(venue_year.group())  # cite the proceedings, not the preprint
    if year:
        result.append(("year", str(year)))
    if paper.url:
        result.append(("url", _url(paper.url)))
    if eprint:
        result += [("eprint", escape(eprint)), ("archiveprefix", "arXiv")]
    return result


def entry(paper: Paper, citation_key: str | None = None) -> str:
    """One BibTeX entry, ending with a newline."""
    lines = [f"@{entry_type(paper)}{{{citation_key or key(paper)},"]
    lines += [f"  {name} = {{{value}}}," for name, value in fields(paper)]
    lines.append("}")
    return "\n".join(lines) + "\n"


def entries(papers: Iterable[Paper]) -> Iterator[str]:
    """Entries for a list, blank-line separated. If two slugs collapse to the same key
    (`gpt-3-2020`, `gpt3-2020`), the later entry keeps its full slug as key."""
    seen = set()
    for index, paper in enumerate(papers):
        citation_key = key(paper)
        if citation_key in seen:
            citation_key = paper.slug
        seen.add(citation_key)
        yield ("\n" if index else "") + entry(paper, citation_key)
