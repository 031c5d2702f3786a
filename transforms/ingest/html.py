"""Main text and metadata of one saved web page: extractor views and the page's classified visible text, combined."""

from __future__ import annotations

import logging
import re
from typing import Any

from transforms.ingest.fields import _language_code, _normalise_newlines, _Reject, _split_authors, _str_or_none

# trafilatura's fallback extractors return menu crumbs ("Home") for pages without an article; fewer
# words than this is not a main text.
MIN_HTML_MAIN_TEXT_WORDS = 3
_HTML_LANG = re.compile(r"""<html\b[^>]*?\blang\s*=\s*["']?([A-Za-z]{2,3})(?:[-_][A-Za-z0-9]+)?""", re.I)
# Dates the page declares (markup, meta tags, URL); extensive_search would guess them from free text.
DATE_EXTRACTION_PARAMS = {"extensive_search": False, "original_date": True}

# What a browser does not render, or renders without copyable text (the HTML Living Standard's "hidden"
# elements, scripting, embedded content and form controls).
NOT_RENDERED = frozenset(
    "script style noscript template head title meta link base svg math iframe object embed canvas "
    "select option optgroup textarea input datalist audio video source track map area picture".split()
)
# Elements a browser lays out as blocks (HTML Living Standard, "Rendering", display: block and friends),
# plus <br>, <img> and table rows: each starts a new line when the page is selected and copied.
BLOCK_ELEMENTS = frozenset(
    "address article aside blockquote body caption center dd details dialog div dl dt fieldset figcaption "
    "figure footer form h1 h2 h3 h4 h5 h6 header hgroup hr html img legend li main menu nav ol p pre section "
    "summary table tbody tfoot thead tr ul br".split()
)
TABLE_CELLS = frozenset({"td", "th"})
_HIDDEN_STYLE = re.compile(r"display\s*:\s*none|visibility\s*:\s*hidden", re.I)
_LINE_BREAK = "\x00"  # not in decoded text (parse rejects NUL), so a safe marker for block boundaries
_SPACES = re.compile(r"\s+")

_LOG = logging.getLogger(__name__)


def parse_page(html: str) -> Any:
    """The page's lxml tree as trafilatura loads it (its parser, its repairs), or None when it does not parse.

    Parsed once per page and shared by every view (the select-all text, trafilatura, readability, the date
    readers); the views that change a tree work on a copy.  Comments and processing instructions are removed
    while parsing: libxml2 mis-nests some framework markers (<!--[-->) otherwise.  Markup trafilatura refuses
    as not HTML (a bare fragment) is parsed by lxml with the same settings, so its visible text still counts.
    """
    tree = _trafilatura_tree(html)
    return tree if tree is not None else _fragment_tree(html)


def _trafilatura_tree(html: str) -> Any:
    from trafilatura.utils import load_html

    try:
        return load_html(html)
    except (ValueError, TypeError):
        return None


def _fragment_tree(html: str) -> Any:
    import lxml.html
    from lxml import etree
    from trafilatura.utils import HTML_PARSER

    try:
        return lxml.html.fromstring(html, parser=HTML_PARSER)
    except (etree.ParserError, ValueError, TypeError):
        return None


def page_text_lines(html: Any) -> list[str]:
    """The page's visible text, one line per block: what selecting all and copying in a browser gives.

    ``html`` is the page's markup or its tree from ``parse_page`` (which this only reads).  Scripts, styles
    and other unrendered elements are dropped, and so are elements hidden by an inline style; whitespace
    inside a block collapses as a browser collapses it (not inside <pre>).  The walk is iterative and libxml2
    bounds the tree depth, so hostile nesting cannot exhaust the stack.  Markup that does not parse gives no
    lines.
    """
    from lxml import etree

    root = parse_page(html) if isinstance(html, str) else html
    if root is None:
        return []
    parts: list[str] = []
    in_pre = 0
    skipped: set[Any] = set()

    def add(text: str | None) -> None:
        if text:
            parts.append(text if in_pre else _SPACES.sub(" ", text))

    walker = etree.iterwalk(root, events=("start", "end"))
    for event, element in walker:
        tag = element.tag.lower() if isinstance(element.tag, str) else None
        if event == "start":
            if tag is None or tag in NOT_RENDERED or _HIDDEN_STYLE.search(element.get("style") or ""):
                walker.skip_subtree()
                skipped.add(element)
                continue
            if tag in BLOCK_ELEMENTS:
                parts.append(_LINE_BREAK)
            elif tag in TABLE_CELLS:
                parts.append(" ")
            in_pre += tag == "pre"
            add(element.text)
        else:
            if element not in skipped:
                if tag in BLOCK_ELEMENTS:
                    parts.append(_LINE_BREAK)
                in_pre -= tag == "pre"
            if element is not root:  # the root's tail lies outside the element read (a microdata body)
                add(element.tail)
    text = "".join(parts).replace("\n", _LINE_BREAK)
    return [" ".join(line.split()) for line in text.split(_LINE_BREAK) if line.strip()]


