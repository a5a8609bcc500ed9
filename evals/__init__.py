"""The offline eval suite (issue #5): `procqa eval` / `python -m evals`.

dataset.py (the questions) -> clients.py (who answers: in-process or --url) and config.py (the axes: retrieval
mode x generator) -> runner.py (asking) -> metrics.py (scoring, with rag/support.py) and failures.py (which
stage failed) -> report.py and plots.py (evals/reports/<date>-<config>/). suite.py ties them together;
sweep.py calibrates on dev; gate.py and floors.toml are the CI quality gate (tests/test_eval_gate.py).
"""
