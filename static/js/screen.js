/* Projector page (/screen/<code>?key=...): QR code and join code, then the current exercise in the stage (a view
   per kind), the reveal one option at a time, and the closing recap. Readable from the back of the room: no text
   below 1em of .screen-root (20px at 1280x720); content that does not fit is counted, never shrunk below that. */
(function () {
  "use strict";
  const {t, count, el, paragraphs, connect, emitAck, tagLabel, tagClass, letter} = window.KW;
  const $ = (id) => document.getElementById(id);
  const CODE = document.body.dataset.code;
  const KEY = new URLSearchParams(location.search).get("key") || "";
  const WALL_MAX = 40; // tips in the DOM; the rest is counted ("en nog 12 meer")
  const root = $("screen");
  let state = null; let tips = null; let tally = null; let participants = 0;
  let seen = null; // tip ids already shown: only later ones animate in
  let joinShown = null; // the trainer's choice for the current exercise (null: the default of the mode)

  const socket = connect($("connection-status"));
  /* Kinds with their own drawing (exercises/kinds/<name>/static/<name>.js; the protocol is described in participant.js):
     `screen.init(ctx)` once, `screen.joined(ack)` after each `screen` ack, `screen.render(e, mode, tally)` on every
     render and every tally; `tipsWall` kinds use the tip wall. */
  const KINDS = window.KlantwijsKinds || {};
  const isTips = (e) => !!(e && KINDS[e.kind] && KINDS[e.kind].tipsWall);  // the kind's entries are on the tip wall
  const screens = () => Object.values(KINDS).filter((k) => k.screen);
  const ctx = {socket: socket, current: () => state && state.exercise, tally: () => tally, fit: fit, fitAll: () => fitAll(),
    phaseChip: (node, e) => phaseChip(node, e)};
  screens().forEach((k) => k.screen.init && k.screen.init(ctx));
  function hello() {
    if (!socket.connected) return;
    emitAck(socket, "screen", {code: CODE, key: KEY}).then((r) => {
      if (!r.ok) { showError(r.message); if (r.error === "forbidden" || r.error === "unknown_code") socket.stop(); return; }
      showError("");
      state = r.state; tips = r.tips; tally = r.tally; participants = state.participants; seen = null;
      screens().forEach((k) => k.screen.joined && k.screen.joined(r));
      render();
    }, () => setTimeout(hello, 2000));
  }
  socket.on("connect", hello);
  socket.on("state", (p) => {
    const before = state && state.exercise ? state.exercise.index : null;
    state = p; participants = p.participants;
    if ((p.exercise ? p.exercise.index : null) !== before) { seen = null; tally = null; joinShown = null; }
    render();
  });
  socket.on("tips", (m) => { tips = m; renderWall(); });
  socket.on("tally", (y) => {
    tally = y;
    const e = state && state.exercise;
    const k = e && KINDS[e.kind];
    if (k && k.screen && k.screen.render) k.screen.render(e, root.dataset.mode, tally);
  });
  socket.on("presence", (m) => { participants = m.participants; renderCount(); });
  socket.on("blank", (m) => blank(!!(m && m.on)));

  function showError(message) { $("screen-error").textContent = message; $("screen-error").hidden = !message; }
  function renderCount() { $("screen-participants").textContent = count("participants", participants); }

  function render() {
    if (!state) { applyJoin(); return; } // until the socket answers, the server's picture stays as it is
    const e = state && state.exercise;
    const mode = !state ? "welcome" : state.workshop.status === "ended" ? "ended" : !e ? "welcome" : isTips(e) ? "wall" : e.kind;
    root.dataset.mode = mode;
    document.querySelectorAll("#stage > .view").forEach((view) => { view.hidden = (view.dataset.view || view.dataset.kind) !== mode; });
    const live = e && (mode === "wall" || mode === e.kind);
    if (window.KlantwijsTimer) window.KlantwijsTimer.show($("timer"), live ? e.timer : null, {label: t("timer_label"), done: t("timer_done")});
    renderCount();
    applyJoin();
    screens().forEach((k) => k.screen.render && k.screen.render(e, mode, tally));
    if (mode === "wall") renderTips(e);
    if (mode === "ended") renderRecap(state.recap || {exercises: []});
    root.dataset.shown = window.KW.shownKey(state);
  }

  function phaseChip(node, e) {
    const own = KINDS[e.kind] && KINDS[e.kind].screen && KINDS[e.kind].screen.openKey;  // the kind's own words
    const key = e.phase === "open" ? (own || "phase_ready")
      : e.phase === "closed" ? "phase_closed" : e.phase === "revealed" ? "phase_revealed" : "phase_ready";
    node.textContent = t(key); node.dataset.phase = e.phase;
  }

  /* ---- tips ---- */
  function renderTips(e) {
    phaseChip($("tips-phase"), e);
    $("tips-prompt").textContent = e.prompt || e.question || e.title;
    renderWall();
  }

  function renderWall() {
    const e = state && state.exercise;
    if (!isTips(e)) return;
    const current = tips && tips.index === e.index ? tips : {total: 0, tips: []};
    $("tips-count").textContent = count(KINDS[e.kind].wallCount || "tips", current.total);  // e.g. "6 antwoorden"
    const list = $("tip-wall");
    const known = new Map(Array.from(list.querySelectorAll("li[data-tip-id]"), (li) => [li.dataset.tipId, li]));
    const first = seen === null; seen = seen || new Set();
    const rows = current.tips.slice(0, WALL_MAX).map((tip) => {
      let li = known.get(String(tip.id));
      if (!li) {
        li = el("li", {class: "wall-tip" + (first || seen.has(tip.id) ? "" : " new"), "data-tip-id": tip.id},
          el("p", {class: "wall-text", text: tip.text}), el("p", {class: "wall-votes"}));
        li.addEventListener("animationend", () => li.classList.remove("new"), {once: true});
      }
      seen.add(tip.id);
      li.querySelector(".wall-votes").textContent = "▲ " + tip.votes;
      let chip = li.querySelector(".wall-tag");  // a revealed reply's tag (respond)
      if (tip.tag && !chip) { chip = el("p", {class: "wall-tag"}); li.insertBefore(chip, li.lastChild); }
      if (chip && !tip.tag) chip.remove();
      else if (chip) chip.replaceChildren(el("span", {class: tagClass(tip.tag), "data-testid": "wall-tag", text: tagLabel(tip.tag)}));
      li.classList.toggle("popular", tip.votes > 0 && tip === current.tips[0]);
      return li;
    });
    if (!rows.length) rows.push(el("li", {class: "wall-empty", text: t("no_tips")}));
    // re-inserting a card would start its fade-in again: the list is only rebuilt when its order changed
    if (rows.length !== list.children.length || rows.some((li, i) => list.children[i] !== li)) list.replaceChildren(...rows);
    const off = pack(list, rows);
    const more = current.total - rows.length + off;
    $("wall-more").hidden = more <= 0;
    $("wall-more").textContent = more > 0 ? t("more_tips", {n: more}) : "";
  }

  /* The wall's cards in columns (about --wall-column em wide), each card into the shortest column, so that the
     cards on top (the most upvoted, or a revealed reply's tagged ones) are all on screen and each card is whole.
     A card that fits in no column is not shown but counted ("en nog 3 meer"). Returns how many were left out. */
  function pack(list, rows) {
    const cards = rows.filter((li) => li.classList.contains("wall-tip"));
    const em = parseFloat(getComputedStyle(root).fontSize);
    const gap = 0.7 * em; const W = list.clientWidth; const H = list.clientHeight;
    const want = (parseFloat(getComputedStyle(list).getPropertyValue("--wall-column")) || 13) * em;
    const n = Math.max(1, Math.floor((W + gap) / (want + gap)));
    const width = (W - gap * (n - 1)) / n;
    cards.forEach((li) => { li.style.width = width + "px"; });
    const heights = new Array(n).fill(0);
    let off = 0;
    cards.forEach((li) => {
      const shortest = heights.indexOf(Math.min(...heights));
      const fits = heights[shortest] + li.offsetHeight <= H + 1;
      li.classList.toggle("is-off", !fits);
      if (!fits) { off += 1; return; }
      li.style.left = shortest * (width + gap) + "px"; li.style.top = heights[shortest] + "px";
      heights[shortest] += li.offsetHeight + gap;
    });
    return off;
  }

  /* ---- the closing recap: each kind's part (a kind without a renderer shows its title) ---- */
  const RECAP = {
    top(part) {
      const top = part.top || [];
      return [el("p", {class: "recap-q", text: part.prompt}),
        top.length ? el("ol", {class: "recap-tips"}, ...top.map((x) => el("li", {text: x.text})))
          : el("p", {class: "recap-none", text: t("no_recap_tips")})];
    },
  };
  function renderRecap(recap) {
    // each kind gives its part through `screen.recap(part)`; a part with a `top` list (a tips question, written
    // replies, a word cloud) without one reads as a list of the top entries. The server pages the recap so that
    // each page fits a 1024x768 beamer; the clicker on the control page turns the pages.
    const renderer = (part) => (KINDS[part.kind] && KINDS[part.kind].screen && KINDS[part.kind].screen.recap)
      || (part.top ? RECAP.top : null);
    const page = state.recap_page || 1; const pages = state.recap_pages || 1;
    const shown = recap.exercises.filter((part) => (part.page || 1) === page);
    $("recap").replaceChildren(...shown.map((part) => el("li", {class: "recap-item", "data-kind": part.kind},
      el("h2", {class: "recap-ex", text: part.title}), ...(renderer(part) ? renderer(part)(part) : []))));
    $("recap").dataset.page = page;
    $("recap").classList.toggle("one-column", shown.some((part) => part.wide));  // a tall card: the whole width
    $("recap-thanks").textContent = page < pages ? t("recap_page", {n: page, total: pages})
      : t("recap_thanks") + (pages > 1 ? " (" + t("recap_page", {n: page, total: pages}) + ")" : "");
    fitAll();
  }

  /* Long content: step the type down from its large size, never below 1em (the floor of readability). */
  function fit(node, from) {
    if (!node || node.hidden) return;
    let size = from;
    node.style.fontSize = size + "em";
    while (node.scrollHeight > node.clientHeight + 2 && size > 1) {
      size = Math.max(1, size - 0.05); node.style.fontSize = size + "em";
    }
  }
  function fitAll() {
    const mode = root.dataset.mode;
    if (mode === "wall") renderWall();
    const own = KINDS[mode] && KINDS[mode].screen && KINDS[mode].screen.fit;  // the kind fits its own view
    if (own) own();
    if (mode === "ended") {  // the page's cards in two columns: as large as fits, never below 1em
      const recap = $("recap"); let size = 1.2;
      const over = () => recap.scrollWidth > recap.clientWidth + 2 || recap.scrollHeight > recap.clientHeight + 2
        || Array.from(recap.children).some((card) => card.getClientRects().length > 1);  // a card split in two
      recap.style.fontSize = size + "em";
      while (over() && size > 1) { size = Math.max(1, size - 0.05); recap.style.fontSize = size + "em"; }
    }
  }
  window.addEventListener("resize", () => { applyJoin(); fitAll(); });  // the corner's width changes with the screen

  /* The QR code: the whole panel on the welcome screen, a corner (code, address, count) once an exercise is
     current; "QR-code tonen" brings the panel back for the current exercise. */
  function applyJoin() {
    const open = joinShown !== null ? joinShown : root.dataset.mode === "welcome";
    root.dataset.join = open ? "open" : "collapsed";
    $("toggle-join").setAttribute("aria-expanded", String(open));
    $("toggle-join").textContent = t(open ? "hide_join" : "show_join");
    // The corner takes the top right: the stage's header line leaves it room.
    const corner = open ? 0 : $("join-panel").offsetWidth;
    root.style.setProperty("--corner", corner ? corner + "px" : "0px");
  }
  $("toggle-join").addEventListener("click", () => { joinShown = root.dataset.join !== "open"; applyJoin(); fitAll(); });
  $("fullscreen").addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  });

  /* Blank the screen ("b" or "." from a clicker here or on the control page); any key or click brings it back. */
  function blank(on) { $("blank").hidden = !on; root.dataset.blank = on ? "true" : "false"; }
  document.addEventListener("keydown", (event) => {
    if (event.key === "b" || event.key === "B" || event.key === ".") { blank($("blank").hidden); event.preventDefault(); }
    else if (!$("blank").hidden && event.key === "Escape") blank(false);
  });
  $("blank").addEventListener("click", () => blank(false));
  render();
})();
