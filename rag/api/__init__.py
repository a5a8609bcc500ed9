"""The HTTP API (FastAPI): /api (questions, documents, paragraphs), /v1 (OpenAI-compatible), health checks."""
