"""procqa: cited question answering over Council "outcome of proceedings" documents."""

__version__ = "0.1.0"
