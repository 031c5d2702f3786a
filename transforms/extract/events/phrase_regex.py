"""One regular expression for a list of lexicon phrases, shaped as a trie of their characters.

Python's ``re`` tries the branches of an alternation one by one at every position of the text, so a flat
``\\bphrase1|\\bphrase2|...`` of some 300 phrases costs some 300 failed branches per character.  The trie shares
each common prefix once: at a position only the branches of the next character are tried.  It matches the same
strings as the flat alternation (the union of the same phrases), so whether it finds a match in a text is the
same; which of several overlapping phrases a match spans may differ, and only existence is asked of it.
"""

from __future__ import annotations

import re

# a phrase's word gap: any run of whitespace, as the flat alternation's r"\s+"
_GAP = r"\s+"
_END = ""  # trie key of a phrase that ends at this node


def phrase_atoms(phrase: str, *, whole_word: bool) -> list[str]:
    """The regex atoms of one phrase: each character escaped, ``\\s+`` between its words, a closing ``\\b`` when
    the phrase must end on a word boundary (a 'stem' phrase may run on into a longer word)."""
    atoms: list[str] = []
    for k, word in enumerate(phrase.split()):
        if k:
            atoms.append(_GAP)
        atoms.extend(re.escape(c) for c in word)
    if whole_word:
        atoms.append(r"\b")
    return atoms


def trie_pattern(phrases: list[list[str]]) -> str:
    """A pattern matching exactly the union of ``phrases`` (each a list of atoms, ``phrase_atoms``)."""
    root: dict = {}
    for atoms in phrases:
        node = root
        for atom in atoms:
            node = node.setdefault(atom, {})
        node[_END] = {}
    return _branches(root)


def _branches(node: dict) -> str:
    ends_here = _END in node
    tails = [atom + _branches(child) for atom, child in sorted(node.items()) if atom != _END]
    if not tails:
        return ""
    body = tails[0] if len(tails) == 1 and not ends_here else "(?:" + "|".join(tails) + ")"
    return f"(?:{body})?" if ends_here else body
