"""The reader: candidates -> scores -> outcome. `ExtractiveReader` is the default implementation; the LLM
generators (rag/generators/) write from the same retrieved paragraphs behind the same citation check."""

from rag.reader.candidates import Candidate, Paragraph
from rag.reader.extractive import ExtractiveReader, Reading
from rag.reader.question import Question, analyse
from rag.reader.scorer import AnswerScorer

__all__ = ["AnswerScorer", "Candidate", "ExtractiveReader", "Paragraph", "Question", "Reading", "analyse"]
