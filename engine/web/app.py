"""The FastAPI application: pages and a JSON API over the same engine as the command line.

Nothing a user uploads is kept beyond the request: the facts travel with the page (a hidden field)
when a what-if re-evaluates them. Every text from a facts file is escaped (the memo's own guarantee,
and Jinja2's autoescape for everything else); a restrictive Content-Security-Policy allows only the
application's own script and style. Evaluations run in a pool of worker processes, each with its own
rule engine, so requests are served concurrently and never see each other's facts.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response

from .. import __version__
from ..errors import SecretlawError
from ..load.knowledge import load_knowledge
from ..report.messages import LANGUAGES, Messages
from ..resources import resource_dir
from ..load.schema import facts_schema
from . import interview, work

MAX_BODY = 5 * 1024 * 1024  # the same limit as a facts file on disk
MAX_FILES = 500  # files in one screening upload (their total is bounded by MAX_BODY)
STATIC = Path(__file__).resolve().parent / "static"


def create_app(workers: int | None = None) -> FastAPI:
    pool: dict[str, ProcessPoolExecutor] = {}

    @contextlib.asynccontextmanager
    async def lifespan(app: FastAPI):
        pool["p"] = ProcessPoolExecutor(max_workers=workers or os.cpu_count() or 2, initializer=work.warm)
        try:
            yield
        finally:
            pool["p"].shutdown(cancel_futures=True)

    # No /docs or /redoc: their pages load scripts from a CDN. The OpenAPI document is /openapi.json.
    app = FastAPI(title="secretlaw", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Reasoned screening opinions on Chinese trade-secret disputes. No authentication: "
                              "run it on loopback, or behind a reverse proxy that adds one.")

    async def run(fn, *args):
        return await asyncio.get_running_loop().run_in_executor(pool["p"], fn, *args)

    app.add_middleware(_Guard)

    @app.exception_handler(SecretlawError)
    async def refused(request: Request, exc: SecretlawError):
        return _refuse(request, 422, str(exc), work.error_view(exc))

    # --- pages ---------------------------------------------------------------------------------

    @app.get("/", response_class=HTMLResponse)
    async def home(lang: str = "zh"):
        return _page("home.html.j2", _lang(lang))

    @app.post("/memo", response_class=HTMLResponse)
    async def memo(request: Request):
        form = await _form(request)
        lang = _lang(form.get("lang", "zh"))
        text, name = await _facts_of(form)
        changes = {k[3:]: v for k, v in form.items() if k.startswith("wi:")}
        view = await run(work.memo_page, text, name, lang, changes)
        return _page("memo.html.j2", lang, view=view, facts=text, name=name)

    @app.get("/interview", response_class=HTMLResponse)
    async def interview_start(lang: str = "zh"):
        lang = _lang(lang)
        return _page("interview.html.j2", lang, view=await run(interview.step, "", lang))

    @app.post("/interview", response_class=HTMLResponse)
    async def interview_step(request: Request):
        form = await request.form(max_files=1, max_fields=50)
        lang = _lang(str(form.get("lang", "zh")))
        record = str(form.get("record") or "")
        upload = form.get("file")
        if upload is not None and not isinstance(upload, str) and upload.filename:  # continue a facts file
            record = await _upload_text(upload)
        topics = [str(t) for t in form.getlist("topic")]
        view = await run(interview.step, record, lang, str(form.get("action") or "start"), str(form.get("fact") or ""),
                         str(form.get("answer") or ""), topics)
        if view.get("error") and view["phase"] == "topics":
            view["error"] = Messages(lang)("web_interview_topics_refused")
        return _page("interview.html.j2", lang, view=view)

    @app.post("/interview/download")
    async def interview_download(request: Request):
        """The facts file as it stands, as a download: `secretlaw assess` reads it, the interview resumes it."""
        form = await request.form(max_files=0, max_fields=5)
        record = str(form.get("record") or "")
        return Response(record, media_type="application/x-yaml; charset=utf-8",
                        headers={"Content-Disposition": 'attachment; filename="interview.yaml"'})

    @app.get("/screen", response_class=HTMLResponse)
    async def screen_page(lang: str = "zh"):
        return _page("screen.html.j2", _lang(lang), rows=None, headers=[], memo_form=None)

    @app.post("/screen", response_class=HTMLResponse)
    async def screen_upload(request: Request):
        form = await request.form(max_files=MAX_FILES, max_fields=10)
        lang = _lang(str(form.get("lang", "zh")))
        done = await run(work.screen_rows, await _uploads(form), lang)
        return _page("screen.html.j2", lang, rows=done["rows"], headers=done["headers"],
                     memo_form=lambda row: None if row["triage"] == "error" else done["texts"].get(row["file"]))

    @app.get("/train", response_class=HTMLResponse)
    async def train_list(lang: str = "zh"):
        lang = _lang(lang)
        return _page("train_list.html.j2", lang, exercises=await run(work.exercises, lang))

    @app.get("/train/{exercise}", response_class=HTMLResponse)
    async def train_start(exercise: str, lang: str = "zh"):
        lang = _lang(lang)
        return _page("train.html.j2", lang, exercise=exercise, step=await run(work.train_step, exercise, lang, []))

    @app.post("/train/{exercise}", response_class=HTMLResponse)
    async def train_answer(exercise: str, request: Request):
        form = await _form(request)
        lang = _lang(form.get("lang", "zh"))
        answers = _answers(form.get("answers", "[]")) + [str(form.get("answer", ""))]
        return _page("train.html.j2", lang, exercise=exercise, step=await run(work.train_step, exercise, lang, answers))

    # --- JSON API ------------------------------------------------------------------------------

    @app.post("/api/assess")
    async def api_assess(request: Request, what_if: bool = False):
        """Facts as YAML or JSON in the body: the JSON opinion, as `secretlaw assess --format json` gives it."""
        text = await _body_text(request)
        return Response(await run(work.opinion_json, text, "(request)", None, what_if), media_type="application/json")

    @app.post("/api/headline")
    async def api_headline(request: Request):
        """Facts and what-if toggles (JSON {facts, changes}): the headline conclusions, both readings."""
        data = _json(await _body_text(request))
        changes = data.get("changes") or {}
        if not isinstance(data.get("facts"), str) or not isinstance(changes, dict):
            raise SecretlawError("expected {\"facts\": text, \"changes\": {fact: true|false|unknown}}")
        return Response(await run(work.headline_json, data["facts"], "(request)", {str(k): str(v) for k, v in changes.items()}),
                        media_type="application/json")

    @app.post("/api/explain")
    async def api_explain(request: Request, conclusion: str = "infringement", lang: str = "zh"):
        text = await _body_text(request)
        return {"conclusion": conclusion, "tree": await run(work.explain_text, text, "(request)", conclusion, _lang(lang))}

    @app.post("/api/next-questions")
    async def api_next_questions(request: Request, topics: str = "", lang: str = "zh", limit: int = 10):
        """Facts as YAML or JSON in the body: the questions worth asking next, most decisive first (the
        interview's question engine), each with its help, burden of proof and why it is asked."""
        text = await _body_text(request)
        chosen = [t for t in topics.split(",") if t] or None
        return await run(interview.next_questions_json, text, chosen, _lang(lang), max(1, min(limit, 100)))

    @app.post("/api/screen")
    async def api_screen(request: Request, lang: str = "zh"):
        """Facts files (or zips of them) as multipart `files`: one row a matter, sorted by triage class, as
        `secretlaw screen -o FILE.jsonl` writes them; a file that cannot be loaded is a row with its error."""
        form = await request.form(max_files=MAX_FILES, max_fields=10)
        done = await run(work.screen_rows, await _uploads(form), _lang(lang))
        return [row for row, _ in done["rows"]]

    @app.get("/api/schema")
    async def api_schema():
        return facts_schema(load_knowledge().vocabulary)

    @app.get("/api/vocabulary")
    async def api_vocabulary():
        return _vocabulary()

    @app.get("/static/{name}")
    async def static(name: str):
        return _static(name)

    return app


class _Guard:
    """Every response gets the security headers; a body declared larger than the limit is refused before
    it is read. Plain ASGI rather than a BaseHTTPMiddleware, which wraps every response in a stream."""

    _HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
                (b"x-frame-options", b"DENY"), (b"cache-control", b"no-store")]

    def __init__(self, app):
        self.app = app

    async def __call__(self, scope, receive, send):
        if scope["type"] != "http":
            return await self.app(scope, receive, send)
        length = dict(scope["headers"]).get(b"content-length", b"0").decode("latin-1")
        if not length.isdigit() or int(length) > MAX_BODY:
            refusal = _refuse(Request(scope), 413, f"the request is larger than {MAX_BODY // (1024 * 1024)} MB")
            return await refusal(scope, receive, send)
        received, started = [0], [False]

        async def receive_limited():  # a body sent without a length (chunked) is counted as it arrives
            message = await receive()
            if message["type"] == "http.request":
                received[0] += len(message.get("body", b""))
                if received[0] > MAX_BODY:
                    raise _TooLarge
            return message

        async def send_secured(message):
            if message["type"] == "http.response.start":
                started[0] = True
                kept = [(k, v) for k, v in message.get("headers", []) if k.lower() != b"content-security-policy"]
                message["headers"] = kept + self._HEADERS + [(b"content-security-policy", _csp().encode())]
            await send(message)

        try:
            await self.app(scope, receive_limited, send_secured)
        except _TooLarge:
            if not started[0]:
                refusal = _refuse(Request(scope), 413, f"the request is larger than {MAX_BODY // (1024 * 1024)} MB")
                await refusal(scope, receive, send_secured)


