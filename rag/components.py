"""The one place that chooses components and configures llama-index, so nothing falls back to OpenAI."""

from __future__ import annotations

from functools import lru_cache

from llama_index.core import Settings as LlamaSettings
from llama_index.core.llms import MockLLM

from rag.embeddings import MiniLMEmbedding
from rag.settings import Settings


@lru_cache(maxsize=4)
def _embedding(model_path: str | None, tokenizer_path: str | None, batch: int) -> MiniLMEmbedding:
    from pathlib import Path

    return MiniLMEmbedding(
        Path(model_path) if model_path else None,
        Path(tokenizer_path) if tokenizer_path else None,
        embed_batch_size=batch,
    )


def embedding(settings: Settings) -> MiniLMEmbedding:
    """The embedding model named by the settings (loaded once per process)."""
    return _embedding(
        str(settings.embedding_model_path) if settings.embedding_model_path else None,
        str(settings.embedding_tokenizer_path) if settings.embedding_tokenizer_path else None,
        settings.embed_batch_size,
    )


def configure_llama_index(settings: Settings) -> MiniLMEmbedding:
    """Set llama-index's global LLM and embedding once. The extractive generator needs no LLM, so the global
    LLM is llama-index's MockLLM: any code path that would reach for OpenAI gets it instead, offline."""
    embed_model = embedding(settings)
    LlamaSettings.embed_model = embed_model
    LlamaSettings.llm = MockLLM()
    return embed_model