# Every trafilatura view: article text and its tables; no comments, images or links; repeated blocks kept for
# the clean stage to judge (it records what it removes).
_EXTRACTION_OPTIONS = {
    "include_comments": False,
    "include_tables": True,
    "include_images": False,
    "include_links": False,
    "deduplicate": False,
}


def _trafilatura_view(html: Any, url: str | None) -> dict[str, Any]:
    """trafilatura's main text and metadata (comments excluded), {} when it finds no main text.

    ``html``: markup or a tree from ``parse_page``; trafilatura copies a tree before it prunes it.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, url=url, with_metadata=True, date_extraction_params=DATE_EXTRACTION_PARAMS, **_EXTRACTION_OPTIONS
    )
    if doc is None:
        return {}
    return doc.as_dict() if hasattr(doc, "as_dict") else dict(doc)


def _other_views(html: Any, url: str | None) -> list[str]:
    """Main texts of other extractors for the page, voting beside trafilatura's default (clean/combine.py).

    readability (trafilatura's port of readability-lxml), which scores paragraphs by text and link density
    instead of trafilatura's element rules: independent evidence.  trafilatura's own favor_recall and
    favor_precision modes voted too until they were measured: on the tuning part of the WCXB dev pages they
    changed no line's fate (F1, precision and recall equal to the fourth decimal without either or both; the
    same rules with other thresholds keep the same blocks where the vote matters), for 40% of the extraction
    time.  A view that fails or finds nothing is an empty text: it agrees with no line.  ``html``: markup or
    a tree from ``parse_page``; readability prunes the tree it is given, so it gets a copy.
    """
    from copy import deepcopy

    from trafilatura.readability_lxml import Document

    try:
        tree = parse_page(html) if isinstance(html, str) else deepcopy(html)
        summary = Document(tree, min_text_length=25).summary()
        return ["\n".join(page_text_lines(summary))]
    except Exception:  # the readability port raises many types on hostile markup; its view is then empty
        _LOG.debug("readability view failed", exc_info=True)
        return [""]


# schema.org types whose ``articleBody`` is the page's article text: Article and its subtypes (schema.org
# "Article" > "More specific Types", and NewsArticle's and BlogPosting's own subtypes).
ARTICLE_TYPES = frozenset(
    "Article NewsArticle BlogPosting SocialMediaPosting LiveBlogPosting DiscussionForumPosting Report "
    "ScholarlyArticle MedicalScholarlyArticle TechArticle APIReference AdvertiserContentArticle SatiricalArticle "
    "AnalysisNewsArticle AskPublicNewsArticle BackgroundNewsArticle OpinionNewsArticle ReportageNewsArticle "
    "ReviewNewsArticle ReviewArticle".split()
)


def structured_article_body(tree: Any, *, with_questions: bool = True) -> str:
    """The article text the publisher states in the page's structured data, "" when it states none.

    schema.org JSON-LD (``<script type="application/ld+json">``, objects at any depth, ``@graph`` included)
    whose ``@type`` is an Article type with an ``articleBody`` string, and microdata elements marked
    ``itemprop="articleBody"`` (their visible text).  With ``with_questions``, also the questions and accepted
    answers of schema.org ``Question`` objects (an FAQPage's ``mainEntity``): the publisher states them as the
    page's content, and they are the FAQ section closing many articles, which the extractors drop (collapsed
    accordions); on the tuning part of the WCXB dev pages HTML F1 0.9505 -> 0.9509.  Several bodies are joined
    one per line.  ``tree``: a tree from ``parse_page`` (only read).  Malformed JSON is skipped.
    """
    import json

    bodies: list[str] = []
    for script in tree.xpath("//script[@type]"):
        if script.get("type").strip().lower() != "application/ld+json" or not script.text:
            continue
        try:
            data = json.loads(script.text)
        except (ValueError, RecursionError):  # malformed, or nested past the parser's recursion limit
            continue
        stack = [data]
        while stack:
            item = stack.pop()
            if isinstance(item, list):
                stack.extend(reversed(item))
            elif isinstance(item, dict):
                types = item.get("@type")
                types = {types} if isinstance(types, str) else set(types) if isinstance(types, list) else set()
                body = item.get("articleBody")
                if types & ARTICLE_TYPES and isinstance(body, str) and body.strip():
                    bodies.append(_json_ld_text(body))
                if with_questions and "Question" in types:
                    bodies.extend(_question_texts(item))
                stack.extend(v for v in item.values() if isinstance(v, (dict, list)))
    for element in tree.xpath("//*[@itemprop]"):
        if "articleBody" in element.get("itemprop").split():
            bodies.extend(page_text_lines(element))
    return "\n".join(bodies)


def figure_captions(tree: Any) -> set[str]:
    """The lines of the page's figure captions (``<figcaption>`` elements), as ``page_text_lines`` gives them."""
    return {line for caption in tree.iter("figcaption") for line in page_text_lines(caption)}