class _TooLarge(Exception):
    pass


# --- helpers -------------------------------------------------------------------------------------


def _lang(lang: str) -> str:
    return lang if lang in LANGUAGES else "zh"


def _refuse(request: Request, status: int, message: str, detail: dict[str, Any] | None = None) -> Response:
    """An error as JSON for the API and as a page for a person, with the CLI's one-line message."""
    if request.url.path.startswith("/api/"):
        return JSONResponse(detail or {"error": message}, status_code=status, headers={"Content-Security-Policy": _csp()})
    return HTMLResponse(_render("error.html.j2", "zh", message=message, code=status), status_code=status)


async def _form(request: Request) -> dict[str, Any]:
    form = await request.form(max_files=1, max_fields=500)
    return {k: v for k, v in form.multi_items()}


async def _facts_of(form: dict[str, Any]) -> tuple[str, str]:
    """The facts from an uploaded file or the text box (the page sends them back for a what-if)."""
    upload = form.get("file")
    if upload is not None and not isinstance(upload, str) and upload.filename:
        raw = await upload.read(MAX_BODY + 1)
        if len(raw) > MAX_BODY:
            raise SecretlawError(f"{upload.filename}: larger than {MAX_BODY // (1024 * 1024)} MB")
        return _decode(raw, upload.filename), _safe_name(upload.filename)
    text = form.get("facts")
    if not isinstance(text, str) or not text.strip():
        raise SecretlawError("(form): facts: no facts were given (upload a facts file or paste one)")
    return text, _safe_name(form.get("name") or "(pasted facts)")


