"""One typed settings object, read from PROCQA_* variables and an optional TOML file.

Precedence: explicit arguments > environment > settings file (PROCQA_SETTINGS_FILE, else ./procqa.toml) >
defaults. Every default works out of the box on a fresh clone.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

RetrievalMode = Literal["hybrid", "dense", "bm25"]
GeneratorName = Literal["extractive", "llama-cpp", "openai", "ollama"]
# Where `make setup-llm` assembles the default local model (rag/model_files.py).
DEFAULT_GGUF = Path("models/qwen2.5-coder-1.5b-instruct-q4_k_m.gguf")


def _settings_file() -> Path:
    return Path(os.environ.get("PROCQA_SETTINGS_FILE", "procqa.toml"))


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="PROCQA_", extra="forbid", validate_default=True)

    # Where documents and the index live.
    sources: Path = Field(Path("index/sources"), description="Folder of source documents to index.")
    store: Path = Field(Path("index/store"), description="Folder of the embedded Chroma index.")
    chroma_url: str | None = Field(None, description="Chroma server URL (http://host:port); overrides store.")
    collection: str = Field("procqa", pattern=r"^[a-zA-Z0-9][a-zA-Z0-9_-]{1,40}$", description="Index name.")

    # Chunking and embeddings.
    # At most 256: the embedder reads no more (rag/embeddings.MAX_TOKENS), and a chunk must be embedded whole.
    chunk_tokens: int = Field(200, ge=32, le=256, description="Token budget per chunk (the embedder's WordPiece).")
    embedding_model_path: Path | None = Field(None, description="ONNX model file; default: the pip package.")
    embedding_tokenizer_path: Path | None = Field(None, description="tokenizer.json; default: the pip package.")
    embed_batch_size: int = Field(32, ge=1, le=512)
    sentence_vectors: Literal["separate", "pooled"] = Field(
        "separate",
        description="How sentence vectors are made: each sentence embedded alone, or pooled from its paragraph's pass.",
    )

    # Retrieval.
    retrieval_mode: RetrievalMode = "hybrid"
    top_k: int = Field(5, ge=1, le=50, description="Paragraphs retrieved per question.")
    dense_weight: float = Field(4.0, ge=0.0, description="Weight of the dense ranking in reciprocal-rank fusion.")
    bm25_weight: float = Field(0.25, ge=0.0, description="Weight of the BM25 ranking in reciprocal-rank fusion.")

    # Answering.
    max_answer_sentences: int = Field(2, ge=1, le=6)
    answer_threshold: float | None = Field(
        None, ge=0.0, le=1.0, description="Answer probability needed to assert an answer; default: the scorer's own."
    )
    answer_scorer: Path | None = Field(
        None, description="The reader's learned scorer (JSON); default: the shipped one."
    )
    # Generators (issue 6): extractive is the default and every LLM generator's fallback.
    generator: GeneratorName = Field("extractive", description="Who writes the answer from the retrieved paragraphs.")
    llm_base_url: str | None = Field(None, description="Server URL for openai (…/v1) or ollama (http://host:11434).")
    llm_model: str | None = Field(None, description="Model name the openai or ollama server serves.")
    llm_api_key: SecretStr | None = Field(None, description="Key for the openai endpoint (none for a local server).")
    llm_model_path: Path = Field(DEFAULT_GGUF, description="GGUF file for the llama-cpp generator.")
    llm_timeout_s: float = Field(60.0, gt=0, le=600, description="Longest wait for one LLM answer, then fallback.")
    llm_context_window: int = Field(4096, ge=512, le=131072, description="Context tokens the model is given.")
    llm_paragraphs: int = Field(4, ge=1, le=50, description="Best-ranked paragraphs an LLM generator is given.")
    llm_max_tokens: int = Field(256, ge=16, le=4096, description="Most tokens one LLM answer may have.")
    llm_rewrites_answers: bool = Field(
        False,
        description="Let the model rewrite the answers the reader quotes too, not only answer what the reader finds "
        "not stated (README, 'LLM generators': on dev the 1.5B model got 13 of the reader's 61 right answers wrong).",
    )
    llm_threads: int = Field(
        default_factory=lambda: os.cpu_count() or 1, ge=1, le=256, description="CPU threads for llama-cpp."
    )

    max_question_chars: int = Field(2000, ge=10)
    max_history_turns: int = Field(20, ge=0)
    max_turn_chars: int = Field(4000, ge=10)

    # Ingestion limits.
    max_source_bytes: int = Field(20_000_000, ge=1)
    index_lock_timeout_s: float = Field(
        600.0, ge=0, description="Longest wait for another index build or document change to finish (rag/locking)."
    )
    # A PDF's cost is not its size: a small Flate stream can inflate to gigabytes, a small file hold many pages.
    pdf_max_pages: int = Field(500, ge=1, description="Most pages a PDF may have.")
    pdf_max_chars: int = Field(2_000_000, ge=1000, description="Most characters of text a PDF may yield.")
    pdf_max_seconds: float = Field(60.0, gt=0, le=3600, description="Longest a PDF may take to read.")

    # HTTP API (`procqa serve`).
    host: str = Field("127.0.0.1", description="Address the API listens on.")
    port: int = Field(8000, ge=1, le=65535, description="Port the API listens on.")
    api_key: SecretStr | None = Field(None, description="When set, /api and /v1 require 'Authorization: Bearer KEY'.")
    cors_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Origins allowed to call the API from a browser (comma-separated); none: off."
    )
    ui: bool = Field(True, description="Serve the chat UI at / (behind a login for the API key when one is set).")
    max_request_bytes: int = Field(65_536, ge=1024, description="Largest request body the API accepts.")
    rate_limit: int = Field(
        0, ge=0, description="Requests a minute one client (IP address) may send to /api, /v1 and the UI; 0: no limit."
    )
    answer_concurrency: int = Field(
        default_factory=lambda: os.cpu_count() or 1,
        ge=1,
        le=64,
        description="Questions one server process answers at once (default: the CPU count); more wait in order.",
    )

    @field_validator("api_key", "llm_api_key", mode="before")
    @classmethod
    def _blank_key_is_no_key(cls, value: Any) -> Any:
        # PROCQA_API_KEY= (empty) means "no key", not "the empty key".
        return None if isinstance(value, str) and not value.strip() else value

    @field_validator("cors_origins", mode="before")
    @classmethod
    def _comma_separated(cls, value: Any) -> Any:
        return [o.strip() for o in value.split(",") if o.strip()] if isinstance(value, str) else value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_settings_file())
        return init_settings, env_settings, toml
