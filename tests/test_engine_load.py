"""What Engine.__init__ prepares for requests: "show in context" from each document's own paragraph order."""

from rag.engine import Engine


def test_neighbours_are_the_paragraphs_around_one_in_its_own_document(two_document_engine: Engine) -> None:
    engine = two_document_engine
    for document in {view.document for view in engine.paragraphs.values()}:
        own = [view for view in engine.paragraphs.values() if view.document == document]  # the scan it replaces
        for at, view in enumerate(own):
            assert engine.neighbours(view.id, 2) == own[max(0, at - 2) : at + 3]
    assert engine.neighbours("no such paragraph") == []
