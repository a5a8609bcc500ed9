"""The BM25 document filter applies before ranking: a document whose lexical match ranks below 50 other
documents' matches is still found when a question is limited to it."""

from __future__ import annotations

import pytest

from rag.engine import Engine
from rag.ingest import build_index
from rag.settings import Settings

QUESTION = "What was said about saffron tariffs?"
OTHERS = 60  # more than BM25's 50 ranked hits


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    sources = tmp_path_factory.mktemp("bm25-sources")
    for n in range(OTHERS):
        # Short paragraphs naming both query words twice: each outranks the target's single mention.
        (sources / f"tariffs-{n:02d}.txt").write_text(
            f"Delegation {n} discussed saffron tariffs at length. Saffron tariffs were raised again by delegation {n}.",
            encoding="utf-8",
        )
    (sources / "target.txt").write_text(
        "The ministers reviewed cooperation on border management, visa reciprocity, passenger records, "
        "counter-terrorism, cybercrime, electronic evidence, migration routes and return policy over two days, "
        "and closed with a short note on saffron.",
        encoding="utf-8",
    )
    settings = Settings(sources=sources, store=tmp_path_factory.mktemp("bm25-store"), retrieval_mode="bm25")
    build_index(settings)
    return Engine.load(settings)


def _target_id(engine: Engine) -> str:
    (target,) = [d for d, meta in engine.documents.items() if meta["source"] == "target.txt"]
    return target


def test_unfiltered_the_target_ranks_below_fifty_other_documents(engine: Engine) -> None:
    hits = engine.retrieve(QUESTION, top_k=50)
    assert len(hits) == 50
    assert _target_id(engine) not in {h.node.metadata["document"] for h in hits}


def test_filtered_to_the_target_its_lexical_hit_is_found(engine: Engine) -> None:
    target = _target_id(engine)
    hits = engine.retrieve(QUESTION, documents=[target])
    assert [h.node.metadata["document"] for h in hits] == [target]
    assert "note on saffron" in hits[0].node.get_content() and (hits[0].bm25 or 0) > 0
    # The filter does not stick to the shared retriever: the next unfiltered question ranks every document again.
    assert len({h.node.metadata["document"] for h in engine.retrieve(QUESTION, top_k=50)}) == 50


def test_a_filter_to_two_documents_ranks_within_them(engine: Engine) -> None:
    target = _target_id(engine)
    other = next(d for d, meta in engine.documents.items() if meta["source"] == "tariffs-59.txt")
    hits = engine.retrieve(QUESTION, documents=[target, other], top_k=5)
    assert [h.node.metadata["document"] for h in hits] == [other, target]
