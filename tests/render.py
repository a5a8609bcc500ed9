"""Render a plain-text proceedings document to PDF, DOCX and HTML inside the tests (no fixture files checked in).

Blocks are the text's blank-line separated blocks; a block's own line breaks are kept (the header's
"Brussels, 31 May 2018" / "(OR. en)"). The PDF gets what real Council PDFs carry on every page: a running
header with the marking, a footer with the document number, initials, page number and "EN".
"""

from __future__ import annotations

import re
from pathlib import Path

import matplotlib


def blocks(text: str) -> list[list[str]]:
    # "**" is Markdown emphasis in the .txt; a formatted document carries the words, not the asterisks.
    parts = re.split(r"\n\s*\n", text.replace("**", "").strip())
    return [[line.strip() for line in part.splitlines() if line.strip()] for part in parts if part.strip()]


def to_pdf(text: str, path: Path, *, number: str = "9278/18", marking: str = "LIMITE") -> Path:
    from fpdf import FPDF

    class CouncilPdf(FPDF):
        def header(self) -> None:
            self.set_font("DejaVu", size=9)
            self.cell(0, 5, marking, align="R", new_x="LMARGIN", new_y="NEXT")
            self.ln(6)

        def footer(self) -> None:
            self.set_y(-20)
            self.set_font("DejaVu", size=9)
            self.cell(0, 5, f"{number}    JdC/mp    {self.page_no()}", new_x="LMARGIN", new_y="NEXT")
            self.cell(0, 5, f"JAI.1    {marking}    EN", align="R")

    pdf = CouncilPdf(format="A4")
    # matplotlib (a test dependency) ships DejaVu Sans: the document has characters beyond Latin-1 ("ě").
    pdf.add_font("DejaVu", fname=str(Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"))
    pdf.set_auto_page_break(auto=True, margin=25)
    pdf.add_page()
    for block in blocks(text):
        pdf.set_font("DejaVu", size=11)
        for line in block:
            pdf.multi_cell(0, 5.5, line, new_x="LMARGIN", new_y="NEXT")
        pdf.ln(4)
    pdf.output(str(path))
    return path


def to_docx(text: str, path: Path) -> Path:
    import docx

    document = docx.Document()
    for block in blocks(text):
        paragraph = document.add_paragraph()
        for i, line in enumerate(block):
            run = paragraph.add_run(line)
            if i < len(block) - 1:
                run.add_break()
    document.save(str(path))
    return path


def to_html(text: str, path: Path) -> Path:
    from html import escape

    body = "\n".join(f"<p>{'<br>'.join(escape(line) for line in block)}</p>" for block in blocks(text))
    path.write_text(
        "<!doctype html><html><head><title>Outcome of proceedings</title><style>p{margin:1em}</style>"
        "<script>var x = 1;</script></head><body><!-- generated --><nav>Home | Documents</nav>"
        f"<main>\n{body}\n</main></body></html>",
        encoding="utf-8",
    )
    return path
