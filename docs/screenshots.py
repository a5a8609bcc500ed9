"""Take the README's screenshots of the web app with chromium: a cited answer (docs/ui.png), the documents panel
(docs/ui-documents.png) and the phone layout (docs/ui-phone.png). Run from the checkout:

    PYTHONPATH=. .venv/bin/python docs/screenshots.py

It indexes the bundled Sofia proceedings and the Washington ones from tests/data into a temporary folder and
serves them with `procqa serve` on a free port; nothing outside the checkout is touched."""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import playwright.sync_api as playwright  # noqa: E402

from rag.ingest import build_index  # noqa: E402
from rag.settings import Settings  # noqa: E402
from tests.api_support import procqa_server  # noqa: E402
from tests.conftest import BUNDLED_FILE, WASHINGTON_FILE  # noqa: E402
from tests.ui_support import ARGS, CHROMIUM, ask, open_app, open_documents  # noqa: E402

DOCS = ROOT / "docs"


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        sources = Path(tmp) / "sources"
        sources.mkdir()
        for source in (BUNDLED_FILE, WASHINGTON_FILE):
            shutil.copy(source, sources)
        settings = Settings(sources=sources, store=Path(tmp) / "store")
        build_index(settings)
        server = procqa_server(["--store", str(settings.store), "--sources", str(sources)])
        with server as url, playwright.sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
            desktop = browser.new_page(viewport={"width": 1400, "height": 900})
            open_app(desktop, url)
            ask(desktop, "Who headed the US delegation?")
            ask(desktop, "What did the two sides say about the CLOUD Act?")
            desktop.locator("#procqa-chat a.procqa-fn").first.click()  # an older answer's footnote: its source
            desktop.screenshot(path=str(DOCS / "ui.png"))
            open_documents(desktop)
            desktop.screenshot(path=str(DOCS / "ui-documents.png"))
            phone = browser.new_page(viewport={"width": 390, "height": 844}, device_scale_factor=2, is_mobile=True)
            open_app(phone, url)
            phone.screenshot(path=str(DOCS / "ui-phone.png"))
            browser.close()
    print("wrote docs/ui.png, docs/ui-documents.png, docs/ui-phone.png")


if __name__ == "__main__":
    main()
