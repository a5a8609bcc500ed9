"""The Gradio chat UI. It renders and calls the library (rag.engine.Engine); it holds no retrieval or answer logic.

`mount_ui(app, get_engine)` mounts it into the FastAPI app that `procqa serve` runs, at "/".
"""

from __future__ import annotations

import hmac
import html
import logging
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no background calls to outside hosts

import gradio as gr
from gradio.routes import App as GradioApp
from starlette.routing import Match, Mount

from rag.contract import Answer
from rag.conversation import recent_history
from rag.errors import ProcqaError
from ui.examples import example_questions
from ui.render import answer_markup, documents_markup, error_markup, final_markup, question_markup, sources_markup

log = logging.getLogger(__name__)
EngineProvider = Callable[[], Any]
CSS = (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")
# Clicking a footnote (or a closest passage of a not-stated answer) highlights its card in the sources panel and
# scrolls it into view (capture phase: before Gradio's own link handling, which would open the anchor in a new tab).
HEAD = """
<script>
document.addEventListener("click", function (event) {
  var link = event.target.closest ? event.target.closest("a.procqa-fn, a.procqa-rel") : null;
  if (!link) { return; }
  event.preventDefault();
  event.stopPropagation();
  var id = (link.getAttribute("href") || "").replace(/^#/, "");
  var card = document.getElementById(id);
  if (!card) { return; }
  document.querySelectorAll(".procqa-source.procqa-active").forEach(function (c) {
    c.classList.remove("procqa-active");
  });
  card.classList.add("procqa-active");
  card.scrollIntoView({behavior: "smooth", block: "center"});
}, true);
</script>
"""
THEME = gr.themes.Base(
    primary_hue="blue",
    neutral_hue="slate",
    font=["system-ui", "-apple-system", "Segoe UI", "Helvetica", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"],
)
_STREAM_WORDS = 4  # words added per streamed update
_EXAMPLE_SLOTS = 6


_SUBTITLE = "<div class='procqa-subtitle'>procqa · every answer cites the paragraph it comes from</div>"


def _title(documents: dict[str, Any]) -> str:
    if len(documents) == 1:
        (document,) = documents.values()
        return f"<h1>{html.escape(document['title'])}</h1>{_SUBTITLE}"
    return f"<h1>{len(documents)} proceedings documents</h1>{_SUBTITLE}"


def build_ui(get_engine: EngineProvider) -> gr.Blocks:
    with gr.Blocks(title="procqa", analytics_enabled=False) as demo:
        conversation = gr.State([])  # the raw turns, as the library wants them
        title = gr.HTML("<h1>procqa</h1>", elem_id="procqa-title")
        with gr.Row(equal_height=False):
            with gr.Column(scale=3):
                documents_box = gr.HTML(elem_id="procqa-documents")
                with gr.Row(elem_id="procqa-examples"):
                    examples = [
                        gr.Button(visible=False, size="sm", elem_classes="procqa-example")
                        for _ in range(_EXAMPLE_SLOTS)
                    ]
                chatbot = gr.Chatbot(
                    height=460,
                    elem_id="procqa-chat",
                    show_label=False,
                    sanitize_html=True,
                    placeholder="Ask a question about the proceedings. Every answer cites its paragraphs.",
                )
                with gr.Row():
                    question = gr.Textbox(
                        show_label=False,
                        placeholder="e.g. Who headed the US delegation?",
                        scale=6,
                        max_lines=4,
                        elem_id="procqa-question",
                    )
                    ask = gr.Button("Ask", variant="primary", scale=1, elem_id="procqa-ask")
                with gr.Row():
                    new_chat = gr.Button("New chat", size="sm", scale=0, elem_id="procqa-new-chat")
                    document_filter = gr.Dropdown(
                        label="Search only these documents",
                        multiselect=True,
                        visible=False,
                        scale=4,
                        elem_id="procqa-document-filter",
                    )
            with gr.Column(scale=2):
                gr.Markdown("### Sources")
                sources = gr.HTML(sources_markup(None), elem_id="procqa-sources")

        def on_load() -> list[Any]:
            try:
                engine = get_engine()
            except ProcqaError as exc:
                return [gr.update(value=_title({})), gr.update(value=error_markup(str(exc))), gr.update()] + [
                    gr.update(visible=False) for _ in examples
                ]
            documents = engine.documents
            questions = example_questions(documents, engine.paragraphs, _EXAMPLE_SLOTS)
            filter_update = gr.update(
                visible=len(documents) > 1, choices=[(f"{d} — {v['title']}", d) for d, v in documents.items()]
            )
            return [
                gr.update(value=_title(documents)),
                gr.update(value=documents_markup(documents.values(), titles=len(documents) > 1)),
                filter_update,
            ] + [
                gr.update(value=questions[i], visible=True) if i < len(questions) else gr.update(visible=False)
                for i in range(len(examples))
            ]

        demo.load(on_load, outputs=[title, documents_box, document_filter, *examples])

        pending = gr.State("")  # the question being answered, taken from the box as it is sent

        def take(message: str) -> tuple[Any, ...]:
            # Clear the box and lock "Ask" at once, so a second question cannot race the first one's answer.
            return "", message or "", gr.update(interactive=False)

        def respond(
            message: str, chat: list[dict[str, Any]], turns: list[dict[str, str]], chosen: list[str] | None
        ) -> Iterator[tuple[Any, ...]]:
            chat = [*chat, {"role": "user", "content": question_markup(message)}]
            try:
                engine = get_engine()
                items = engine.stream(message, recent_history(turns, engine.settings), documents=chosen or None)
                written, answer = "", None
                for item in items:  # stream the answer in, a few words per update
                    if isinstance(item, Answer):
                        answer = item
                        break
                    words = item.split(" ")
                    for start in range(0, len(words), _STREAM_WORDS):
                        written += ("" if start == 0 else " ") + " ".join(words[start : start + _STREAM_WORDS])
                        yield [*chat, {"role": "assistant", "content": answer_markup(written)}], turns, gr.update()
            except ProcqaError as exc:
                yield [*chat, {"role": "assistant", "content": error_markup(str(exc))}], turns, sources_markup(None)
                return
            except Exception:  # never a stack trace in the page; the server log has it
                log.exception("answering failed")
                failure = error_markup("Something went wrong while answering. Please try again.")
                yield [*chat, {"role": "assistant", "content": failure}], turns, sources_markup(None)
                return
            assert answer is not None
            turns = [*turns, {"role": "user", "content": message}, {"role": "assistant", "content": answer.answer}]
            final = final_markup(answer)
            yield [*chat, {"role": "assistant", "content": final}], turns, sources_markup(answer, engine.neighbours)

        def answer_after(event: Any) -> None:
            event.then(
                respond,
                inputs=[pending, chatbot, conversation, document_filter],
                outputs=[chatbot, conversation, sources],
            ).then(lambda: gr.update(interactive=True), outputs=ask)

        answer_after(gr.on([question.submit, ask.click], take, inputs=question, outputs=[question, pending, ask]))
        for button in examples:
            answer_after(button.click(take, inputs=button, outputs=[question, pending, ask]))
        new_chat.click(lambda: ([], [], sources_markup(None), ""), outputs=[chatbot, conversation, sources, question])
    return demo


def mount_ui(app: Any, get_engine: EngineProvider, path: str = "/", api_key: str | None = None) -> Any:
    """Mount the chat UI into a FastAPI app (served by `procqa serve`). When the API has a key, the UI asks for
    it at a login page, so setting PROCQA_API_KEY protects the UI as well as /api and /v1."""

    def login(_user: str, password: str) -> bool:
        return api_key is not None and hmac.compare_digest(password.encode(), api_key.encode())

    mounted = gr.mount_gradio_app(
        app,
        build_ui(get_engine),
        path=path,
        theme=THEME,
        css=CSS,
        head=HEAD,
        footer_links=[],
        auth=login if api_key else None,
        auth_message="This procqa server is protected: enter any user name and the API key as the password.",
    )
    _leave_api_paths_to_the_api(mounted)
    return mounted


class _UiMount(Mount):
    """The UI mounted at "/" would otherwise claim every path, turning the API's JSON 404 and 405 answers for
    /api/... and /v1/... into UI pages."""

    def matches(self, scope: Any) -> tuple[Match, Any]:
        if scope["type"] == "http" and scope["path"].startswith(_API_PREFIXES):
            return Match.NONE, {}
        return super().matches(scope)


_API_PREFIXES = ("/api/", "/v1/", "/healthz", "/readyz", "/docs", "/redoc", "/openapi.json")


def _leave_api_paths_to_the_api(app: Any) -> None:
    routes = app.router.routes
    for i, route in enumerate(routes):
        if type(route) is Mount and isinstance(route.app, GradioApp):
            routes[i] = _UiMount(route.path, app=route.app, name=route.name)
