"""Facts about the meeting a proceedings document reports, and about the document itself, each with its evidence.

Pure text work over the Council layout (no index, no model): the header ("Brussels, 31 May 2018", "LIMITE",
"From:", "To:", "Subject: Outcome of proceedings of the ... Meeting (Sofia, 22-23 May 2018)") and the sentences
that state who, where and when ("The US delegation was headed by ...", "On 22 and 23 May 2018, the ... Meeting
was hosted by ... in Sofia, Bulgaria."). A fact stated in two places is emitted once per place, so either
citation checks out; every quote is a verbatim substring of its paragraph's text.
"""

from __future__ import annotations

import calendar
import datetime
import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass

from rag.text import split_sentences


@dataclass(frozen=True)
class Fact:
    field: str  # "meeting_dates", "meeting_place", "host", "delegation_head", "issuer", "document_date", ...
    value: str  # display value: "22-23 May 2018", "Sofia, Bulgaria"
    statement: str  # a plain sentence asserting the fact
    # "date", "place", "country", "person", "organisation", "document", "paper" (one the meeting put out), "marking",
    # "name", "text"; "date place": both
    answer_type: str
    party: str | None  # canonical party ("US", "EU", "Canada") for delegation facts, else None
    paragraph_id: str  # the paragraph, or "<doc> header", the fact is read from
    quote: str  # the sentence or header line that states it, verbatim


# What each kind of fact answers, in plain questions: a question close to one of these (by embedding) asks for
# that field of the document or meeting. General descriptions of the fields, not the wording of any test question.
FIELD_QUESTIONS: dict[str, str] = {
    "meeting_place": "Where was the meeting held? In which city and country did the ministers meet? The venue.",
    "meeting_dates": "When was the meeting held? On which dates did the ministers meet? How many days did it last?",
    "meeting_place_dates": "When and where did the meeting take place?",
    "meeting_name": "What meeting was it? What kind of meeting do the proceedings record? The name of the meeting.",
    "host": "Who hosted the meeting? Which country or Presidency was the host?",
    "issuer": "Who issued the document? Who wrote or drafted this report? Its author: which body or service of the "
    "Council drew up, prepared, authored or put it out?",
    "document_date": "What date does the document carry? On which date was the document issued?",
    "document_place": "In which city was the document issued? Its place of issue.",
    "document_number": "What is the document's reference number? The Council document number.",
    "marking": "Is the document public or restricted? Its classification or marking.",
    "addressee": "To whom is the document addressed? Who was it sent to? Who are its recipients?",
    "language": "In which language was the document originally written? Its original language version.",
    "document_type": "What kind of document is this? The type of Council document.",
    "subject_codes": "What are the document's subject codes or file codes?",
    "subject": "What is the subject line of the document? Its title.",
    "statement_date": "When and where was the joint statement dated? Its dateline.",
    "next_meeting": "Where and when will the next meeting take place? Where will the ministers meet next time?",
    "issued_at_end": "What was issued or published at the end of the meeting?",
    "delegation_head": "Who headed or led the delegation?",
    "delegation_representatives": "Who represented the side at the meeting?",
    "presidency": "Which country held the Council Presidency at the time of the meeting? Which Presidency was in "
    "office?",
    "incoming_presidency": "Which country's Presidency came next? Which country was about to take over the Council "
    "Presidency? The incoming Presidency.",
}


@dataclass(frozen=True)
class MeetingFacts:
    document: str
    name: str | None
    place: str | None
    country: str | None
    start: datetime.date | None
    end: datetime.date | None
    dates_text: str | None
    facts: tuple[Fact, ...]
    presidency: str | None = None  # the Council Presidency at the meeting, as its adjective: "Bulgarian"

    @property
    def label(self) -> str:
        """Place and dates ("Sofia, 22-23 May 2018"), or the part known, else the name, else the document number."""
        known = ", ".join(part for part in (self.place, self.dates_text) if part)
        return known or self.name or self.document


