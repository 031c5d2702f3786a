"""transforms/ingest/html.py and clean/combine.py: visible text, the two combined views, metadata, hostile markup."""

from __future__ import annotations

import json

import pytest

from tests.test_ingest import HTML_PAGE, files_frame
from transforms.clean.combine import combine_views, lines_in_view
from transforms.ingest import html as html_module
from transforms.ingest.fields import _Reject
from transforms.ingest.html import extract_html, page_text_lines, structured_article_body
from transforms.ingest.parse import parse_inputs

PARAGRAPHS = [
    "The harbour bridge reopened to traffic on Tuesday after six months of repairs to its steel deck, the city "
    "council said in a statement that was published on its website early in the morning, before the buses ran.",
    "Engineers replaced more than two hundred corroded girders and resurfaced the entire roadway, according to "
    "the council's transport department, which had closed the bridge in the spring after a routine inspection.",
    "Commuters welcomed the reopening, which cuts the journey between the two districts by almost forty minutes "
    "at peak times, and shop owners on both banks said they hoped that their customers would now come back.",
]
ITEMS = ["New lighting on both footpaths", "A wider cycle lane", "Repainted railings"]

# A page written for these tests (not copied from any site): a menu, an article with a list between two
# paragraphs, share buttons, a related-links box and a footer.
PAGE = f"""<!DOCTYPE html><html lang="en"><head><title>Harbour Bridge Reopens | Example Gazette</title>
<meta property="og:site_name" content="Example Gazette">
<meta name="author" content="Ada Lovelace">
<meta property="article:published_time" content="2024-03-05T10:30:00+00:00">
<style>body {{ color: red }}</style><script>var tracking = "do not show";</script></head>
<body><nav><ul><li><a href="/">Home</a></li><li><a href="/world">World</a></li><li><a href="/sport">Sport</a></li>
<li><a href="/culture">Culture</a></li></ul></nav>
<main><article><h1>Harbour Bridge Reopens</h1><p class="byline">By Ada Lovelace</p>
<div class="share"><a href="#">Share</a> <a href="#">Tweet</a></div>
<p>{PARAGRAPHS[0]}</p><p>{PARAGRAPHS[1]}</p>
<ul>{"".join(f"<li>{item}</li>" for item in ITEMS)}</ul>
<p>{PARAGRAPHS[2]}</p></article>
<aside><h2>Related articles</h2><ul><li><a href="/a">City budget passes after long debate</a></li>
<li><a href="/b">New ferry timetable starts in May</a></li></ul></aside></main>
<footer><p>© 2025 Example Gazette. All rights reserved.</p></footer></body></html>"""


def test_page_text_is_what_select_all_gives():
    html = (
        "<html><head><title>T</title><style>p {}</style></head><body>"
        "<div>Menu <a href='/'>Home</a></div><p>First <b>bold</b> para<br>graph</p>"
        "<script>alert('x')</script><noscript>enable js</noscript>"
        "<p style='display:none'>hidden</p><pre>a\n  b</pre>"
        "<table><tr><td>cell 1</td><td>cell 2</td></tr></table><p>tail</p></body></html>"
    )
    assert page_text_lines(html) == ["Menu Home", "First bold para", "graph", "a", "b", "cell 1 cell 2", "tail"]


def test_page_text_survives_framework_comment_markers():
    # Vue/Nuxt server rendering leaves <!--[--> markers that make libxml2 mis-nest the page when kept.
    html = "<html><body><div><!--[--><p>Visible text<!--]--></p><!--[--><p>More text</p><!--]--></div></body></html>"
    assert page_text_lines(html) == ["Visible text", "More text"]


def test_combined_views_keep_the_article_and_its_list():
    doc = extract_html(PAGE, url="https://gazette.example/bridge")
    lines = doc["raw_text"].split("\n")
    for line in [*PARAGRAPHS, *ITEMS]:
        assert line in lines
    text = doc["raw_text"]
    for furniture in ("Home", "Sport", "Tweet", "City budget", "All rights reserved", "do not show"):
        assert furniture not in text
    assert doc["title"].startswith("Harbour Bridge Reopens")
    assert doc["authors"] == ["Ada Lovelace"]
    assert doc["published_raw"].startswith("2024-03-05")
    assert doc["source_name"] == "Example Gazette"
    assert doc["language"] == "en"


