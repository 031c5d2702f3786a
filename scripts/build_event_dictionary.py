"""Convert the PETRARCH2 CAMEO verb dictionary and friends into the event coder's data files.

One-off data build: reads ``../shared/data`` and writes ``transforms/extract/events/data/*.tsv``,
which are committed.  Re-run after a change of the sources or of this script, then review the diff.

    uv run python scripts/build_event_dictionary.py
    uv run python scripts/build_event_dictionary.py --table   (how each kind of dictionary line is read)

Inputs (see ``../shared/data/petrarch2/SOURCE.md`` and ``../shared/data/plover/SOURCE.md``):

- ``petrarch2/CAMEO.2.0.txt``: synonym sets (``&NAME`` + ``+PHRASE`` lines), verb blocks
  (``--- NAME [code] ---`` then verb lines, optionally ``{irregular forms}`` and ``[code]``; ``+A_B``
  marks the verb of a multi-word verb) and their patterns
  (``- [subject nouns] [subject preps] * [object nouns] [preps] [code]``);
  the format is described in ``petrarch2/dictionaries.rst``.
- ``plover/CAMEO2PLOVER-2021.txt``: CAMEO event code -> PLOVER category.
- ``petrarch2/Phoenix.discards.txt``: contexts (sports, entertainment, disasters, ...) not to code.
- ``petrarch2/Phoenix.agents.txt``: generic agents with their CAMEO sector (``MINISTER [~GOV]``).

Outputs: ``cameo_synsets.tsv``, ``cameo_verbs.tsv``, ``cameo_patterns.tsv``, ``cameo_plover.tsv``,
``discards.tsv``, ``agents.tsv``.  Every output keeps the source's MIT notice in its header.

How a pattern line becomes a row (the reading of PETRARCH2's own reader, written anew):
``{A B}`` is a noun phrase whose last word is the head and the others its modifiers (written
``a+b``); ``(P N ...)`` is a prepositional phrase (written ``p(n ...)``, ``p()`` for a bare
preposition); ``&NAME`` names a synonym set; the actor markers ``$ + % ^`` carry no lexical
content and are dropped.  Words are lower-cased; plural forms are left to the matcher, which
compares both the word and its lemma.

A block's patterns are merged from lines first written for one verb; the line's comment names it
(``written_for``, read as the block verb's lemma: '# THREW' -> throw).  PETRARCH2 stores a block's patterns
under the block's name and tries every one for every verb of the block.  For a pattern whose first object
element is a phrasal-verb particle ('* BACK TO # HEAD', '* OFF # KICK') that reading joins a particle to verbs
it forms no lexeme with ("ordered them back to their camps" is no "head back to"), so the ``verbs`` column
limits such a pattern to its own verbs (see PARTICLES).  ``--table`` prints how each kind of line is read.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from flows.settings import SHARED_DIR  # noqa: E402

PETRARCH = SHARED_DIR / "data" / "petrarch2"
PLOVER = SHARED_DIR / "data" / "plover"
OUT = ROOT / "transforms" / "extract" / "events" / "data"

SOURCE_NOTE = (
    "Derived by scripts/build_event_dictionary.py from the PETRARCH2 dictionaries "
    "(openeventdata/petrarch2, commit 676801cd9cb2924bbbad09f86d15c9323e7097bf, "
    "petrarch2/data/dictionaries/{file}). Do not edit by hand: edit the script and re-run it."
)
ACTOR_MARKERS = {"$", "+", "%", "^"}
# CAMEO2PLOVER-2021 still uses three older PLOVER names; the codebook summary (plover_reference.html)
# and our schema use the current ones.
PLOVER_RENAMES = {("ACCUSE", "09"): "INVESTIGATE", ("ACCUSE", "11"): "DISAPPROVE", ("REQUEST", "10"): "DEMAND"}
# Discard entries that only date a sentence (a year, "YEARS AGO", a past war): issue 11 item 7 keeps
# background and history sentences as their own dated events, so these contexts are not discarded.
# The spatial particles that combine with a verb into a phrasal verb ("head back", "kick off", "step down",
# "take over"): Quirk et al. 1985, 16.2-16.6.  A particle forms a lexeme with its own verb, so a pattern whose first
# object element is one was written for that verb, not for its synonyms ("head back" and "order back" are different
# verbs); a prepositional pattern ('* (AGAINST ...)', '* (WITH ...)') names the verb's complement and stays with the
# block.  The dictionary's format writes prepositions in parentheses (dictionaries.rst, "Patterns"), so a bare word
# of this list in a pattern's noun slot is written as the verb's particle.
PARTICLES = frozenset(
    "about across ahead along alongside apart around aside away back behind by down forth forward home in inside "
    "off on out outside over past round through together under up".split()
)
CHRONOLOGY = re.compile(r"^\d{4}$|\bAGO\b|\bLATER\b|WORLD WAR|NAPOLEONIC|BRITISH EMPIRE|PEARL HARBOR|^APRIL 1942$")


def licence_header(path: Path) -> list[str]:
    """The comment block of a dictionary file from its 'The MIT License' line to the end of the notice."""
    lines = path.read_text(encoding="latin-1").splitlines()
    start = next(i for i, line in enumerate(lines) if "MIT License" in line)
    out = []
    for line in lines[start:]:
        if not line.startswith("#"):
            break
        out.append(line.rstrip())
    while out and out[-1].strip() == "#":
        out.pop()
    return out


def licence_lines(path: Path) -> list[str]:
    """A plain licence file as comment lines."""
    return [f"# {line}".rstrip() for line in path.read_text(encoding="utf-8").splitlines()]


def write_tsv(out: Path, name: str, header: list[str], columns: list[str], rows: list[tuple]) -> None:
    lines = [*header, "\t".join(columns)]
    lines += ["\t".join("" if v is None else str(v) for v in row) for row in rows]
    (out / name).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(f"{name}: {len(rows)} rows")


def header_for(source_file: str, what: str, columns_doc: list[str], notice: list[str]) -> list[str]:
    return [
        f"# {what}",
        "# " + SOURCE_NOTE.format(file=source_file),
        *[f"# {c}" for c in columns_doc],
        "#",
        *notice,
    ]


# --- verb dictionary --------------------------------------------------------------------------


def _word(token: str) -> str:
    """One pattern word: lower case, a trailing '_' (no-plural flag) dropped, '_' joins words."""
    return token.strip().rstrip("_").replace("_", " ").lower()


def read_synsets(lines: list[str]) -> list[tuple[str, str]]:
    rows, name = [], None
    for raw in lines:
        line = raw.split("#")[0].rstrip()
        if line.startswith("####### VERB PATTERNS"):
            break
        if line.startswith("&"):
            name = line.strip().rstrip("_")
        elif line.startswith("+") and name:
            rows.append((name, _word(line[1:])))
    return rows


def _noun_phrase(tokens: list[str]) -> list[str]:
    """Noun elements of a pattern segment: 'a+b+head' for {A B HEAD}, bare words as they are."""
    out, braced = [], None
    for tok in tokens:
        if tok in ACTOR_MARKERS or not tok:
            continue
        if tok.startswith("{") and tok.endswith("}"):
            out.append(_elem(tok[1:-1]))
        elif tok.startswith("{"):
            braced = [tok[1:]]
        elif braced is not None:
            if tok.endswith("}"):
                braced.append(tok[:-1])
                out.append("+".join(_elem(t) for t in braced if t and t not in ACTOR_MARKERS))
                braced = None
            else:
                braced.append(tok)
        else:
            out.append(_elem(tok))
    if braced:  # an unclosed brace: keep what was read
        out.append("+".join(_elem(t) for t in braced if t and t not in ACTOR_MARKERS))
    return [e for e in out if e]


def _elem(tok: str) -> str:
    tok = tok.strip("{}")
    if tok.startswith("&"):
        return tok.rstrip("_")
    return _word(tok).replace(" ", "+")


def _segment(text: str) -> tuple[list[str], list[str]]:
    """(noun elements, prepositional elements 'p(n n)') of one side of a pattern."""
    nouns, preps = [], []
    rest = text
    for m in re.finditer(r"\(([^()]*)\)", text):
        inner = m.group(1).split()
        if inner:
            prep = _word(inner[0])
            preps.append(f"{prep}({' '.join(_noun_phrase(inner[1:]))})")
    rest = re.sub(r"\([^()]*\)", " ", text)
    nouns = _noun_phrase(rest.split())
    return nouns, preps


def _marked_preps(text: str) -> tuple[str, str]:
    """(target, source) prepositions of the object side: the prepositional group whose object the line marks as
    the target ``+`` ('(TO +)', '(WITH +)') or the source ``$`` ('(INTO $)'), '' where none is marked.  PETRARCH2
    reads the marked noun phrase as the event's target or source; the pattern elements drop the markers."""
    out = {"+": "", "$": ""}
    for m in re.finditer(r"\(([^()]*)\)", text):
        inner = m.group(1).split()
        for marker in out:
            if len(inner) > 1 and marker in inner[1:] and not out[marker]:
                out[marker] = _word(inner[0])
    return out["+"], out["$"]


