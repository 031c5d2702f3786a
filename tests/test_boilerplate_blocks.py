"""transforms/clean/blocks.py: the block classifier, its furniture patterns and its reasons, on hand-made pages."""

from __future__ import annotations

import re

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.test_clean import raw_frame
from transforms.clean.blocks import (
    CLASSIFIER_REASONS,
    classify_blocks,
    furniture_lines,
    furniture_reason,
    main_region,
    stoplist_language,
)
from transforms.clean.boilerplate import author_lines, contents_lines, rule_reasons
from transforms.clean.documents import clean_documents
from transforms.clean.resources import furniture_patterns, stoplist, stoplist_names
from transforms.schemas import BOILERPLATE_REASONS

# A page as select-all + copy gives it, written for these tests (not copied from any site).
PARAGRAPHS = [
    "The harbour bridge reopened to traffic on Tuesday after six months of repairs to its steel deck, "
    "the city council said in a statement that was published on its website early in the morning, "
    "before the first buses crossed.",
    "Engineers replaced more than two hundred corroded girders and resurfaced the entire roadway, according "
    "to the council's transport department, which had closed the bridge in the spring after an inspection.",
    "Commuters welcomed the reopening, which cuts the journey between the two districts by almost forty "
    "minutes at peak times, and shop owners on both banks said they hoped that customers would return soon.",
    "The council said it would publish a full account of the costs of the work before the end of the year, "
    "and that a second phase of repairs to the approach roads and to the old toll house was planned for the "
    "summer after next.",
]
SUBHEADING = "What happens next"
LIST_ITEMS = ["New lighting on both footpaths", "A wider cycle lane", "Repainted railings"]
COMMENT = (
    "I have waited for this bridge to reopen for months and I am glad that the repairs are finally done, "
    "although I still think the council should have told us much earlier how long the closure would last."
)
COOKIES = (
    "We use cookies to improve your experience on our site. By continuing to browse you agree to our use of cookies."
)
PAGE = [
    "Skip to content",
    "Home",
    "World",
    "Business",
    "Sport",
    "Culture",
    "Sign in",
    "Harbour Bridge Reopens After Six Months of Repairs",
    "Share",
    "Tweet",
    PARAGRAPHS[0],
    PARAGRAPHS[1],
    SUBHEADING,
    PARAGRAPHS[2],
    *LIST_ITEMS,
    PARAGRAPHS[3],
    "He declined to comment further.",
    "Related articles",
    "City budget passes after long debate",
    "New ferry timetable starts in May",
    "3 Comments",
    "Jane Reader",
    COMMENT,
    "Reply",
    COOKIES,
    "Accept all",
    "About us",
    "Contact",
    "Careers",
    "© 2025 Example Gazette. All rights reserved.",
]


@pytest.fixture(scope="module")
def page_result():
    docs, bp = clean_documents(raw_frame(["\n".join(PAGE)]))
    reasons = {PAGE[no]: reason for no, reason in zip(bp["line_no"], bp["reason"])}
    return docs.row(0, named=True), reasons


def test_article_text_is_kept_whole(page_result):
    doc, reasons = page_result
    for line in [*PARAGRAPHS, SUBHEADING, *LIST_ITEMS, "He declined to comment further."]:
        assert line in doc["text"], line
        assert line not in reasons


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Skip to content", "navigation"),
        ("Home", "navigation"),
        ("World", "navigation"),  # a menu item no pattern names: a run of short lines outside the main text
        ("Sign in", "navigation"),
        ("Share", "share_buttons"),
        ("Tweet", "share_buttons"),
        ("Related articles", "related_links"),
        ("City budget passes after long debate", "related_links"),
        ("New ferry timetable starts in May", "related_links"),
        ("3 Comments", "comments_prompt"),
        ("Reply", "comments_prompt"),
        ("Jane Reader", "navigation"),
        (COMMENT, "outside_main_text"),  # a reader's comment: prose, but after the comment heading
        (COOKIES, "cookie_notice"),
        ("About us", "navigation"),
        ("Accept all", "cookie_notice"),
        ("© 2025 Example Gazette. All rights reserved.", "copyright"),
        ("Harbour Bridge Reopens After Six Months of Repairs", "title"),
    ],
)
def test_each_furniture_line_has_its_reason(page_result, line, reason):
    _, reasons = page_result
    assert reasons[line] == reason


def test_every_removed_line_has_a_documented_reason(page_result):
    doc, reasons = page_result
    assert set(reasons.values()) <= set(BOILERPLATE_REASONS)
    assert doc["boilerplate_lines"] == len(reasons)
    assert doc["title"] == "Harbour Bridge Reopens After Six Months of Repairs"
    kept = [line for line in PAGE if line not in reasons]
    assert doc["text"].split("\n\n") == kept


