"""The one place an LLM is chosen: settings in, a llama-index LLM out (llama-cpp, OpenAI-compatible, Ollama).

Every client is built to fail fast rather than wait: no retries, the settings' timeout on every request, and
temperature 0 so the same question gets the same answer. Nothing downloads: a local model is a file path.
"""

from __future__ import annotations

import atexit
from functools import lru_cache
from pathlib import Path

from llama_index.core.llms import LLM

from rag.errors import GeneratorConfigError
from rag.generators.prompt import chatml
from rag.settings import Settings


def check_llm_settings(settings: Settings) -> None:
    """Raise GeneratorConfigError for what would stop the generator from loading, without loading a model
    (so `procqa serve` can refuse to start with one clear line)."""
    if settings.generator == "llama-cpp":
        if not Path(settings.llm_model_path).is_file():
            raise GeneratorConfigError(_missing_model(Path(settings.llm_model_path)))
        _llama_cpp_class()
    elif settings.generator in ("openai", "ollama"):
        _required(settings, "llm_model")
        if settings.generator == "openai":
            _required(settings, "llm_base_url")


def build_llm(settings: Settings) -> LLM:
    if settings.generator == "llama-cpp":
        return _llama_cpp(
            str(settings.llm_model_path), settings.llm_context_window, settings.llm_max_tokens, settings.llm_threads
        )
    if settings.generator == "openai":
        return _openai(settings)
    if settings.generator == "ollama":
        return _ollama(settings)
    raise GeneratorConfigError(f"{settings.generator!r} is not an LLM generator.")


@lru_cache(maxsize=2)
def _llama_cpp(model_path: str, context_window: int, max_tokens: int, threads: int) -> LLM:
    """Loaded once per process (a model takes seconds and hundreds of MB); engines reloaded after an index
    rebuild share it."""
    path = Path(model_path)
    if not path.is_file():
        raise GeneratorConfigError(_missing_model(path))
    try:
        return _llama_cpp_class()(
            model_path=str(path),
            temperature=0.0,
            max_new_tokens=max_tokens,
            context_window=context_window,
            generate_kwargs={"top_k": 1, "repeat_penalty": 1.1},
            model_kwargs={"n_threads": threads, "n_batch": 512},
            messages_to_prompt=lambda messages: chatml(messages),
            completion_to_prompt=lambda text: text,
            verbose=False,
        )
    except ValueError as exc:  # llama.cpp's "Failed to load model from file"
        raise GeneratorConfigError(f"The GGUF model file {path} could not be loaded: {exc}") from exc


def _missing_model(path: Path) -> str:
    return (
        f"The GGUF model file {path} does not exist. Run `make setup-llm` (or `procqa models fetch NAME`), "
        "or point PROCQA_LLM_MODEL_PATH at a GGUF file."
    )


def _llama_cpp_class() -> type[LLM]:
    try:
        from llama_index.llms.llama_cpp import LlamaCPP
    except ImportError as exc:
        raise GeneratorConfigError(
            "The llama-cpp generator needs the local-llm extra: `make setup-llm` or `pip install procqa[local-llm]`."
        ) from exc
    return LlamaCPP


@atexit.register
def _release_models() -> None:
    # Free loaded models while the interpreter is still whole: llama-cpp-python's finaliser fails noisily when
    # it runs during interpreter shutdown.
    _llama_cpp.cache_clear()


def _required(settings: Settings, name: str) -> str:
    value = getattr(settings, name)
    if not value:
        raise GeneratorConfigError(f"The {settings.generator} generator needs PROCQA_{name.upper()} to be set.")
    return str(value)


def _openai(settings: Settings) -> LLM:
    from llama_index.llms.openai_like import OpenAILike

    key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "none"  # local servers want none
    return OpenAILike(
        model=_required(settings, "llm_model"),
        api_base=_required(settings, "llm_base_url"),
        api_key=key,
        is_chat_model=True,
        context_window=settings.llm_context_window,
        max_tokens=settings.llm_max_tokens,
        temperature=0.0,
        timeout=settings.llm_timeout_s,
        max_retries=0,
    )


def _ollama(settings: Settings) -> LLM:
    from llama_index.llms.ollama import Ollama

    return Ollama(
        model=_required(settings, "llm_model"),
        base_url=settings.llm_base_url or "http://127.0.0.1:11434",
        request_timeout=settings.llm_timeout_s,
        context_window=settings.llm_context_window,
        temperature=0.0,
        additional_kwargs={"num_predict": settings.llm_max_tokens},
    )
