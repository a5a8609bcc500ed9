"""Questions about the document itself (its number, date, marking, sender, ...), answered from the header.

The header block is parsed into metadata at ingest; here a question is matched to one metadata field and the
answer quotes the header line that states it, so the citation is as checkable as any paragraph's.
"""

from __future__ import annotations

import re

# Words such as "addressed", "sent", "classified" ask about the document only when the question is about the
# document ("To whom is it addressed?"), not about a topic ("Which threats were addressed?").
_ABOUT_DOCUMENT = r"(?=.*\b(?:document|it|this|outcome)\b)"

# field -> (question pattern, answer template). Order matters: the first matching field wins.
_FIELDS: list[tuple[str, re.Pattern[str], str]] = [
    (
        "subject_codes",
        re.compile(r"\b(subject|classification|filing)\s+codes?\b|\bcodes?\b.*\b(document|filed)", re.I),
        "The document's subject codes are {value}",
    ),
    (
        "number",
        re.compile(
            r"\b(reference|document|doc\.?|council)\s+(number|no\.?|reference|code)\b|\breference number\b|"
            r"\bwhat(?:'s| is) the (?:document(?:'s)? )?(?:number|reference)\b|\bwhich document is (?:this|it)\b",
            re.I,
        ),
        "The document is Council document {value}",
    ),
    (
        "marking",
        re.compile(
            _ABOUT_DOCUMENT + r".*\b(marking|marked|classified|classification|limite|confidential|restricted|"
            r"public(?:ly)? available|distribution|sensitivity)\b",
            re.I,
        ),
        "The document is marked {value}",
    ),
    (
        "date",
        re.compile(
            r"\bwhen\b.*\b(document|it|this|outcome)\b.*\b(issued|dated|published|written|drawn up|circulated|sent)\b|"
            r"\b(date|day)\b.*\b(document|issued)\b|\bwhen was (?:the document|it|this) (?:issued|dated|published)\b",
            re.I,
        ),
        "The document was issued on {value}",
    ),
    (
        "place",
        re.compile(r"\bwhere\b.*\b(document|it|this)\b.*\b(issued|drawn up|published|written)\b", re.I),
        "The document was issued in {value}",
    ),
    (
        "to",
        re.compile(
            _ABOUT_DOCUMENT
            + r".*\b(to whom|addressed|addressee|recipients?|intended for|sent to|who (?:is|was) it for)\b",
            re.I,
        ),
        "The document is addressed to {value}",
    ),
    (
        "from",
        re.compile(
            _ABOUT_DOCUMENT + r".*(\b(who|which body|which service)\b.*\b(wrote|drew up|drafted|prepared|sent|author|"
            r"from)\b|\bauthor\b|\bsender\b)",
            re.I,
        ),
        "The document is from the {value}",
    ),
    (
        "doc_type",
        re.compile(r"\b(what|which) (kind|type|sort) of document\b", re.I),
        "The document is an {value_lower}",
    ),
    (
        "subject",
        re.compile(
            r"\b(subject|title)\b.*\b(document|it)\b|\bdocument(?:'s)? (subject|title)\b|"
            r"\bwhat is the document about\b",
            re.I,
        ),
        "The document's subject is: {value}",
    ),
    (
        "issuer",
        re.compile(r"\b(which|what) (institution|body|organisation|organization)\b.*\b(issued|published)\b", re.I),
        "The document was issued by the {value}",
    ),
]
_LINE_FOR = {
    "number": "{value}",
    "marking": "{value}",
    "subject_codes": "",
    "date": "{value}",
    "place": "{value}",
    "to": "To:",
    "from": "From:",
    "doc_type": "{value}",
    "subject": "Subject:",
    "issuer": "{value}",
}


_OVERVIEW = re.compile(
    r"\b(summar(y|ise|ize)|overview|gist|in (short|brief)|main (points|topics|themes|outcomes?|results?)|"
    r"key (points|outcomes?|takeaways))\b|\bwhat (was|is) (the|this) (meeting|document) about\b|"
    r"\bwhat happened at the meeting\b",
    re.I,
)


def asks_for_overview(question: str) -> bool:
    """Questions the document's own Summary answers best."""
    return bool(_OVERVIEW.search(question))


def match_field(question: str, metadata: dict[str, str]) -> str | None:
    """The header field a question asks for, if it asks for one this document has."""
    for field, pattern, _ in _FIELDS:
        if field in metadata and pattern.search(question):
            return field
    return None


def answer_field(field: str, metadata: dict[str, str], header_text: str) -> tuple[str, str]:
    """(answer sentence without its final period, the header line quoted as evidence)."""
    template = next(t for f, _, t in _FIELDS if f == field)
    value = metadata[field]
    sentence = template.format(value=value, value_lower=value.lower()).rstrip(".")
    needle = _LINE_FOR[field].format(value=value)
    lines = header_text.split("\n")
    if field == "subject_codes":
        first_code = value.split(",")[0]
        needle = first_code
    quote = next((line for line in lines if needle and needle in line), lines[0])
    return sentence, quote