def test_jusText_neighbour_rules():
    short_between_good = ["Short line", PARAGRAPHS[0]]
    blocks = classify_blocks([PARAGRAPHS[0], "A short line here", PARAGRAPHS[1]])
    assert [b.cf_class for b in blocks] == ["good", "short", "good"]
    assert [b.cls for b in blocks] == ["good", "good", "good"]
    # Short lines at the edge, away from good text, go; the page edge counts as bad.
    blocks = classify_blocks(["Menu", "Search", "Log out", *short_between_good])
    assert [b.cls for b in blocks[:3]] == ["bad", "bad", "bad"]
    # A heading shortly before good text is kept even at the edge.
    assert blocks[3].cls == "good"


def test_hard_wrapped_lines_are_one_block():
    wrapped = [
        "The harbour bridge reopened to traffic on Tuesday after six months of",
        "repairs to its steel deck, the city council said in a statement that",
        "was published on its website early in the morning, before the first",
        "buses crossed.",
    ]
    blocks = classify_blocks(["Home", *wrapped])
    assert [b.line_nos for b in blocks] == [(0,), (1, 2, 3, 4)]
    assert blocks[1].cf_class == "good"


def test_thresholds_are_keyword_arguments():
    lines = ["Home", PARAGRAPHS[0], "Contact"]
    assert classify_blocks(lines)[1].cf_class == "good"
    assert classify_blocks(lines, length_high=10_000)[1].cf_class == "neargood"
    assert classify_blocks(lines, stopwords_low=0.9, stopwords_high=0.95)[1].cf_class == "bad"


def test_no_article_like_block_means_no_region_and_nothing_guessed():
    lines = ["Talks resume", "Weather", "Markets"]
    blocks = classify_blocks(lines)
    assert main_region(blocks) is None
    removed, _, region = furniture_lines(lines)
    assert region is None and removed == {}


def test_short_paragraphs_of_a_news_story_are_kept():
    story = [
        "Police closed the coast road on Monday evening after a lorry and two cars collided near the harbour.",
        "Two people were hurt in the crash.",
        "The lorry driver was arrested at the scene, police said in a statement late on Monday night.",
        "An inquiry has been opened.",
    ]
    removed, _, _ = furniture_lines(["Home", "News", "Sport", *story])
    assert removed == {0: "navigation", 1: "navigation", 2: "navigation"}


def test_without_an_article_like_block_only_named_furniture_goes():
    # Four short sentences and no paragraph: too little evidence for a main text, so nothing is guessed.
    story = ["Police closed the road on Monday.", "Two people were hurt.", "An inquiry has been opened."]
    removed, _, region = furniture_lines(["Home", "News", *story])
    assert region is None and removed == {0: "navigation"}


@pytest.mark.parametrize(
    "row",
    [
        "{rank} Harbour district {rank3} {rank7}% ${rank1000}",  # short (under jusText's 70 characters)
        # long and poor in stop words ("bad" to jusText), but not a sentence (at most 12 words)
        "{rank} Northumberland-Harbourside Polytechnical Managementschool {rank3} {rank7}% 46.5% 3.65 ${rank1000}",
    ],
)
def test_a_long_table_between_paragraphs_does_not_end_the_main_region(row):
    # Table rows (lines holding numbers) cost less than other short lines and than long lines poor in stop
    # words: the paragraph after a table as long as the article before it stays in the main text.
    rows = [row.format(rank=r, rank3=r * 3, rank7=r * 7, rank1000=f"{r * 1000:,}") for r in range(1, 61)]
    lines = [PARAGRAPHS[0], *rows, PARAGRAPHS[1], PARAGRAPHS[2]]
    assert classify_blocks(lines)[30].cf_class == ("short" if len(rows[30]) < 70 else "bad")
    removed, _, region = furniture_lines(lines)
    assert removed == {}
    # Priced as other short lines, the same rows split the page and the table goes with one side of it.
    removed, _, _ = furniture_lines(lines, region_weights={"data_row_penalty": 1.0})
    assert set(range(1, 61)) <= set(removed)
    # A menu of the same length is not a table: it still splits the page.
    menu = [f"Section {chr(65 + i % 26)} news" for i in range(60)]
    removed, _, _ = furniture_lines([PARAGRAPHS[0], *menu, PARAGRAPHS[1], PARAGRAPHS[2]])
    assert set(range(1, 61)) <= set(removed)


def test_a_comment_heading_before_the_article_does_not_end_it():
    lines = ["0 Comments", PARAGRAPHS[0], PARAGRAPHS[1], PARAGRAPHS[2]]
    removed, _, _ = furniture_lines(lines)
    assert removed == {0: "comments_prompt"}