_MONTHS = {name: number for number, name in enumerate(calendar.month_name) if name}
_MONTH = "(?:" + "|".join(_MONTHS) + ")"
# "20 November 2018", "22-23 May 2018", "22 and 23 May 2018", "30 November - 1 December 2018".
_DATES = (
    rf"(?P<d1>\d{{1,2}})(?:\s+(?P<m1>{_MONTH}))?(?:\s*(?:-|–|and|to)\s*(?P<d2>\d{{1,2}}))?"
    rf"\s+(?P<m2>{_MONTH})\s+(?P<y>\d{{4}})"
)
# A place: capitalised words, optionally ", Country" ("Sofia, Bulgaria", "Washington, D.C.").
_PLACE = r"[A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*(?:, [A-Z][\w'.-]*(?: [A-Z][\w'.-]*)*)?"
_SUBJECT = re.compile(
    rf"^(?:outcome of (?:the )?proceedings (?:of|from) (?:the )?)?(?P<name>[^()]+?)\s*"
    rf"\((?P<place>[^()]+?),\s*(?P<dates>{_DATES})\)\s*$",
    re.IGNORECASE,
)
_OPENING = re.compile(
    rf"^On (?P<dates>{_DATES}),\s+(?:the )?(?P<name>[^,]+?)\s+(?:was|were)\s+(?:held|hosted|organised|convened)\b"
)
_HOSTED = re.compile(r"\bhosted by (?P<host>.+?)(?= in [A-Z]|,|\.?$)")
_HELD_IN = re.compile(rf"\b(?:held|hosted by [^,]+?|took place|met) in (?P<place>{_PLACE})")
_HOSTING = re.compile(r"^(?P<who>(?:The )?[A-Z][\w.-]*(?: [A-Z][\w.-]*)*), hosting the meeting,")
_DELEGATION = re.compile(
    r"^(?P<who>(?:The )?[A-Z][\w.-]*(?: [A-Z][\w.-]*)*(?: delegation)?)(?:, [^,]+,)?\s+(?:was|were)\s+"
    r"(?P<verb>headed|led|chaired|represented) by (?P<people>.+?)\.?$"
)
_AT_END = re.compile(r"\bAt the end of the meeting,? (?:an? |the )?(?P<what>.+?) (?:was|were) (?:issued|adopted)")
# A sentence about the next meeting (its place and time are not this one's); the reader uses it too.
NEXT_MEETING = re.compile(r"\bnext\b.{0,80}?\b(?:meeting|ministerial)\b|\bmeet again\b", re.IGNORECASE)
# What happens at the next meeting ("What was agreed at the next meeting?"): a meeting still to come, where nothing
# has been agreed yet.
AT_THE_NEXT = re.compile(r"\b(?:at|during)\s+the\s+next\s+(?:[\w.-]+\s+){0,3}?(?:meeting|ministerial)\b", re.I)
_NEXT_TIME = re.compile(
    r"\b(?:in|during) (?P<time>(?:the )?(?:first|second) half of \d{4}|(?:early |late )?(?:spring |summer |autumn "
    rf"|winter )?\d{{4}}|{_MONTH} \d{{4}})"
)
_NEXT_PLACE = re.compile(rf"\bin (?P<place>{_PLACE})")
_ABBREVIATION_END = re.compile(r"\b(?:[A-Z]\.){2,}$")  # "D.C." keeps its final period
_ALIASES = {
    "us": "US", "u.s.": "US", "usa": "US", "united states": "US", "united states of america": "US",
    "american": "US", "eu": "EU", "european union": "EU", "european": "EU", "uk": "UK", "united kingdom": "UK",
    "british": "UK", "swiss": "Switzerland",
}  # fmt: skip