def test_extractor_gaps_inside_the_main_text_are_filled():
    page = ["Home", "World", "Sport", PARAGRAPHS[0], *ITEMS, PARAGRAPHS[1], PARAGRAPHS[2], "Contact", "Careers"]
    extracted = "\n".join([PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2]])  # the extractor dropped the list
    lines, counts = combine_views(extracted, page, language="en")
    assert lines == [PARAGRAPHS[0], *ITEMS, PARAGRAPHS[1], PARAGRAPHS[2]]
    assert counts["added_gaps"] == len(ITEMS)


def test_extractor_furniture_and_text_outside_the_main_region_are_dropped():
    comment = (
        "Great article, I drive over that bridge every single day and I am so glad that it is finally open "
        "again, although the council really should have warned us much earlier about the closure."
    )
    page = [PARAGRAPHS[0], "Share", PARAGRAPHS[1], PARAGRAPHS[2], "2 Comments", "Jane Reader", comment, "Reply"]
    extracted = "\n".join([PARAGRAPHS[0], "Share", PARAGRAPHS[1], PARAGRAPHS[2], comment])
    lines, counts = combine_views(extracted, page, language="en")
    assert lines == PARAGRAPHS
    assert counts["dropped_furniture"] == 1 and counts["dropped_outside"] == 1


def test_a_line_every_view_keeps_stays_outside_the_main_region():
    # The comment heading ends the classifier's region; the table below it is held by every extractor view.
    rows = ["Bridge Length Opened", "North Bridge 420 m 1932", "Harbour Bridge 610 m 1958"]
    page = [PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2], "2 Comments", *rows]
    extracted = "\n".join([*PARAGRAPHS, *rows])
    lines, counts = combine_views(extracted, page, language="en", other_views=[extracted])
    assert lines == [*PARAGRAPHS, *rows]
    assert counts["kept_by_agreement"] == len(rows)
    # One view that does not hold the table is enough to leave the region's decision standing,
    lines, counts = combine_views(extracted, page, language="en", other_views=[extracted, "\n".join(PARAGRAPHS)])
    assert lines == PARAGRAPHS and counts["kept_by_agreement"] == 0
    # and with fewer views than min_agreeing_views (the extractor alone) agreement is no evidence.
    lines, counts = combine_views(extracted, page, language="en", other_views=[])
    assert lines == PARAGRAPHS and counts["dropped_outside"] == len(rows)


def test_a_table_only_another_view_holds_is_added_when_it_has_enough_rows():
    # After a comment heading (outside the classifier's region) a table the extractor dropped and readability kept.
    rows = ["North Bridge 420 m 1932", "Harbour Bridge 610 m 1958", "East Bridge 380 m 1971", "Old Ferry 2 boats 1890"]
    page = [*PARAGRAPHS, "2 Comments", *rows]
    extracted = "\n".join(PARAGRAPHS)
    readability = "\n".join([*PARAGRAPHS, *rows])
    lines, counts = combine_views(extracted, page, language="en", other_views=[readability])
    assert lines == [*PARAGRAPHS, *rows] and counts["added_table_rows"] == len(rows)
    # Fewer consecutive rows than min_table_rows are not a table,
    lines, counts = combine_views(extracted, page, language="en", other_views=[readability], min_table_rows=5)
    assert lines == PARAGRAPHS and counts["added_table_rows"] == 0
    # and rows no other view holds stay out.
    lines, counts = combine_views(extracted, page, language="en", other_views=[extracted])
    assert lines == PARAGRAPHS and counts["added_table_rows"] == 0