def _balanced(text: str) -> str:
    """The pattern without a stray word closed by an unopened ')' (one line repeats 'VISIT)' before its code)."""
    depth, out = 0, []
    for tok in text.split():
        depth += tok.count("(") - tok.count(")")
        if depth < 0:
            depth = 0
            continue
        out.append(tok)
    return " ".join(out)


def _code(text: str) -> tuple[str, str] | None:
    """(code, passive code) from '[042:043]', '[---]' (null code), '[:173]' (passive only).  A mark after the code
    ('- * DOWN (FROM) [080!] # BACK') is no part of it: PETRARCH2 reads a code its table lacks by its first two digits
    (utilities.convert_code: '080!' -> '080'), so the line codes 080 there and here."""
    m = re.search(r"\[([0-9:\-]*)!?\]", text)
    if not m:
        return None
    active, _, passive = m.group(1).partition(":")
    return active.strip(), passive.strip()


def _written_for(raw: str) -> list[str]:
    """The verbs a pattern line's comment names ('# GIVE , PROVIDE <ab 02 Dec 2005>' -> ['give', 'provide']):
    the dictionary's blocks merge patterns first written for one verb, and the comment keeps which."""
    if "#" not in raw:
        return []
    comment = re.sub(r"<[^>]*>", " ", raw.split("#", 1)[1])
    out = []
    for part in comment.split(","):
        words = part.split()
        if words and re.fullmatch(r"[A-Z][A-Z_-]*", words[0]):
            verb = words[0].replace("_", " ").lower()
            if verb not in out:
                out.append(verb)
    return out


