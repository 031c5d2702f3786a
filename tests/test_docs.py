"""The project's documentation: README.md and docs/ link only to files and headings that exist, and name only
benchmark scripts that exist."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
EVALUATION = ROOT / "docs" / "evaluation"
DOCUMENTS = [ROOT / "README.md", *sorted((ROOT / "docs").rglob("*.md"))]

# [text](target) and ![alt](target); a title after the target ("...") is allowed by Markdown.
LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)")
CODE_SPAN = re.compile(r"`+[^`]*`+")
BENCH_SCRIPT = re.compile(r"\bbench/[A-Za-z0-9_]+\.py\b")


def prose(markdown: str) -> str:
    """The text outside fenced code blocks and inline code spans, where Markdown renders links."""
    kept, fenced = [], False
    for line in markdown.splitlines():
        if line.lstrip().startswith("```"):
            fenced = not fenced
            continue
        if not fenced:
            kept.append(CODE_SPAN.sub("", line))
    return "\n".join(kept)


def links(markdown: str) -> list[str]:
    return LINK.findall(prose(markdown))


def heading_anchors(markdown: str) -> set[str]:
    """GitHub's anchors of a file's headings: lower case, punctuation dropped, spaces as hyphens, repeats numbered."""
    anchors: set[str] = set()
    seen: dict[str, int] = {}
    for line in prose(markdown).splitlines():
        match = re.match(r"#{1,6}\s+(.*?)\s*#*\s*$", line)
        if not match:
            continue
        slug = re.sub(r"[^\w\- ]", "", match.group(1).lower()).replace(" ", "-")
        count = seen.get(slug, 0)
        seen[slug] = count + 1
        anchors.add(slug if count == 0 else f"{slug}-{count}")
    return anchors


def test_links_and_anchors_are_read_as_github_renders_them():
    text = (
        "# Quality and speed\n\n## Events: PLOVER and VOA\n\n## Speed\n\n## Speed\n\n"
        'See [a](docs/x.md#speed), ![b](docs/p.png "title") and `[not a link](nowhere.md)`.\n'
        "```\n[inside a fence](nowhere.md)\n```\n"
    )
    assert links(text) == ["docs/x.md#speed", "docs/p.png"]
    assert heading_anchors(text) == {"quality-and-speed", "events-plover-and-voa", "speed", "speed-1"}


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_relative_link_resolves_to_a_file_and_heading(document: Path):
    broken = []
    for target in links(document.read_text()):
        if re.match(r"[a-z][a-z0-9+.-]*:", target):  # http:, https:, mailto: are not files of the project
            continue
        path, _, anchor = target.partition("#")
        linked = (document.parent / path).resolve() if path else document
        if not linked.exists():
            broken.append(f"{target}: no file {linked}")
        elif anchor and linked.suffix == ".md" and anchor not in heading_anchors(linked.read_text()):
            broken.append(f"{target}: no heading #{anchor} in {linked.relative_to(ROOT)}")
    assert not broken, broken


def test_readme_and_the_index_link_every_evaluation_file():
    readme_links = {target.partition("#")[0] for target in links((ROOT / "README.md").read_text())}
    assert "docs/evaluation/README.md" in readme_links
    index_links = {target.partition("#")[0] for target in links((EVALUATION / "README.md").read_text())}
    topics = {path.name for path in EVALUATION.glob("*.md")} - {"README.md"}
    assert topics, "docs/evaluation/ holds no benchmark file"
    assert topics - index_links == set(), "files of docs/evaluation/ missing from its index"
    assert {f"docs/evaluation/{name}" for name in topics} - readme_links == set(), "files the README never links"


def test_the_readme_keeps_the_targets_table_under_its_heading():
    readme = (ROOT / "README.md").read_text()
    section = readme.split("### Where the issues' targets stand\n", 1)[1].split("\n### ", 1)[0]
    assert "| issue | target | status | current figure |" in section


@pytest.mark.parametrize("document", DOCUMENTS, ids=lambda path: str(path.relative_to(ROOT)))
def test_every_bench_script_named_exists(document: Path):
    named = set(BENCH_SCRIPT.findall(document.read_text()))
    if document == ROOT / "README.md":
        assert named, "the README names no benchmark script"
    assert {script for script in named if not (ROOT / script).is_file()} == set()
