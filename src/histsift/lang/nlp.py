"""The linguistic layer: histsift's own English pipeline (spaCy), shipped inside the package.

The model in ``lang/model/`` was trained by ``make model`` on open treebanks
(see its README): tokens, sentences, part of speech, lemmas, a dependency
tree and named entities (PERSON, PLACE, ORG, EVENT), each with character
offsets. It is loaded from the package's own files, once per process and only
when an extractor first needs it, so commands that do not read text (``--version``,
``timeline``, the web app's pages) never pay for it.
"""
from __future__ import annotations

import functools
import os
from importlib import resources
from pathlib import Path

MODEL = Path(str(resources.files("histsift.lang") / "model"))
ENTITY_TYPES = {"PERSON": "person", "PLACE": "place", "ORG": "organization", "EVENT": "event"}


def available() -> bool:
    """Whether the extractors may use the pipeline: it is shipped, and not switched off with
    ``HISTSIFT_MODEL=off`` (a faster build whose who's who is checked by rules alone)."""
    return os.environ.get("HISTSIFT_MODEL", "").lower() != "off" and (MODEL / "meta.json").is_file()


@functools.lru_cache(maxsize=4)
def pipeline(*, parse: bool = False, lemmas: bool = False):
    """The pipeline, with only what the caller needs switched on: the tagger and entity
    recogniser always; the parser (sentences, subjects, objects) and lemmas on request."""
    import spacy

    exclude = [] if parse else ["parser"]
    if not lemmas:
        exclude.append("lemmatizer")
    return spacy.load(MODEL, exclude=exclude)

