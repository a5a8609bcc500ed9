"""The Gradio chat UI. It renders and calls the library through the API's own runtime (rag.api.runtime's
EngineHolder): the same answer-concurrency limit, rate limiter, history window and document checks as the HTTP
API. It holds no retrieval or answer logic.

`mount_ui(app, holder, limiter)` mounts it into the FastAPI app that `procqa serve` runs, at "/".
"""

from __future__ import annotations

import hmac
import html
import logging
import os
from collections.abc import AsyncIterator
from contextlib import aclosing
from pathlib import Path
from typing import Any

os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # no background calls to outside hosts

import anyio
import gradio as gr
from gradio.routes import App as GradioApp
from starlette.routing import Match, Mount

from rag.api.middleware import RateLimiter
from rag.api.runtime import EngineHolder, removal_refused
from rag.contract import Answer, Evidence
from rag.errors import ProcqaError, SourceError
from rag.readers import SUPPORTED_SUFFIXES
from rag.validation import recent_history, validate_question
from ui.examples import example_questions
from ui.render import (
    EVIDENCE_HINT,
    answering_markup,
    documents_markup,
    draft_markup,
    error_markup,
    evidence_markup,
    final_markup,
    question_markup,
    source_group,
    sources_markup,
    sources_panel,
    status_markup,
    under_box_markup,
)

log = logging.getLogger(__name__)
CSS = (Path(__file__).with_name("style.css")).read_text(encoding="utf-8")
SCRIPT = (Path(__file__).with_name("page.js")).read_text(encoding="utf-8")
THEME = gr.themes.Base(
    primary_hue="blue",
    neutral_hue="slate",
    font=["system-ui", "-apple-system", "Segoe UI", "Helvetica", "Arial", "sans-serif"],
    font_mono=["ui-monospace", "Menlo", "Consolas", "monospace"],
)
_STREAM_WORDS = 4  # words added per streamed update
_EXAMPLE_SLOTS = 6
_SUBTITLE = "<div class='procqa-subtitle'>procqa · every answer cites the paragraph it comes from</div>"
_FAILED = "Something went wrong while answering. Please try again."


def _title(documents: dict[str, Any]) -> str:
    if len(documents) == 1:
        (document,) = documents.values()
        return f"<h1>{html.escape(document['title'])}</h1>{_SUBTITLE}"
    return f"<h1>{len(documents)} proceedings documents</h1>{_SUBTITLE}"


def _client(request: gr.Request | None) -> str:
    client = getattr(request, "client", None)
    return getattr(client, "host", None) or "unknown"


