"""Turn the UD treebanks (CoNLL-U) into spaCy's training files (DocBin).

    python train/ud_to_spacy.py UD_DIR OUT_DIR

UD_DIR holds ``ewt/`` and ``gum/`` (UD English-EWT and the CC BY part of UD
English-GUM). For each split it writes ``OUT_DIR/{train,dev,test}.spacy``:
words with their spacing, UPOS and features, lemmas, the dependency tree and
sentence starts; for GUM also the named entity mentions (EWT has none, and its
documents leave the entity layer unset, so they teach the recogniser nothing
either way). A GUM mention counts as a name when its head word is a proper
noun; its type is mapped PERSON / PLACE / ORG / EVENT, the outermost name wins
where names nest, and a leading determiner is left out ("the Senate" →
"Senate"), as names are written in who's who.

spaCy's own ``spacy convert`` reads CoNLL-U but not GUM's ``Entity=``
brackets, which is why this file exists.
"""
from __future__ import annotations

import re
import sys
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin

TYPES = {"person": "PERSON", "place": "PLACE", "organization": "ORG", "event": "EVENT"}
SENTS_PER_DOC = 12   # the parser learns where sentences end only from documents of several
BREAKS = {",", "(", ")", ";", ":", "\"", "“", "”"}
OPEN = re.compile(r"\((\d+)-([a-z]+)")
CLOSE = re.compile(r"(\d+)\)")


def sentences(path: Path):
    """Each sentence as (newdoc?, rows of the word lines: id, form, lemma, upos, feats, head, deprel, misc)."""
    rows, newdoc = [], False
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.startswith("# newdoc"):
            newdoc = True
        elif not line.strip():
            if rows:
                yield newdoc, rows
            rows, newdoc = [], False
        elif not line.startswith("#"):
            cols = line.split("\t")
            if "-" in cols[0] or "." in cols[0]:
                continue   # multi-word token lines (spaCy tokenises into the words) and empty nodes
            rows.append((int(cols[0]), cols[1], cols[2], cols[3], cols[5], int(cols[6]), cols[7], cols[9]))
    if rows:
        yield newdoc, rows


def mentions(rows) -> list[tuple[int, int, str]]:
    """(first word, last word, type) of every typed mention in one sentence, by GUM's brackets."""
    open_: dict[str, list[tuple[int, str]]] = {}
    out = []
    for i, r in enumerate(rows):
        misc = dict(kv.split("=", 1) for kv in r[7].split("|") if "=" in kv)
        ent = misc.get("Entity", "")
        # a bracket like "(5-time-...)" opens and closes on this word; "4)" closes mention 4
        for m in re.finditer(r"\((\d+)-([a-z]+)[^()]*?(\))?(?=\(|$|\d+\))", ent):
            if m.group(3):
                out.append((i, i, m.group(2)))
            else:
                open_.setdefault(m.group(1), []).append((i, m.group(2)))
        rest = re.sub(r"\(\d+-[a-z]+[^()]*?\)?(?=\(|$|\d+\))", "", ent)
        for m in CLOSE.finditer(rest):
            if open_.get(m.group(1)):
                start, kind = open_[m.group(1)].pop()
                out.append((start, i, kind))
    return out


def named(rows, spans) -> list[tuple[int, int, str]]:
    """The mentions that are names of a kind we keep, outermost first, without a leading determiner."""
    keep = []
    for a, b, kind in spans:
        if kind not in TYPES:
            continue
        inside = set(range(a, b + 1))
        heads = [i for i in inside if rows[i][5] - 1 not in inside]
        if len(heads) != 1 or rows[heads[0]][3] != "PROPN":
            continue
        if any(rows[i][1] in BREAKS or rows[i][3] == "CCONJ" for i in inside):
            continue   # "Groningen, in the Netherlands", "Bernoulli and Euler": the names inside are the names
        while a < b and rows[a][3] == "DET":
            a += 1
        while b > a and (rows[b][3] == "PART" or rows[b][3] == "PUNCT"):
            b -= 1     # "Bernoulli 's"
        keep.append((a, b, TYPES[kind]))
    keep.sort(key=lambda s: (s[0] - s[1], s[0]))
    taken: set[int] = set()
    out = []
    for a, b, t in keep:
        if not taken & set(range(a, b + 1)):
            out.append((a, b, t))
            taken |= set(range(a, b + 1))
    return sorted(out)


def doc_of(vocab, group, with_ents: bool) -> Doc:
    words, spaces, pos, morphs, lemmas, heads, deps, starts, ents = [], [], [], [], [], [], [], [], []
    for rows in group:
        base = len(words)
        for k, r in enumerate(rows):
            words.append(r[1])
            spaces.append("SpaceAfter=No" not in r[7])
            pos.append(r[3])
            morphs.append("" if r[4] == "_" else r[4])
            lemmas.append(r[2])
            heads.append(base + r[5] - 1 if r[5] else base + k)
            deps.append("ROOT" if r[5] == 0 else r[6])
            starts.append(k == 0)
        if with_ents:
            for a, b, t in named(rows, mentions(rows)):
                ents.append((base + a, base + b, t))
    iob = None
    if with_ents:
        iob = ["O"] * len(words)
        for a, b, t in ents:
            iob[a] = f"B-{t}"
            for i in range(a + 1, b + 1):
                iob[i] = f"I-{t}"
    return Doc(vocab, words=words, spaces=spaces, pos=pos, morphs=morphs, lemmas=lemmas, heads=heads,
               deps=deps, sent_starts=starts, ents=iob)


def convert(files: list[tuple[Path, bool]], out: Path) -> int:
    nlp = spacy.blank("en")
    db = DocBin(store_user_data=False)
    n = 0
    for path, with_ents in files:
        group: list = []
        for newdoc, rows in sentences(path):
            if group and (newdoc or len(group) == SENTS_PER_DOC):
                db.add(doc_of(nlp.vocab, group, with_ents))
                group = []
            group.append(rows)
            n += 1
        if group:
            db.add(doc_of(nlp.vocab, group, with_ents))
    db.to_disk(out)
    return n


def main() -> None:
    ud, out = Path(sys.argv[1]), Path(sys.argv[2])
    out.mkdir(parents=True, exist_ok=True)
    for split in ("train", "dev", "test"):
        files = [(ud / "ewt" / f"en_ewt-ud-{split}.conllu", False), (ud / "gum" / f"en_gum-ccby-{split}.conllu", True)]
        print(split, convert(files, out / f"{split}.spacy"), "sentences")
        for name, (path, ents) in zip(("ewt", "gum"), files):
            convert([(path, ents)], out / f"{split}-{name}.spacy")


if __name__ == "__main__":
    main()
