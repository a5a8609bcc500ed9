"""Example questions for the first screen: ones known to work on the bundled document, otherwise questions
made from the indexed documents' own section titles."""

from __future__ import annotations

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


def example_questions(documents: dict[str, Any], paragraphs: dict[str, Any], limit: int = 5) -> list[str]:
    known = [q for doc in documents for q in BUNDLED.get(doc, [])]
    if known:
        return known[:limit]
    topics = dict.fromkeys(_topic(p.section) for p in paragraphs.values() if not p.section.startswith(_NOT_TOPICS))
    return (["When was the document issued?"] + [f"What was said about {t}?" for t in topics])[:limit]
