"""BibTeX entries: types by venue, keys, escaping, authors; checked by a small BibTeX reader."""

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from catalog import bibtex
from catalog.models import Paper


def read_entries(text: str) -> list[dict]:
    """Parse BibTeX the way BibTeX does: braces are counted whatever precedes them.

    Returns [{"type", "key", fields...}]; fails on anything malformed.
    """
    entries, pos = [], 0
    header = re.compile(r"\s*@(\w+)\{([^,\s{}]+),\n")
    field = re.compile(r"\s*(\w+) = \{")
    while pos < len(text.rstrip()):
        match = header.match(text, pos)
        assert match, f"no entry header at {text[pos : pos + 40]!r}"
        entry = {"type": match.group(1), "key": match.group(2)}
        pos = match.end()
        while True:
            match = field.match(text, pos)
            if not match:
                break
            depth, start, i = 1, match.end(), match.end()
            while depth:
                assert i < len(text), "unbalanced braces"
                depth += {"{": 1, "}": -1}.get(text[i], 0)
                i += 1
            assert text[i] == ",", "field does not end with a comma"
            assert match.group(1) not in entry, f"duplicate field {match.group(1)}"
            entry[match.group(1)] = text[start : i - 1]
            pos = i + 1
        match = re.compile(r"\s*\}\n").match(text, pos)
        assert match, f"entry not closed at {text[pos : pos + 40]!r}"
        pos = match.end()
        entries.append(entry)
    return entries


UNESCAPE = {latex: char for char, latex in bibtex.LATEX_SPECIALS.items()}


def unescape(value: str) -> str:
    pattern = "|".join(re.escape(latex) for latex in sorted(UNESCAPE, key=len, reverse=True))
    return re.sub(pattern, lambda m: UNESCAPE[m.group()], value)


def paper(**fields) -> Paper:
    fields.setdefault("slug", "some-paper-2023")
    fields.setdefault("title", "Some Paper")
    fields.setdefault("year", 2023)
    return Paper(**fields)


@pytest.mark.parametrize(
    ("venue", "url", "expected"),
    [
        ("arXiv", "https://arxiv.org/abs/2304.13712", "article"),
        ("", "https://arxiv.org/abs/2304.13712", "article"),
        ("JMLR", "", "article"),
        ("TACL 2017", "", "article"),
        ("Nature Machine Intelligence", "", "article"),
        ("Review of Communication Research", "", "article"),
        ("ICLR 2020", "", "inproceedings"),
        ("NeurIPS 2022", "", "inproceedings"),
        ("NIPS 2017", "", "inproceedings"),
        ("Findings of EMNLP 2021", "", "inproceedings"),
        ("BigScience Episode #5 Workshop, ACL 2022", "", "inproceedings"),
        ("FAT* 2018", "", "inproceedings"),
        ("SC 2021", "", "inproceedings"),
        ("Blog", "", "misc"),
        ("Blog (GitHub Gist)", "", "misc"),
        ("GitHub repository", "", "misc"),
        ("Course", "", "misc"),
        ("Web page", "", "misc"),
        ("Model card", "", "misc"),
        ("OpenAI report", "", "misc"),
        ("AI21 Labs white paper", "", "misc"),
        ("", "https://example.org/", "misc"),
        ("Something Unheard Of", "", "misc"),
    ],
)
def test_entry_type_follows_the_venue(venue, url, expected):
    assert bibtex.entry_type(paper(venue=venue, url=url)) == expected


def test_arxiv_preprint_entry():
    text = bibtex.entry(
        paper(
            slug="harnessing-llms-2023",
            title="Harnessing the Power of LLMs in Practice",
            authors="Jingfeng Yang et al.",
            venue="arXiv",
            url="https://arxiv.org/abs/2304.13712v2",
        )
    )
    [entry] = read_entries(text)
    assert entry == {
        "type": "article",
        "key": "harnessingllms2023",
        "title": "Harnessing the Power of {LLMs} in Practice",
        "author": "Jingfeng Yang and others",
        "journal": "arXiv preprint arXiv:2304.13712",
        "year": "2023",
        "url": "https://arxiv.org/abs/2304.13712v2",
        "eprint": "2304.13712",
        "archiveprefix": "arXiv",
    }