def test_related_box_inside_the_article_does_not_end_it():
    lines = [PARAGRAPHS[0], "Read next", "City budget passes", "Ferry timetable changes", SUBHEADING, PARAGRAPHS[1]]
    removed, _, _ = furniture_lines(lines)
    # The headline-shaped line right before the resumed prose is taken as its subheading and kept.
    assert removed == {1: "related_links", 2: "related_links", 3: "related_links"}


def test_the_same_text_in_another_language_uses_its_stop_words():
    german = (
        "Die Brücke über den Hafen wurde am Dienstag nach sechs Monaten Bauzeit wieder für den Verkehr "
        "freigegeben, wie die Stadt in einer Mitteilung erklärte, die auf ihrer Internetseite erschien."
    )
    assert stoplist_language(german * 3) == "de"
    assert stoplist_language("kurz") is None
    assert stoplist_language("anything at all", "fr") == "fr"
    assert "und" in stoplist("de") and "the" in stoplist("en")
    assert classify_blocks([german], language="de")[0].cf_class in ("good", "neargood")


def test_data_files_are_well_formed():
    reasons = {fp.reason for fp in furniture_patterns()}
    assert reasons <= set(BOILERPLATE_REASONS)
    assert set(CLASSIFIER_REASONS) <= set(BOILERPLATE_REASONS)
    assert {fp.opens for fp in furniture_patterns()} <= {"", "section", "end"}
    import justext

    assert set(stoplist_names().values()) <= set(justext.get_stoplists())


@pytest.mark.parametrize(
    "line",
    [
        # Article sentences that share words with the patterns.
        "The company said it would share the results with regulators next week.",
        "Cookies and cakes were sold at the fundraiser, which raised money for the school.",
        "Readers left more than 3,000 comments on the ministry's consultation page.",
        "Subscribers to the newsletter will be told first, the agency said.",
        "Home prices rose 4% in March, according to the statistics office.",
        "Related charges were dropped last year.",
        "Courtesy of the city council, residents will get free parking at the harbour all summer long.",
        "Book now and pay later, the airline told customers in an email on Monday.",
        "Voters who sign up today can still take part in the primary, the election board said.",
        "Officials asked residents to type your email address style warnings into a new form.",
    ],
)
def test_patterns_leave_article_sentences_alone(line):
    assert furniture_reason(line) is None
    assert rule_reasons([line]) == {}


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(re.findall(r"\w+", " ".join(PARAGRAPHS))), min_size=81, max_size=120))
def test_long_lines_are_never_pattern_furniture(words):
    # Every pattern has a word limit of at most 80 words, except the copyright sign (any length, as jusText).
    assert furniture_reason(" ".join(words)) is None


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(max_size=120), max_size=30))
def test_arbitrary_lines_classify_without_error_and_keep_accounts(lines):
    removed, blocks, region = furniture_lines(lines)
    nonblank = {no for no, line in enumerate(lines) if line.strip()}
    assert set(removed) <= nonblank
    assert {no for b in blocks for no in b.line_nos} == nonblank
    assert set(removed.values()) <= set(BOILERPLATE_REASONS)
    if region is not None:
        assert 0 <= region[0] <= region[1] <= len(blocks)


def test_clean_documents_removes_nothing_from_a_page_without_furniture():
    docs, bp = clean_documents(raw_frame(["\n\n".join(PARAGRAPHS)]))
    assert bp.height == 0
    assert docs["text"][0] == "\n\n".join(PARAGRAPHS)
    assert isinstance(docs, pl.DataFrame)


def test_classifier_settings_reach_clean_documents():
    raw = raw_frame(["\n".join(PAGE)])
    default = clean_documents(raw)[0]["text"][0].split("\n\n")
    assert "World" not in default and COMMENT not in default
    # With length_low above every line's length, no block is article-like: there is no main region, so
    # only named furniture goes (and the lists under section headings).
    long_low = clean_documents(raw, block_thresholds={"length_low": 10_000})[0]["text"][0].split("\n\n")
    assert "World" in long_low and PARAGRAPHS[0] in long_low and "Home" not in long_low
    # Cheap furniture lets the main region run on into the comments.
    cheap = clean_documents(raw, region_weights={"known_weight": 0.0, "min_words_before_end": 10**6})
    assert COMMENT in cheap[0]["text"][0]


def test_menu_labels_are_navigation_and_other_short_lines_fragments():
    lines = ["Home", "Opinion", "Local News", "5:50 am", "129", PARAGRAPHS[0], PARAGRAPHS[1], "2mo", "14:05"]
    removed, _, _ = furniture_lines(lines)
    assert removed == {
        0: "navigation",  # a pattern
        1: "navigation",  # a capitalised label in a run of short lines
        2: "navigation",
        3: "short_fragment",  # a time is no menu entry
        4: "short_fragment",
        7: "short_fragment",
        8: "short_fragment",
    }


