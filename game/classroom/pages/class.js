// New Great Game class pages: shared helpers. No framework; every text is set as text, never as HTML.
"use strict";
const NGG = {
  secret() { const m = location.hash.match(/[#&]k=([A-Za-z0-9_\-]+)/); return m ? m[1] : localStorage.getItem("ngg-" + location.pathname); },
  keep(secret) { localStorage.setItem("ngg-" + location.pathname, secret); },
  async api(path, body) {
    const opt = { method: body === undefined ? "GET" : "POST", headers: { "Content-Type": "application/json" } };
    const s = NGG.secret(); if (s) opt.headers["Authorization"] = "Bearer " + s;
    if (body !== undefined) { opt.body = JSON.stringify(body); opt.headers["X-Request-Id"] = NGG.requestId(); }
    let res;
    try { res = await fetch(path, opt); } catch (e) { throw new Error("The class server cannot be reached; it will be tried again."); }
    const data = await res.json().catch(() => ({ error: "The server sent something unreadable." }));
    if (!res.ok) throw new Error(data.error || ("Refused (" + res.status + ")"));
    return data;
  },
  // A fresh id for each action, so that one sent twice is carried out once (works over plain http too).
  requestId() { const b = new Uint8Array(16); crypto.getRandomValues(b); return Array.from(b, x => x.toString(16).padStart(2, "0")).join(""); },
  el(tag, attrs, ...kids) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === "onclick") e.addEventListener("click", v); else if (k === "class") e.className = v;
      else if (v !== null && v !== undefined && v !== false) e.setAttribute(k, v);
    }
    for (const kid of kids.flat()) if (kid !== null && kid !== undefined && kid !== false) e.append(kid instanceof Node ? kid : String(kid));
    return e;
  },
  fmt(x, d) { return (x === null || x === undefined) ? "–" : Number(x).toFixed(d === undefined ? 1 : d); },
  signed(x, d) { const t = NGG.fmt(x, d); return x > 0 ? "+" + t : t; },
  clock(s) { if (s === null || s === undefined) return ""; const m = Math.floor(s / 60), r = s % 60; return m + ":" + String(r).padStart(2, "0"); },
  // Live: the server says when the class changed; the page then asks again. Reconnects by itself.
  live(onChange) {
    let delay = 500;
    const open = () => {
      const ws = new WebSocket((location.protocol === "https:" ? "wss://" : "ws://") + location.host + "/ws");
      ws.onopen = () => { delay = 500; ws.send(JSON.stringify({ token: NGG.secret() })); };
      ws.onmessage = (ev) => { const m = JSON.parse(ev.data); if (m.error) NGG.status(m.error, true); else if (m.version !== undefined) onChange(m.version); };
      // A link the server refuses (4403) stays refused: say so once, never "reconnecting" for ever.
      ws.onclose = (ev) => { if (ev.code === 4403) return; NGG.status("Reconnecting…"); setTimeout(open, delay); delay = Math.min(delay * 2, 8000); };
    };
    open();
  },
  status(text, bad) { const s = document.getElementById("status"); if (s) { s.textContent = text || ""; s.className = bad ? "bad" : ""; } },
};
