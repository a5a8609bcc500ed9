"""What Engine.__init__ prepares for requests: "show in context" from each document's own paragraph order."""

from rag.engine import Engine


def test_neighbours_are_the_paragraphs_around_one_in_its_own_document(two_document_engine: Engine) -> None:
    engine = two_document_engine
    for document in {view.document for view in engine.paragraphs.values()}:
        own = [view for view in engine.paragraphs.values() if view.document == document]  # the scan it replaces
        for at, view in enumerate(own):
            assert engine.neighbours(view.id, 2) == own[max(0, at - 2) : at + 3]
    assert engine.neighbours("no such paragraph") == []


def test_the_vector_indexes_are_loaded_aside_while_the_engine_loads(built_settings, monkeypatch) -> None:
    """Chroma loads a collection's vector index on its first query; a start has it do so on a thread of its own, so
    the first question does not wait for it. A fault there is left for the question's own query to report."""
    import threading

    from rag.store import Generation

    probed: list[tuple[str, list[str]]] = []

    class Recording:
        def __init__(self, name: str, fail: bool = False) -> None:
            self.name, self.fail = name, fail

        def query(self, **kwargs: object) -> dict[str, list[list[str]]]:
            probed.append((self.name, list(kwargs["include"])))  # type: ignore[call-overload]
            if self.fail:
                raise ConnectionError("the server went away")
            return {"ids": [[]]}

    Generation("g", Recording("chunks"), Recording("sentences")).warm()
    assert probed == [("chunks", []), ("sentences", [])]  # ids only: nothing read back but the index itself
    probed.clear()
    Generation("g", Recording("chunks", fail=True), Recording("sentences")).warm()  # no exception
    assert probed == [("chunks", [])]

    started: list[str] = []
    real_start = threading.Thread.start
    monkeypatch.setattr(threading.Thread, "start", lambda self: started.append(self.name) or real_start(self))
    engine = Engine.load(built_settings)
    assert "procqa-warm-vectors" in started
    assert "Jeff Sessions" in engine.ask("Who headed the US delegation?").answer
