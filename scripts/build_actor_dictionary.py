"""Convert the Phoenix (PETRARCH2) actor and agent dictionaries into newsevents' compact data files.

One-off: run it again only when the source dictionaries change, and review the diff.

    uv run python scripts/build_actor_dictionary.py [--source ../shared/data/petrarch2]

Reads ``Phoenix.Countries.actors.txt``, ``Phoenix.International.actors.txt``,
``Phoenix.MilNonState.actors.txt`` and ``Phoenix.agents.txt`` (MIT, Copyright (c) 2014 Open Event Data
Alliance) and writes, under ``transforms/extract/events/data/actors/``:

- ``actors.tsv.gz`` (gzip: 1.9 MB of text): ``name<TAB>kind<TAB>terms``; ``name`` normalised by ``actors.name_key`` (lower-case
  words, ``_`` -> space, a leading "the" and parenthesised parts dropped);
  ``kind`` is ``country`` for a country record (a country, its adjectives and cities: a record of the
  countries file with a three-letter code) and ``actor`` otherwise; ``terms`` are the record's coded
  restrictions in file order, ``CODE`` or ``CODE@start..end`` (ISO dates, start inclusive, end exclusive,
  either side open), as PETRARCH2 reads them (YYMMDD years 00-30 are 20YY, others 19YY).  Records of the
  same name are merged in the order PETRARCH2 loads the files (countries, international, non-state).
- ``agents.tsv``: ``phrase<TAB>code`` with the substitution sets (``!PERSON!``, ``!MINIST!``), the stem
  ``MINIST`` and the regular or ``{irregular}`` plurals expanded; a later duplicate replaces an earlier
  one, as in PETRARCH2.
- ``iso_to_cameo.tsv``: ISO 3166-1 alpha-3 codes whose CAMEO country code differs (matched by name).
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
from collections import Counter
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from transforms.extract.events.actors import ACTORS_FILE, DATA_DIR, Term, format_term, name_key  # noqa: E402

ACTOR_FILES = ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt", "Phoenix.MilNonState.actors.txt")
AGENT_FILE = "Phoenix.agents.txt"
MIT_NOTICE = """\
Derived from the PETRARCH2 dictionaries (github.com/openeventdata/petrarch2, petrarch2/data/dictionaries/,
commit 676801cd9cb2924bbbad09f86d15c9323e7097bf): {files}.
Converted by scripts/build_actor_dictionary.py; do not edit by hand.

The MIT License (MIT)

