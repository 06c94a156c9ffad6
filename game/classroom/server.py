"""The class server (docs/classroom.md): a Starlette app on uvicorn over a `Classroom`. Teams
join from any browser with the class's code; each team then acts with its own secret, and the
instructor's controls need the instructor's. Every request body is checked against a typed model
and refused with a clear message; a WebSocket tells pages when to look again.

Routes: `/` (join), `/team` and `/instructor` (pages; the secret travels in the address's `#`,
never to the server's logs), `/api/...` (JSON; the secret in an `Authorization: Bearer` header),
`/ws` (the secret as the first message).
"""
from __future__ import annotations

import asyncio
import contextlib
import json
import re
import time
from collections import OrderedDict, deque
from importlib import resources
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError
from starlette.applications import Starlette
from starlette.middleware import Middleware
from starlette.middleware.gzip import GZipMiddleware
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

from .classroom import ClassError, Classroom, slug
from .views import advice_view, desk_view, forecast_view, team_view

MAX_BODY = 16_384
Short = Field(max_length=200)
REQUEST_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
REMEMBERED = 4096          # request ids kept to refuse one sent twice
JOIN_FAILURES = 20         # wrong class codes a device may send ...
JOIN_WINDOW = 600.0        # ... in this many seconds before it must wait


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class Join(_Body):
    code: str = Field(max_length=20)
    team: str = Field(max_length=60)


class Toggle(_Body):
    action: str = Short


class Answer(_Body):
    decision: str = Short
    option: str = Short


class Propose(_Body):
    text: str = Field(max_length=400)


class Empty(_Body):
    pass


class Resolve(_Body):
    group: str | None = Field(None, max_length=60)
    missing: Literal["computer", "nothing"] = "computer"


class Inject(_Body):
    event: str = Short
    group: str | None = Field(None, max_length=60)


class Argue(_Body):
    team: str = Field(max_length=60)
    text: str = Field(max_length=400)
    chance: float = Field(ge=0, le=1)
    effects: list[tuple[str, float]] = Field(max_length=20)
    proposal: int | None = None
    model_config = ConfigDict(extra="forbid", strict=False)


class Refuse(_Body):
    proposal: int
    why: str = Field("", max_length=500)


class GroupOnly(_Body):
    group: str | None = Field(None, max_length=60)


class Message(_Body):
    text: str = Field(max_length=600)


class AddTime(_Body):
    minutes: float = Field(gt=0, le=120)
    model_config = ConfigDict(extra="forbid", strict=False)


def _error(message: str, status: int = 400) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _token(request: Request) -> str | None:
    auth = request.headers.get("authorization", "")
    return auth[7:].strip() if auth.lower().startswith("bearer ") else None


async def _body(request: Request, model: type[_Body]) -> _Body:
    raw = await request.body()
    if len(raw) > MAX_BODY:
        raise ClassError(f"The request is {len(raw):,} bytes; at most {MAX_BODY:,} are read.", 413)
    try:
        data = json.loads(raw or b"{}")
    except (ValueError, UnicodeDecodeError):
        raise ClassError("The request is not JSON.") from None
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        err = exc.errors(include_url=False)[0]
        where = ".".join(str(x) for x in err["loc"]) or "the request"
        raise ClassError(f"'{where}': {err['msg'].lower()}.") from None


def _page(name: str) -> HTMLResponse:
    text = resources.files("game.classroom").joinpath("pages", name).read_text(encoding="utf-8")
    return HTMLResponse(text, headers={"Cache-Control": "no-store", "X-Frame-Options": "DENY",
                                       "Referrer-Policy": "no-referrer"})


def join_link(base: str, code: str) -> str:
    """The address a team's device opens to join: the join page with the class code filled in."""
    return f"{base.rstrip('/')}/?code={code}"


def qr_svg(text: str) -> str:
    """`text` as a QR code, an SVG image (segno: a well-kept, pure-Python QR encoder)."""
    import io

    import segno

    out = io.BytesIO()
    segno.make(text, error="m").save(out, kind="svg", scale=6, border=2, xmldecl=False, svgns=True,
                                     title="The class's join link")
    return out.getvalue().decode("utf-8")


