"""Example questions for the first screen, drawn from every indexed document in turn: ones known to work on the
bundled document, otherwise questions made from each document's own section titles."""

from __future__ import annotations

from itertools import chain, zip_longest
from typing import Any

BUNDLED = {
    "9278/18": [
        "Who headed the US delegation?",
        "Which countries did the US name as drug producers?",
        "What did the two sides say about the CLOUD Act?",
        "How many Member States are not covered by the Visa Waiver Programme?",
        "Where will the next EU-US ministerial take place?",
    ]
}
_NOT_TOPICS = ("Header", "Summary", "Introduction", "Annex")


def _topic(section: str) -> str:
    title = section.split(" ", 1)[1] if section[:1].isdigit() and " " in section else section
    return title[:1].lower() + title[1:]


def _for_document(document: str, paragraphs: dict[str, Any]) -> list[str]:
    if document in BUNDLED:
        return BUNDLED[document]
    sections = (p.section for p in paragraphs.values() if p.document == document)
    topics = dict.fromkeys(_topic(s) for s in sections if s and not s.startswith(_NOT_TOPICS))
    return [f"What was said about {t}?" for t in topics]


def example_questions(documents: dict[str, Any], paragraphs: dict[str, Any], limit: int = 5) -> list[str]:
    """Up to `limit` questions, taking one from each document in turn so that every document is represented."""
    per_document = [_for_document(d, paragraphs) for d in documents]
    questions = list(dict.fromkeys(q for q in chain.from_iterable(zip_longest(*per_document)) if q))
    return (questions or ["When was the document issued?"])[:limit]
