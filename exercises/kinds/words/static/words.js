/* words (word cloud). Phone: up to max_per_participant words through an offline-safe outbox (event `word`), own
   words, the cloud as a list. Projector: the live cloud, drawn without any library: each word's box is measured and
   placed on a spiral from the centre without overlap, largest first; sizes by count, readable from the back. */
(function () {
  "use strict";
  const {t, count, el, store} = window.KW;
  const $ = (id) => document.getElementById(id);
  let cloud = null; // {index, total, words: [{text, count}]}
  let ctx = null;

  const isWords = (e) => !!e && e.kind === "words";
  const current = (e) => (cloud && e && cloud.index === e.index ? cloud : {total: 0, words: []});

  /* ---- phone ---------------------------------------------------------------------------------------------- */
  let outbox = null; let own = []; let ownKey = "";
  function rememberOwn(item) {
    if (own.some((w) => w.id === item.id)) return;
    own.push(item); own = own.slice(-100); store.set(ownKey, own);
  }
  function phoneInit(c) {
    ctx = c;
    if (!$("words-ex")) return;
    ownKey = "klantwijs:words:" + c.code;
    own = store.get(ownKey, []);
    outbox = window.KW.Outbox(c.code, {
      event: "word", socket: c.socket, ready: c.ready,
      index: () => (isWords(c.ex()) ? c.ex().index : null),
      sent(item, word) {
        c.own(word.id);
        rememberOwn({id: word.id, text: word.text, index: item.index, held: !!word.held});
        c.announce(t(word.held ? "tip_held" : "word_sent"));
      },
      rejected(item, r) { c.say(r.message); },
      failed(r) { if (r.error === "rate_limited") c.say(r.message); },
      changed() { phoneRender(c.ex()); },
    });
    c.socket.on("cloud", (m) => { cloud = m; phoneRender(c.ex()); });
    $("word-form").addEventListener("submit", (event) => {
      event.preventDefault();
      const e = c.ex(); const input = $("word-input"); const text = input.value.trim();
      if (!isWords(e) || e.phase !== "open") return;
      if (!text) { c.say(t("word_empty")); input.focus(); return; }
      if (left(e) <= 0) { c.say(t("words_done")); return; }
      c.say(""); input.value = ""; input.focus();
      outbox.add(text.slice(0, 30), e.index);
    });
  }
  function left(e) {
    const used = own.filter((w) => w.index === e.index).length + outbox.items().filter((o) => o.index === e.index).length;
    return Math.max(0, (e.max_per_participant || 3) - used);
  }
  let lastIndex = null;
  function phoneRender(e) {
    const box = $("words-ex");
    if (!box) return;
    box.hidden = !isWords(e);
    if (!isWords(e)) return;
    if (e.index !== lastIndex) { lastIndex = e.index; setTimeout(outbox.flush, 0); }  // words typed for this one
    $("words-title").textContent = e.title;
    $("words-prompt").textContent = e.prompt || "";
    $("words-phase").textContent = t(e.phase === "open" ? "phase_open_words" : e.phase === "ready" ? "phase_ready" : "phase_closed_words");
    $("words-phase").dataset.phase = e.phase;
    const open = e.phase === "open"; const n = left(e);
    $("word-form").hidden = !open;
    $("word-input").disabled = !open || n <= 0; $("word-submit").disabled = !open || n <= 0;
    $("word-left").textContent = n > 0 ? t("words_left", {n: n, max: e.max_per_participant || 3}) : t("words_done");
    const shown = new Set(current(e).words.map((w) => w.text.toLowerCase()));
    const items = own.filter((w) => w.index === e.index).map((w) => {
      if (w.held && shown.has(w.text.toLowerCase())) { w.held = false; store.set(ownKey, own); }
      return el("li", {class: "own" + (w.held ? " held" : ""), "data-word-id": w.id}, el("span", {class: "own-text", text: w.text}),
        w.held ? el("span", {class: "queued-note", "data-testid": "held-note", text: t("held_note")}) : null);
    });
    outbox.items().filter((o) => o.index === e.index).forEach((o) => items.push(el("li", {class: "own queued"},
      el("span", {class: "own-text", text: o.text}), el("span", {class: "queued-note", text: t(ctx.ready() ? "sending" : "queued")}))));
    if (!items.length) items.push(el("li", {class: "empty muted", text: t("no_own_words")}));
    $("own-words").replaceChildren(...items);
    const c = current(e); const top = c.words.length ? c.words[0].count : 1;
    $("cloud-count").textContent = "(" + count("words", c.total) + ")";
    const words = c.words.slice(0, 40).map((w) => {
      const node = el("li", {class: "cloud-word", text: w.text, title: String(w.count)});
      node.style.fontSize = (1 + 1.4 * Math.sqrt(w.count / top)).toFixed(2) + "rem";
      return node;
    });
    if (!words.length) words.push(el("li", {class: "empty muted", text: t("no_words")}));
    $("phone-cloud").replaceChildren(...words);
  }

  /* ---- projector ------------------------------------------------------------------------------------------ */
  const MIN_PX = 24; const MAX_PX = 110; // at 1280x720; scaled with the stage's height
  let drawn = () => {};
  function screenInit(c) {
    ctx = c;
    c.socket.on("cloud", (m) => { cloud = m; if (isWords(c.current())) draw(c.current()); });
    // Redraw when the cloud's area changes size: a window resize, or the trainer folding the QR-code panel away.
    const area = $("word-cloud"); let size = "";
    const redraw = () => {
      const now = area.clientWidth + "x" + area.clientHeight;
      if (now !== size && isWords(c.current()) && !$("words-view").hidden) draw(c.current());
    };
    if (area && window.ResizeObserver) new ResizeObserver(redraw).observe(area);
    else window.addEventListener("resize", redraw);
    drawn = (w, h) => { size = w + "x" + h; };
  }
  function screenRender(e, mode) {
    const view = $("words-view");
    if (!view) return;
    view.hidden = mode !== "words";
    if (mode !== "words") return;
    const chip = $("words-phase");
    chip.textContent = t(e.phase === "open" ? "screen_open_words" : e.phase === "ready" ? "phase_ready" : "phase_closed_words");
    chip.dataset.phase = e.phase;
    $("words-prompt").textContent = e.prompt || e.title;
    draw(e);
  }

  function overlaps(a, list) {
    return list.some((b) => a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h);
  }

  /* Largest first; each word tries points on an Archimedean spiral from the centre until its box (with a small
     margin) overlaps no placed box and fits inside the area. When words do not all fit, the whole cloud is laid out
     again a size smaller (never below 20 px at 1280x720); a word that still finds no place is counted instead. */
  function layout(area, words, shrink) {
    area.replaceChildren();
    const W = area.clientWidth; const H = area.clientHeight;
    const scale = Math.max(0.75, Math.min(1.6, window.innerHeight / 720));
    const top = words[0].count; const low = words[words.length - 1].count;
    const smallest = Math.max(20, MIN_PX * shrink) * scale;
    const placed = []; let missing = 0;
    words.forEach((w, i) => {
      const weight = top === low ? 0.5 : (w.count - low) / (top - low);
      const size = Math.round(smallest + (MAX_PX * shrink * scale - smallest) * Math.sqrt(weight));
      const node = el("span", {class: "cloud-word tone-" + (i % 4), role: "listitem", "data-count": w.count, text: w.text});
      node.style.fontSize = size + "px";
      area.append(node);
      const bw = node.offsetWidth + 12; const bh = node.offsetHeight + 4;
      let spot = null;
      for (let step = 0; step < 4000 && !spot; step += 1) {
        const angle = step * 0.2; const radius = 2.5 * angle;
        if (radius > Math.max(W, H)) break;
        const box = {x: W / 2 + radius * Math.cos(angle) * (W / H) - bw / 2, y: H / 2 + radius * Math.sin(angle) - bh / 2, w: bw, h: bh};
        if (box.x < 0 || box.y < 0 || box.x + bw > W || box.y + bh > H) continue;
        if (!overlaps(box, placed)) spot = box;
      }
      if (!spot) { node.remove(); missing += 1; return; }
      placed.push(spot);
      node.style.left = (spot.x + 6) + "px"; node.style.top = (spot.y + 2) + "px";
    });
    return missing;
  }

  function draw(e) {
    const area = $("word-cloud");
    const c = current(e);
    $("words-count").textContent = count("words", c.total);
    if (!c.words.length) { area.replaceChildren(el("p", {class: "wall-empty", text: t("no_words_screen")})); $("cloud-more").hidden = true; return; }
    let missing = 0;
    drawn(area.clientWidth, area.clientHeight);
    for (const shrink of [1, 0.8, 0.64, 0.5]) {
      missing = layout(area, c.words, shrink);
      if (!missing) break;
    }
    $("cloud-more").hidden = !missing;
    $("cloud-more").textContent = missing ? t("more_words", {n: missing}) : "";
  }

  (window.KlantwijsKinds = window.KlantwijsKinds || {}).words = {
    phone: {init: phoneInit, render: phoneRender, joined: (r) => { cloud = r.cloud; if (outbox) setTimeout(outbox.flush, 0); }},
    screen: {init: screenInit, render: screenRender, joined: (r) => { cloud = r.cloud; }},
  };
})();