def test_conference_entry_cites_the_proceedings_year():
    [entry] = read_entries(bibtex.entry(paper(venue="ICLR 2020", year=2019)))
    assert entry["type"] == "inproceedings"
    assert entry["booktitle"] == "ICLR 2020"
    assert entry["year"] == "2020"


def test_misc_entry_and_an_undated_page():
    [entry] = read_entries(
        bibtex.entry(paper(venue="GitHub repository", authors="OpenAI", year=None, url=""))
    )
    assert entry["type"] == "misc"
    assert entry["howpublished"] == "GitHub repository"
    assert entry["author"] == "{OpenAI}"
    assert "year" not in entry and "url" not in entry


@pytest.mark.parametrize(
    ("authors", "expected"),
    [
        ("Jane Doe et al.", "Jane Doe and others"),
        ("Jane Doe et al", "Jane Doe and others"),
        ("Jane Doe, John Roe et al.", "Jane Doe and John Roe and others"),
        ("Jane Doe, John Roe and Ann Poe", "Jane Doe and John Roe and Ann Poe"),
        ("Nomic AI", "{Nomic AI}"),
        ("Stanford CRFM / tatsu-lab", "{Stanford CRFM / tatsu-lab}"),
        ("Smith & Wesson Labs", r"{Smith \& Wesson Labs}"),
        ("  ", ""),
    ],
)
def test_authors(authors, expected):
    assert bibtex.authors(authors) == expected


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("BERT: Pre-training of Deep Bidirectional Transformers", "{BERT}: Pre-training of"),
        ("Few-Shot Learners", "Few-Shot Learners"),
        ("Exploring T5 and GPT-3", "Exploring {T5} and {GPT-3}"),
        ("Can ChatGPT Understand Too?", "Can {ChatGPT} Understand Too?"),
        ("Methods, Analysis & Insights", r"Methods, Analysis \& Insights"),
    ],
)
def test_title_keeps_the_case_of_acronyms(title, expected):
    assert bibtex.protect_title(title).startswith(expected)


def test_special_characters_are_escaped_and_braces_stay_balanced():
    title = r"100% {of} $x_1$ & #2 ~ ^ \ end }{"
    [entry] = read_entries(bibtex.entry(paper(title=title, venue="Blog")))
    assert unescape(entry["title"]) == title
    assert re.search(r"(?<!\\)[%&#$_]", entry["title"]) is None


def test_url_is_verbatim_but_cannot_break_the_field():
    [entry] = read_entries(bibtex.entry(paper(url="https://example.org/a_b%20c?x={y}")))
    assert entry["url"] == "https://example.org/a_b%20c?x=%7By%7D"


def test_keys_are_the_slug_without_hyphens_and_collisions_keep_the_slug():
    papers = [paper(slug="gpt-3-2020"), paper(slug="gpt3-2020"), paper(slug="opt-2022")]
    keys = [entry["key"] for entry in read_entries("".join(bibtex.entries(papers)))]
    assert keys == ["gpt32020", "gpt3-2020", "opt2022"]


@settings(max_examples=200, derandomize=True)
@given(st.text(st.characters(codec="utf-8"), max_size=80))
def test_any_text_escapes_to_a_balanced_field_that_reads_back(text):
    escaped = bibtex.escape(text)
    depth = 0
    for char in escaped:
        depth += {"{": 1, "}": -1}.get(char, 0)
        assert depth >= 0
    assert depth == 0
    expected = " ".join(re.sub(r"[\x00-\x08\x0b-\x1f\x7f]", "", text).split())
    assert unescape(escaped) == expected


def test_every_seed_paper_gives_a_readable_entry_with_a_unique_key(seeded):
    papers = list(Paper.objects.order_by("slug"))
    entries = read_entries("".join(bibtex.entries(papers)))
    assert len(entries) == len(papers) > 100
    assert len({e["key"] for e in entries}) == len(entries)
    assert all(e["key"] == p.slug.replace("-", "") for e, p in zip(entries, papers, strict=True))
    for entry, source in zip(entries, papers, strict=True):
        assert "title" in entry
        if entry["type"] == "article":
            assert entry["journal"]
        if entry["type"] == "inproceedings":
            assert entry["booktitle"] == bibtex.escape(source.venue)
