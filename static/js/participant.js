/* Participant page (/j/<code>): join by token, tips with an offline outbox, upvotes, case votes.
   Everything a user typed reaches the DOM through textContent (KW.el), never as HTML. */
(function () {
  "use strict";
  const {t, count, el, paragraphs, store, connect, emitAck, tagLabel, tagClass, letter, renderBars, Outbox} = window.KW;
  const $ = (id) => document.getElementById(id);
  const CODE = document.body.dataset.code;
  const KEY = {token: "klantwijs:token:" + CODE, sent: "klantwijs:sent:" + CODE};
  const FINAL = ["unknown_code", "ended"];
  const MAX = 280;

  let state = null; let tips = null; let tally = null; let joined = false; let finished = false;
  let me = {tips: [], upvoted: [], vote: null, votes: {}};
  let sent = store.get(KEY.sent, []); // own acknowledged tips, for "Jouw tips": [{id, text, index}]
  let pendingVote = null;
  let revealedIndex = null; // the exercise whose reveal this page scrolled to (once per reveal)
  const busyUpvotes = new Set();

  const socket = connect($("connection-status"));
  const input = $("tip-input");
  const ex = () => (state && state.exercise) || null;
  /* Kinds with their own page code (static/js/kinds/*.js) register in window.KlantwijsKinds, one protocol for all:
       {tipsWall: bool (the kind uses the tip wall),
        phone:   {init(ctx) once, joined(ack) after each join, render(e) on every render (e may be another kind's),
                  retry() after a rejoin (send what waited), phaseText(e)},
        screen:  {init(ctx) once, joined(ack) after each `screen` ack, render(e, mode, tally), openKey,
                  recap(part) -> nodes: the kind's part of the projector's closing recap},
        control: {render(e, moderationExercise, tally)}}
     `ctx` below is everything a kind's phone code may use. */
  const KINDS = window.KlantwijsKinds || {};
  const kindOf = (e) => (e && KINDS[e.kind]) || null;
  const isTips = (e) => !!e && (e.kind === "tips" || !!(kindOf(e) && kindOf(e).tipsWall));
  const phones = () => Object.values(KINDS).filter((k) => k.phone);
  const outbox = Outbox(CODE, {
    socket: socket,
    ready: () => joined && socket.connected,
    index: () => (isTips(ex()) ? ex().index : null),
    sent(item, tip) {
      if (!me.tips.includes(tip.id)) me.tips.push(tip.id);
      if (!sent.some((s) => s.id === tip.id)) rememberSent({id: tip.id, text: tip.text, index: item.index, held: !!tip.held});
      $("tip-sent").textContent = t(tip.held ? "tip_held" : "tip_sent_visible");
      renderOwn();
      const own = $("own-tips").querySelector('li[data-tip-id="' + tip.id + '"]');
      if (own) own.scrollIntoView({block: "nearest", behavior: "smooth"});
    },
    rejected(item, r) {
      if (!input.value.trim()) { input.value = item.text; updateCounter(); }
      say(r.message);
    },
    failed(r) {
      if (r.error === "not_joined") { joined = false; join(); }
      if (r.error === "rate_limited") say(r.message);
    },
    changed() { renderOwn(); renderWall(); },
  });

  function say(message) { const n = $("notice"); n.textContent = message || ""; n.hidden = !message; }
  function announce(message) { $("announce").textContent = message; }
  const ctx = {socket: socket, code: CODE, ex: ex, ready: () => joined && socket.connected, say: say, announce: announce,
    me: () => me, own: (id) => { if (!me.tips.includes(id)) me.tips.push(id); },
    t, count, el, paragraphs, tally: () => tally, joined: () => joined,
    send: (event, payload) => emitAck(socket, event, payload)};
  phones().forEach((k) => k.phone.init && k.phone.init(ctx));

  /* ---- joining (on every connect, also after a reconnect) ---- */
  function join() {
    if (!socket.connected || finished) return;
    const payload = {code: CODE, token: store.get(KEY.token, null), name: null};
    return emitAck(socket, "join", payload).then((r) => {
      if (!r.ok) {
        if (FINAL.includes(r.error)) finish(r.error, r.message);
        else say(r.message);
        return r;
      }
      joined = true;
      store.set(KEY.token, r.participant.token);
      me = Object.assign({tips: [], upvoted: [], vote: null, votes: {}}, r.state.me);
      state = Object.assign({}, r.state); delete state.me;
      tips = r.tips; tally = r.tally;
      phones().forEach((k) => k.phone.joined && k.phone.joined(r));
      if (state.workshop.status === "ended") return finish("ended", null, me.recap, state.recap);
      render(); outbox.flush(); retryVote();
      phones().forEach((k) => k.phone.retry && k.phone.retry());
      return r;
    }, () => { if (socket.connected) setTimeout(() => join(), 2000); });
  }
  socket.on("connect", () => join());
  socket.on("disconnect", () => { joined = false; renderOwn(); });

  /* The end: a phone that took part gets its own recap (by joining again with its token); others a goodbye. */
  function finish(code, message, mine, room) {
    finished = true; socket.stop();
    $("live").hidden = true; $("final").hidden = false;
    $("final-title").textContent = code === "ended" ? t("ended_title") : t("unknown_title");
    $("final-text").textContent = code !== "ended" ? (message || "") : mine ? t("ended_recap") : t("ended_text");
    $("my-recap").hidden = !mine;
    if (mine) {
      $("my-recap-list").replaceChildren(...(mine.length ? mine.map(recapItem) : [el("li", {class: "muted", text: t("recap_none")})]));
    }
    const handout = room && room.handout;
    $("handout").hidden = !handout;
    if (handout) $("handout-link").setAttribute("href", handout);
    say("");
  }
  function recapItem(part) {
    const body = [el("h3", {class: "recap-ex", text: part.title})];
    if (part.choice) {
      const c = part.choice;
      body.push(el("p", {class: "recap-choice"}, el("span", {class: "letter", text: letter(c.id) + ". "}), el("span", {text: c.text})),
        el("p", {class: "recap-tags"}, el("span", {class: tagClass(c.tag), text: tagLabel(c.tag)}),
          c.best ? el("span", {class: "best-mark", text: "★ " + t("best_answer")}) : null));
    }
    if (part.tips) body.push(el("ul", {class: "recap-own-tips"}, ...part.tips.map((x) => el("li", {text: x}))));
    if (part.answer) body.push(el("p", {class: "recap-choice", text: part.answer}));  // a kind's own answer, in words
    return el("li", {class: "card recap-item", "data-kind": part.kind}, ...body);
  }

  /* ---- server messages ---- */
  socket.on("state", (p) => {
    const before = ex() ? ex().index : null;
    state = p;
    const now = ex() ? ex().index : null;
    me.vote = now === null ? null : (me.votes[String(now)] || null);
    if (p.workshop && p.workshop.status === "ended") {
      // Join once more with the token: the ack carries this phone's own recap.
      joined = false; finished = false;
      return join();
    }
    if (now !== before) {
      say("");
      if (ex()) announce(t("new_exercise", {title: ex().title}));
      window.scrollTo(0, 0);
    }
    render();
    if (now !== before) outbox.flush();
  });
  socket.on("tips", (m) => { tips = m; renderWall(); renderOwn(); });
  socket.on("tally", (y) => { tally = y; renderTally(); const k = kindOf(ex()); if (k && k.phone && k.phone.render) k.phone.render(ex()); });
  socket.on("presence", (m) => { if (state) state.participants = m.participants; renderCount(); });

  /* ---- rendering ---- */
  function render() {
    if (!state) return; // before the first join answer the page shows what the server rendered
    const e = ex();
    $("waiting").hidden = !!e;
    $("tips-ex").hidden = !isTips(e);
    $("case-ex").hidden = !(e && e.kind === "case");
    document.querySelectorAll(".kind-ex").forEach((node) => { node.hidden = !(e && e.kind === node.dataset.kind); });
    if (window.KlantwijsTimer) window.KlantwijsTimer.show($("timer"), e && e.timer, {label: t("timer_label"), done: t("timer_done")});
    renderCount();
    phones().forEach((k) => k.phone.render && k.phone.render(e));
    if (!e) {
      $("waiting-title").textContent = t("welcome_title");
      $("waiting-text").textContent = state ? t("welcome_text") : t("waiting_connect");
    } else if (isTips(e)) renderTips(e);
    else if (e.kind === "case") renderCase(e);
    document.body.dataset.shown = window.KW.shownKey(state);
  }
  function renderCount() {
    $("participant-count").textContent = state ? count("participants", state.participants) : "";
  }
  function phaseText(e) {
    const own = kindOf(e) && kindOf(e).phone && kindOf(e).phone.phaseText;
    if (own) return own(e);
    if (e.phase === "open") return t(e.kind === "tips" ? "phase_open_tips" : "phase_open_case");
    if (e.phase === "closed") return t(e.kind === "tips" ? "phase_closed_tips" : "phase_closed_case");
    return t(e.phase === "revealed" ? "phase_revealed" : "phase_ready");
  }

  function renderTips(e) {
    $("tips-title").textContent = e.title;
    $("tips-prompt").textContent = e.prompt || e.question || "";
    $("tips-phase").textContent = phaseText(e);
    $("tips-phase").dataset.phase = e.phase;
    const open = e.phase === "open";
    input.disabled = !open; $("tip-submit").disabled = !open; $("tip-form").hidden = !open;
    renderOwn(); renderWall();
  }

  function renderOwn() {
    const e = ex();
    if (!isTips(e)) return;
    const onWall = new Set(tips && tips.index === e.index ? tips.tips.map((x) => x.id) : []);
    const items = sent.filter((s) => s.index === e.index).map((s) => {
      if (s.held && onWall.has(s.id)) { s.held = false; store.set(KEY.sent, sent); }  // approved by the trainer
      return el("li", {class: "own" + (s.held ? " held" : ""), "data-tip-id": s.id},
        el("span", {class: "own-text", text: s.text}),
        s.held ? el("span", {class: "queued-note", "data-testid": "held-note", text: t("held_note")}) : null);
    });
    outbox.items().forEach((o) => {
      const note = o.index !== e.index ? t("queued_other") : (joined || outbox.sending(o.client_id) ? t("sending") : t("queued"));
      const remove = el("button", {type: "button", class: "link", "data-remove": o.client_id, text: t("remove")});
      items.push(el("li", {class: "own queued", "data-client-id": o.client_id},
        el("span", {class: "own-text", text: o.text}), el("span", {class: "queued-note", text: note}), remove));
    });
    if (!items.length) items.push(el("li", {class: "empty muted", text: t("no_own_tips")}));
    $("own-tips").replaceChildren(...items);
  }

  function renderWall() {
    const e = ex(); const list = $("tip-wall");
    if (!isTips(e)) return;
    const current = tips && tips.index === e.index ? tips : {total: 0, tips: []};
    $("wall-count").textContent = "(" + count("tips", current.total) + ")";
    const known = new Map(Array.from(list.querySelectorAll("li[data-tip-id]"), (li) => [li.dataset.tipId, li]));
    const rows = current.tips.map((tip) => {
      const li = known.get(String(tip.id)) || el("li", {class: "tip", "data-tip-id": tip.id});
      fillTip(li, tip, e.phase === "open");
      return li;
    });
    if (!rows.length) rows.push(el("li", {class: "empty muted", text: t("no_tips")}));
    const same = rows.length === list.children.length && rows.every((r, i) => list.children[i] === r);
    if (!same) list.replaceChildren(...rows);
  }

  function fillTip(li, tip, open) {
    const own = me.tips.includes(tip.id);
    if (own && !sent.some((s) => s.id === tip.id)) rememberSent({id: tip.id, text: tip.text, index: ex().index});
    if (!li.firstChild) li.append(el("p", {class: "tip-text"}), el("p", {class: "tip-meta"}));
    li.firstChild.textContent = tip.text;
    li.classList.toggle("mine", own);
    tagChip(li, tip);
    const meta = li.lastChild;
    if (own) {
      meta.replaceChildren(el("span", {class: "badge", text: t("own_tip")}),
        el("span", {class: "votes", text: count("votes", tip.votes)}));
      return;
    }
    let btn = meta.querySelector("button.upvote");
    if (!btn) {
      btn = el("button", {type: "button", class: "upvote", "data-testid": "upvote"},
        el("span", {"aria-hidden": "true", text: "▲ "}), t("upvote") + " ", el("span", {class: "n"}));
      meta.replaceChildren(btn);
    }
    btn.setAttribute("aria-pressed", String(me.upvoted.includes(tip.id)));
    btn.setAttribute("aria-disabled", String(!open || busyUpvotes.has(tip.id)));
    btn.querySelector(".n").textContent = String(tip.votes);
  }

  /* A revealed reply carries the trainer's tag (`respond`): shown beside it. */
  function tagChip(li, tip) {
    let chip = li.querySelector(".tip-tag");
    if (!tip.tag) { if (chip) chip.remove(); return; }
    if (!chip) { chip = el("p", {class: "tip-tag"}); li.insertBefore(chip, li.lastChild); }
    chip.replaceChildren(el("span", {class: tagClass(tip.tag), "data-testid": "tip-tag", text: tagLabel(tip.tag)}));
  }

  function renderCase(e) {
    $("case-title").textContent = e.title;
    const story = $("case-story");
    if (story.dataset.index !== String(e.index)) { paragraphs(story, e.story); story.dataset.index = e.index; }
    $("case-question").textContent = e.question || t("case_question");
    $("case-phase").textContent = phaseText(e);
    $("case-phase").dataset.phase = e.phase;
    renderOptions(e); renderTally(); renderReveal(e);
  }

  function chosen(e) {
    return pendingVote && pendingVote.index === e.index ? pendingVote.option : me.votes[String(e.index)] || me.vote;
  }

  function renderOptions(e) {
    const box = $("case-options");
    const extra = new Map((e.revealed || []).map((r) => [r.id, r]));
    const pick = chosen(e);
    box.dataset.index = e.index;
    const existing = new Map(Array.from(box.children, (w) => [w.dataset.wrapId, w]));
    const wraps = (e.options || []).map((o) => {
      const wrap = existing.get(o.id) || el("div", {class: "option-wrap", "data-wrap-id": o.id},
        el("button", {type: "button", class: "option", "data-option-id": o.id}));
      const b = wrap.firstChild; const r = extra.get(o.id);
      const parts = [el("span", {class: "letter", "aria-hidden": "true", text: letter(o.id)}),
        el("span", {class: "option-text", text: o.text})];
      if (r) parts.push(el("span", {class: tagClass(r.tag), text: tagLabel(r.tag)}));
      if (r && r.best) parts.push(el("span", {class: "best-mark", "data-testid": "best-mark", text: "★ " + t("best_answer")}));
      if (pick === o.id) parts.push(el("span", {class: "choice", text: t("your_choice")}));
      b.replaceChildren(...parts);
      b.setAttribute("aria-pressed", String(pick === o.id));
      b.setAttribute("aria-disabled", String(e.phase !== "open"));
      // After the reveal each option carries its explanation right below it.
      const note = wrap.querySelector(".option-explanation");
      if (r && !note) wrap.append(el("p", {class: "option-explanation", "data-testid": "explanation", text: r.explanation}));
      else if (r) note.textContent = r.explanation;
      else if (note) note.remove();
      wrap.classList.toggle("is-mine", pick === o.id);
      return wrap;
    });
    const same = wraps.length === box.children.length && wraps.every((w, i) => box.children[i] === w);
    if (!same) box.replaceChildren(...wraps);
    renderMyChoice(e, extra, pick);
  }

  /* After the reveal: say what this phone chose and scroll to it (once per reveal). */
  function renderMyChoice(e, extra, pick) {
    const line = $("my-choice"); const r = pick ? extra.get(pick) : null;
    line.hidden = !e.revealed;
    if (!e.revealed) { if (revealedIndex === e.index) revealedIndex = null; return; }
    // the phone follows the projector's reveal step: its own choice is named before its explanation is on screen
    line.textContent = r ? t("my_choice", {letter: letter(pick), tag: tagLabel(r.tag)})
      : pick ? t("my_choice_coming", {letter: letter(pick)}) : t("my_choice_none");
    if (revealedIndex === e.index) return;
    revealedIndex = e.index;
    const target = pick ? $("case-options").querySelector('[data-wrap-id="' + pick + '"]') : line;
    requestAnimationFrame(() => target.scrollIntoView({block: "center", behavior: "smooth"}));
  }

  function renderTally() {
    const e = ex(); const box = $("tally");
    const show = !!(e && e.kind === "case" && e.results_visible && tally && tally.index === e.index);
    box.hidden = !show;
    if (!show) return;
    $("tally-total").textContent = "(" + count("votes", tally.total) + ")";
    renderBars($("tally-bars"), e.options || [], tally);
  }

  function renderReveal(e) {
    $("reveal").hidden = !e.revealed || !e.summary;
    if (e.revealed) paragraphs($("reveal-summary"), e.summary || "");
  }

  /* ---- tips: sent through the offline-safe outbox (outbox.js) ---- */
  function rememberSent(item) { sent.push(item); sent = sent.slice(-200); store.set(KEY.sent, sent); }

  function updateCounter() {
    const n = input.value.length;
    $("tip-counter").textContent = n + "/" + MAX;
    $("tip-counter").classList.toggle("near", n > MAX - 30);
  }
  input.addEventListener("input", () => { updateCounter(); $("tip-sent").textContent = ""; });
  input.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) $("tip-form").requestSubmit();
  });
  $("tip-form").addEventListener("submit", (event) => {
    event.preventDefault();
    const section = $("tips-ex"); const text = input.value.trim();
    const e = ex() || (section.dataset.index !== undefined && !section.hidden  // sent before the join: the outbox waits
      ? {kind: "tips", index: Number(section.dataset.index), phase: $("tips-phase").dataset.phase} : null);
    if (!isTips(e) || e.phase !== "open") return;
    if (!text) { say(t("tip_empty")); input.focus(); return; }
    say("");
    input.value = ""; updateCounter(); input.focus();
    outbox.add(text.slice(0, MAX), e.index);
  });
  $("own-tips").addEventListener("click", (event) => {
    const id = event.target.dataset && event.target.dataset.remove;
    if (id) outbox.remove(id);
  });

  /* ---- upvotes ---- */
  $("tip-wall").addEventListener("click", (event) => {
    const btn = event.target.closest("button.upvote");
    if (!btn || btn.getAttribute("aria-disabled") === "true") return;
    const id = Number(btn.closest("li").dataset.tipId);
    const on = btn.getAttribute("aria-pressed") !== "true";
    if (!joined) { say(t("reconnecting")); return; }
    busyUpvotes.add(id); renderWall();
    emitAck(socket, "upvote", {tip_id: id, on: on}).then((r) => {
      busyUpvotes.delete(id);
      if (r.ok) {
        me.upvoted = me.upvoted.filter((x) => x !== id); if (on) me.upvoted.push(id);
        const tip = tips && tips.tips.find((x) => x.id === id); if (tip) tip.votes = r.votes;
        say("");
      } else say(r.message);
      renderWall();
    }, () => { busyUpvotes.delete(id); say(t("no_answer")); renderWall(); });
  });

  /* ---- case votes (changeable while open; a vote without connection is sent after the next join) ---- */
  $("case-options").addEventListener("click", (event) => {
    const btn = event.target.closest("button[data-option-id]"); const e = ex() || renderedCase();
    if (!btn || !e || e.phase !== "open") return;
    castVote(e.index, btn.dataset.optionId);
  });
  /* A tap before the socket answered: the case the server rendered; the vote goes out after the join. */
  function renderedCase() {
    const box = $("case-options");
    if (box.dataset.index === undefined) return null;
    box.querySelectorAll("button[data-option-id]").forEach((b) => b.setAttribute("aria-pressed", "false"));
    return {index: Number(box.dataset.index), phase: $("case-phase").dataset.phase};
  }
  function castVote(index, option) {
    pendingVote = {index: index, option: option}; render();
    if (!state) $("case-options").querySelector('[data-option-id="' + option + '"]').setAttribute("aria-pressed", "true");
    if (!joined) { say(t("vote_pending")); return; }
    emitAck(socket, "vote", {option: option}).then((r) => {
      if (pendingVote && pendingVote.option === option && pendingVote.index === index) pendingVote = null;
      if (r.ok) {
        me.votes[String(index)] = option;
        if (ex() && ex().index === index) me.vote = option;
        say(""); announce(t("vote_saved"));
      } else say(r.message);
      render();
    }, () => { say(t("vote_pending")); });
  }
  function retryVote() {
    const e = ex();
    if (pendingVote && e && e.index === pendingVote.index && e.phase === "open") castVote(e.index, pendingVote.option);
    else pendingVote = null;
  }

  updateCounter(); // the page's first picture (waiting, or the current exercise) comes rendered from the server
})();