def test_the_authors_box_at_the_end_and_their_name_alone_are_removed():
    lines = [
        "Jane Roe",
        *PARAGRAPHS,
        "Jane Roe",
        "Jane Roe is the garden editor of the paper and has grown beans for years.",
        "Jane holds a degree in botany from a state university and writes a weekly column.",
    ]
    assert author_lines(lines, ["Jane Roe"]) == {0: "byline", 5: "byline", 6: "author_bio", 7: "author_bio"}
    docs, bp = clean_documents(raw_frame(["\n".join(lines)], authors=[["Jane Roe"]]))
    assert docs["text"][0].split("\n\n") == PARAGRAPHS
    assert set(bp["reason"]) == {"byline", "author_bio"}


def test_an_author_named_inside_the_article_is_kept():
    lines = ["Jane Roe is the garden editor of the paper and has grown beans for years.", *PARAGRAPHS * 3]
    # Not in the final quarter of the text: an article about its own author, not an author box.
    assert author_lines(lines, ["Jane Roe"]) == {}
    # A one-word author name is too weak to mark a line; a sentence opening with the name without a verb
    # of a biography is not one.
    assert author_lines([*PARAGRAPHS, "Jane"], ["Jane"]) == {}
    assert (
        author_lines([*PARAGRAPHS, "Jane Roe, the editor, said beans grow well in any kind of soil."], ["Jane Roe"])
        == {}
    )


def test_a_table_of_contents_goes_and_the_headings_it_lists_stay():
    headings = ["Why the bridge closed", "What was repaired", "What comes next"]
    lines = [
        PARAGRAPHS[0],
        *headings,
        headings[0],
        PARAGRAPHS[1],
        headings[1],
        PARAGRAPHS[2],
        headings[2],
        PARAGRAPHS[3],
    ]
    assert contents_lines(lines) == {1: "navigation", 2: "navigation", 3: "navigation"}
    docs, _ = clean_documents(raw_frame(["\n".join(lines)]))
    assert docs["text"][0].split("\n\n") == [
        PARAGRAPHS[0],
        *[x for pair in zip(headings, PARAGRAPHS[1:]) for x in pair],
    ]


def test_repeated_table_labels_are_no_table_of_contents():
    labels = ["Pros", "Cons", "Price"]
    # The same labels again, but one after the other (a second table), not each heading a section.
    assert contents_lines([*labels, PARAGRAPHS[0], *labels, PARAGRAPHS[1]]) == {}
    # Two entries are not enough, and a list whose entries do not recur is a list.
    assert contents_lines([*labels[:2], labels[0], PARAGRAPHS[0], labels[1], PARAGRAPHS[1]]) == {}
    assert contents_lines([*LIST_ITEMS, *PARAGRAPHS]) == {}


@pytest.mark.parametrize(
    ("line", "reason"),
    [
        ("Getty Images / Jane Roe", "caption"),
        ("Photo: Shutterstock", "caption"),
        ("Courtesy of the artist", "caption"),
        ("Image source: Getty Images.", "caption"),
        ("Book now", "call_to_action"),
        ("Check price", "call_to_action"),
        ("Enjoyed the article? Get new content delivered to your inbox.", "newsletter_prompt"),
        ("Be sure to sign up below so we can stay in touch!", "newsletter_prompt"),
        ("Enter your email address", "newsletter_prompt"),
    ],
)
def test_image_credits_and_shopping_buttons_are_named(line, reason):
    assert rule_reasons([line]) == {0: reason}


def test_a_date_alone_is_the_pages_dateline():
    assert rule_reasons(["June 9, 2025", "Monday, 9 June 2025", "2025-06-09"]) == dict.fromkeys(range(3), "byline")
    # and gives the byline date when the page metadata has none.
    docs, _ = clean_documents(raw_frame(["\n".join(["June 9, 2025", *PARAGRAPHS])]))
    assert docs["published_source"][0] == "byline" and str(docs["published_at"][0])[:10] == "2025-06-09"
    assert rule_reasons(["The bridge reopened on June 9, 2025."]) == {}


def test_contents_of_a_long_page_of_repeats_is_found_in_one_pass():
    # 20,000 copies of one label: no prose between copies, so no contents (and no quadratic search).
    assert contents_lines(["Menu"] * 20_000) == {}
    headings = [f"Part {n}" for n in range(1, 2_001)]
    body = [x for h in headings for x in (h, PARAGRAPHS[0])]
    assert contents_lines([*headings, *body]) == dict.fromkeys(range(len(headings)), "navigation")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(["Intro", "Costs", "Risks", "", PARAGRAPHS[0], PARAGRAPHS[1]]), max_size=40))
def test_contents_are_short_lines_that_come_back(lines):
    found = contents_lines(lines)
    assert set(found.values()) <= {"navigation"}
    for no in found:
        assert lines[no] in ("Intro", "Costs", "Risks") and lines.index(lines[no], no + 1) > no
