"""rag.support: statements are checked against the paragraphs they cite, offline."""

import pytest

from rag.contract import Citation
from rag.support import SupportChecker, dangling_markers, statements, support_rate


@pytest.fixture(scope="module")
def checker(engine):
    return SupportChecker(engine.embed_model.embed)


def cite(engine, number, n=1):
    pid = f"9278/18 ¶{number}"
    return Citation(
        n=n, id=pid, label=pid, document="9278/18", section="", text=engine.paragraph_text(pid), quote="", score=1.0
    )


def test_statements_keep_their_markers_and_a_trailing_marker_joins_its_sentence():
    assert statements("The CLOUD Act was adopted in March [1]. It was discussed [2][1].") == [
        ("The CLOUD Act was adopted in March.", (1,)),
        ("It was discussed.", (2, 1)),
    ]
    assert statements("Sessions headed it. [1]") == [("Sessions headed it.", (1,))]


def test_the_extractive_answer_is_supported_by_its_own_citations(engine, checker):
    answer = engine.ask("Who headed the US delegation?")
    results = checker.check(answer.answer, answer.citations)
    assert results and all(r.supported for r in results)
    assert support_rate(results) == 1.0


@pytest.mark.parametrize(
    ("statement", "paragraph"),
    [
        ("Both sides will continue discussing PNR at the next ministerial in Washington in late 2018 [1].", 22),
        ("The US named Colombia, for cocaine, and China, for opioids, as drug producers [1].", 15),
        ("The US said industry's voluntary efforts are better than legislation [1].", 7),
    ],
)
def test_a_faithful_paraphrase_is_supported(engine, checker, statement, paragraph):
    (result,) = checker.check(statement, [cite(engine, paragraph)])
    assert result.supported, result


@pytest.mark.parametrize(
    ("statement", "paragraph", "why"),
    [
        ("The US pledged 10 billion dollars for counter-narcotics [1].", 15, "an invented figure"),
        ("The US named Colombia and Mexico as drug producers [1].", 15, "an invented name"),
        ("The CLOUD Act was adopted in January [1].", 9, "a wrong month"),
        ("The next ministerial will take place in Brussels [1].", 22, "a wrong place"),
        ("The CLOUD Act was already adopted in March [1].", 10, "the neighbouring paragraph cited"),
        ("The sides agreed to ban crypto currencies [1].", 16, "an invented decision"),
    ],
)
def test_unsupported_statements_are_caught(engine, checker, statement, paragraph, why):
    (result,) = checker.check(statement, [cite(engine, paragraph)])
    assert not result.supported, why


def test_uncited_and_dangling_statements_are_unsupported(engine, checker):
    uncited, dangling = checker.check(
        "The CLOUD Act was adopted in March. It was adopted in March [2].", [cite(engine, 9)]
    )
    assert not uncited.supported and uncited.markers == ()
    assert not dangling.supported and dangling.dangling == (2,)
    assert dangling_markers("It was adopted in March [2].", [cite(engine, 9)]) == [2]


def test_without_an_embedder_only_a_close_lexical_match_passes(engine):
    lexical_only = SupportChecker()
    (copied,) = lexical_only.check("The CLOUD Act was already adopted in March [1].", [cite(engine, 9)])
    (paraphrase,) = lexical_only.check("Both sides will continue discussing PNR in late 2018 [1].", [cite(engine, 22)])
    assert copied.supported and copied.semantic == 0.0
    assert not paraphrase.supported


def test_an_abstention_has_nothing_to_support(checker):
    assert checker.check("The proceedings do not cover this.", [], abstained=True) == []
    assert support_rate([]) is None


def test_the_vector_cache_is_bounded_and_keeps_the_recently_used(engine):
    """An LLM writes new statements forever: the cache holds at most `max_vectors`, evicts the least recently
    used, and a check whose texts outnumber the cache still scores as an unbounded one does."""
    embedded: list[str] = []

    def embed(texts: list[str]):
        embedded.extend(texts)
        return engine.embed_model.embed(texts)

    bounded, unbounded = SupportChecker(embed, max_vectors=3), SupportChecker(engine.embed_model.embed)
    citation = cite(engine, 4)  # several sentences: more texts than the bounded cache holds
    statement = "Both sides discussed the exchange of information [1]."
    first = bounded.check(statement, [citation])
    assert first == bounded.check(statement, [citation]) == unbounded.check(statement, [citation])
    assert first[0].semantic > 0
    assert len(bounded.cached_texts()) == 3
    for n in range(10):
        bounded.check(f"Statement number {n} about visas [1].", [cite(engine, 14)])
        assert len(bounded.cached_texts()) <= 3
    embedded.clear()
    kept = bounded.cached_texts()
    bounded.check("A new statement [1].", [Citation(**{**cite(engine, 14).__dict__, "text": kept[-1]})])
    assert kept[-1] not in embedded and embedded == ["A new statement."]  # the recent vector was reused
    assert kept[-1] in bounded.cached_texts() and kept[0] not in bounded.cached_texts()  # the oldest went


def test_the_meeting_an_answer_names_is_supported_only_by_a_citation_of_that_meeting(engine, checker):
    from rag.contract import Meeting

    cited = cite(engine, 2)
    first = cited.text.split(". ")[0]  # "The US delegation was headed by ... Claire Grady"
    said = f"At Sofia, 22-23 May 2018: {first} [1]."
    assert checker.check(f"{first} [1].", [cited])[0].supported
    assert not checker.check(said, [cited])[0].supported  # a bare paragraph does not say where it was said
    sofia = cited.model_copy(update={"meeting": Meeting(label="Sofia, 22-23 May 2018", place="Sofia")})
    assert checker.check(said, [sofia])[0].supported
    lisbon = cited.model_copy(update={"meeting": Meeting(label="Lisbon, 1 June 2018", place="Lisbon")})
    assert not checker.check(said, [lisbon])[0].supported


def test_a_demonyms_plural_names_its_party():
    from rag.reader.gazetteer import parties_in

    assert "Romania" in parties_in("What did the Romanians say?") and "EU" in parties_in("the Bulgarians")
    assert parties_in("What did the Romanians say?") == parties_in("What did the Romanian delegation say?")


def test_every_member_state_speaks_for_the_eu_side():
    # Each of the 27 holds the Council Presidency in turn: a user's proceedings of 2021-2024 speak through the
    # Slovenian, Czech, Swedish or Hungarian Presidency, which is the EU side as the Bulgarian one is.
    from rag.reader.gazetteer import EU_MEMBERS, parties_in

    assert len(EU_MEMBERS) == 27
    for said, country in [
        ("The Swedish Presidency briefed on PNR.", "Sweden"),
        ("the Czech Presidency", "Czechia"),
        ("The Finns presented their priorities.", "Finland"),
        ("Ministers from Ljubljana", "Slovenia"),
        ("the incoming Hungarian Presidency", "Hungary"),
    ]:
        assert parties_in(said) == {country, "EU"}, said
    assert parties_in("the Budapest Convention on cybercrime") == frozenset()  # the Council of Europe's, no side