def parse_dates(text: str) -> tuple[datetime.date, datetime.date, str] | None:
    """(start, end, display) of the first date or date range in `text`; display is "22-23 May 2018" style."""
    m = re.search(_DATES, text, re.IGNORECASE)
    if not m:
        return None
    year, end_name = int(m["y"]), m["m2"].capitalize()
    start_name = m["m1"].capitalize() if m["m1"] else end_name
    try:
        start = datetime.date(year, _MONTHS[start_name], int(m["d1"]))
        end = datetime.date(year, _MONTHS[end_name], int(m["d2"] or m["d1"]))
    except ValueError:
        return None  # "31 February": not a date, so not a fact
    if start == end:
        return start, end, f"{start.day} {end_name} {year}"
    if start.month != end.month:
        return start, end, f"{start.day} {start_name}-{end.day} {end_name} {year}"
    return start, end, f"{start.day}-{end.day} {end_name} {year}"


def _trim_place(place: str) -> str:
    place = place.strip().rstrip(",")
    return place if _ABBREVIATION_END.search(place) else place.rstrip(".")


def _article(noun: str) -> str:
    return "an" if noun[:1].lower() in "aeiou" else "a"


def _end(sentence: str) -> str:
    return sentence if sentence.endswith(".") else sentence + "."  # "..., D.C." already ends the sentence


def _split_place(place: str) -> tuple[str, str | None]:
    """("Sofia", "Bulgaria") from "Sofia, Bulgaria"; "Washington, D.C." is a city, not a city and a country."""
    city, _, rest = place.rpartition(", ")
    if city and "." not in rest:
        return city, rest
    return place, None


def _party(who: str, sides: Sequence[str]) -> str:
    """Canonical party for "The US delegation", "The United States", "The Canadian delegation", "The EU"."""
    phrase = re.sub(r"^the\s+|\s+delegation$", "", who.strip(), flags=re.IGNORECASE)
    if phrase.lower() in _ALIASES:
        return _ALIASES[phrase.lower()]
    for side in sides:  # a demonym matches the side it names: "Canadian" -> "Canada" (from "EU-Canada")
        if side.lower()[:4] == phrase.lower()[:4] and len(side) >= 4:
            return side
    return phrase


def _sentences(paragraphs: Sequence[tuple[str, int, str, str]]) -> Iterator[tuple[str, str]]:
    for paragraph_id, number, _section, text in paragraphs:
        if number != 0:
            for sentence in split_sentences(text):
                yield paragraph_id, sentence


def _header_facts(metadata: Mapping[str, str], header: tuple[str, str] | None) -> list[Fact]:
    if header is None:
        return []  # nothing to cite a header value to
    header_id, text = header
    lines = text.split("\n")

    def fact(field: str, key: str, answer_type: str, statement: str, label: str = "") -> Fact | None:
        value = metadata.get(key, "").strip()
        # The codes line keeps its spacing ("JAIEX 54 RELEX 448"), so it is found by its first code.
        needle = value.split(",")[0] if key == "subject_codes" else value
        line = next((ln for ln in lines if label and ln.startswith(label) and needle in ln), None)
        line = line or next((ln for ln in lines if needle and needle in ln), None)
        if not value or line is None:
            return None
        return Fact(field, value, statement.format(value=value), answer_type, None, header_id, line)

    doc_type = metadata.get("doc_type", "").lower()
    candidates = [
        fact("document_number", "number", "document", "The document's reference number is {value}."),
        fact("document_date", "date", "date", "The document was issued on {value}."),
        fact("document_place", "place", "place", "The document was issued in {value}."),
        fact("marking", "marking", "marking", "The document is marked {value}."),
        fact("issuer", "issuer", "organisation", "The document was issued by the {value}."),
        fact("issuer", "from", "organisation", "The document is from the {value}.", "From:"),
        fact("addressee", "to", "organisation", "The document is addressed to {value}.", "To:"),
        _language_fact(metadata, header_id, lines),
        fact("document_type", "doc_type", "document", f"The document is {_article(doc_type)} {doc_type}."),
        fact("subject_codes", "subject_codes", "text", "The document's subject codes are {value}."),
        fact("subject", "subject", "text", "The document's subject is: {value}.", "Subject:"),
    ]
    facts = [f for f in candidates if f]
    dated = {f.field: f for f in facts if f.field in ("document_date", "document_place")}
    if len(dated) == 2 and dated["document_date"].quote == dated["document_place"].quote:
        # "Brussels, 31 May 2018" on one line: "When and where was it issued?" is answered by one statement.
        place, date = dated["document_place"].value, dated["document_date"].value
        statement = f"The document was issued in {place} on {date}."
        facts.append(
            Fact(
                "document_place_date",
                f"{place}, {date}",
                statement,
                "date place",
                None,
                header_id,
                dated["document_date"].quote,
            )
        )
    issuers = [f for f in facts if f.field == "issuer"]
    if len(issuers) == 2:
        # The letterhead names the institution, "From:" the service that wrote it: one fact says both, so that
        # "Who issued this document?" gets the service and the institution rather than one of them at random.
        institution, service = issuers
        merged = f"{service.value} ({institution.value})"
        statement = f"The document was issued by the {merged}."
        facts[facts.index(service)] = Fact("issuer", merged, statement, "organisation", None, header_id, service.quote)
        facts.remove(institution)
    return facts


