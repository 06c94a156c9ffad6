"""Check, with a real yaml-language-server (the engine of VS Code's YAML extension and of Neovim's
and Emacs's YAML support), that the schema `greatgame schema --for` writes makes an editor complete
a scenario's own ids and underline a misspelled one as you type.

    npm install --prefix /tmp/ylsp yaml-language-server@1
    .venv/bin/python tools/check_editor_schema.py --server /tmp/ylsp/node_modules/.bin/yaml-language-server

It writes a starter scenario (`greatgame new`) to a temporary folder, misspells one indicator id in
it, opens it in the language server over stdio, and prints what the server underlines and what it
offers to complete after `target: `. Exit 0 when the misspelling is underlined on its line and the
scenario's indicators are offered; 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from game.authoring import new_scenario  # noqa: E402


class Server:
    """Just enough of the language server protocol: framed JSON-RPC over the server's stdio."""

    def __init__(self, command: list[str]):
        self.proc = subprocess.Popen(command, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     stderr=subprocess.DEVNULL)
        self.next_id = 0

    def send(self, method: str, params: dict, request: bool = True) -> int | None:
        msg: dict = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            self.next_id += 1
            ident = msg["id"] = self.next_id
        body = json.dumps(msg).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()
        return ident

    def read(self) -> dict:
        length = 0
        while True:
            line = self.proc.stdout.readline()
            if not line:
                raise RuntimeError("the language server stopped")
            if line in (b"\r\n", b"\n"):
                break
            if line.lower().startswith(b"content-length:"):
                length = int(line.split(b":")[1])
        return json.loads(self.proc.stdout.read(length))

    def wait_for(self, match, seconds: float = 30.0) -> dict:
        end = time.monotonic() + seconds
        while time.monotonic() < end:
            msg = self.read()
            if msg.get("method") == "workspace/configuration":   # answer its questions about settings
                self.reply(msg["id"], [{"validate": True, "completion": True, "hover": True}] * len(msg["params"]["items"]))
                continue
            if match(msg):
                return msg
        raise TimeoutError("no answer from the language server")

    def reply(self, ident, result) -> None:
        body = json.dumps({"jsonrpc": "2.0", "id": ident, "result": result}).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--server", default="yaml-language-server", help="the yaml-language-server executable")
    args = ap.parse_args()
    folder = Path(tempfile.mkdtemp()) / "valley"
    path = new_scenario("valley", folder=folder)
    text = path.read_text(encoding="utf-8").replace("{target: stability, change: 5}", "{target: stabilty, change: 5}", 1)
    path.write_text(text, encoding="utf-8")
    bad_line = next(i for i, line in enumerate(text.splitlines()) if "stabilty" in line)
    uri = path.as_uri()
    server = Server([args.server, "--stdio"])
    ident = server.send("initialize", {"processId": None, "rootUri": folder.as_uri(), "capabilities": {
        "workspace": {"configuration": True}, "textDocument": {"completion": {"completionItem": {}}}}})
    server.wait_for(lambda m: m.get("id") == ident)
    server.send("initialized", {}, request=False)
    server.send("workspace/didChangeConfiguration", {"settings": {"yaml": {"validate": True, "completion": True}}},
                request=False)
    server.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1,
                                                          "text": text}}, request=False)
    diags = server.wait_for(lambda m: m.get("method") == "textDocument/publishDiagnostics"
                            and m["params"]["diagnostics"])["params"]["diagnostics"]
    underlined = [d for d in diags if d["range"]["start"]["line"] == bad_line]
    for d in diags:
        print(f"underlined line {d['range']['start']['line'] + 1}: {d['message'][:120]}")
    col = text.splitlines()[bad_line].index("stabilty")
    ident = server.send("textDocument/completion", {"textDocument": {"uri": uri},
                                                    "position": {"line": bad_line, "character": col}})
    result = server.wait_for(lambda m: m.get("id") == ident)["result"]
    items = result.get("items", result) if isinstance(result, dict) else (result or [])
    labels = sorted({i["label"] for i in items})
    print(f"offered after 'target: ': {', '.join(labels[:12])}{' …' if len(labels) > 12 else ''}")
    server.proc.kill()
    ok = bool(underlined) and {"stability", "budget", "mining"} <= set(labels)
    print("ok: the editor underlines the misspelled id and completes the scenario's ids" if ok else
          "FAILED: the editor did not underline the misspelling or did not offer the scenario's ids")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
