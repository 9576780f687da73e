/* Klantwijs, shared by the live pages: translated strings, a tiny DOM helper, safe localStorage,
   the Socket.IO connect helper with a connection-status indicator, acks with a timeout, vote bars. */
(function () {
  "use strict";
  const strings = {};
  document.querySelectorAll("script[data-i18n]").forEach((node) => {
    try { Object.assign(strings, JSON.parse(node.textContent)); } catch (e) { /* a broken dictionary: keys show */ }
  });

  /** Translated text for `key`; `{name}` placeholders are filled from `vars`. */
  function t(key, vars) {
    const text = Object.prototype.hasOwnProperty.call(strings, key) ? strings[key] : key;
    return vars ? text.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m)) : text;
  }
  /** "1 stem" / "12 stemmen": keys base_one and base_many. */
  function count(base, n) { return t(base + (n === 1 ? "_one" : "_many"), {n: n}); }

  /** Create an element. props: class, text (textContent, never HTML), other attributes. */
  function el(tag, props, ...children) {
    const node = document.createElement(tag);
    Object.entries(props || {}).forEach(([k, v]) => {
      if (v === null || v === undefined || v === false) return;
      if (k === "class") node.className = v;
      else if (k === "text") node.textContent = v;
      else node.setAttribute(k, v === true ? "" : String(v));
    });
    children.forEach((c) => { if (c !== null && c !== undefined) node.append(c); });
    return node;
  }

  /** Text with blank lines as paragraphs (textContent only). */
  function paragraphs(node, text) {
    node.replaceChildren(...String(text || "").split(/\n\s*\n/).filter((p) => p.trim())
      .map((p) => el("p", {text: p.trim()})));
  }

  const store = {
    get(key, fallback) {
      try { const raw = localStorage.getItem(key); return raw === null ? fallback : JSON.parse(raw); }
      catch (e) { return fallback; }
    },
    set(key, value) {
      try { localStorage.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode: memory only */ }
    },
  };

  /** A random id (for the offline outbox): 24 hex characters. */
  function randomId() {
    const bytes = new Uint8Array(12);
    if (window.crypto && crypto.getRandomValues) crypto.getRandomValues(bytes);
    else for (let i = 0; i < bytes.length; i++) bytes[i] = Math.floor(Math.random() * 256);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  /** Connect with default transports (polling first, then upgrade: robust on venue Wi-Fi). */
  function connect(statusNode) {
    const socket = io({query: {lang: document.documentElement.lang || "nl"}, reconnectionDelayMax: 5000});
    const show = (state) => {
      if (!statusNode) return;
      statusNode.dataset.state = state;
      statusNode.textContent = t(state);
    };
    const lost = () => show(navigator.onLine === false ? "offline" : "reconnecting");
    socket.stopped = false;
    show(navigator.onLine === false ? "offline" : "connecting");
    socket.on("connect", () => show("connected"));
    socket.on("connect_error", () => { if (!socket.connected) lost(); });
    socket.on("disconnect", (reason) => {
      if (socket.stopped) return;
      lost();
      if (reason === "io server disconnect") socket.connect();
    });
    const wake = () => { if (!socket.connected && !socket.stopped) socket.connect(); };
    window.addEventListener("offline", () => show("offline"));
    window.addEventListener("online", () => { if (!socket.connected) { show("reconnecting"); wake(); } });
    document.addEventListener("visibilitychange", () => { if (!document.hidden) wake(); });
    socket.stop = () => { socket.stopped = true; socket.disconnect(); };
    return socket;
  }

  /** Emit with an ack; resolves with the ack, rejects when none arrives in time (the caller retries). */
  function emitAck(socket, event, data, ms) {
    return new Promise((resolve, reject) => {
      socket.timeout(ms || 10000).emit(event, data, (err, resp) => {
        if (err) reject(err);
        else resolve(resp && typeof resp === "object" ? resp : {ok: false, error: "invalid", message: t("no_answer")});
      });
    });
  }

  function tagLabel(tag) { return t("tag:" + tag); }
  function tagClass(tag) { return "tag tag-" + String(tag).split(":")[0]; }
  function letter(optionId) { return String(optionId).toUpperCase(); }

  /** Bars for options [{id, text}] from a tally {total, counts}: counts and percentages. */
  function renderBars(list, options, tally) {
    const total = tally ? tally.total : 0;
    list.replaceChildren(...options.map((o) => {
      const n = (tally && tally.counts && tally.counts[o.id]) || 0;
      const pct = total ? Math.round((n * 100) / total) : 0;
      const fill = el("div", {class: "bar-fill"});
      fill.style.width = pct + "%";
      return el("li", {class: "bar-row", "data-option-id": o.id},
        el("span", {class: "letter", text: letter(o.id)}),
        el("div", {class: "bar-track", "aria-hidden": "true"}, fill),
        el("span", {class: "bar-num", text: count("votes", n) + " · " + pct + "%"}));
    }));
  }

  /** What a page shows of state P, as one key (status, exercise, phase, reveal step, results, timer, recap page):
      the phone and the projector set it as `data-shown` after each render, so a test knows which state is drawn. */
  function shownKey(state) {
    if (!state) return "";
    const e = state.exercise;
    return [state.workshop.status, e ? e.index : "-", e ? e.phase : "-",
      e && e.reveal_step !== null && e.reveal_step !== undefined ? e.reveal_step : "-", e && e.results_visible ? 1 : 0,
      e && e.timer ? 1 : 0, state.recap_page || 1].join("|");
  }
  window.KW = {t, count, el, paragraphs, store, randomId, connect, emitAck, tagLabel, tagClass, letter, renderBars, shownKey};
})();