def test_the_structured_article_body_is_read_from_json_ld_and_microdata():
    body = " ".join(PARAGRAPHS[:2])
    graph = json.dumps(
        {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebPage", "articleBody": "not an article"},
                {
                    "@type": ["NewsArticle"],
                    "headline": "Harbour Bridge Reopens",
                    "articleBody": body.replace("'", "&#39;"),
                },
            ],
        }
    )
    html = (
        f'<html><head><script type="application/ld+json">{graph}</script>'
        '<script type="application/ld+json">{not json</script></head><body>'
        f'<div itemprop="articleBody"><p>{PARAGRAPHS[2]}</p></div>after the body</body></html>'
    )
    tree = html_module.parse_page(html)
    assert structured_article_body(tree).split("\n") == [body, PARAGRAPHS[2]]
    # An FAQPage's questions and accepted answers are stated content too (markup in them dropped).
    faq = json.dumps(
        {
            "@type": "FAQPage",
            "mainEntity": [
                {
                    "@type": "Question",
                    "name": "When did the bridge reopen?",
                    "acceptedAnswer": {"@type": "Answer", "text": "<p>On Tuesday &amp; after six months.</p>"},
                },
            ],
        }
    )
    tree = html_module.parse_page(
        f'<html><head><script type="application/ld+json">{faq}</script></head><body>b</body></html>'
    )
    assert structured_article_body(tree).split("\n") == [
        "When did the bridge reopen?",
        "On Tuesday & after six months.",
    ]
    assert structured_article_body(tree, with_questions=False) == ""
    # JSON nested deeper than the parser's recursion limit is skipped like malformed JSON.
    deep = "[" * 100_000 + "]" * 100_000
    tree = html_module.parse_page(
        f'<html><head><script type="application/ld+json">{deep}</script></head><body>b</body></html>'
    )
    assert structured_article_body(tree) == ""
    # A page without structured data states nothing, and only Article types count.
    assert structured_article_body(html_module.parse_page(PAGE)) == ""
    product = '<script type="application/ld+json">{"@type": "Product", "articleBody": "x y z"}</script>'
    assert structured_article_body(html_module.parse_page(f"<html><head>{product}</head><body>b</body></html>")) == ""


def test_page_lines_the_structured_body_holds_are_added():
    headings = ["Best Harbour Walk: North Quay", "Best Bridge View: South Pier"]
    page = ["Home", "World", PARAGRAPHS[0], headings[0], PARAGRAPHS[1], headings[1], PARAGRAPHS[2], "Contact"]
    page[3:3] = ["Sponsored", "Ad"]  # furniture between the paragraphs stops the gap filling
    extracted = "\n".join(PARAGRAPHS)
    lines, counts = combine_views(extracted, page, language="en")
    assert headings[0] not in lines
    stated = " ".join([PARAGRAPHS[0], headings[0], PARAGRAPHS[1], headings[1], PARAGRAPHS[2]])
    lines, counts = combine_views(extracted, page, language="en", publisher_text=stated)
    assert headings[0] in lines and lines.index(headings[0]) == lines.index(PARAGRAPHS[0]) + 1
    assert "Home" not in lines and "Contact" not in lines and counts["added_stated"] >= 1


def test_figure_captions_are_left_out_wherever_they_were_chosen():
    caption = "Workers lift a new girder into place on the north span. Photo: Example Gazette"
    html = (
        f"<html><body><article><p>{PARAGRAPHS[0]}</p><figure><img src='a.jpg'><figcaption>{caption}</figcaption>"
        f"</figure><p>{PARAGRAPHS[1]}</p></article></body></html>"
    )
    tree = html_module.parse_page(html)
    assert html_module.figure_captions(tree) == {caption}
    page = [PARAGRAPHS[0], caption, PARAGRAPHS[1], PARAGRAPHS[2]]
    extracted = "\n".join(page)
    lines, counts = combine_views(extracted, page, language="en")
    assert caption in lines  # without the DOM's word the caption is a line like any other
    lines, counts = combine_views(extracted, page, language="en", caption_lines={caption})
    assert lines == PARAGRAPHS and counts["dropped_captions"] == 1
    # The classifier's text (no extractor text) leaves it out too.
    lines, _ = combine_views("", page, language="en", caption_lines={caption})
    assert caption not in lines and PARAGRAPHS[0] in lines


def test_the_page_is_parsed_once_and_the_views_leave_the_shared_tree_unchanged(monkeypatch):
    import lxml.html
    from lxml import etree

    calls = []
    document_fromstring = lxml.html.document_fromstring

    def counting_parse(html, *args, **kwargs):  # every lxml.html.fromstring of a whole page comes here
        calls.append(html in (PAGE, PAGE.encode()))
        return document_fromstring(html, *args, **kwargs)

    monkeypatch.setattr(lxml.html, "document_fromstring", counting_parse)
    doc = extract_html(PAGE, url="https://gazette.example/bridge")
    assert PARAGRAPHS[1] in doc["raw_text"].split("\n")
    # The page's markup is parsed once, the views are given the tree (readability's summary, a short page
    # of its own, is parsed on its own).
    assert calls.count(True) == 1
    tree = html_module.parse_page(PAGE)
    before = etree.tostring(tree)
    html_module._trafilatura_view(tree, None)
    html_module._other_views(tree, None)
    html_module._declared_date(tree, None)
    assert etree.tostring(tree) == before
    assert page_text_lines(tree) == page_text_lines(PAGE)