def create_app(room: Classroom, tick_seconds: float = 1.0, base_url: str | None = None) -> Starlette:
    """The class server's app over `room` (build it with Classroom.start or .resume). `base_url` is
    the address the class's devices reach it at (default: the one the instructor's page used)."""
    # Each open page's queue, with the group it follows (None: the instructor's, every group).
    queues: dict[asyncio.Queue, int | None] = {}
    loop_holder: dict[str, asyncio.AbstractEventLoop] = {}

    def fan_out(version: int, gi: int | None) -> None:
        # A change in one group is news to that group's teams and the instructor, not to the
        # other groups' pages (so a class of 40 does not fetch 40 views for each order sent).
        for q, follows in list(queues.items()):
            if gi is None or follows is None or follows == gi:
                q.put_nowait(version)

    def on_change(version: int, gi: int | None) -> None:   # called on a worker thread, under the room's lock
        loop = loop_holder.get("loop")
        if loop is not None:
            loop.call_soon_threadsafe(fan_out, version, gi)

    room.listeners.append(on_change)

    def locked(fn, *args):
        with room.lock:
            return fn(*args)

    done_ids: OrderedDict[tuple[str, str], None] = OrderedDict()

    def request_id(request: Request) -> str | None:
        """The page's id for this request (X-Request-Id), so one sent twice (a double click, a
        retry after a dropped connection) is carried out once. Optional; checked when given."""
        rid = request.headers.get("x-request-id")
        if rid is None:
            return None
        if not REQUEST_ID.match(rid):
            raise ClassError("The request's id (X-Request-Id) must be 8 to 64 letters, digits, '-' or '_'.")
        return rid

    def once(key: tuple[str, str] | None, act, *args):
        """Run `act` unless the request with this id was carried out already (under the lock)."""
        if key is not None and key in done_ids:
            raise ClassError("This request was already carried out (it was sent twice); nothing was done "
                             "again.", 409)
        said = act(*args)
        if key is not None:
            done_ids[key] = None
            while len(done_ids) > REMEMBERED:
                done_ids.popitem(last=False)
        return said

    failures: dict[str, deque] = {}

    def join_attempt(host: str) -> float:
        """Count a join attempt from `host` before it is tried (so guesses sent all at once are
        counted too); refused when too many recent ones failed. Returns the attempt's mark, for
        `joined` to take back when it succeeds."""
        now = time.monotonic()
        if len(failures) > 10_000:   # forget devices that have been quiet for a while
            for h in [h for h, q in failures.items() if not q or now - q[-1] > JOIN_WINDOW]:
                del failures[h]
        recent = failures.setdefault(host, deque())
        while recent and now - recent[0] > JOIN_WINDOW:
            recent.popleft()
        if len(recent) >= JOIN_FAILURES:
            wait = int(JOIN_WINDOW - (now - recent[0])) + 1
            raise ClassError(f"Too many wrong class codes from this device; try again in {wait // 60 + 1} "
                             "minutes, or ask the instructor for the code.", 429)
        recent.append(now)
        return now

    def joined(host: str, mark: float) -> None:
        with contextlib.suppress(KeyError, ValueError):
            failures[host].remove(mark)

    async def run(fn, *args) -> Any:
        return await run_in_threadpool(locked, fn, *args)

    def guarded(handler):
        async def endpoint(request: Request) -> Response:
            try:
                return JSONResponse(await handler(request), headers={"Cache-Control": "no-store"})
            except ClassError as exc:
                return _error(str(exc), exc.status)
        return endpoint

    # --- pages ----------------------------------------------------------------------------------

    async def join_page(request: Request) -> Response:
        return _page("join.html")

    async def team_page(request: Request) -> Response:
        return _page("team.html")

    async def instructor_page(request: Request) -> Response:
        return _page("instructor.html")

    async def script(request: Request) -> Response:
        text = resources.files("game.classroom").joinpath("pages", "class.js").read_text(encoding="utf-8")
        return Response(text, media_type="text/javascript", headers={"Cache-Control": "no-store"})

    async def style(request: Request) -> Response:
        text = resources.files("game.classroom").joinpath("pages", "style.css").read_text(encoding="utf-8")
        return Response(text, media_type="text/css", headers={"Cache-Control": "no-store"})

    # --- public ---------------------------------------------------------------------------------

    async def class_info(request: Request) -> dict:
        return await run(lambda: {"title": room.model.title, "teams": room.team_list(), "ended": room.ended})

    async def join(request: Request) -> dict:
        host = request.client.host if request.client else "?"
        mark = join_attempt(host)
        try:
            body = await _body(request, Join)
            seat = await run(room.join, body.code, body.team)
        except ClassError as exc:
            if exc.status != 403:   # only a wrong code counts against guessing
                joined(host, mark)
            raise
        joined(host, mark)
        return {"token": seat.token, "team": seat.team.name}

    # --- a team ---------------------------------------------------------------------------------

    def seat(request: Request):
        return room.seat_of(_token(request))

    async def team_get(request: Request) -> dict:
        return await run(lambda: team_view(room, seat(request)))

    async def team_desk(request: Request) -> dict:
        return await run(lambda: desk_view(room, seat(request)))

    async def team_forecast(request: Request) -> dict:
        return await run(lambda: forecast_view(room, seat(request)))

    async def team_advice(request: Request) -> dict:
        return await run(lambda: advice_view(room, seat(request)))

    def team_post(model: type[_Body], act):
        async def handler(request: Request) -> dict:
            s = await run(seat, request)   # who it is first: a stranger learns nothing of the body's checks
            body = await _body(request, model)
            rid = request_id(request)
            said = await run(once, (s.token, rid) if rid else None, act, s, body)
            return {"ok": True, "message": said if isinstance(said, str) else ""}
        return handler

    # --- the instructor -------------------------------------------------------------------------

    def instructor(request: Request) -> None:
        room.check_instructor(_token(request))

    async def instructor_get(request: Request) -> dict:
        return await run(lambda: (instructor(request), room.overview())[1])

    async def instructor_debrief(request: Request) -> dict:
        """The class's debrief as it stands (greatgame report's page), for the instructor to save."""
        from game.debrief.render import render
        from game.debrief.report import class_in_progress, debrief

        await run(instructor, request)
        page = await run(lambda: render(debrief(*class_in_progress(room)), "html"))
        return {"html": page, "file": f"{slug(room.model.title)}-debrief.html"}

    async def instructor_qr(request: Request) -> dict:
        """The join link as a QR code for the projector: the instructor's page shows it as an image."""
        await run(instructor, request)
        link = join_link(base_url or str(request.base_url), room.join_code)
        return {"link": link, "svg": await run_in_threadpool(qr_svg, link)}

    def instructor_post(model: type[_Body], act):
        async def handler(request: Request) -> dict:
            await run(instructor, request)
            body = await _body(request, model)
            rid = request_id(request)
            said = await run(once, ("instructor", rid) if rid else None, act, body)
            if isinstance(said, list):
                said = " ".join(said)
            return {"ok": True, "message": said if isinstance(said, str) else ""}
        return handler

    routes = [
        Route("/", join_page), Route("/team", team_page), Route("/instructor", instructor_page),
        Route("/class.js", script), Route("/class.css", style),
        Route("/api/class", guarded(class_info)),
        Route("/api/join", guarded(join), methods=["POST"]),
        Route("/api/team", guarded(team_get)),
        Route("/api/team/desk", guarded(team_desk)),
        Route("/api/team/forecast", guarded(team_forecast)),
        Route("/api/team/advice", guarded(team_advice)),
        Route("/api/team/toggle", guarded(team_post(Toggle, lambda s, b: room.toggle(s, b.action))), methods=["POST"]),
        Route("/api/team/answer", guarded(team_post(Answer, lambda s, b: room.answer(s, b.decision, b.option))),
              methods=["POST"]),
        Route("/api/team/clear", guarded(team_post(Empty, lambda s, b: room.clear(s))), methods=["POST"]),
        Route("/api/team/send", guarded(team_post(Empty, lambda s, b: room.send(s))), methods=["POST"]),
        Route("/api/team/takeback", guarded(team_post(Empty, lambda s, b: room.take_back(s))), methods=["POST"]),
        Route("/api/team/advice/take", guarded(team_post(Empty, lambda s, b: room.take_advice(s))), methods=["POST"]),
        Route("/api/team/propose", guarded(team_post(Propose, lambda s, b: (room.propose(s, b.text),
                                                                          "Sent to the instructor.")[1])),
              methods=["POST"]),
        Route("/api/instructor", guarded(instructor_get)),
        Route("/api/instructor/qr", guarded(instructor_qr)),
        Route("/api/instructor/debrief", guarded(instructor_debrief)),
        Route("/api/instructor/pause", guarded(instructor_post(Empty, lambda b: room.pause())), methods=["POST"]),
        Route("/api/instructor/resume", guarded(instructor_post(Empty, lambda b: room.resume_play())),
              methods=["POST"]),
        Route("/api/instructor/resolve", guarded(instructor_post(Resolve, lambda b: room.resolve_now(b.group, b.missing))),
              methods=["POST"]),
        Route("/api/instructor/inject", guarded(instructor_post(Inject, lambda b: room.inject(b.event, b.group))),
              methods=["POST"]),
        Route("/api/instructor/argue", guarded(instructor_post(Argue, lambda b: room.argue(
            b.team, b.text, b.chance, b.effects, b.proposal))), methods=["POST"]),
        Route("/api/instructor/refuse", guarded(instructor_post(Refuse, lambda b: room.refuse(b.proposal, b.why))),
              methods=["POST"]),
        Route("/api/instructor/undo", guarded(instructor_post(GroupOnly, lambda b: room.undo(b.group))),
              methods=["POST"]),
        Route("/api/instructor/message", guarded(instructor_post(Message, lambda b: room.message(b.text))),
              methods=["POST"]),
        Route("/api/instructor/time", guarded(instructor_post(AddTime, lambda b: room.add_time(b.minutes))),
              methods=["POST"]),
        Route("/api/instructor/end", guarded(instructor_post(Empty, lambda b: room.end())), methods=["POST"]),
    ]

    async def live(ws: WebSocket) -> None:
        """The page's secret comes first; then the server sends the class's version whenever it changes."""
        await ws.accept()
        try:
            first = await asyncio.wait_for(ws.receive_text(), timeout=10)
            token = json.loads(first).get("token") if first.startswith("{") else None
            def follows() -> int | None | bool:
                """The group a team follows, None for the instructor, False for a stranger."""
                try:
                    return room.seat_of(token).group
                except ClassError:
                    try:
                        room.check_instructor(token)
                        return None
                    except ClassError:
                        return False
            group = await run(follows) if isinstance(token, str) else False
            if group is False:
                await ws.send_json({"error": "This link is not a team's or the instructor's."})
                await ws.close(code=4403)
                return
        except (asyncio.TimeoutError, ValueError, AttributeError, WebSocketDisconnect):
            with contextlib.suppress(Exception):
                await ws.close(code=4400)
            return
        q: asyncio.Queue = asyncio.Queue()
        queues[q] = group
        # The page says nothing more; reading anyway is how a close is heard, the page's or the
        # server's own when it stops (else an open page would hold a stopping server up).
        async def closed() -> None:
            while (await ws.receive())["type"] != "websocket.disconnect":
                pass   # a page has nothing more to say; whatever it sends is not read

        closing = asyncio.ensure_future(closed())
        try:
            await ws.send_json({"version": room.version})
            while True:
                change = asyncio.ensure_future(q.get())
                done, _ = await asyncio.wait({change, closing}, return_when=asyncio.FIRST_COMPLETED)
                if closing in done:
                    change.cancel()
                    return
                version = change.result()
                while not q.empty():
                    version = q.get_nowait()
                await ws.send_json({"version": version})
        except (WebSocketDisconnect, RuntimeError):
            pass
        finally:
            closing.cancel()
            queues.pop(q, None)

    @contextlib.asynccontextmanager
    async def lifespan(app):
        loop_holder["loop"] = asyncio.get_running_loop()

        async def ticker():
            while True:
                await asyncio.sleep(tick_seconds)
                with contextlib.suppress(ClassError, OSError):
                    await run(room.tick)

        task = asyncio.create_task(ticker()) if tick_seconds > 0 else None
        yield
        if task is not None:
            task.cancel()

    routes.append(WebSocketRoute("/ws", live))
    # A team's view is some 70 KB of JSON: compressed, a class of 40 weighs less on school Wi-Fi.
    return Starlette(routes=routes, lifespan=lifespan, middleware=[Middleware(GZipMiddleware, minimum_size=2048)])


def serve(room: Classroom, host: str, port: int, base_url: str | None = None) -> None:
    """Serve the class until Ctrl+C (uvicorn); raises OSError if the port cannot be had."""
    import uvicorn

    config = uvicorn.Config(create_app(room, base_url=base_url), host=host, port=port, log_level="warning",
                            ws="websockets-sansio")
    uvicorn.Server(config).run()