# The Council's language codes ("(OR. en)" in the dateline): the 24 official languages of the EU.
_LANGUAGES = {
    "bg": "Bulgarian", "cs": "Czech", "da": "Danish", "de": "German", "el": "Greek", "en": "English",
    "es": "Spanish", "et": "Estonian", "fi": "Finnish", "fr": "French", "ga": "Irish", "hr": "Croatian",
    "hu": "Hungarian", "it": "Italian", "lt": "Lithuanian", "lv": "Latvian", "mt": "Maltese", "nl": "Dutch",
    "pl": "Polish", "pt": "Portuguese", "ro": "Romanian", "sk": "Slovak", "sl": "Slovenian", "sv": "Swedish",
}  # fmt: skip


def _language_fact(metadata: Mapping[str, str], header_id: str, lines: Sequence[str]) -> Fact | None:
    """The original language, from the dateline's "(OR. en)"."""
    code = metadata.get("language", "").strip().lower()
    line = next((ln for ln in lines if re.search(rf"\bOR\.\s*{re.escape(code)}\b", ln, re.I)), None) if code else None
    if line is None:
        return None
    name = _LANGUAGES.get(code, code)
    return Fact(
        "language", name, f"The document's original language is {name} ({code}).", "text", None, header_id, line
    )


def _next_meeting(sentence: str, pid: str) -> Fact | None:
    """Where and when the next meeting is to be held, read after "next ... meeting" / "meet again"."""
    trigger = NEXT_MEETING.search(sentence)
    after = sentence[trigger.start() :] if trigger else sentence
    where, when = _NEXT_PLACE.search(after), _NEXT_TIME.search(after)
    place = _trim_place(where["place"]) if where and where["place"].rstrip(".") not in _MONTHS else None
    time = when["time"] if when else None
    if not (place or time):
        return None  # "report to the next ministerial meeting": no place or time to state
    value = ", ".join(part for part in (place, time and re.sub(r"^the ", "", time)) if part)
    said = " ".join(f"in {part}" for part in (time, place) if part)
    # It answers "when" and "where" of the next meeting as far as it says them ("the second half of 2018").
    kind = " ".join(name for name, part in (("date", time), ("place", place)) if part)
    return Fact("next_meeting", value, _end(f"The next meeting is to take place {said}"), kind, None, pid, sentence)


