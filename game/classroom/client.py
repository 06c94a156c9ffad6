"""A team's side of the class server (game.classroom.server), for the desktop game joined to a
hosted class (`greatgame join`): the same requests a team's page makes, over HTTP, with the team's
secret in the `Authorization` header and a fresh `X-Request-Id` on every action (so an action sent
twice is done once). No pygame; the standard library's HTTP client and the `websockets` client
already installed for the server.
"""
from __future__ import annotations

import http.client
import json
import re
import secrets
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any, Iterator

from .classroom import ClassError

TIMEOUT = 20.0   # seconds: a forecast on a busy server may take a while
ACT_TIMEOUT = 8.0   # a player's click waits at most this long for the class to answer


@dataclass(frozen=True)
class Address:
    """Where a class is served, and what the address given already says: the class code (a join
    link's `?code=`) or the team's secret (a team link's `#k=`)."""

    base: str
    code: str | None = None
    token: str | None = None


def parse_address(text: str) -> Address:
    """Read what a team was given: `HOST:PORT`, `http://HOST:PORT`, the join link
    (`http://HOST:PORT/?code=ABCD`) or the team's own link (`http://HOST:PORT/team#k=SECRET`).
    Raises ClassError saying what an address looks like."""
    raw = text.strip()
    if not raw:
        raise ClassError("Give the class's address, as the instructor's screen shows it "
                         "(for example http://192.168.1.20:8000).")
    if not re.match(r"^[a-zA-Z][a-zA-Z0-9+.-]*://", raw):
        raw = "http://" + raw
    parts = urllib.parse.urlsplit(raw)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ClassError(f"'{text}' is not a class's address: it looks like http://192.168.1.20:8000, "
                         "as the instructor's screen shows it.")
    try:
        parts.port
    except ValueError:
        raise ClassError(f"'{text}': the port after ':' must be a number, e.g. http://192.168.1.20:8000.") from None
    code = urllib.parse.parse_qs(parts.query).get("code", [None])[0]
    found = re.search(r"(?:^|&)k=([A-Za-z0-9_\-]+)", parts.fragment)
    return Address(f"{parts.scheme}://{parts.netloc}", code, found.group(1) if found else None)


