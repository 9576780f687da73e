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
    if ((p.exercise ? p.exercise.index : null) !== before) { seen = null; tally = null; joinShown = null; }
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
  socket.on("blank", (m) => blank(!!(m && m.on)));

  function showError(message) { $("screen-error").textContent = message; $("screen-error").hidden = !message; }
  function renderCount() { $("screen-participants").textContent = count("participants", participants); }

  function render() {
    if (!state) { applyJoin(); return; } // until the socket answers, the server's picture stays as it is
    const e = state && state.exercise;
    const mode = !state ? "welcome" : state.workshop.status === "ended" ? "ended" : !e ? "welcome" : isTips(e) ? "tips" : e.kind;
    root.dataset.mode = mode;
    document.querySelectorAll("#stage > .view").forEach((view) => { view.hidden = view.id !== mode + "-view"; });
    if (window.KlantwijsTimer) window.KlantwijsTimer.show($("timer"), e && mode !== "ended" ? e.timer : null, {label: t("timer_label"), done: t("timer_done")});
    renderCount();
    applyJoin();
    screens().forEach((k) => k.screen.render && k.screen.render(e, mode, tally));
    if (mode === "tips") renderTips(e);
    if (mode === "case") renderCase(e);
    if (mode === "ended") renderRecap(state.recap || {exercises: []});
    root.dataset.shown = window.KW.shownKey(state);
  }

  function phaseChip(node, e) {
    const own = KINDS[e.kind] && KINDS[e.kind].screen && KINDS[e.kind].screen.openKey;  // the kind's own words
    const key = e.phase === "open" ? (own || (e.kind === "tips" ? "phase_open_tips" : "phase_open_case"))
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

  /* ---- case: story and options; bars; the reveal one option at a time, or the overview ---- */
  function votesOf(e, id) { return tally && tally.index === e.index ? tally.counts[id] || 0 : 0; }
  function pct(e, id) { const total = tally && tally.index === e.index ? tally.total : 0; return total ? Math.round((votesOf(e, id) * 100) / total) : 0; }

  function tagLine(r, share) {
    return el("p", {class: "option-tag"}, el("span", {class: tagClass(r.tag), text: tagLabel(r.tag)}),
      r.best ? el("span", {class: "best-mark", "data-testid": "best-mark", text: "★ " + t("best_answer")}) : null,
      share !== undefined ? el("span", {class: "option-count", text: share + "%"}) : null);
  }

  function bar(e, id) {
    const fill = el("span", {class: "bar-fill"}); fill.style.width = pct(e, id) + "%";
    return el("p", {class: "option-bar"}, el("span", {class: "bar-track", "aria-hidden": "true"}, fill),
      el("span", {class: "bar-num", text: count("votes", votesOf(e, id)) + " · " + pct(e, id) + "%"}));
  }

  function renderCase(e) {
    $("case-title").textContent = e.title;
    phaseChip($("case-phase"), e);
    const total = tally && tally.index === e.index ? tally.total : 0;
    $("vote-count").textContent = count("votes", total);
    const story = $("case-story");
    if (story.dataset.index !== String(e.index)) { paragraphs(story, e.story); story.dataset.index = e.index; }
    $("case-question").textContent = e.question || t("case_question");
    const revealed = Array.isArray(e.revealed);
    const step = revealed && e.reveal_step ? e.reveal_step : null;
    const showBars = !revealed && !!(e.results_visible && tally && tally.index === e.index);
    const view = $("case-view");
    view.dataset.layout = step ? "step" : revealed ? "overview" : showBars ? "bars" : "story";
    $("case-cols").hidden = !!step || showBars;
    $("reveal-step").hidden = !step;
    $("tally").hidden = !showBars;
    $("reveal").hidden = !revealed || !!step;
    story.hidden = revealed;
    // After the reveal the case (summary, tags, explanations) is the `reveal` test target: the step or the overview.
    $("reveal-step").setAttribute("data-testid", step ? "reveal" : "reveal-step");
    if (revealed && !step) $("case-cols").setAttribute("data-testid", "reveal"); else $("case-cols").removeAttribute("data-testid");
    $("reveal-step").setAttribute("data-step", step || "");
    if (showBars) {
      $("tally-bars").replaceChildren(...(e.options || []).map((o) => el("li", {class: "tally-row", "data-option-id": o.id},
        el("span", {class: "letter", text: letter(o.id)}), el("span", {class: "tally-text", text: o.text}), bar(e, o.id))));
    }
    if (revealed) paragraphs($("reveal-summary"), e.summary || "");
    const extra = new Map((e.revealed || []).map((r) => [r.id, r]));
    if (step) renderStep(e, extra, step);
    $("case-options").replaceChildren(...(e.options || []).map((o) => {
      const r = extra.get(o.id);
      return el("li", {class: "option" + (r ? " revealed is-" + r.tag.split(":")[0] : "") + (r && r.best ? " is-best" : ""),
        "data-option-id": o.id},
      el("span", {class: "option-side"}, el("span", {class: "letter", text: letter(o.id)}),
        r ? el("span", {class: "option-count", text: pct(e, o.id) + "%"}) : null),
      el("div", {class: "option-body"}, el("p", {class: "option-text", text: o.text}), r ? tagLine(r) : null));
    }));
    fitAll();
  }

  function renderStep(e, extra, step) {
    const options = e.options || [];
    const o = options[step - 1]; const r = extra.get(o.id);
    $("step-count").textContent = t("step_of", {n: step, total: options.length});
    $("step-card").className = "step-card is-" + r.tag.split(":")[0] + (r.best ? " is-best" : "");
    $("step-card").dataset.optionId = o.id;
    $("step-card").replaceChildren(
      el("p", {class: "step-head"}, el("span", {class: "letter", text: letter(o.id)}), el("span", {class: "step-text", text: o.text})),
      tagLine(r), el("p", {class: "explanation", text: r.explanation}), bar(e, o.id));
    $("step-dots").replaceChildren(...options.map((x, i) => el("li", {class: i + 1 === step ? "on" : "", text: letter(x.id)})));
  }

  /* ---- the closing recap: each kind's part (a kind without a renderer shows its title) ---- */
  const RECAP = {
    tips(part) {
      const top = part.top || [];
      return [el("p", {class: "recap-q", text: part.prompt}),
        top.length ? el("ol", {class: "recap-tips"}, ...top.map((x) => el("li", {text: x.text})))
          : el("p", {class: "recap-none", text: t("no_recap_tips")})];
    },
    case(part) {
      const line = (label, o, cls) => el("p", {class: "recap-line " + cls},
        el("span", {class: "recap-label", text: label + ": "}),
        o ? el("span", {class: "recap-letter", text: letter(o.id) + ". "}) : null,
        el("span", {text: o ? o.text : t("no_votes")}),
        o && cls === "choice" ? el("span", {class: "recap-pct", text: " (" + Math.round(o.percentage) + "%)"}) : null);
      return [line(t("room_choice"), part.choice, "choice"), part.best ? line(t("intended"), part.best, "intended") : null];
    },
  };
  function renderRecap(recap) {
    // tips and cases here; a kind with its own script gives its part through `screen.recap(part)`
    // (a kind's part with a `top` list, such as written replies or a word cloud, reads like a tips question's).
    // The server pages the recap so that each page fits a 1024x768 beamer; the clicker turns the pages.
    const renderer = (part) => RECAP[part.kind] || (KINDS[part.kind] && KINDS[part.kind].screen
      && KINDS[part.kind].screen.recap) || (part.top ? RECAP.tips : null);
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
    if (!state) return;
    // a kind's own view fits itself when drawn: draw it again for the new room (a resize, the QR code back or away)
    if (state.exercise && KINDS[state.exercise.kind]) screens().forEach((k) => k.screen.render && k.screen.render(state.exercise, mode, tally));
    if (mode === "tips") renderWall();
    if (mode === "case") {
      const layout = $("case-view").dataset.layout;
      if (layout === "step") fit($("step-card"), 1.6);
      else if (layout === "bars") fit($("tally"), 1.4);
      else if (layout === "overview") {
        ["case-left", "case-right"].forEach((id) => { $(id).style.fontSize = ""; });
        // Too much for the screen (a 4:3 beamer, or the QR code brought back): the summary, which every phone shows,
        // gives way to the options, then the options take one column; nothing is cut off or shrunk below 1em.
        const cols = $("case-cols"); const over = () => cols.scrollHeight > cols.clientHeight + 2;
        const tries = [[false, false], [true, false], [true, true]];
        for (const [noSummary, oneColumn] of tries) {
          $("case-left").hidden = noSummary; $("case-options").classList.toggle("one-column", oneColumn);
          fit(cols, 1.2);
          if (!over()) break;
        }
      }
      else {
        $("case-cols").style.fontSize = ""; $("case-left").hidden = false; $("case-options").classList.remove("one-column");
        fit($("case-left"), 1.3); fit($("case-right"), 1.3);
      }
    }
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
