"""Chunks: what gets embedded and indexed. One paragraph is one chunk unless it exceeds the token budget;
then it is split at sentence boundaries and every part keeps its paragraph's id (citations stay exact).

The budget counts the embedder's own WordPiece tokens (rag/embeddings.count_tokens), not tiktoken's cl100k
(which stays for LLM prompts and the OpenAI usage figures): what must fit is what the embedder reads. On the
bundled and test documents the two counts are close (WordPiece 0.88-0.99 of cl100k) and at the default budget
of 200 they give the same chunks."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

from rag.embeddings import count_tokens
from rag.parsing import Paragraph, ParsedDocument
from rag.text import split_sentences

HEADER_PREAMBLE = (
    "Document header: the document's reference number, the date and place it was issued, its marking, "
    "subject codes, document type, sender (from), addressees (to) and subject."
)


@dataclass(frozen=True)
class Chunk:
    id: str  # unique in the index: the paragraph id, plus "~2", "~3" for later parts of a split paragraph
    paragraph: Paragraph
    part: int
    parts: int
    text: str
    sentences: tuple[str, ...]
    first_sentence: int = 0  # index of this part's first sentence within the whole paragraph

    @property
    def sentence_ids(self) -> list[str]:
        return [f"{self.paragraph.id}#{self.first_sentence + i}" for i in range(len(self.sentences))]

    @property
    def embed_text(self) -> str:
        # Section titles count for retrieval: the embedded text carries the paragraph's section path. The header
        # block is mostly bare values ("9278/18", "LIMITE"), so it is introduced by what those values are.
        if self.paragraph.number == 0:
            return f"{HEADER_PREAMBLE}\n{self.text}"
        return f"{self.paragraph.section}\n{self.text}" if self.paragraph.section else self.text

    @property
    def sentence_spans(self) -> list[tuple[int, int]]:
        """Where each sentence lies in embed_text (character offsets), in order."""
        text, spans, at = self.embed_text, [], 0
        for sentence in self.sentences:
            first = text.find(sentence, at)
            first = at if first < 0 else first  # cannot happen (text joins the sentences); an empty span, not a crash
            spans.append((first, first + len(sentence)))
            at = first + len(sentence)
        return spans

    @property
    def sentence_ends(self) -> str:
        """Where each sentence ends in `text`, comma-separated: the reader cuts a stored sentence's text from its
        chunk's (a sentence row in Chroma holds only its vector; a document beside it doubled the write cost)."""
        ends, at = [], 0
        for sentence in self.sentences:
            first = self.text.find(sentence, at)
            at = (at if first < 0 else first) + len(sentence)
            ends.append(str(at))
        return ",".join(ends)

    @property
    def content_hash(self) -> str:
        return text_hash(self.embed_text)


def text_hash(text: str) -> str:
    """What a build compares to reuse a stored vector: the same text, the same vector."""
    return hashlib.sha256(text.encode()).hexdigest()[:32]


def chunk_paragraph(paragraph: Paragraph, max_tokens: int, tokenizer_path: Path | None = None) -> list[Chunk]:
    if paragraph.number == 0:
        # The header keeps its lines; each line is a "sentence" an answer can quote.
        lines = tuple(line for line in paragraph.text.split("\n") if line.strip())
        return [Chunk(paragraph.id, paragraph, 1, 1, paragraph.text, lines, 0)]
    sentences = split_sentences(paragraph.text)
    groups: list[list[str]] = [[]]
    used = 0
    for sentence in sentences:
        tokens = count_tokens(sentence, tokenizer_path)
        if groups[-1] and used + tokens > max_tokens:
            groups.append([])
            used = 0
        groups[-1].append(sentence)
        used += tokens
    parts, first, chunks = len(groups), 0, []
    for i, group in enumerate(groups, start=1):
        chunk_id = paragraph.id if i == 1 else f"{paragraph.id}~{i}"
        chunks.append(Chunk(chunk_id, paragraph, i, parts, " ".join(group), tuple(group), first))
        first += len(group)
    return chunks


def chunk_document(document: ParsedDocument, max_tokens: int, tokenizer_path: Path | None = None) -> list[Chunk]:
    return [
        chunk for paragraph in document.paragraphs for chunk in chunk_paragraph(paragraph, max_tokens, tokenizer_path)
    ]