class ClassClient:
    """A team's requests to a class server. Every failure is a ClassError in words: the server's
    own refusal, or why it could not be reached."""

    def __init__(self, base: str, token: str | None = None, timeout: float = TIMEOUT):
        self.base = base.rstrip("/")
        self.token = token
        self.timeout = timeout

    @property
    def team_link(self) -> str:
        """The team's own link: its page in a browser, or `greatgame join` on this or another machine."""
        return f"{self.base}/team#k={self.token}"

    def request(self, method: str, path: str, body: dict | None = None, timeout: float | None = None) -> Any:
        headers = {"Accept": "application/json"}
        data = None
        if body is not None or method == "POST":
            data = json.dumps(body or {}).encode()
            headers["Content-Type"] = "application/json"
            headers["X-Request-Id"] = secrets.token_hex(8)
        if self.token:
            headers["Authorization"] = f"Bearer {self.token}"
        req = urllib.request.Request(self.base + path, data=data, headers=headers, method=method)
        try:
            with urllib.request.urlopen(req, timeout=timeout or self.timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            raise ClassError(_refusal(exc), exc.code) from None
        except (urllib.error.URLError, OSError, http.client.HTTPException) as exc:
            reason = getattr(exc, "reason", exc)
            raise ClassError(f"The class at {self.base} cannot be reached ({reason}). Check the address on the "
                             "instructor's screen, and that this device is on the same network.", 503) from None
        try:
            return json.loads(raw)
        except ValueError:
            raise ClassError(f"{self.base} answered with something that is not a class server's.", 502) from None

    # --- joining ------------------------------------------------------------------------------------

    def teams(self) -> list[dict]:
        """The class's teams: name, state, group and whether a device has joined as it."""
        info = self.request("GET", "/api/class")
        teams = info.get("teams") if isinstance(info, dict) else None
        if not isinstance(teams, list):
            raise ClassError(f"{self.base} answered with something that is not a class server's.", 502)
        return teams

    def join(self, code: str, team: str) -> str:
        """Join as `team` with the class code; keeps and returns the team's secret."""
        answer = self.request("POST", "/api/join", {"code": code, "team": team})
        self.token = str(answer["token"])
        return self.token

    # --- a team's turn ------------------------------------------------------------------------------

    def desk(self) -> dict:
        return self.request("GET", "/api/team/desk")

    def forecast(self) -> dict:
        return self.request("GET", "/api/team/forecast")

    def advice(self) -> dict:
        return self.request("GET", "/api/team/advice")

    def act(self, what: str, **body: str) -> str:
        """A team's action (toggle, answer, clear, send, takeback, advice/take); what the server said."""
        answer = self.request("POST", f"/api/team/{what}", body, timeout=min(self.timeout, ACT_TIMEOUT))
        return str(answer.get("message", "")) if isinstance(answer, dict) else ""

    def changes(self) -> Iterator[int]:
        """The class's version each time it changes, as the server pushes it (a WebSocket); ends
        when the connection does."""
        from websockets.exceptions import WebSocketException
        from websockets.sync.client import connect

        url = "ws" + self.base[4:] + "/ws"
        try:
            with connect(url, open_timeout=self.timeout, close_timeout=1) as ws:
                ws.send(json.dumps({"token": self.token}))
                for message in ws:
                    data = json.loads(message)
                    if "version" not in data:
                        return
                    yield int(data["version"])
        except (OSError, WebSocketException, ValueError, TypeError):
            return


def _refusal(exc: urllib.error.HTTPError) -> str:
    """The server's own words for a refusal, else the status in words."""
    try:
        said = json.loads(exc.read()).get("error")
    except (ValueError, AttributeError, OSError):
        said = None
    return str(said) if said else f"The class server refused the request ({exc.code} {exc.reason})."


# --- coming back: a team's link kept on this machine ------------------------------------------------

LINKS_FILE = "class-links.json"
MAX_LINKS = 50


def _links_path():
    from game.paths import user_dir

    return user_dir() / LINKS_FILE


def _links() -> dict[str, str]:
    """The teams' links kept on this machine ({"BASE TEAM": secret}); none when the file is missing
    or damaged (it is only a convenience)."""
    from game.files import FileProblem, read_json

    path = _links_path()
    if not path.is_file():
        return {}
    try:
        links = read_json(path, 1 << 20)
    except (FileProblem, OSError, ValueError):
        return {}
    if not isinstance(links, dict):
        return {}
    return {k: v for k, v in links.items() if isinstance(k, str) and isinstance(v, str)
            and re.fullmatch(r"[A-Za-z0-9_\-]{8,100}", v)}


def remembered(base: str, team: str) -> str | None:
    """The team's secret kept from an earlier join of the class at `base` from this machine, if any
    (a team's page keeps its own the same way in the browser)."""
    return _links().get(f"{base} {team}")


def remembered_teams(base: str) -> list[str]:
    """The teams of the class at `base` that this machine has joined as."""
    return [k[len(base) + 1:] for k in _links() if k.startswith(base + " ")]


def remember(base: str, team: str, token: str) -> None:
    """Keep the team's secret for the next `greatgame join` of this class from this machine (the
    newest MAX_LINKS classes). A failure to write is no reason to stop playing."""
    from game.files import write_atomic

    links = _links()
    links.pop(f"{base} {team}", None)
    links[f"{base} {team}"] = token
    while len(links) > MAX_LINKS:
        links.pop(next(iter(links)))
    try:
        write_atomic(_links_path(), json.dumps(links, indent=1))
    except OSError:
        pass