def test_the_other_view_is_readabilitys_text_and_a_failing_view_is_empty(monkeypatch):
    views = html_module._other_views(PAGE, "https://gazette.example/bridge")
    assert len(views) == 1
    for view in views:
        assert PARAGRAPHS[1] in view
        assert "do not show" not in view

    class Broken:
        def __init__(self, *args, **kwargs):
            raise ValueError("unparseable")

    import trafilatura.readability_lxml

    monkeypatch.setattr(trafilatura.readability_lxml, "Document", Broken)
    assert html_module._other_views(PAGE, None) == [""]


def test_a_block_laid_out_twice_is_kept_once_and_short_repeats_stay():
    standfirst = "The harbour bridge is open again after six months of repairs, and the buses are back on it."
    page = ["Home", standfirst, PARAGRAPHS[0], "Step one", PARAGRAPHS[1], "Step one", standfirst, PARAGRAPHS[2]]
    extracted = "\n".join(page[1:])
    lines, counts = combine_views(extracted, page, language="en")
    assert lines == [standfirst, PARAGRAPHS[0], "Step one", PARAGRAPHS[1], "Step one", PARAGRAPHS[2]]
    assert counts["dropped_repeats"] == 1
    lines, counts = combine_views(extracted, page, language="en", min_repeated_words=1)
    assert lines.count("Step one") == 1 and counts["dropped_repeats"] == 2


def test_without_an_extractor_text_the_classifier_text_is_used():
    page = ["Home", "World", "Sport", *PARAGRAPHS, "Contact", "Careers"]
    lines, counts = combine_views("", page, language="en")
    assert lines == PARAGRAPHS and counts["classifier_only"] == 1


def test_line_matching_tolerates_different_line_breaks():
    assert lines_in_view(
        ["alpha beta gamma delta epsilon", "zeta eta theta iota kappa"], "alpha beta gamma delta epsilon zeta"
    ) == [
        True,
        False,
    ]


def test_trafilatura_miss_falls_back_to_page_metadata_and_htmldate(monkeypatch):
    monkeypatch.setattr(html_module, "_trafilatura_view", lambda html, url: {})
    doc = extract_html(PAGE)
    assert PARAGRAPHS[1] in doc["raw_text"].split("\n")
    assert doc["title"].startswith("Harbour Bridge Reopens")
    assert doc["published_raw"].startswith("2024-03-05")


def test_htmldate_reads_the_declared_date_only():
    page = "<html><head><meta name='date' content='2021-06-02'></head><body><p>Text.</p></body></html>"
    assert html_module._declared_date(page, None) == "2021-06-02"
    # A date in free text is not a declared date (extensive search is off).
    assert html_module._declared_date("<html><body><p>On 3 May 2020 it rained.</p></body></html>", None) is None


def test_extraction_failure_is_a_reject_not_an_exception(monkeypatch):
    def boom(html, url):
        raise RecursionError("maximum recursion depth exceeded")

    monkeypatch.setattr(html_module, "_trafilatura_view", boom)
    with pytest.raises(_Reject) as rej:
        extract_html(PAGE)
    assert rej.value.reason == "no_main_text"


@pytest.mark.parametrize(
    "page",
    [
        "<html><body>" + "<div>" * 100_000 + "deep text" + "</div>" * 100_000 + "</body></html>",
        "<html><body><p>" + "word " * 1_000_000 + "</p></body></html>",  # 5 MB on a single line
        "<html><body>" + "<span>" * 100_000 + "inline" + "</span>" * 100_000,
        "<html><body><p>unclosed <div><table><td>cell" + "<b>" * 5000,
    ],
    ids=["100k nested divs", "5 MB single line", "100k nested spans unclosed", "broken tags"],
)
def test_hostile_html_is_a_document_or_a_reject(page):
    raw, rejects = parse_inputs(files_frame({"hostile.html": page.encode()}))
    assert raw.height + rejects.height == 1
    if rejects.height:
        assert rejects["reason"].to_list() == ["no_main_text"]
    else:
        assert raw["raw_text"][0].strip()


def test_the_ingest_page_still_reads_its_metadata():
    raw, rejects = parse_inputs(files_frame({"page.html": HTML_PAGE.encode()}))
    assert rejects.height == 0
    assert "steel deck" in raw["raw_text"][0]
