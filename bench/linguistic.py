"""How good is the shipped English pipeline? Scored on the treebanks' own test sets.

    python bench/linguistic.py [--ud DIR]

Reads UD English-EWT and the CC BY part of UD English-GUM from DIR (default:
the shared data folder beside the repository, ``../shared/data/ud``),
converts their test sets as training did (train/ud_to_spacy.py), runs the
model in ``src/histsift/lang/model`` on the raw text of each sentence group
(its own tokenizer, sentences and all) and prints UPOS accuracy, LAS, sentence
F1 and, on GUM, entity F1 per type, beside published figures, and the speed in
words per second on one core.
"""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "train"))

from spacy.tokens import DocBin  # noqa: E402
from spacy.training import Example  # noqa: E402

import ud_to_spacy  # noqa: E402
from histsift.lang import nlp as lang_nlp  # noqa: E402

# Published figures, for scale (not the same conditions: most use gold tokens, ours are predicted):
# EWT test, UD 2.x, from the treebank README beside the data and the systems' papers:
# Stanza (Qi et al. 2020) UPOS 95.4 / LAS 86.2 (predicted tokens); UDPipe 2 (Straka 2019) UPOS 96.3 / LAS 89.6 (gold tokens).
# spaCy en_core_web_sm 3.x reports POS 0.97, LAS 0.90, NER F 0.85 on OntoNotes (not open), its own
# model card. GUM entity F1 has no standard figure for this 4-type subset.
PUBLISHED = {"EWT UPOS": "0.95-0.97", "EWT LAS": "0.86-0.90", "GUM UPOS": "0.95-0.97", "GUM LAS": "0.85-0.90"}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--ud", type=Path, default=ROOT.parent / "shared" / "data" / "ud")
    args = ap.parse_args()
    if not (args.ud / "ewt").is_dir():
        raise SystemExit(f"no treebanks in {args.ud} (pass --ud DIR)")
    nlp = lang_nlp.pipeline(parse=True, lemmas=True)
    print(f"model: {lang_nlp.MODEL.name} ({sum(f.stat().st_size for f in lang_nlp.MODEL.rglob('*') if f.is_file()) / 1e6:.1f} MB)")
    print(f"{'test set':10} {'UPOS':>6} {'LAS':>6} {'UAS':>6} {'sent F':>7} {'lemma':>6}   published UPOS / LAS")
    with tempfile.TemporaryDirectory() as tmp:
        for name, files in (("EWT", [(args.ud / "ewt" / "en_ewt-ud-test.conllu", False)]),
                            ("GUM", [(args.ud / "gum" / "en_gum-ccby-test.conllu", True)])):
            path = Path(tmp) / f"{name}.spacy"
            ud_to_spacy.convert(files, path)
            gold = list(DocBin().from_disk(path).get_docs(nlp.vocab))
            t = time.perf_counter()
            predicted = list(nlp.pipe([g.text for g in gold], batch_size=64))
            secs = time.perf_counter() - t
            words = sum(len(g) for g in gold)
            examples = [Example(p, g) for p, g in zip(predicted, gold)]
            s = _score(nlp, examples)
            print(f"{name + ' test':10} {s['pos_acc']:6.3f} {s['dep_las']:6.3f} {s['dep_uas']:6.3f} {s['sents_f']:7.3f} "
                  f"{s['lemma_acc']:6.3f}   {PUBLISHED[name + ' UPOS']} / {PUBLISHED[name + ' LAS']}"
                  f"   ({words:,} words, {words / secs:,.0f} words/s on one core, full pipeline)")
            if name == "GUM":
                per = s.get("ents_per_type") or {}
                print(f"GUM test entities: F1 {s['ents_f']:.3f} (P {s['ents_p']:.3f} R {s['ents_r']:.3f}); " +
                      ", ".join(f"{k} {v['f']:.3f}" for k, v in sorted(per.items())))


def _score(nlp, examples):
    from spacy.scorer import Scorer
    scorer = Scorer(nlp)
    return scorer.score(examples)


if __name__ == "__main__":
    main()
