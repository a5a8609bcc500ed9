"""`python -m evals`: the same command as `procqa eval`."""

from evals.cli import eval_command

if __name__ == "__main__":
    eval_command(prog_name="python -m evals")