def _inflection_stems(form: str) -> list[str]:
    """Lemma candidates of a verb form a comment names ('threw' is looked up among the irregular forms; 'rallied',
    'stepped', 'paid', 'wrote'): the form, then the stems regular English inflection leaves (Quirk et al. 1985, 3.5:
    -s/-es, -ed/-d with a doubled final consonant or y -> i, -ing)."""
    out = [form]
    for suffix, repl in (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"), ("d", "")):
        if form.endswith(suffix) and len(form) > len(suffix) + 2:
            out.append(form[: -len(suffix)] + repl)
    for suffix in ("ed", "ing"):
        stem = form[: -len(suffix)]
        if form.endswith(suffix) and len(stem) > 2:
            out += [stem, stem + "e"] + ([stem[:-1]] if stem[-1] == stem[-2] else [])
    return out


def _lemma_in_block(name: str, forms: dict[str, str]) -> str:
    """A comment's verb ('stepped up', 'threw') as the lemma of the block verb it is a form of ('step up', 'throw');
    a verb of no form of the block stays as written."""
    first, *rest = name.split()
    lemma = next((forms[c] for c in _inflection_stems(first) if c in forms), first)
    return " ".join([lemma, *rest])


def _verb_forms(line: str) -> tuple[str, list[str]]:
    """(lemma, other forms) of a verb line: 'THROW {THROWS THREW THROWN THROWING}' -> ('throw', [...]); '+CALL_OFF
    {+CALLED_OFF ...}' -> ('call', ['called', ...]) (the '+' word of a multi-word verb is its verb)."""

    def verb_word(tok: str) -> str:
        return _word(tok.partition("+")[2] if "+" in tok else tok).split()[0] if tok.strip("+_") else ""

    words = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()
    irregular = re.findall(r"\{([^}]*)\}", line)
    forms = [verb_word(t) for group in irregular for t in group.split()]
    return verb_word(words[0]) if words else "", [f for f in forms if f]


def _particle_verbs(block: str, objects: list[str], written_for: list[str], lemmas: set[str]) -> tuple[str, str]:
    """(particle, verbs) of a pattern: the particle its object side starts with (PARTICLES) and the verbs it applies to,
    those its comment names, else the verbs the block is named after ('OVERSEE_MANAGE' -> oversee, manage); ('', '')
    for other patterns, and for a particle pattern that names no verb in a block named after none ('' = every verb)."""
    if not objects or objects[0] not in PARTICLES:
        return "", ""
    named = [w.split()[0] for w in written_for]
    own = named or [w for w in block.lower().split("_") if w in lemmas]
    return objects[0], ",".join(dict.fromkeys(own))


def read_verbs_and_patterns(lines: list[str]):
    verbs, raw_patterns = [], []
    forms: dict[str, dict[str, str]] = {}  # block -> verb form (lower case) -> lemma
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    block, block_code = None, None
    for n, raw in enumerate(lines[start + 1 :], start=start + 2):
        if raw.startswith("~"):
            continue  # verb transformations (verb-within-verb rules): our mood rules cover these
        line = raw.split("#")[0].rstrip()
        if not line.strip() or line.startswith("<!"):
            continue
        if line.startswith("---"):
            m = re.match(r"---\s+(\S+)\s+\[([^\]]*)\]", line)
            block = m.group(1)
            block_code = m.group(2).partition(":")[0].strip()
            continue
        if line.startswith("-"):
            body = line[1:]
            code = _code(body)
            if code is None or "*" not in body:
                continue
            body = _balanced(re.sub(r"\[[^\]]*\]", " ", body))
            pre, _, post = body.partition("*")
            s_nouns, s_preps = _segment(pre)
            o_nouns, o_preps = _segment(post)
            target_prep, source_prep = _marked_preps(post)
            raw_patterns.append(
                (block, s_nouns, s_preps, o_nouns, o_preps, code, _written_for(raw), n, target_prep, source_prep)
            )
            continue
        # a verb line: PRIMARY {forms} [code]; '+' marks the verb word of a multi-word verb
        code = _code(line)
        words = re.sub(r"\{[^}]*\}|\[[^\]]*\]", " ", line).split()
        if not words:
            continue
        stem = words[0]
        front, back = [], []
        if "+" in stem:
            before, _, after = stem.partition("+")
            front = [w for w in before.split("_") if w]
            verb, *back = after.split("_")
        else:
            verb = stem
        own = code[0] if code else ""
        lemma, inflected = _verb_forms(line)
        block_forms = forms.setdefault(block, {})
        for form in inflected:
            block_forms.setdefault(form, lemma)
        block_forms[lemma] = lemma  # a lemma is itself ('fell' the verb, though 'fell' is also a form of 'fall')
        verbs.append(
            (
                block,
                block_code,
                _word(verb),
                " ".join(_word(w) for w in back if w),
                " ".join(_word(w) for w in front),
                own,
                n,
            )
        )
    return verbs, [_pattern_row(r, forms.get(r[0], {})) for r in raw_patterns]


def _pattern_row(raw: tuple, forms: dict[str, str]) -> tuple:
    """One cameo_patterns.tsv row: the comment's verbs read as the block's lemmas, the particle and its verbs."""
    block, s_nouns, s_preps, o_nouns, o_preps, code, named, n, target_prep, source_prep = raw
    written_for = list(dict.fromkeys(_lemma_in_block(w, forms) for w in named))
    particle, applies_to = _particle_verbs(block, o_nouns, written_for, set(forms.values()))
    return (
        block,
        " ".join(s_nouns),
        " ".join(s_preps),
        " ".join(o_nouns),
        " ".join(o_preps),
        *code,
        ",".join(written_for),
        n,
        target_prep,
        source_prep,
        particle,
        applies_to,
    )


# --- nominalisations ------------------------------------------------------------------------------

# Derivational suffixes that turn an English verb into the noun naming its act (Quirk et al. 1985, App. I.30-35;
# Biber et al. 1999, 5.4: -ation, -ion, -ment, -al, -ure, -ance, and the -ing nominal).  A candidate that is no
# English word never matches a token, so over-generation costs nothing; the coder reads a derived noun only
# where news reports an event by its noun (a support verb's object, an occurring or reacting verb's subject).
NOMINAL_RULES: tuple[tuple[str, str], ...] = (
    ("ize", "ization"),
    ("ise", "isation"),
    ("ify", "ification"),
    ("ate", "ation"),
    ("ate", "ion"),
    ("end", "ension"),
    ("ain", "ention"),
    ("ene", "ention"),
    ("ude", "usion"),
    ("ade", "asion"),
    ("ite", "ition"),
    ("ute", "ution"),
    ("pel", "pulsion"),
    ("ceive", "ception"),
    ("y", "ial"),
    ("e", "ation"),
    ("e", "al"),
    ("e", "ure"),
    ("e", "ment"),
    ("", "ion"),
    ("", "ation"),
    ("", "ment"),
    ("", "al"),
    ("", "ance"),
)
# Verbs too short to derive from by the suffix rules ('rate' -> 'ration'); a stem must also keep 3 letters
# ('state' -> 'station' is not derived).
MIN_DERIVED_STEM = 5
# Nominalisations no suffix rule yields (suppletive or irregular forms, from the same grammars).
IRREGULAR_NOMINALS = {
    "threaten": ("threat",),
    "criticize": ("criticism",),
    "criticise": ("criticism",),
    "complain": ("complaint",),
    "defend": ("defence", "defense"),
    "respond": ("response",),
    "pursue": ("pursuit",),
    "seize": ("seizure",),
    "sentence": ("sentencing",),
    "bomb": ("bombing",),
    "shoot": ("shooting",),
    "fight": ("fighting",),
    # the Latinate nominals of a verb whose stem changes ('expel' -> 'expulsion', 'destroy' -> 'destruction',
    # 'recognize' -> 'recognition'; Quirk et al. 1985, App. I.34; Biber et al. 1999, 5.4), and the -al and -y
    # nominals the suffix rules leave out ('acquit' -> 'acquittal', 'apologize' -> 'apology', 'defy' -> 'defiance')
    "expel": ("expulsion",),
    "demolish": ("demolition",),
    "recognize": ("recognition",),
    "recognise": ("recognition",),
    "apologize": ("apology",),
    "apologise": ("apology",),
    "acquit": ("acquittal",),
    "denounce": ("denunciation",),
    "concede": ("concession",),
    "defy": ("defiance",),
}


def _gerund(verb: str) -> str:
    """The -ing form: 'kill' -> 'killing', 'shell' -> 'shelling', 'raid' -> 'raiding', 'seize' -> 'seizing';
    a final consonant after one short vowel doubles ('kidnap' -> 'kidnapping', 'ban' -> 'banning')."""
    if verb.endswith("ie"):
        return verb[:-2] + "ying"
    if verb.endswith("e") and not verb.endswith(("ee", "ye", "oe")):
        return verb[:-1] + "ing"
    if re.search(r"[^aeiou][aeiou][bdgmnprt]$", verb) and len(verb) <= 6 or verb in ("kidnap", "worship"):
        return verb + verb[-1] + "ing"
    return verb + "ing"


def nominalisations(verbs: list[tuple]) -> list[tuple[str, str, str, int]]:
    """(noun, verb, derivation, line) for every one-word CAMEO verb: its -ing nominal, its suffix derivations, its
    irregular nominals and the same word used as a noun ('arrest', 'raid').  The noun's code is the verb's,
    resolved by the coder with our verb corrections (news_verbs.tsv, news_blocks.tsv)."""
    rows: dict[str, tuple[str, str, str, int]] = {}
    for _block, _block_code, verb, particle, prefix, _own, line in verbs:
        if particle or prefix or " " in verb or "-" in verb or not verb.isalpha():
            continue
        cands = [(_gerund(verb), "ing"), (verb, "conversion")]
        cands += [(noun, "irregular") for noun in IRREGULAR_NOMINALS.get(verb, ())]
        if len(verb) >= MIN_DERIVED_STEM:
            for old, new in NOMINAL_RULES:
                if verb.endswith(old) and len(verb) - len(old) >= 3:
                    cands.append((verb[: len(verb) - len(old)] + new, f"-{new}"))
        for noun, how in cands:
            rows.setdefault(noun, (noun, verb, how, line))  # the first verb of the dictionary that yields it
    return sorted(rows.values())


# --- CAMEO -> PLOVER ------------------------------------------------------------------------------


def read_plover(path: Path) -> list[tuple[str, str, str]]:
    rows = []
    for raw in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"^(\d{3,4}):\s*([A-Z]+)\s*,[^#]*#\s*(.*)$", raw)
        if not m:
            continue
        code, cat, desc = m.groups()
        cat = PLOVER_RENAMES.get((cat, code[:2]), cat)
        rows.append((code, cat, desc.strip()))
    return rows


