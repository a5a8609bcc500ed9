"""Errors a person can act on. Each message says what went wrong and what to do."""


class ProcqaError(Exception):
    """Base class: every error procqa raises on purpose."""


class QuestionError(ProcqaError, ValueError):
    """The question or the conversation history is not acceptable."""


class EmbeddingModelError(ProcqaError):
    """The embedding model files are missing or do not match their pinned checksum."""


class SourceError(ProcqaError):
    """A source document cannot be read or holds no proceedings text."""


class IndexMissingError(ProcqaError):
    """No index has been built yet at the configured store."""


class StoreUnavailableError(ProcqaError):
    """The Chroma store (folder or server) cannot be reached."""


class IndexBusyError(ProcqaError):
    """Another index build or document change held the index's write lock past the wait limit."""


class StoreWriteError(ProcqaError):
    """The Chroma store folder cannot be written (full disk, read-only folder); the served index is unchanged."""


class GeneratorConfigError(ProcqaError):
    """The configured LLM generator cannot be set up (a missing model file or package, a missing setting)."""


class ConfigError(ProcqaError):
    """A file the answering code needs (such as the answer scorer) is missing or unreadable."""
