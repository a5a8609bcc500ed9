"""Thin HTTP routers: parse, call the library in a thread, return. The logic lives in rag/ and rag/api/."""
