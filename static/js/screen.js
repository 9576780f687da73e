/* Projector page (/screen/<code>?key=...): QR code and join code, the tip wall, the case with votes, bars and reveal. */
(function () {
  "use strict";
  const {t, count, el, paragraphs, store, connect, emitAck, tagLabel, tagClass, letter, renderBars} = window.KW;
  const $ = (id) => document.getElementById(id);
  const CODE = document.body.dataset.code;
  const KEY = new URLSearchParams(location.search).get("key") || "";
  const JOIN_KEY = "klantwijs:screen-join:" + CODE;
  const WALL_MAX = 40; // tips in the DOM; the rest is counted ("en nog 12 meer")
  const root = $("screen");
  let state = null; let tips = null; let tally = null; let participants = 0;
  let seen = null; // tip ids already shown: only later ones animate in

  const socket = connect($("connection-status"));
  /* Kinds with their own drawing (static/js/kinds/*.js; the protocol is described in participant.js):
     `screen.init(ctx)` once, `screen.joined(ack)` after each `screen` ack, `screen.render(e, mode, tally)` on every
     render and every tally; `tipsWall` kinds use the tip wall. */
  const KINDS = window.KlantwijsKinds || {};
  const isTips = (e) => !!e && (e.kind === "tips" || !!(KINDS[e.kind] && KINDS[e.kind].tipsWall));
  const screens = () => Object.values(KINDS).filter((k) => k.screen);
  screens().forEach((k) => k.screen.init && k.screen.init({socket: socket, current: () => state && state.exercise}));
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
    if ((p.exercise ? p.exercise.index : null) !== before) { seen = null; tally = null; }
    render();
  });
  socket.on("tips", (m) => { tips = m; renderWall(); });
  socket.on("tally", (y) => {
    tally = y;
    const e = state && state.exercise;
    if (e && e.kind === "case") renderCase(e);
    const k = e && KINDS[e.kind];
    if (k && k.screen && k.screen.render) k.screen.render(e, root.dataset.mode, tally);
  });
  socket.on("presence", (m) => { participants = m.participants; renderCount(); });

  function showError(message) { $("screen-error").textContent = message; $("screen-error").hidden = !message; }
  function renderCount() { $("screen-participants").textContent = count("participants", participants); }

  function render() {
    const e = state && state.exercise;
    const mode = !state ? "welcome" : state.workshop.status === "ended" ? "ended" : !e ? "welcome" : isTips(e) ? "tips" : e.kind;
    root.dataset.mode = mode;
    $("welcome-view").hidden = mode !== "welcome";
    $("tips-view").hidden = mode !== "tips";
    $("case-view").hidden = mode !== "case";
    $("ended-view").hidden = mode !== "ended";
    document.querySelectorAll(".kind-view").forEach((node) => { node.hidden = mode !== node.dataset.kind; });
    if (window.KlantwijsTimer) window.KlantwijsTimer.show($("timer"), mode === (e && e.kind) ? e.timer : null, {label: t("timer_label"), done: t("timer_done")});
    renderCount();
    screens().forEach((k) => k.screen.render && k.screen.render(e, mode, tally));
    if (mode === "tips") renderTips(e);
    if (mode === "case") renderCase(e);
  }

  function phaseChip(node, e) {
    const own = KINDS[e.kind] && KINDS[e.kind].screen && KINDS[e.kind].screen.openKey;  // the kind's own words
    const key = e.phase === "open" ? (own || (e.kind === "tips" ? "phase_open_tips" : "phase_open_case"))
      : e.phase === "closed" ? "phase_closed" : e.phase === "revealed" ? "phase_revealed" : "phase_ready";
    node.textContent = t(key); node.dataset.phase = e.phase;
  }

  function renderTips(e) {
    phaseChip($("tips-phase"), e);
    $("tips-prompt").textContent = e.prompt || e.question || e.title;
    renderWall();
  }

  function renderWall() {
    const e = state && state.exercise;
    if (!isTips(e)) return;
    const current = tips && tips.index === e.index ? tips : {total: 0, tips: []};
    $("tips-count").textContent = count("tips", current.total);
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
    list.replaceChildren(...rows);
    // Tips that do not fit on the screen are counted instead of cut off.
    let off = 0;
    rows.forEach((li) => {
      const out = li.offsetLeft + li.offsetWidth > list.clientWidth + 1 || li.offsetTop + li.offsetHeight > list.clientHeight + 1;
      li.classList.toggle("is-off", out); if (out) off += 1;
    });
    const more = current.total - rows.length + off;
    $("wall-more").hidden = more <= 0;
    $("wall-more").textContent = more > 0 ? t("more_tips", {n: more}) : "";
  }

  function renderCase(e) {
    $("case-title").textContent = e.title;
    phaseChip($("case-phase"), e);
    const total = tally && tally.index === e.index ? tally.total : 0;
    $("vote-count").textContent = count("votes", total);
    const story = $("case-story");
    if (story.dataset.index !== String(e.index)) { paragraphs(story, e.story); story.dataset.index = e.index; }
    $("case-question").textContent = e.question || t("case_question");
    const showBars = !!(e.results_visible && tally && tally.index === e.index);
    const revealed = Array.isArray(e.revealed);
    story.hidden = showBars || revealed;
    $("case-view").classList.toggle("is-revealed", revealed);
    // After the reveal the whole case (summary, tags, explanations) is the `reveal` test target.
    if (revealed) $("case-cols").setAttribute("data-testid", "reveal"); else $("case-cols").removeAttribute("data-testid");
    $("tally").hidden = !showBars;
    if (showBars) renderBars($("tally-bars"), e.options || [], tally);
    $("reveal").hidden = !revealed;
    if (revealed) paragraphs($("reveal-summary"), e.summary || "");
    const extra = new Map((e.revealed || []).map((r) => [r.id, r]));
    $("case-options").replaceChildren(...(e.options || []).map((o) => {
      const r = extra.get(o.id);
      const n = showBars ? tally.counts[o.id] || 0 : null;
      const li = el("li", {class: "option" + (r ? " revealed is-" + r.tag.split(":")[0] : "") + (r && r.best ? " is-best" : ""),
        "data-option-id": o.id},
        el("span", {class: "letter", text: letter(o.id)}),
        el("div", {class: "option-body"},
          el("p", {class: "option-text", text: o.text}),
          r ? el("p", {class: "option-tag"}, el("span", {class: tagClass(r.tag), text: tagLabel(r.tag)}),
            r.best ? el("span", {class: "best-mark", "data-testid": "best-mark", text: t("best_answer")}) : null) : null,
          r ? el("p", {class: "explanation", text: r.explanation}) : null),
        n !== null ? el("span", {class: "option-count", text: (tally.total ? Math.round((n * 100) / tally.total) : 0) + "%"}) : null);
      return li;
    }));
    fitAll();
  }

  /* Shrink a column's type until it fits the screen (long stories and six explained options). */
  function fit(node) {
    node.style.fontSize = "";
    let scale = 1;
    while (node.scrollHeight > node.clientHeight + 2 && scale > 0.6) {
      scale -= 0.05; node.style.fontSize = scale + "em";
    }
  }
  function fitAll() {
    if (root.dataset.mode === "tips") renderWall();
    if (root.dataset.mode !== "case") return;
    fit($("case-left")); fit(document.querySelector(".case-right"));
  }
  window.addEventListener("resize", fitAll);

  /* The trainer may collapse the join panel (QR code) to give the content more room. */
  function applyJoin(open) {
    root.dataset.join = open ? "open" : "collapsed";
    $("toggle-join").setAttribute("aria-expanded", String(open));
    $("toggle-join").textContent = t(open ? "hide_join" : "show_join");
    store.set(JOIN_KEY, open);
    fitAll();
  }
  $("toggle-join").addEventListener("click", () => applyJoin(root.dataset.join !== "open"));
  applyJoin(store.get(JOIN_KEY, true) !== false);
  $("fullscreen").addEventListener("click", () => {
    if (document.fullscreenElement) document.exitFullscreen();
    else if (document.documentElement.requestFullscreen) document.documentElement.requestFullscreen();
  });
  render();
})();