Copyright (c) 2014 Open Event Data Alliance

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in
all copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN
THE SOFTWARE."""

counts: Counter[str] = Counter()


def _lines(path: Path):
    """Lines without comments (``#`` to end of line) and without blank lines, as PETRARCH2 reads them."""
    with path.open(encoding="utf-8", errors="replace") as f:
        for raw in f:
            line = raw.split("#", 1)[0].rstrip()
            if line.strip():
                yield line


def parse_date(s: str) -> date | None:
    """YYMMDD (at most 7 characters; 00-30 -> 20YY) or YYYYMMDD, as PETRARCH2's dstr_to_ordate."""
    s = s.strip()
    try:
        if len(s) > 7:
            y, m, d = int(s[:4]), int(s[4:6]), int(s[6:8])
        else:
            y, m, d = int(s[:2]), int(s[2:4]), int(s[4:6])
            y += 2000 if y <= 30 else 1900
        return date(y, m, d)
    except ValueError:
        return None


def parse_restriction(body: str) -> Term | None:
    """``CODE``, ``CODE <date``, ``CODE >date``, ``CODE date-date`` (the inside of ``[...]``)."""
    parts = body.split()
    if not parts:
        return None
    code, span = parts[0], "".join(parts[1:])
    if not span:
        return Term(code)
    if span[0] in "<>":
        d = parse_date(span[1:])
        if d is None:
            counts["restrictions dropped (invalid date)"] += 1
            return None
        return Term(code, None, d) if span[0] == "<" else Term(code, d, None)
    a, _, b = span.partition("-")
    start, end = parse_date(a), parse_date(b) if b else None
    if start is None or (b and end is None):
        counts["restrictions dropped (invalid date)"] += 1
        return None
    if end is not None and end <= start:  # e.g. "2004017-20061201": a 7-digit typo read as 2020-04-01
        counts["restrictions dropped (range ends before it starts)"] += 1
        return None
    return Term(code, start, end)


def _names(raw: str) -> list[tuple[str, ...]]:
    """Keys of one name field: '+'-glued names split, parenthesised parts dropped ("SAMOA_(AMERICAN)_",
    "ISLAMIC_ARMY_OF_ADEN_(IAA)_"): PETRARCH2 keeps them as tokens no text can match."""
    keys = []
    for piece in raw.split("+"):
        key = name_key(re.sub(r"\([^)]*\)", " ", piece).replace("_", " "))
        if key:
            keys.append(key)
    return keys


def read_actor_file(path: Path, is_countries: bool) -> list[tuple[list[tuple[str, ...]], list[Term], str]]:
    """Records (names, terms, kind): a primary line, its '+' synonyms and its '[...]' restriction lines."""
    records: list[tuple[list[tuple[str, ...]], list[Term], str]] = []
    names: list[tuple[str, ...]] = []
    terms: list[Term] = []

    def flush():
        if names:
            kind = "country" if is_countries and any(len(t.code) == 3 for t in terms) else "actor"
            records.append((list(names), list(terms), kind))

    for line in _lines(path):
        s = line.strip()
        if s.startswith("["):
            terms.extend(t for t in (parse_restriction(b) for b in re.findall(r"\[([^\]]*)\]", s)) if t)
            continue
        if s.startswith("+"):
            names.extend(_names(s[1:].split("[")[0]))
            terms.extend(t for t in (parse_restriction(b) for b in re.findall(r"\[([^\]]*)\]", s)) if t)
            continue
        flush()
        names, terms = [], []
        head, bracket, rest = s.partition("[")
        names.extend(_names(head))
        if bracket:
            terms.extend(t for t in (parse_restriction(b) for b in re.findall(r"\[([^\]]*)\]", "[" + rest)) if t)
    flush()
    return records


def build_actors(source: Path) -> tuple[dict[tuple[str, ...], tuple[str, list[Term]]], date, list]:
    merged: dict[tuple[str, ...], tuple[str, list[Term]]] = {}
    latest = date.min
    country_records = []
    for fname in ACTOR_FILES:
        for names, terms, kind in read_actor_file(source / fname, fname == ACTOR_FILES[0]):
            if kind == "country":
                country_records.append((names, terms))
            counts[f"records {fname}"] += 1
            if not terms:
                counts["records without any code (skipped)"] += 1
                continue
            for t in terms:
                for d in (t.start, t.end):
                    if d is not None and d <= date(2030, 1, 1):
                        latest = max(latest, d)
            for key in names:
                if key in merged:
                    counts["names merged with an earlier record"] += 1
                    # PETRARCH2 appends the later record's terms; a repeated term adds nothing.
                    merged[key][1].extend(t for t in terms if t not in merged[key][1])
                else:
                    merged[key] = (kind, list(dict.fromkeys(terms)))
    return merged, latest, country_records


def build_agents(source: Path) -> dict[tuple[str, ...], str]:
    subst: dict[str, list[str]] = {}
    stems: dict[str, list[str]] = {}
    agents: dict[tuple[str, ...], str] = {}

    def store(phrase: str, code: str):
        key = name_key(phrase.replace("_", " "))
        if key:
            if key in agents and agents[key] != code:
                counts["agent phrases redefined (later wins)"] += 1
            agents[key] = code

    def plural(phrase: str) -> str:
        p = phrase.rstrip("_ ")
        if p.endswith("Y") and not p.endswith(("AY", "EY", "OY", "UY")):
            return p[:-1] + "IES"
        if p.endswith("S"):
            return p + "ES"
        return p + "S"

    for line in _lines(source / AGENT_FILE):
        if "!" in line and "=" in line and "[" not in line:
            marker, _, items = line.partition("=")
            name = marker.strip().strip("!")
            subst[name] = [x.strip() for x in items.split(",") if x.strip()]
            prefix = subst[name][0]
            for w in subst[name][1:]:
                while not w.startswith(prefix):
                    prefix = prefix[:-1]
            if len(prefix) >= 4:  # MINIST: a stem left in the file ("DEFENSE_MINIST")
                stems[prefix] = subst[name]
            continue
        if "[" not in line:
            counts["agent lines without a code (skipped)"] += 1
            continue
        body, _, rest = line.partition("[")
        code = rest.split("]")[0].strip()
        forms: list[str]
        if "!" in body:
            m = re.search(r"!([^!]+)!", body)
            if not m or m.group(1) not in subst:
                counts["agent lines with an unknown marker (skipped)"] += 1
                continue
            forms = [body[: m.start()] + x + body[m.end() :] for x in subst[m.group(1)]]
        elif "{" in body:
            phrase = body[: body.index("{")].strip()
            irregular = body[body.index("{") + 1 : body.index("}")].strip() if "}" in body else ""
            forms = [phrase] + ([irregular] if irregular else [])
        else:
            phrase = body.strip()
            last = re.split(r"[_ ]", phrase.rstrip("_ "))[-1]
            if last in stems:
                base = phrase.rstrip("_ ")[: -len(last)]
                forms = [base + x for x in stems[last]]
            else:
                forms = [phrase, plural(phrase)]
        for f in forms:
            store(f.strip(), code)
    return agents


def iso_to_cameo(country_records: list) -> dict[str, str]:
    """ISO codes the dictionary does not use, mapped to the current code of the country record whose
    primary name is that country's name ("East Timor" TLS -> TMP)."""
    import pycountry

    used = {t.code for _, terms in country_records for t in terms if len(t.code) == 3}
    by_primary = {names[0]: terms for names, terms in country_records}
    out = {}
    for c in pycountry.countries:
        if c.alpha_3 in used:
            continue
        for attr in ("name", "common_name", "official_name"):
            v = getattr(c, attr, None)
            terms = by_primary.get(name_key(v)) if v else None
            current = [t.code for t in terms or () if len(t.code) == 3 and (t.start is None or t.end is None)]
            if current:
                out[c.alpha_3] = current[-1]
                break
    return out


def write_tsv(path: Path, header: list[str], rows: list[tuple[str, ...]]):
    """Plain TSV, or gzip (mtime 0, so the bytes are reproducible) when the name ends in .gz."""
    text = "".join(("# " + h).rstrip() + "\n" for h in header) + "".join("\t".join(r) + "\n" for r in rows)
    data = text.encode("utf-8")
    path.write_bytes(gzip.compress(data, compresslevel=9, mtime=0) if path.suffix == ".gz" else data)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--source", type=Path, default=ROOT.parent / "shared" / "data" / "petrarch2")
    ap.add_argument("--out", type=Path, default=DATA_DIR)
    args = ap.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)

    actors, latest, country_records = build_actors(args.source)
    agents = build_agents(args.source)
    iso = iso_to_cameo(country_records)
    iso["XKX"] = actors[("kosovo",)][1][0].code  # Kosovo's user-assigned ISO code (our gazetteer) -> CAMEO

    notice = MIT_NOTICE.format(files=", ".join(ACTOR_FILES)).splitlines()
    write_tsv(
        args.out / ACTORS_FILE.name,
        [
            *notice,
            "",
            "Columns: name, kind (country|actor), terms (CODE or CODE@start..end, first holding term wins).",
            "dictionary_date: " + latest.isoformat(),
            "(the latest date any term names: open-ended terms are not trusted after it)",
            "name\tkind\tterms",
        ],
        [(" ".join(k), kind, " ".join(format_term(t) for t in terms)) for k, (kind, terms) in sorted(actors.items())],
    )
    write_tsv(
        args.out / "agents.tsv",
        [*MIT_NOTICE.format(files=AGENT_FILE).splitlines(), "", "phrase\tcode"],
        [(" ".join(k), code) for k, code in sorted(agents.items())],
    )
    write_tsv(
        args.out / "iso_to_cameo.tsv",
        [
            "ISO 3166-1 alpha-3 codes (pycountry; XKX for Kosovo as our gazetteer uses it) whose CAMEO country",
            "code in Phoenix.Countries.actors.txt differs, matched by country name.  Generated by",
            "scripts/build_actor_dictionary.py from the MIT-licensed PETRARCH2 dictionaries (see actors.tsv.gz).",
            "iso\tcameo",
        ],
        sorted(iso.items()),
    )
    for k, v in sorted(counts.items()):
        print(f"{k}: {v}")
    print(f"actor names: {len(actors)}; agent phrases: {len(agents)}; iso->cameo: {len(iso)}; latest date: {latest}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
