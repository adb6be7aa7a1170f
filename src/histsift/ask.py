"""Ask: answer a question from the stored evidence, or say it is not there.

Until the timeline, who's-who and causes stages land, no typed answer can be
supported, so every question is answered with an honest "not in the sources":
``answer`` and ``value`` null, no citations.
"""
from __future__ import annotations

from .errors import HistsiftError
from .model import Source


def answer(question: str, sources: list[Source]) -> dict:
    question = question.strip()
    if not question:
        raise HistsiftError("the question is empty")
    return {"question": question, "answer": None, "type": "text", "value": None,
            "confidence": 0.0, "citations": []}