def _where_when(name: str | None, place: str | None, dates: str | None, pid: str, quote: str) -> list[Fact]:
    facts = []
    # The statements name the meeting ("The EU-US ... Ministerial Meeting took place ..."): a question names it
    # the same way ("Where was the ministerial held?"), and a question about another meeting does not match.
    meeting = f"The {name}" if name else "The meeting"
    # A place that is no name is a manner: "took place by video conference", not "in video conference".
    at = "in" if (place or "")[:1].isupper() else "by"
    if name:
        facts.append(Fact("meeting_name", name, f"The meeting was the {name}.", "name", None, pid, quote))
    if place:
        held = _end(f"{meeting} took place {at} {place}")
        facts.append(Fact("meeting_place", place, held, "place", None, pid, quote))
    if dates:
        facts.append(Fact("meeting_dates", dates, f"{meeting} took place on {dates}.", "date", None, pid, quote))
    if place and dates:
        # "When and where ...?" asks both at once: one statement that answers both.
        statement = _end(f"{meeting} took place {at} {place} on {dates}")
        facts.append(Fact("meeting_place_dates", f"{place}, {dates}", statement, "date place", None, pid, quote))
    return facts


_DATELINE = re.compile(rf"^(?P<place>[A-Z][\w .'-]+),\s*(?P<dates>{_DATES})$")


# Capitalised words only before the date: "The meeting took place in Sofia, 23 May 2018" is not a dateline.
_BARE_DATELINE = re.compile(rf"^(?:[A-Z][\w.'-]*[ ,]+){{1,5}}{_DATES}$")


def is_dateline(text: str) -> bool:
    """A place and a date alone ("Bucharest, 12 June 2019"): a statement's dateline, which asserts nothing."""
    return bool(_BARE_DATELINE.match(text.strip().rstrip(".")))


def meeting_facts(
    document: str, metadata: Mapping[str, str], paragraphs: Sequence[tuple[str, int, str, str]]
) -> MeetingFacts:
    """Facts read from one parsed document; `paragraphs` are (id, number, section, text), number 0 the header."""
    header = next(((pid, text) for pid, number, _, text in paragraphs if number == 0), None)
    facts = _header_facts(metadata, header)
    name: str | None = None
    place: str | None = None
    country: str | None = None
    span: tuple[datetime.date, datetime.date, str] | None = None

    subject = _SUBJECT.match(metadata.get("subject", "").strip())
    header_lines = header[1].split("\n") if header else []
    subject_line = next((ln for ln in header_lines if ln.startswith("Subject:")), None)
    if header and subject and subject_line:
        name, place, span = subject["name"].strip(), _trim_place(subject["place"]), parse_dates(subject["dates"])
        facts += _where_when(name, place, span and span[2], header[0], subject_line)
        place, country = _split_place(place)

    sides = re.findall(r"\b([A-Z][\w.]*)-([A-Z][\w.]*)\b", name or "")
    sides_flat = [_ALIASES.get(s.lower(), s) for pair in sides for s in pair]
    for pid, _, section, text in paragraphs:
        dateline = _DATELINE.match(text.strip())
        if dateline and section.startswith("Annex") and parse_dates(dateline["dates"]):
            # The annexed statement's own dateline ("Sofia, 23 May 2018"): the statement's date, not the meeting's.
            title = section.removeprefix("Annex:").strip() or "annexed statement"
            when = f"{dateline['place']}, {dateline['dates']}"
            statement = f"The {title[:1].lower()}{title[1:]} is dated {when}."
            # (A dateline is a place and a date: "Where is the statement datelined?" asks it too.)
            facts.append(Fact("statement_date", when, statement, "date place", None, pid, text.strip()))
    side_hosting: list[Fact] = []
    for pid, sentence in _sentences(paragraphs):
        if NEXT_MEETING.search(sentence):
            if upcoming := _next_meeting(sentence, pid):
                facts.append(upcoming)
            continue  # a sentence about the next meeting says nothing about this one's place or dates
        if opening := _OPENING.match(sentence):
            held = _HELD_IN.search(sentence)
            where = _trim_place(held["place"]) if held else None
            when = parse_dates(opening["dates"])
            facts += _where_when(opening["name"].strip(), where, when and when[2], pid, sentence)
            span = span or when
            if where:
                city, stated_country = _split_place(where)
                place, country = place or city, country or stated_country
        if hosted := _HOSTED.search(sentence):
            facts.append(_host(hosted["host"].strip(), pid, sentence))
        if hosting := _HOSTING.match(sentence):
            side_hosting.append(_host(re.sub(r"^The ", "the ", hosting["who"]), pid, sentence))
        if delegation := _DELEGATION.match(sentence):
            field = "delegation_representatives" if delegation["verb"] == "represented" else "delegation_head"
            party = _party(delegation["who"], sides_flat)
            facts.append(Fact(field, delegation["people"], sentence, "person", party, pid, sentence))
        if at_end := _AT_END.search(sentence):
            what = at_end["what"].strip()
            statement = f"At the end of the meeting, {_article(what)} {what} was issued."
            facts.append(Fact("issued_at_end", what, statement, "paper", None, pid, sentence))

    if not any(f.field == "host" for f in facts):
        # "The European Union, hosting the meeting, was represented by ..." names the host only in passing: where
        # a sentence says who hosted ("hosted by the Bulgarian Presidency"), that is the host a person means.
        facts += side_hosting
    start, end, dates_text = span if span else (None, None, None)
    presidency = _presidency(facts)
    facts += _presidency_facts(facts, paragraphs, presidency)
    return MeetingFacts(document, name, place, country, start, end, dates_text, tuple(facts), presidency)


