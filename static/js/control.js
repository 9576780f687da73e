/* Control page (/facilitator/workshops/<code>): live figures over Socket.IO, actions over HTTP (one engine path). */
(function () {
  "use strict";
  const {t, count, el, paragraphs, connect, emitAck, tagLabel, tagClass, letter, renderBars} = window.KW;
  const $ = (id) => document.getElementById(id);
  const CODE = document.body.dataset.code;
  const CSRF = document.querySelector('meta[name="csrf-token"]').content;
  const TAGS = JSON.parse(($("option-tags") || {}).textContent || "[]");
  const PRESENTER = JSON.parse($("presenter-data").textContent || "[]"); // per exercise: notes, story, options...
  let ws = null; // workshop state: {code, title, status, participants, current, exercises: [...]}
  let pstate = null; let tally = null; let moderation = null;
  const busy = new Set();
  const KINDS = window.KlantwijsKinds || {}; // kinds with their own script (exercises/kinds/<name>/static/<name>.js) draw their figures

  const socket = connect($("connection-status"));
  function hello() {
    if (!socket.connected) return;
    emitAck(socket, "control", {code: CODE}).then((r) => {
      if (!r.ok) { showError(r.error === "unauthorized" ? t("login_again") : r.message); return; }
      showError("");
      ws = r.workshop; pstate = r.state; tally = r.tally; moderation = r.moderation;
      render();
    }, () => setTimeout(hello, 2000));
  }
  socket.on("connect", hello);
  socket.on("state", (p) => {
    pstate = p;
    if (!ws) return;
    ws.status = p.workshop.status; ws.participants = p.participants;
    ws.current = p.exercise ? p.exercise.index : null;
    const known = p.exercise && ws.exercises[p.exercise.index];
    // every field of the trainer's summary that the phones' state carries too (phase, reveal step and steps, a
    // kind's own place such as a scenario's path and ending) follows the broadcast
    if (known) Object.keys(known).forEach((field) => { if (field in p.exercise) known[field] = p.exercise[field]; });
    render();
  });
  socket.on("tally", (y) => { tally = y; renderLive(); renderStats(); });
  socket.on("moderation", (m) => { moderation = m; renderLive(); renderStats(); });
  socket.on("presence", (m) => {
    $("fast-joins").hidden = !m.fast_joins; // joins far faster than a room scans a QR code: have a look
    if (ws) { ws.participants = m.participants; renderStats(); }
  });
  // The trainer logged out elsewhere, got a new password or was disabled: this page's session is over.
  socket.on("session_ended", () => { window.location.assign("/facilitator/login"); });

  function showError(message) { $("action-error").textContent = message || ""; $("action-error").hidden = !message; }
  const currentEx = () => (ws && ws.current !== null && ws.current !== undefined ? ws.exercises[ws.current] : null);

  /* ---- actions: POST /api/v1/workshops/<code>/control; the answer is the new workshop state ---- */
  async function act(body) {
    const key = JSON.stringify(body);
    if (busy.has(key)) return null;
    busy.add(key);
    try {
      const res = await fetch("/api/v1/workshops/" + encodeURIComponent(CODE) + "/control", {
        method: "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": CSRF, "Accept": "application/json"},
        body: JSON.stringify(body),
      });
      let data = null;
      try { data = await res.json(); } catch (e) { data = null; }
      if (!res.ok || !data) {
        showError(res.status === 401 ? t("login_again") : (data && data.message) || t("action_failed"));
        return null;
      }
      showError("");
      ws = data; render();
      return data;
    } catch (e) {
      showError(t("network_failed"));
      return null;
    } finally { busy.delete(key); }
  }

  function bind(id, handler) {
    $(id).addEventListener("click", (event) => {
      if (!ws || event.currentTarget.getAttribute("aria-disabled") === "true") return; // not before the state is in
      handler();
    });
  }
  bind("btn-prev", () => act({action: "goto", index: ws.current - 1}));
  bind("btn-next", () => act({action: "goto", index: ws.current === null ? 0 : ws.current + 1}));
  bind("btn-open", () => act({action: "open"}));
  bind("btn-close", () => act({action: "close"}));
  bind("btn-reveal", () => reveal());
  bind("btn-conceal", () => act({action: "conceal"}));
  bind("btn-results-on", () => act({action: "results", visible: true}));
  bind("btn-results-off", () => act({action: "results", visible: false}));
  /* the exercise timer: the server closes the exercise at zero (workshop/timers.py) */
  $("timer-box").addEventListener("click", (event) => {
    const btn = event.target.closest("button[data-timer-seconds]");
    if (btn && btn.getAttribute("aria-disabled") !== "true") act({action: "timer", seconds: Number(btn.dataset.timerSeconds)});
  });
  bind("btn-timer-add", () => act({action: "add_seconds", seconds: 30}));
  bind("btn-timer-cancel", () => act({action: "timer", seconds: 0}));
  bind("btn-end", () => { if (window.confirm(t("confirm_end"))) act({action: "end"}); });
  $("exercise-list").addEventListener("click", (event) => {
    const btn = event.target.closest("button[data-index]");
    if (btn && ws && ws.status !== "ended") act({action: "goto", index: Number(btn.dataset.index)});
  });
  $("moderation-tips").addEventListener("click", (event) => {
    const btn = event.target.closest("button[data-action]");
    if (!btn) return;
    const id = Number(btn.closest("li").dataset.tipId);
    const action = btn.dataset.action;
    act({action: action, tip_id: id}).then((ok) => {
      const tip = ok && moderation && moderation.tips.find((x) => x.id === id);
      if (tip) { tip.hidden = action === "hide_tip"; tip.held = false; renderLive(); }
    });
  });
  $("moderation-tips").addEventListener("change", (event) => {
    const select = event.target.closest("select[data-tag-for]");
    if (!select) return;
    const id = Number(select.dataset.tagFor); const tag = select.value || null;
    act({action: "tag_tip", tip_id: id, tag: tag}).then((ok) => {
      const tip = ok && moderation && moderation.tips.find((x) => x.id === id);
      if (tip) tip.tag = tag;
    });
  });
  bind("btn-premoderate", () => {
    const on = $("btn-premoderate").getAttribute("aria-pressed") !== "true";
    act({action: "premoderate", on: on}).then((ok) => { if (ok && moderation) { moderation.premoderated = on; renderLive(); } });
  });
  bind("btn-approve-all", () => act({action: "approve_all"}).then((ok) => {
    if (ok && moderation) { moderation.tips.forEach((x) => { x.held = false; }); moderation.held = 0; renderLive(); }
  }));

  /* A reveal before the vote was opened, or while it is open, asks first (the API's reveal still implies close). */
  function reveal() {
    const e = currentEx();
    const question = e && e.phase === "ready" ? t("confirm_reveal_ready") : e && e.phase === "open" ? t("confirm_reveal_open") : null;
    if (question && !window.confirm(question)) return null;
    return act({action: "reveal"});
  }
  $("step-buttons").addEventListener("click", (event) => {
    const btn = event.target.closest("button[data-step]");
    if (btn) act({action: "reveal_step", step: btn.dataset.step === "" ? null : Number(btn.dataset.step)});
  });

  /* ---- keyboard and presentation clicker (clicker.js): one visible step per press ---- */
  const clicker = window.KW.clicker({
    state: () => ws, current: currentEx, canReveal: (e) => canReveal(e), presenter: PRESENTER, act: act, reveal: reveal,
    socket: socket, code: CODE, showError: showError, changed: () => renderNext(),
  });

  /* ---- copy the join link (clipboard API on https/localhost, a selection elsewhere) ---- */
  $("copy-link").addEventListener("click", async () => {
    const input = $("join-url"); let ok = false;
    try { await navigator.clipboard.writeText(input.value); ok = true; } catch (e) {
      input.focus(); input.select();
      try { ok = document.execCommand("copy"); } catch (e2) { ok = false; }
    }
    $("copy-status").textContent = t(ok ? "copied" : "copy_failed");
    setTimeout(() => { $("copy-status").textContent = ""; }, 4000);
  });

  /* ---- rendering ---- */
  function render() {
    if (!ws) return;
    const ended = ws.status === "ended";
    $("ended-banner").hidden = !ended;
    renderStats(); renderList(); renderButtons(ended); renderCurrent(); renderLive(); renderSteps(); renderNext();
  }

  function renderNext() {
    if (!ws) return;
    $("next-step").dataset.blank = String(clicker.blanked());
    $("next-step").textContent = ws.status === "ended" && !(ws.recap_pages > 1) ? "" : clicker.blanked() ? t("blanked")
      : t("next_is", {what: clicker.describe(clicker.nextAction())});
  }

  function renderSteps() {
    const e = currentEx();
    const show = !!e && e.phase === "revealed" && !!e.reveal_steps && ws.status !== "ended";
    $("steps").hidden = !show;
    if (!show) return;
    const buttons = [];
    for (let n = 1; n <= e.reveal_steps; n++) buttons.push({step: String(n), text: clicker.stepLetter(n), on: e.reveal_step === n});
    buttons.push({step: "", text: t("step_overview"), on: !e.reveal_step});
    $("step-buttons").replaceChildren(...buttons.map((b) => el("button", {type: "button", class: "step", "data-step": b.step,
      "aria-pressed": String(b.on), text: b.text})));
  }

  function renderStats() {
    if (!ws) return;
    $("participants").textContent = String(ws.participants);
    const e = currentEx();
    const voters = e && e.tally ? (tally && tally.index === e.index ? tally.total : (moderation ? moderation.voters : 0)) : null;
    $("voters").textContent = voters === null ? "–" : String(voters);
  }

  function phaseChip(e) {
    return el("span", {class: "chip", "data-phase": e.phase, text: t("phase_" + e.phase)});
  }

  function renderList() {
    const list = $("exercise-list");
    const ended = ws.status === "ended";
    const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.index : undefined;
    list.replaceChildren(...ws.exercises.map((e) => {
      const current = e.index === ws.current;
      const btn = el("button", {type: "button", class: "ex-item", "data-index": e.index,
        "aria-current": current ? "step" : null, "aria-disabled": ended ? "true" : null},
      el("span", {class: "ex-num", text: String(e.index + 1)}),
      el("span", {class: "ex-main"}, el("span", {class: "ex-title", text: e.title}),
        el("span", {class: "ex-state"}, el("span", {class: "ex-kind", text: t("kind_" + e.kind)}),
          current ? el("span", {class: "chip now", text: t("current")}) : null, phaseChip(e),
          e.results_visible ? el("span", {class: "chip results", text: t("results_shown")}) : null)));
      return el("li", {"data-index": e.index, "data-testid": "exercise-item", "data-phase": e.phase,
        "data-current": current ? "true" : "false"}, btn);
    }));
    if (focused !== undefined) {
      const again = list.querySelector('button[data-index="' + focused + '"]');
      if (again) again.focus();
    }
  }

  function renderButtons(ended) {
    const e = currentEx(); const last = ws.exercises.length - 1;
    const state = {
      "btn-prev": ws.current !== null && ws.current > 0,
      "btn-next": ws.current === null ? last >= 0 : ws.current < last,
      "btn-open": !!e && (e.phase === "ready" || e.phase === "closed"),
      "btn-close": !!e && e.phase === "open",
      "btn-reveal": !!e && canReveal(e) && e.phase !== "revealed",
      "btn-conceal": !!e && e.phase === "revealed",
      "btn-results-on": !!e && !!e.tally && !e.results_visible,
      "btn-results-off": !!e && !!e.tally && e.results_visible,
      "btn-end": true,
    };
    Object.entries(state).forEach(([id, on]) => $(id).setAttribute("aria-disabled", String(ended || !on)));
    const open = !!e && e.phase === "open" && !ended;
    $("timer-box").hidden = !open;
    $("btn-timer-add").setAttribute("aria-disabled", String(!(open && e.timer)));
    $("btn-timer-cancel").setAttribute("aria-disabled", String(!(open && e.timer)));
    if (window.KlantwijsTimer) window.KlantwijsTimer.show($("timer"), open ? e.timer : null, {label: t("timer_label"), done: t("timer_done")});
    $("btn-reveal").hidden = !!e && (!canReveal(e) || e.phase === "revealed");  // the kind says what it accepts
    $("btn-conceal").hidden = !e || e.phase !== "revealed" || !(e.actions || []).includes("conceal");
    ["btn-results-on", "btn-results-off"].forEach((id) => { $(id).hidden = !!e && !e.tally; });
  }

  function canReveal(e) { return (e.actions || []).includes("reveal"); }

  function renderCurrent() {
    const e = currentEx();
    $("current-title").textContent = e ? e.title : t("welcome");
    $("current-meta").textContent = e
      ? t("exercise_of", {n: e.index + 1, total: ws.exercises.length}) + " · " + t("kind_" + e.kind) + " · " + t("phase_" + e.phase)
      : "";
    renderPresenter(e);
  }

  /* The presenter view: what only the trainer sees (notes, the story, each option with tag and explanation, the
     intended answer, the summary), before the reveal too. */
  function renderPresenter(e) {
    const p = e ? PRESENTER[e.index] || {} : null;
    $("presenter").hidden = !p;
    if (!p || $("presenter").dataset.index === String(e.index)) return;
    $("presenter").dataset.index = e.index;
    paragraphs($("presenter-notes"), p.notes || "");
    $("presenter-notes").hidden = !p.notes;
    paragraphs($("presenter-story"), p.story || "");
    $("presenter-story").hidden = !p.story;
    $("presenter-question").textContent = p.question || "";
    $("presenter-question").hidden = !p.question;
    $("presenter-options").replaceChildren(...(p.options || []).map((o) => el("li", {class: "p-option" + (o.tag ? " is-" + o.tag.split(":")[0] : "") + (o.best ? " is-best" : ""),
      "data-option-id": o.id},
    el("p", {class: "p-head"}, el("span", {class: "letter", text: letter(o.id) + " "}), el("span", {text: o.text})),
    el("p", {class: "p-tags"}, o.tag ? el("span", {class: tagClass(o.tag), text: tagLabel(o.tag)}) : null,
      o.best ? el("span", {class: "best-mark", "data-testid": "best-mark", text: "★ " + t("best_answer")}) : null),
    o.explanation ? el("p", {class: "p-expl", text: o.explanation}) : null,
    o.reaction ? el("p", {class: "p-reaction", "data-testid": "presenter-reaction"},
      el("span", {class: "p-reaction-who", text: t("tenant_says") + " "}), el("span", {text: o.reaction})) : null)));
    paragraphs($("presenter-summary"), p.summary || "");
    $("presenter-summary").hidden = !p.summary;
  }

  function renderLive() {
    const e = currentEx();
    const p = pstate && pstate.exercise && e && pstate.exercise.index === e.index ? pstate.exercise : null;
    $("live-tips").hidden = !(e && e.takes_text);  // tips, written replies, words: the kind says it takes text
    const own = e && KINDS[e.kind] && KINDS[e.kind].control;  // the kind draws its own figures (kinds/*.js)
    $("live-kind").hidden = !own;
    if (!e) return;
    if (own) own.render(e, p, tally, act);  // `act`: a kind's own control buttons (a scenario's follow, back)
    else if (e.takes_text) renderModeration(e, p);
  }

  function renderModeration(e, p) {
    $("live-prompt").textContent = p ? p.prompt || p.question || "" : "";
    const mine = moderation && moderation.index === e.index;
    const all = mine ? moderation.tips.slice().sort((a, b) => b.id - a.id) : [];
    const visible = all.filter((x) => !x.hidden && !x.held).length;
    const hidden = all.filter((x) => x.hidden).length; const held = all.filter((x) => x.held).length;
    // tips, written replies or words alike: "ingestuurd" fits them all
    $("tips-total").textContent = "(" + count("entries", visible) + (hidden ? ", " + t("hidden_count", {n: hidden}) : "") + ")";
    // pre-moderation is the workshop's setting: it stays as it was switched, whichever exercise is current
    $("btn-premoderate").setAttribute("aria-pressed", String(!!(moderation && moderation.premoderated)));
    $("btn-approve-all").setAttribute("aria-disabled", String(!held));
    $("held-count").textContent = held ? t("held_count", {n: held}) : "";
    const tagging = (e.actions || []).includes("tag_tip");
    const list = $("moderation-tips");
    const focused = document.activeElement && document.activeElement.closest ? document.activeElement.closest("li[data-tip-id]") : null;
    const focusId = focused ? focused.dataset.tipId : null;
    const focusTag = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.tagFor : null;
    list.replaceChildren(...all.map((tip) => el("li", {class: "mod-tip" + (tip.hidden ? " is-hidden" : "") + (tip.held ? " is-held" : ""),
      "data-tip-id": tip.id, "data-hidden": tip.hidden ? "true" : "false", "data-held": tip.held ? "true" : "false"},
    el("span", {class: "mod-text", text: tip.text}),
    e.upvotes ? el("span", {class: "mod-votes", text: "▲ " + tip.votes}) : null,
    tip.hidden ? el("span", {class: "chip hidden-chip", text: t("hidden")}) : tip.held ? el("span", {class: "chip held-chip", text: t("held")}) : null,
    tagging ? tagSelect(tip) : null,
    tip.held ? el("button", {type: "button", class: "primary", "data-action": "approve_tip", "data-testid": "approve-tip", text: t("approve")}) : null,
    el("button", {type: "button", class: tip.hidden ? "" : "danger", "data-action": tip.hidden ? "show_tip" : "hide_tip",
      "data-testid": tip.hidden ? "show-tip" : "hide-tip", text: tip.hidden ? t("show") : t("hide")}))));
    if (focusTag) { const s = list.querySelector('select[data-tag-for="' + focusTag + '"]'); if (s) s.focus(); }
    if (!all.length) list.append(el("li", {class: "muted", text: t("no_entries")}));
    if (focusId) { const b = list.querySelector('li[data-tip-id="' + focusId + '"] button'); if (b) b.focus(); }
  }

  function tagSelect(tip) {
    const select = el("select", {"data-tag-for": tip.id, "data-testid": "tag-select", "aria-label": t("tag_label")},
      el("option", {value: "", text: t("no_tag")}), ...TAGS.map((tag) => el("option", {value: tag, text: tagLabel(tag)})));
    select.value = tip.tag || "";
    return select;
  }
})();