async def _upload_text(upload) -> str:
    raw = await upload.read(MAX_BODY + 1)
    if len(raw) > MAX_BODY:
        raise SecretlawError(f"{_safe_name(upload.filename)}: larger than {MAX_BODY // (1024 * 1024)} MB")
    return _decode(raw, _safe_name(upload.filename))


async def _uploads(form) -> list[tuple[str, bytes]]:
    """The files of a screening request, by their names as sent (no path)."""
    files = []
    for upload in form.getlist("files"):
        if isinstance(upload, str) or not upload.filename:
            continue
        files.append((_safe_name(upload.filename), await upload.read(MAX_BODY + 1)))
    if not files:
        raise SecretlawError("(form): files: no facts files were given (choose one or more, or a zip)")
    return files


async def _body_text(request: Request) -> str:
    raw = b""
    async for chunk in request.stream():
        raw += chunk
        if len(raw) > MAX_BODY:
            raise SecretlawError(f"(request): larger than {MAX_BODY // (1024 * 1024)} MB")
    return _decode(raw, "(request)")


def _decode(raw: bytes, name: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise SecretlawError(f"{name}: not UTF-8 text (save the facts file as UTF-8)") from None


def _json(text: str) -> dict[str, Any]:
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise SecretlawError(f"(request): not JSON: {exc.msg} at line {exc.lineno}") from None
    if not isinstance(data, dict):
        raise SecretlawError("(request): expected a JSON object")
    return data


def _answers(text: str) -> list[str]:
    """The answers given so far, which the training page carries in a hidden field."""
    try:
        answers = json.loads(text)
    except json.JSONDecodeError:
        answers = None
    if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
        raise SecretlawError("(training): answers: expected the list the page sent")
    return answers


def _safe_name(name: str) -> str:
    """A file name as the page shows it: no path, no control characters."""
    return re.sub(r"[\x00-\x1f\x7f]", "", Path(str(name)).name)[:200] or "(facts)"


@functools.lru_cache(maxsize=1)
def _vocabulary() -> dict[str, Any]:
    vocabulary = load_knowledge().vocabulary
    return {"sections": {name: {"title": s.title, "order": s.order} for name, s in vocabulary.sections.items() if not s.derived},
            "facts": {p: {"type": s.type, "label": s.label, "question": s.question, "burden": s.burden, "favours": s.favours,
                          "values": s.values or None, "basis": s.basis}
                      for p, s in vocabulary.facts.items() if not s.derived}}


@functools.lru_cache(maxsize=1)
def _environment() -> jinja2.Environment:
    # the web pages first, then the parts they share with reports/ (the screening table)
    return jinja2.Environment(loader=jinja2.FileSystemLoader([str(resource_dir("reports") / "web"), str(resource_dir("reports"))]),
                              autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)


def _render(template: str, lang: str, **context: Any) -> str:
    t = Messages(lang)
    return _environment().get_template(template).render(
        lang=lang, t=t, tr=lambda pair: "" if pair is None else pair[lang], version=__version__,
        status=lambda view, reading="status": _status(t, view, reading), **context)


def _status(t: Messages, view: dict[str, Any], reading: str) -> str:
    from ..report.render import _status_text

    return _status_text(t, view, reading)


def _page(template: str, lang: str, **context: Any) -> HTMLResponse:
    return HTMLResponse(_render(template, lang, **context))


@functools.lru_cache(maxsize=1)
def _memo_css() -> str:
    """The memo's own stylesheet, taken from the printable page's template so the two never drift apart."""
    source = (resource_dir("reports") / "page.html.j2").read_text(encoding="utf-8")
    return source.split("<style>", 1)[1].split("</style>", 1)[0]


def _static(name: str) -> Response:
    if name == "memo.css":
        return Response(_memo_css(), media_type="text/css")
    if name == "sort.js":  # the screening table's sorting, the same script the self-contained page inlines
        return Response((resource_dir("reports") / "screen_sort.js").read_text(encoding="utf-8"), media_type="text/javascript")
    files = {"app.css": "text/css", "app.js": "text/javascript"}
    if name not in files:
        return Response("not found", status_code=404, media_type="text/plain")
    return Response((STATIC / name).read_text(encoding="utf-8"), media_type=files[name])


@functools.lru_cache(maxsize=1)
def _csp() -> str:
    return ("default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self'; "
            "form-action 'self'; base-uri 'none'; frame-ancestors 'none'")