_TAG = re.compile(r"<[^>]{0,500}>")


def _json_ld_text(value: str) -> str:
    """A JSON-LD text value as plain text: entities decoded, markup some publishers leave in it dropped."""
    from html import unescape

    return " ".join(_TAG.sub(" ", unescape(value)).split())


def _question_texts(question: dict[str, Any]) -> list[str]:
    """A schema.org Question's text (``name``, else ``text``) and its accepted answers' texts."""
    out = [question.get("name") or question.get("text")]
    answers = question.get("acceptedAnswer")
    for answer in answers if isinstance(answers, list) else [answers]:
        if isinstance(answer, dict):
            out.append(answer.get("text"))
    return [_json_ld_text(text) for text in out if isinstance(text, str) and text.strip()]


def _page_metadata(html: Any, url: str | None) -> dict[str, Any]:
    """Metadata alone (title, author, date, site), for pages whose main text trafilatura did not find."""
    from copy import deepcopy

    from trafilatura.metadata import extract_metadata

    meta = extract_metadata(
        html if isinstance(html, str) else deepcopy(html),
        default_url=url,
        date_config=DATE_EXTRACTION_PARAMS,
        extensive=False,
    )
    return meta.as_dict() if hasattr(meta, "as_dict") else {}


def _declared_date(html: Any, url: str | None) -> str | None:
    """htmldate's reading of the dates the page declares, where trafilatura's metadata has none.

    ``html``: markup or a tree from ``parse_page`` (htmldate copies a tree before it prunes it).
    """
    import htmldate

    return htmldate.find_date(html, url=url, **DATE_EXTRACTION_PARAMS)


def extract_html(html: str, *, url: str | None = None) -> dict[str, Any]:
    """Main text (one paragraph per line) and metadata of one HTML page; _Reject when there is no main text.

    Never raises anything else: extraction failures on hostile markup become rejects.  The page is parsed
    once (``parse_page``); the views share the tree.
    """
    from transforms.clean.combine import combine_views

    lang = _HTML_LANG.search(html[:20000])
    language = _language_code(lang.group(1)) if lang else None
    try:
        tree = _trafilatura_tree(html)
        # A fragment trafilatura refuses as a page: it says so again on the markup, the other views read lxml's tree.
        meta = _trafilatura_view(html if tree is None else tree, url)
        if tree is None:
            tree = _fragment_tree(html)
        if tree is None:
            raise _Reject("no_main_text", "the markup does not parse as HTML")
        page = page_text_lines(tree)
        extracted = _normalise_newlines(meta.get("text") or "")
        others = _other_views(tree, url) if extracted.strip() else []
        lines, _ = combine_views(
            extracted,
            page,
            language=language,
            other_views=others,
            publisher_text=structured_article_body(tree),
            caption_lines=figure_captions(tree),
        )
        if not meta:
            meta = _page_metadata(tree, url)
        date = _str_or_none(meta.get("date")) or _declared_date(tree, url)
    except _Reject:
        raise
    except Exception as exc:  # trafilatura/lxml/htmldate raise many types on hostile markup
        _LOG.debug("extraction failed", exc_info=True)
        raise _Reject("no_main_text", f"extraction failed: {type(exc).__name__}: {exc}") from None
    text = "\n".join(lines)
    if len(text.split()) < MIN_HTML_MAIN_TEXT_WORDS:
        raise _Reject("no_main_text", f"no main text found (got {len(text.split())} words)")
    return {
        "raw_text": text,
        "url": _str_or_none(meta.get("url")) or url,
        "title": _str_or_none(meta.get("title")),
        "authors": _split_authors(meta.get("author")),
        "published_raw": _str_or_none(date),
        "source_name": _str_or_none(meta.get("sitename")) or _str_or_none(meta.get("hostname")),
        "language": language,
    }