# "hosted by the Bulgarian Presidency", "Ministers ... (Austrian Presidency)"; an "incoming" one is the next.
_PRESIDENCY = re.compile(r"(?<!incoming )\b(?P<adjective>[A-Z][a-z]+) Presidency\b")


def _host(host: str, pid: str, sentence: str) -> Fact:
    """The host, also a country's when it is one's ("the Bulgarian Presidency": "Which country hosted?")."""
    from rag.reader.gazetteer import parties_in  # the reader's package imports this module

    kind = "organisation country" if parties_in(host) - {"EU"} else "organisation"
    return Fact("host", host, f"The meeting was hosted by {host}.", kind, None, pid, sentence)


_INCOMING = re.compile(r"\bincoming (?P<adjective>[A-Z][a-z]+) Presidency\b")


def _presidency_source(facts: Sequence[Fact]) -> tuple[str, Fact] | None:
    for fact in sorted(facts, key=lambda f: f.field != "host"):  # the host says it best
        if fact.field in ("host", "delegation_representatives") and (found := _PRESIDENCY.search(fact.value)):
            return found["adjective"], fact
    return None


def _presidency(facts: Sequence[Fact]) -> str | None:
    found = _presidency_source(facts)
    return found[0] if found else None


def _presidency_facts(
    facts: Sequence[Fact], paragraphs: Sequence[tuple[str, int, str, str]], presidency: str | None
) -> list[Fact]:
    """Which country held the Council Presidency at the meeting, and which was about to take it over: one fact
    each, cited to the sentence naming it ("hosted by the Bulgarian Presidency", "(incoming Austrian
    Presidency)"). As prose they were never the subject of a sentence, so no sentence answered "which country"."""
    from rag.reader.gazetteer import party_of  # the reader's package imports this module

    found: list[Fact] = []
    if presidency and (source := _presidency_source(facts)):
        country = party_of(presidency) or f"the {presidency} Presidency"
        statement = f"{country} held the Council Presidency at the time of the meeting (the {presidency} Presidency)."
        found.append(Fact("presidency", country, statement, "country", None, source[1].paragraph_id, source[1].quote))
    for pid, sentence in _sentences(paragraphs):
        if (incoming := _INCOMING.search(sentence)) and not NEXT_MEETING.search(sentence):
            adjective = incoming["adjective"]
            country = party_of(adjective) or f"the {adjective} Presidency"
            statement = (
                f"{country} was about to take over the Council Presidency (the incoming {adjective} Presidency)."
            )
            found.append(Fact("incoming_presidency", country, statement, "country", None, pid, sentence))
            break
    return found
