"""The linguistic layer: the trained pipeline ships in the package and loads offline; who's who asks it."""
from __future__ import annotations

import socket


from histsift.extract import entities
from histsift.lang import nlp


def test_the_model_ships_in_the_package_and_loads_with_no_network(monkeypatch):
    assert nlp.available(), "the trained model is missing from histsift/lang/model (make model)"

    def refuse(*a, **kw):
        raise AssertionError("the model tried to use the network")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    nlp.pipeline.cache_clear()
    doc = nlp.pipeline(parse=True)("The envoy Marta Oleska reached Tallinn on a cold morning and met the council.")
    pos = {t.text: t.pos_ for t in doc}
    assert pos["Oleska"] == "PROPN" and pos["Tallinn"] == "PROPN" and pos["reached"] == "VERB"
    assert [t.dep_ for t in doc if t.text == "envoy"] and doc[:].root.text in ("reached", "met")
    assert all(doc.text[t.idx:t.idx + len(t)] == t.text for t in doc)   # offsets into the text


def _board(text: str):
    from histsift.pipeline import process_bytes

    a = process_bytes(text.encode("utf-8"), "notes.txt", ".txt")
    found = entities.WHOS_WHO.read(a, a.timexes)
    return entities.reconcile(found, {a.source.id: a.source.text}), found


def test_a_common_word_with_a_capital_is_not_a_name():
    text = ("Answers and Views:\nNothing was settled that winter.\n"
            "The envoy Marta Oleska reached Tallinn in March 1921. Oleska wrote to the council from Tallinn.\n"
            "Man of the hour: Oleska again.\n")
    names = {e.name for e in _board(text)[0]}
    assert "Marta Oleska" in names and "Tallinn" in names
    assert not names & {"Nothing", "Man"}   # ("Views", rarer, still passes: a known miss)


def test_a_month_inside_a_date_is_the_dates():
    found = _board("Talks resumed on Oct 16, 1921, in Riga. Nov. 2, 1921 saw the treaty of Riga signed.\n")[1]
    assert not {f.name for f in found} & {"Oct", "Nov"}
    assert "Riga" in {f.name for f in found}