# --- discards and agents ----------------------------------------------------------------------


def read_discards(path: Path) -> tuple[list[tuple[str, str, str]], int]:
    rows, skipped = [], 0
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#")[0].strip()
        if not line:
            continue
        scope = "story" if line.startswith("+") else "sentence"
        phrase = line.lstrip("+").strip()
        if CHRONOLOGY.search(phrase.upper()):
            skipped += 1
            continue
        whole_word = phrase.endswith("_")
        phrase = " ".join(phrase.rstrip("_").lower().split())
        rows.append((scope, phrase, "word" if whole_word else "stem"))
    return rows, skipped


def read_agents(path: Path) -> list[tuple[str, str]]:
    subs: dict[str, list[str]] = {}
    rows = []
    for raw in path.read_text(encoding="latin-1").splitlines():
        line = raw.split("#")[0].strip()
        m = re.match(r"^!(\w+)!\s*=\s*(.*)$", line)
        if m:
            subs[m.group(1)] = [w.strip() for w in m.group(2).split(",") if w.strip()]
            continue
        m = re.match(r"^(.+?)\s*(\{[^}]*\})?\s*\[([^\]]*)\]", line)
        if not m:
            continue
        phrase, code = m.group(1).strip(), m.group(3).strip()
        sector = code.strip("~")[:3]
        forms = [phrase]
        for name, values in subs.items():
            if f"!{name}!" in phrase:
                forms = [f.replace(f"!{name}!", v) for f in forms for v in values]
        for f in forms:
            rows.append((" ".join(f.rstrip("_").replace("_", " ").lower().split()), sector))
    return sorted(set(rows))


