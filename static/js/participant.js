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
  const busyUpvotes = new Set();

  const socket = connect($("connection-status"));
  const input = $("tip-input");
  const ex = () => (state && state.exercise) || null;
  /* Kinds with their own page code (exercises/kinds/<name>/static/<name>.js) register in window.KlantwijsKinds, one protocol for all:
       {tipsWall: bool (the kind uses the tip wall), wallCount: the i18n key of the wall's count ("tips" when absent:
          "<key>_one" / "<key>_many"),
        phone:   {init(ctx) once, joined(ack) after each join, render(e) on every render (e may be another kind's),
                  retry() after a rejoin (send what waited), phaseText(e)},
        screen:  {init(ctx) once, joined(ack) after each `screen` ack, render(e, mode, tally), openKey,
                  recap(part) -> nodes: the kind's part of the projector's closing recap},
        control: {render(e, moderationExercise, tally)}}
     `ctx` below is everything a kind's phone code may use. */
  const KINDS = window.KlantwijsKinds || {};
  const kindOf = (e) => (e && KINDS[e.kind]) || null;
  const isTips = (e) => !!(kindOf(e) && kindOf(e).tipsWall);  // the kind's entries are on the tip wall
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

  /* The page carries the kinds its workshop had when it loaded; a kind added since (the sequence changed before
     the start) needs the page again: reload once per kind (the token brings the phone back). */
  function rebuild(kind) {
    const key = "klantwijs:rebuilt:" + CODE + ":" + kind;
    try { if (sessionStorage.getItem(key)) return false; sessionStorage.setItem(key, "1"); } catch (err) { return false; }
    window.location.reload();
    return true;
  }

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
      render(); outbox.flush();
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
  socket.on("tally", (y) => { tally = y; const k = kindOf(ex()); if (k && k.phone && k.phone.render) k.phone.render(ex()); });
  socket.on("presence", (m) => { if (state) state.participants = m.participants; renderCount(); });

  /* ---- rendering ---- */
  function render() {
    if (!state) return; // before the first join answer the page shows what the server rendered
    const e = ex();
    if (e && !KINDS[e.kind] && rebuild(e.kind)) return;
    $("waiting").hidden = !!e;
    $("tips-ex").hidden = !isTips(e);
    document.querySelectorAll(".kind-ex").forEach((node) => { node.hidden = !(e && e.kind === node.dataset.kind); });
    if (window.KlantwijsTimer) window.KlantwijsTimer.show($("timer"), e && e.timer, {label: t("timer_label"), done: t("timer_done")});
    renderCount();
    phones().forEach((k) => k.phone.render && k.phone.render(e));
    if (!e) {
      $("waiting-title").textContent = t("welcome_title");
      $("waiting-text").textContent = state ? t("welcome_text") : t("waiting_connect");
    } else if (isTips(e)) renderTips(e);
    document.body.dataset.shown = window.KW.shownKey(state);
  }
  function renderCount() {
    $("participant-count").textContent = state ? count("participants", state.participants) : "";
  }
  function phaseText(e) {
    const own = kindOf(e) && kindOf(e).phone && kindOf(e).phone.phaseText;
    if (own) return own(e);
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
    $("wall-count").textContent = "(" + count(kindOf(e).wallCount || "tips", current.total) + ")";
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
      ? {wall: true, index: Number(section.dataset.index), phase: $("tips-phase").dataset.phase} : null);
    if (!e || !(e.wall || isTips(e)) || e.phase !== "open") return;
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

  updateCounter(); // the page's first picture (waiting, or the current exercise) comes rendered from the server
})();