def build_ui(holder: EngineHolder, limiter: RateLimiter | None = None) -> gr.Blocks:
    settings = holder.settings
    limit = settings.max_question_chars

    def refused(request: gr.Request | None) -> str | None:
        """The rate limiter's refusal for this client, counted like one request to the API."""
        answer = limiter.refusal(_client(request)) if limiter else None
        return answer[0] if answer else None

    with gr.Blocks(title="procqa", analytics_enabled=False) as demo:
        turns = gr.State([])  # the raw turns, as the library wants them
        groups = gr.State([])  # each answer's source cards, oldest first
        pending = gr.State("")  # the question being answered, taken from the box as it is sent
        title = gr.HTML("<h1>procqa</h1>", elem_id="procqa-title")
        with gr.Row(equal_height=False, elem_id="procqa-main"):
            with gr.Column(scale=3, elem_id="procqa-left"):
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
                    buttons=[],  # Gradio's copy buttons copy our HTML, its share button goes to an outside site
                    placeholder="Ask a question about the proceedings. Every answer cites its paragraphs.",
                )
                with gr.Row(elem_id="procqa-ask-row"):
                    question = gr.Textbox(
                        show_label=False,
                        placeholder="e.g. Who headed the US delegation?",
                        scale=6,
                        max_lines=4,
                        elem_id="procqa-question",
                    )
                    ask = gr.Button("Ask", variant="primary", scale=1, min_width=90, elem_id="procqa-ask")
                # The character counter (kept up to date by the page's script) and why a question was not sent.
                notice = gr.HTML(under_box_markup(limit), elem_id="procqa-notice", padding=False)
                with gr.Row(elem_id="procqa-ask-tools", equal_height=True):
                    document_filter = gr.Dropdown(
                        label="Search only these documents (none chosen: all)",
                        multiselect=True,
                        visible=False,
                        scale=4,
                        elem_id="procqa-document-filter",
                    )
                    new_chat = gr.Button("New chat", size="sm", scale=0, elem_id="procqa-new-chat")
                    copy_all = gr.Button("Copy conversation", size="sm", scale=0, elem_id="procqa-copy-all")
            with gr.Column(scale=2, elem_id="procqa-right"):
                with gr.Accordion("Documents", open=False, elem_id="procqa-documents-panel") as panel:
                    documents_box = gr.HTML(elem_id="procqa-documents")
                    upload = gr.UploadButton(
                        "Add a document (PDF, DOCX, HTML, text)",
                        file_types=list(SUPPORTED_SUFFIXES),
                        size="sm",
                        elem_id="procqa-upload",
                    )
                    with gr.Row(equal_height=True):
                        to_remove = gr.Dropdown(label="Remove a document", scale=3, elem_id="procqa-remove-choice")
                        remove = gr.Button("Remove…", size="sm", scale=1, elem_id="procqa-remove")
                    with gr.Row(visible=False, elem_id="procqa-confirm") as confirm_row:
                        confirm_text = gr.HTML(elem_id="procqa-confirm-text")
                        confirm = gr.Button("Yes, remove it", variant="stop", size="sm", elem_id="procqa-confirm-yes")
                        cancel = gr.Button("Cancel", size="sm", elem_id="procqa-confirm-no")
                    status = gr.HTML(elem_id="procqa-doc-status")
                gr.Markdown("### Sources")
                sources = gr.HTML(sources_panel([]), elem_id="procqa-sources")

        page_outputs = [title, documents_box, document_filter, to_remove, panel, *examples]

        def page(engine: Any, chosen: list[str] | None = None) -> list[Any]:
            """What the page shows of the index: title, documents, filter, examples."""
            documents = engine.documents
            questions = example_questions(documents, engine.paragraphs, _EXAMPLE_SLOTS)
            choices = [(f"{d} — {v['title']}", d) for d, v in documents.items()]
            kept = [d for d in chosen or [] if d in documents]
            return [
                gr.update(value=_title(documents)),
                gr.update(value=documents_markup(documents.values(), titles=True)),
                gr.update(visible=len(documents) > 1, choices=choices, value=kept),
                gr.update(choices=choices, value=None),
                gr.update(label=f"Documents ({len(documents)} indexed): add or remove"),
            ] + [
                gr.update(value=questions[i], visible=True) if i < len(questions) else gr.update(visible=False)
                for i in range(len(examples))
            ]

        async def on_load() -> list[Any]:
            try:
                engine = await holder.engine_async()
            except ProcqaError as exc:
                return [gr.update(value=_title({})), gr.update(value=error_markup(str(exc)))] + [
                    gr.update() for _ in page_outputs[2:]
                ]
            return page(engine)

        demo.load(on_load, outputs=page_outputs)

        def take(message: str) -> tuple[Any, ...]:
            """Send the question: clear the box and lock "Ask" at once, so a second question cannot race the
            first one's answer. An empty question sends nothing; one the library refuses (too long, not text)
            stays in the box with the reason, so nothing typed is lost."""
            if not (message or "").strip():
                return gr.update(), "", gr.update(), gr.skip()
            try:
                validate_question(message, settings)
            except ProcqaError as exc:
                return (
                    gr.update(),
                    "",
                    gr.update(),
                    under_box_markup(limit, f"{exc} Your question is still in the box."),
                )
            return "", message, gr.update(interactive=False, value="Answering…"), under_box_markup(limit)

        async def respond(
            message: str,
            chat: list[dict[str, Any]],
            history: list[dict[str, str]],
            shown: list[str],
            chosen: list[str] | None,
            request: gr.Request,
        ) -> AsyncIterator[tuple[Any, ...]]:
            if not message:  # nothing was sent: no bubble, the sources stay
                yield gr.skip(), gr.skip(), gr.skip(), gr.skip(), gr.skip()
                return
            chat = [*chat, {"role": "user", "content": question_markup(message)}]
            yield [*chat, {"role": "assistant", "content": answering_markup()}], history, shown, gr.skip(), gr.skip()

            def failed(text: str) -> tuple[Any, ...]:
                return (
                    [*chat, {"role": "assistant", "content": error_markup(text)}],
                    history,
                    shown,
                    gr.skip(),
                    gr.skip(),
                )

            if (refusal := refused(request)) is not None:
                yield failed(refusal)
                return
            try:
                engine = await holder.engine_async()
                # A document removed elsewhere since the page was loaded is dropped from the filter, and said so.
                gone = [d for d in chosen or [] if d not in engine.documents]
                search = [d for d in chosen or [] if d in engine.documents] or None
                written, answer, evidence = "", None, None
                key = len(shown)
                # aclosing: leaving the loop early (the answer came, the page went away) ends the stream at once,
                # which frees its answer-concurrency place for the next question.
                stream = await holder.stream(message, recent_history(history, settings), documents=search)
                async with aclosing(stream) as items:
                    async for item in items:
                        if isinstance(item, Answer):
                            answer = item
                            break
                        if isinstance(item, Evidence):  # first: the extractive reading and its sources, at once
                            evidence = item
                            cards = f'<div class="procqa-evidence-hint">{EVIDENCE_HINT}</div>'
                            cards += sources_markup(item, engine.neighbours, key)
                            panel = sources_panel([*shown, source_group(key, message, cards)])
                            bubble = {"role": "assistant", "content": evidence_markup(item, key)}
                            yield [*chat, bubble], history, shown, panel, gr.skip()
                            continue
                        words = item.split(" ")  # then the answer replaces it, a few words per update
                        for start in range(0, len(words), _STREAM_WORDS):
                            written += ("" if start == 0 else " ") + " ".join(words[start : start + _STREAM_WORDS])
                            if evidence is not None and evidence.answer.startswith(written):
                                continue  # the extractive answer itself (or a fallback to it): shown already
                            draft = draft_markup(written)
                            yield [*chat, {"role": "assistant", "content": draft}], history, shown, gr.skip(), gr.skip()
            except ProcqaError as exc:
                yield failed(str(exc))
                return
            except Exception:  # never a stack trace in the page; the server log has it
                log.exception("answering failed")
                yield failed(_FAILED)
                return
            assert answer is not None
            history = [*history, {"role": "user", "content": message}, {"role": "assistant", "content": answer.answer}]
            shown = [*shown, source_group(key, message, sources_markup(answer, engine.neighbours, key))]
            left_out = f"No longer indexed, so not searched: {', '.join(gone)}." if gone else ""
            final = final_markup(answer, key, left_out)
            refilter = page(engine, chosen)[2] if gone else gr.skip()
            yield [*chat, {"role": "assistant", "content": final}], history, shown, sources_panel(shown), refilter

        def answer_after(event: Any) -> None:
            event.then(
                respond,
                inputs=[pending, chatbot, turns, groups, document_filter],
                outputs=[chatbot, turns, groups, sources, document_filter],
            ).then(lambda: gr.update(interactive=True, value="Ask"), outputs=ask)

        take_outputs = [question, pending, ask, notice]
        answer_after(gr.on([question.submit, ask.click], take, inputs=question, outputs=take_outputs))
        for button in examples:
            answer_after(button.click(take, inputs=button, outputs=take_outputs))

        # "New chat" and the chat's own trash icon both forget the conversation, not only the messages.
        def forget() -> tuple[Any, ...]:
            return [], [], [], sources_panel([]), under_box_markup(limit)

        new_chat.click(forget, outputs=[chatbot, turns, groups, sources, notice])
        chatbot.clear(forget, outputs=[chatbot, turns, groups, sources, notice])
        copy_all.click(None, js="() => window.procqaCopyConversation()")

        async def on_upload(path: str | None, chosen: list[str] | None, request: gr.Request) -> list[Any]:
            if not path:
                return [gr.skip(), *(gr.skip() for _ in page_outputs)]
            name = Path(path).name  # Gradio keeps the uploaded file's own name
            try:
                if (refusal := refused(request)) is not None:
                    return [status_markup(refusal, ok=False), *(gr.skip() for _ in page_outputs)]
                content = await anyio.to_thread.run_sync(Path(path).read_bytes)
                added = await anyio.to_thread.run_sync(holder.add_document, name, content)
            except ProcqaError as exc:  # the library's upload messages name the file only, never a server path
                return [status_markup(str(exc), ok=False), *(gr.skip() for _ in page_outputs)]
            finally:
                Path(path).unlink(missing_ok=True)  # Gradio's copy: the sources folder has ours
            engine = await holder.engine_async()
            return [status_markup(f"Added {added} ({name}); it is searched from now on."), *page(engine, chosen)]

        upload.upload(on_upload, inputs=[upload, document_filter], outputs=[status, *page_outputs])

        def ask_to_remove(document_id: str | None) -> tuple[Any, ...]:
            if not document_id:
                return gr.update(visible=False), "", status_markup("Choose a document to remove.", ok=False)
            text = (
                f"Remove <b>{html.escape(document_id)}</b>? Its source file is deleted from the sources folder "
                "and the index rebuilt without it."
            )
            return gr.update(visible=True), text, ""

        remove.click(ask_to_remove, inputs=to_remove, outputs=[confirm_row, confirm_text, status])
        cancel.click(lambda: (gr.update(visible=False), ""), outputs=[confirm_row, status])

        async def on_remove(document_id: str | None, chosen: list[str] | None, request: gr.Request) -> list[Any]:
            hide = gr.update(visible=False)
            try:
                engine = await holder.engine_async()
                if (refusal := refused(request)) is not None:
                    return [hide, status_markup(refusal, ok=False), *page(engine, chosen)]
                if not document_id or document_id not in engine.documents:
                    gone = f"{document_id} is not indexed (removed already?)." if document_id else "Choose one."
                    return [hide, status_markup(gone, ok=False), *page(engine, chosen)]
                await anyio.to_thread.run_sync(holder.remove_document, document_id)
                engine = await holder.engine_async()
            except SourceError as exc:
                log.warning("removing %s from the UI refused: %s", document_id, exc)  # it names server paths
                return [hide, status_markup(removal_refused(document_id or "", exc), ok=False), *page(engine, chosen)]
            except ProcqaError as exc:
                return [hide, status_markup(str(exc), ok=False), *(gr.skip() for _ in page_outputs)]
            return [hide, status_markup(f"Removed {document_id}."), *page(engine, chosen)]

        confirm.click(on_remove, inputs=[to_remove, document_filter], outputs=[confirm_row, status, *page_outputs])
    return demo


def mount_ui(
    app: Any, holder: EngineHolder, limiter: RateLimiter | None = None, path: str = "/", api_key: str | None = None
) -> Any:
    """Mount the chat UI into a FastAPI app (served by `procqa serve`). When the API has a key, the UI asks for
    it at a login page, so setting PROCQA_API_KEY protects the UI as well as /api and /v1 (and the app's rate
    limiter covers that login form)."""

    def login(_user: str, password: str) -> bool:
        return api_key is not None and hmac.compare_digest(password.encode(), api_key.encode())

    settings = holder.settings
    mounted = gr.mount_gradio_app(
        app,
        build_ui(holder, limiter),
        path=path,
        theme=THEME,
        css=CSS,
        head=f"<script>{SCRIPT.replace('__LIMIT__', str(settings.max_question_chars))}</script>",
        footer_links=[],
        auth=login if api_key else None,
        auth_message="This procqa server is protected: enter any user name and the API key as the password.",
        max_file_size=settings.max_source_bytes,  # an upload's own limit, as for POST /api/documents
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