# --- how the verb dictionary is read -------------------------------------------------------------

# Prepositions that are no particles (Quirk et al. 1985, 9.7): one written bare in a pattern's noun slot ('* FOR
# ...') is a preposition outside the parentheses the format asks for.
PREPOSITIONS = frozenset("against at for from into of since to toward towards with".split())


def _pattern_lines(lines: list[str]) -> list[tuple[int, str]]:
    """(line number, text) of the verb-pattern lines ('-' lines after the synonym sets, block headers aside)."""
    start = next(i for i, line in enumerate(lines) if line.startswith("####### VERB PATTERNS"))
    return [
        (n, raw)
        for n, raw in enumerate(lines[start + 1 :], start=start + 2)
        if raw.startswith("-") and not raw.startswith("---")
    ]


def conversion_table(lines: list[str]) -> list[tuple[str, int, str, str]]:
    """(kind of line, count, PETRARCH2's reading, ours) for the verb dictionary's lines whose reading needs saying:
    what PETRARCH2's reader and matcher (PETRreader.read_verb_dictionary, PETRtree.VerbPhrase.match_pattern) do with
    them, and what this conversion does."""
    verbs, patterns = read_verbs_and_patterns(lines)
    body = [(n, raw.split("#")[0]) for n, raw in _pattern_lines(lines)]
    no_code = [n for n, text in body if _code(text) is None or "*" not in text]
    markers = [n for n, text in body if set(re.sub(r"\[[^\]]*\]", " ", text).split()) & ACTOR_MARKERS]
    markers += [n for n, text in body if re.search(r"[(\s][$+%^][)\s]", text) and n not in markers]
    joined = [n for n, text in body if re.search(r"[A-Za-z]_[A-Za-z]", re.sub(r"&\S+", " ", text))]
    particle = [r for r in patterns if r[11]]
    named = [r for r in patterns if r[7]]
    inflected = [n for n, raw in _pattern_lines(lines) if _written_for(raw)]
    lemmatised = [r for r in patterns if r[8] in set(inflected) and r[7] != ",".join(_written_for(lines[r[8] - 1]))]
    bare_prep = [r for r in patterns if r[3].split()[:1] and r[3].split()[0] in PREPOSITIONS]
    repeated: dict[tuple, set] = {}
    for r in patterns:
        repeated.setdefault((r[0], *r[1:5], r[12]), set()).add((r[5], r[6]))
    transformations = sum(1 for line in lines if line.startswith("~"))
    block_verbs: dict[str, set[str]] = {}
    for v in verbs:
        block_verbs.setdefault(v[0], set()).add(v[2])
    return [
        ("pattern lines converted", len(patterns), "a path in the block's tree", "a cameo_patterns.tsv row"),
        ("pattern lines without a code or '*'", len(no_code), "last word read as the code", "not converted"),
        ("verb transformation lines ('~')", transformations, "verb-within-verb rules", "not converted (mood rules)"),
        (
            "lines with actor markers $ + % ^",
            len(markers),
            "kept as pattern words; only '^' matches (any noun phrase)",
            "markers dropped; a marked preposition kept as target_prep/source_prep (dictionaries.rst: + target, $ source)",
        ),
        (
            "particle patterns ('* BACK TO # HEAD')",
            len(particle),
            "tried for every verb of the block",
            f"only for their own verbs (verbs column): the comment's {sum(1 for r in particle if r[7])}, "
            f"the block's name {sum(1 for r in particle if not r[7] and r[12])}, "
            f"every verb {sum(1 for r in particle if not r[12])}",
        ),
        ("lines whose comment names verbs", len(named), "comment ignored", "written_for"),
        ("comments naming an inflected form ('# THREW')", len(lemmatised), "comment ignored", "read as the lemma"),
        (
            "verbs named in comments that are no verb of the block",
            sum(1 for r in named for w in r[7].split(",") if w.split()[0] not in block_verbs.get(r[0], ())),
            "comment ignored",
            "kept as written (a verb our news_verbs.tsv may add)",
        ),
        (
            "bare prepositions in the noun slot ('* FOR ...')",
            len(bare_prep),
            "a noun head, which no prepositional phrase offers",
            "matched among the prepositions on the verb's objects",
        ),
        ("words joined by '_' outside synonym sets", len(joined), "one word, never in a parse", "a phrase"),
        (
            "identical patterns with another code",
            sum(1 for codes in repeated.values() if len(codes) > 1),
            "the last line's code",
            "the code of the line written for the verb, else the last (Lexicon.variant_for)",
        ),
    ]


