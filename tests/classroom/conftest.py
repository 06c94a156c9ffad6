"""The class server on a real port of this machine, for tests that need real sockets (a browser,
WebSockets with time-outs)."""
from __future__ import annotations

import contextlib
import socket
import threading
import time
from pathlib import Path

from game.classroom.classroom import Classroom


class Served:
    """The class server on a port of this machine, in a thread: start, stop, start again."""

    def __init__(self, room: Classroom):
        self.room = room
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            self.port = s.getsockname()[1]
        self.base = f"http://127.0.0.1:{self.port}"
        self.server = None
        self.thread = None

    def start(self, room: Classroom | None = None) -> None:
        import uvicorn

        from game.classroom.server import create_app

        self.room = room or self.room
        config = uvicorn.Config(create_app(self.room, tick_seconds=0.2), host="127.0.0.1", port=self.port,
                                log_level="warning", ws="websockets-sansio", lifespan="on")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 15
        while not self.server.started:
            assert time.monotonic() < deadline, "the class server did not start"
            time.sleep(0.02)

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(10)
        assert not self.thread.is_alive(), "the class server did not stop"



@contextlib.contextmanager
def serving(folder: Path, text: str):
    """The class written as `text` in `folder`, started and served on a real port; yields the
    class file's path, the loaded class and the server (stopped after)."""
    from game.classroom.classfile import check_class

    path = folder / "seminar.yaml"
    path.write_text(text)
    loaded, problems = check_class(path)
    assert loaded is not None, problems
    served = Served(Classroom.start(loaded, folder / "seminar-session"))
    served.start()
    try:
        yield path, loaded, served
    finally:
        served.stop()