def print_table(lines: list[str]) -> None:
    print("| kind of line | count | PETRARCH2 | this conversion |\n|---|---:|---|---|")
    for kind, count, theirs, ours in conversion_table(lines):
        print(f"| {kind} | {count} | {theirs} | {ours} |")


def main(out: Path = OUT) -> None:
    out.mkdir(parents=True, exist_ok=True)
    cameo = PETRARCH / "CAMEO.2.0.txt"
    lines = cameo.read_text(encoding="latin-1").splitlines()
    notice = licence_header(cameo)

    synsets = read_synsets(lines)
    write_tsv(
        out,
        "cameo_synsets.tsv",
        header_for(
            "CAMEO.2.0.txt",
            "CAMEO synonym sets: a pattern element '&NAME' matches any of the set's phrases (last word = head).",
            ["columns: name, phrase (lower case, words separated by spaces)"],
            notice,
        ),
        ["name", "phrase"],
        synsets,
    )
    verbs, patterns = read_verbs_and_patterns(lines)
    write_tsv(
        out,
        "cameo_verbs.tsv",
        header_for(
            "CAMEO.2.0.txt",
            "CAMEO verbs: the verb's lemma, the block (synonym set) whose patterns apply to it, and its code.",
            [
                "columns: block, block_code (the block's default CAMEO code, '---' = no event), verb (lemma),",
                "particle (words after the verb of a multi-word verb: 'call off'), prefix (words before it),",
                "code (the verb's own code, overriding block_code when set), line (in CAMEO.2.0.txt)",
            ],
            notice,
        ),
        ["block", "block_code", "verb", "particle", "prefix", "code", "line"],
        verbs,
    )
    write_tsv(
        out,
        "cameo_patterns.tsv",
        header_for(
            "CAMEO.2.0.txt",
            "CAMEO verb patterns over a verb's arguments, per block.",
            [
                "columns: block, subject (noun elements before the verb), subject_preps, object (noun elements",
                "after the verb: objects, particles, complements), object_preps, code (active CAMEO code,",
                "'---' = no event, '' = none), passive_code (the code read with the roles reversed), written_for",
                "(the verbs the line's comment names, as the lemmas of the block's verbs they are forms of, comma-",
                "separated: the verbs the pattern was written for), line,",
                "target_prep and source_prep (the preposition whose object the line marks as the target '+' or the",
                "source '$', '' where none is marked), particle (the phrasal-verb particle the object side starts",
                "with, see PARTICLES in the script) and verbs (the only verbs of the block such a pattern applies",
                "to, comma-separated lemmas: the comment's, else those the block is named after; '' = every verb).",
                "A noun element is 'head' or 'mod+mod+head'; '&NAME' is a synonym set; a prepositional",
                "element is 'prep(noun elements)', 'prep()' for the preposition alone.",
            ],
            notice,
        ),
        [
            "block",
            "subject",
            "subject_preps",
            "object",
            "object_preps",
            "code",
            "passive_code",
            "written_for",
            "line",
            "target_prep",
            "source_prep",
            "particle",
            "verbs",
        ],
        patterns,
    )
    write_tsv(
        out,
        "cameo_nouns.tsv",
        header_for(
            "CAMEO.2.0.txt",
            "Event nouns derived from the CAMEO verbs by English derivational morphology (see NOMINAL_RULES in "
            "the script): the noun takes its verb's code ('condemnation' <- condemn 111, 'kidnapping' <- kidnap).",
            [
                "columns: noun, verb (the CAMEO verb entry whose code the noun takes), derivation ('ing', a suffix,",
                "'irregular', or 'conversion': the verb's own form used as a noun), line.",
                "Candidates that are no English word are harmless (they never match a token); our news_nouns.tsv",
                "rows win over these.",
            ],
            notice,
        ),
        ["noun", "verb", "derivation", "line"],
        nominalisations(verbs),
    )
    plover = read_plover(PLOVER / "CAMEO2PLOVER-2021.txt")
    write_tsv(
        out,
        "cameo_plover.tsv",
        [
            "# CAMEO event code -> PLOVER category.",
            "# Derived by scripts/build_event_dictionary.py from openeventdata/PLOVER CAMEO2PLOVER-2021.txt",
            "# (PLOVER manual draft 0.8, 2021-09-17; see ../shared/data/plover/SOURCE.md for source and licence).",
            "# The table's older names are renamed to the current PLOVER categories: ACCUSE 09x -> INVESTIGATE,",
            "# ACCUSE 11x -> DISAPPROVE, REQUEST 10x -> DEMAND. CAMEO 01x (public statements) and 02x (appeals)",
            "# have no PLOVER category ('request or appeal - which is not coded in PLOVER', codebook DEMAND).",
        ],
        ["code", "plover", "description"],
        plover,
    )
    discards, skipped = read_discards(PETRARCH / "Phoenix.discards.txt")
    write_tsv(
        out,
        "discards.tsv",
        [
            "# Contexts whose sentences (scope=sentence) or stories (scope=story) are not coded: sports,",
            "# entertainment, disasters, diseases, accidents.",
            "# " + SOURCE_NOTE.format(file="Phoenix.discards.txt"),
            f"# {skipped} chronology entries (years, 'YEARS AGO', past wars) are left out: background and",
            "# history sentences stay codable as their own dated events (issue 11 item 7).",
            "# columns: scope, phrase (lower case), match ('word': whole words; 'stem': the phrase may run on",
            "# into a longer word), as in the PETRARCH2 discard format.",
            "#",
            *licence_lines(PETRARCH / "LICENSE"),
        ],
        ["scope", "phrase", "match"],
        discards,
    )
    agents = read_agents(PETRARCH / "Phoenix.agents.txt")
    write_tsv(
        out,
        "agents.tsv",
        [
            "# Generic agents (people, groups, offices) with their CAMEO sector: an event's source is one of these",
            "# or a named entity.  Sectors GOV, MIL, REB, OPP, PTY, COP, JUD, LEG, SPY, UAF, INS, SEP and IGO are",
            "# political: a sentence naming one has a political actor, so a discard context alone does not stop it.",
            "# " + SOURCE_NOTE.format(file="Phoenix.agents.txt"),
            "# columns: agent (lower case phrase; '!PERSON!' and '!MINIST!' substitutions expanded), sector",
            *licence_header(PETRARCH / "Phoenix.agents.txt"),
        ],
        ["agent", "sector"],
        agents,
    )


if __name__ == "__main__":
    if "--table" in sys.argv[1:]:
        print_table((PETRARCH / "CAMEO.2.0.txt").read_text(encoding="latin-1").splitlines())
    else:
        main()
