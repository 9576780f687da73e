/* The follow-up on a phone (/f/<token>): one exercise at a time over plain HTTP. Every answer goes through a
   localStorage outbox and is sent one at a time (so a new phone's first answer brings back its token before the
   next is sent); when the network drops, answers wait and are sent when it is back. The phone is recognised by
   its workshop token (participant.js keeps it under klantwijs:token:<code>); another phone keeps the token the
   first answer gives it. */
(function () {
  "use strict";
  const {t, count, el, paragraphs, store, tagLabel, tagClass, letter} = window.KW;
  const data = JSON.parse(document.getElementById("fu-data").textContent);
  const TOKEN = data.token;
  const EXERCISES = data.exercises;
  const KEY = {room: "klantwijs:token:" + data.code, own: "klantwijs:followup:" + TOKEN,
               done: "klantwijs:followup-done:" + TOKEN, outbox: "klantwijs:followup-outbox:" + TOKEN};
  const RETRYABLE = ["rate_limited"];
  const $ = (id) => document.getElementById(id);
  const box = $("fu-exercise");

  let done = store.get(KEY.done, {});      // exercise id -> {pending: bool, revealed: object or null}
  let outbox = store.get(KEY.outbox, []);  // [{exercise, answer: {option | value | items}}], oldest first
  let sending = false;
  let retryTimer = null;
  let endShown = false;  // the end's "toen en nu" arrived complete
  let index = firstOpen();

  function firstOpen() {
    const i = EXERCISES.findIndex((ex) => !done[ex.id]);
    return i === -1 ? EXERCISES.length : i;
  }
  /** The follow-up's own token once the server gave one that is not the workshop's (a new phone, or a workshop
      token the server no longer knows), else the workshop token (pairing), else null (the first answer makes one). */
  function participant() { return store.get(KEY.own, null) || store.get(KEY.room, null); }
  function save() { store.set(KEY.done, done); store.set(KEY.outbox, outbox); }

  /* --- sending ------------------------------------------------------------------------------------------ */
  function showStatus() {
    $("fu-status").textContent = outbox.length ? count("pending", outbox.length) : "";
  }
  function showError(message) {
    $("fu-error").textContent = message || "";
    $("fu-error").hidden = !message;
  }
  function retrySoon(ms) { clearTimeout(retryTimer); retryTimer = setTimeout(flush, ms); }

  async function flush() {
    if (sending || !outbox.length) {
      showStatus();
      if (!sending && index >= EXERCISES.length && !endShown) renderEnd();
      return;
    }
    sending = true;
    const item = outbox[0];
    let response = null;
    let body = null;
    try {
      response = await fetch("/f/" + encodeURIComponent(TOKEN) + "/answer", {
        method: "POST", headers: {"Content-Type": "application/json", "Accept": "application/json"},
        body: JSON.stringify(Object.assign({participant: participant(), exercise: item.exercise}, item.answer)),
        credentials: "omit", cache: "no-store"});
      body = await response.json();
    } catch (e) {
      sending = false;           // no network (or no answer): keep it and try again
      const ex = current();
      if (ex && ex.id === item.exercise && !box.querySelector("[data-testid=saved-offline]")) renderPending(ex);
      showStatus();
      retrySoon(3000);
      return;
    }
    sending = false;
    if (body && body.ok) {
      endShown = false;
      if (body.participant && body.participant !== store.get(KEY.room, null)) store.set(KEY.own, body.participant);
      outbox.shift();
      done[item.exercise] = {pending: false, revealed: body.revealed};
      save();
      showError("");
      if (current() && current().id === item.exercise && !box.querySelector("[data-testid=revealed]")) {
        renderRevealed(current(), body.revealed);
      }
    } else if (response.status >= 500 || RETRYABLE.includes(body && body.error)) {
      showStatus();
      retrySoon(5000);
      return;
    } else {
      // A refusal that retrying cannot fix (closed, full, invalid): this answer is dropped; the exercise opens again.
      outbox.shift();
      delete done[item.exercise];
      save();
      showError(body && body.message);
      if (body && body.error === "closed") { window.location.reload(); return; }
      index = Math.min(index, firstOpen());
      render();
    }
    showStatus();
    if (outbox.length) flush();
    else if (index >= EXERCISES.length) renderEnd();
  }

  function answer(ex, value) {
    outbox = outbox.filter((o) => o.exercise !== ex.id);
    outbox.push({exercise: ex.id, answer: value});
    done[ex.id] = {pending: true, revealed: null};
    save();
    box.setAttribute("aria-busy", "true");
    box.querySelectorAll("button").forEach((b) => { b.disabled = true; });
    flush();
  }

  /* --- one exercise ------------------------------------------------------------------------------------- */
  function current() { return EXERCISES[index] || null; }

  function progress() {
    const answered = EXERCISES.filter((ex) => done[ex.id]).length;
    $("fu-progress").value = answered;
    $("fu-progress-label").textContent = index >= EXERCISES.length
      ? t("progress_done", {total: EXERCISES.length})
      : t("progress", {n: index + 1, total: EXERCISES.length});
  }

  function heading(ex) {
    return el("h2", {id: "fu-title", class: "prompt", tabindex: "-1", text: ex.title});
  }

  function story(ex) {
    const node = el("div", {class: "story"});
    if (ex.story) paragraphs(node, ex.story);
    return node;
  }

  const renderers = {
    option(ex) {
      const list = el("div", {class: "options", role: "group", "aria-labelledby": "fu-question"});
      ex.options.forEach((o) => {
        const button = el("button", {type: "button", class: "option", "data-option-id": o.id},
          el("span", {class: "letter", "aria-hidden": "true", text: letter(o.id)}),
          el("span", {class: "option-text", text: o.text}));
        button.addEventListener("click", () => answer(ex, {option: o.id}));
        list.append(button);
      });
      return [story(ex), el("p", {id: "fu-question", class: "question", text: ex.question || t("options_help")}),
        list];
    },
    value(ex) {
      const list = el("div", {class: "fu-scale", role: "group", "aria-labelledby": "fu-question"});
      for (let v = ex.min; v <= ex.max; v++) {
        const label = v === ex.min ? ex.min_label : (v === ex.max ? ex.max_label : null);
        const button = el("button", {type: "button", class: "fu-value", "data-value": v,
          "aria-label": label ? v + " (" + label + ")" : String(v)}, el("span", {text: String(v)}));
        button.addEventListener("click", () => answer(ex, {value: v}));
        list.append(button);
      }
      return [el("p", {id: "fu-question", class: "question", text: ex.statement}), list,
        el("p", {class: "fu-scale-labels muted"}, el("span", {text: ex.min + ": " + ex.min_label}),
          el("span", {text: ex.max + ": " + ex.max_label}))];
    },
    items(ex) {
      // With decoys (ex.leave_out) not everything belongs: a participant places what they use and may mark the rest
      // "Laat weg" (a second large target per item); what is not placed is left out of the list that goes out.
      const chosen = [];
      const out = [];
      const list = el("div", {class: "options" + (ex.leave_out ? " leave-out" : ""), role: "group", "aria-labelledby": "fu-question"});
      const send = el("button", {type: "button", class: "primary", disabled: true, text: t("send")});
      const undo = el("button", {type: "button", text: t("undo"), disabled: true});
      const buttons = ex.items.map((item) => {
        const badge = el("span", {class: "letter", "aria-hidden": "true", text: "·"});
        const button = el("button", {type: "button", class: "option order-item", "data-item-id": item.id, "aria-pressed": "false"},
          badge, el("span", {class: "option-text", text: item.text}));
        button.addEventListener("click", () => {
          if (chosen.includes(item.id) || out.includes(item.id)) return;
          chosen.push(item.id);
          update();
        });
        let leave = null;
        if (ex.leave_out) {
          leave = el("button", {type: "button", class: "leave-item", "data-out-id": item.id, "data-testid": "leave-out",
            "aria-pressed": "false", "aria-label": t("order_leave_label", {text: item.text}), text: t("order_leave")});
          leave.addEventListener("click", () => {
            if (chosen.includes(item.id)) return;
            const at = out.indexOf(item.id);
            if (at >= 0) out.splice(at, 1); else out.push(item.id);
            update();
          });
        }
        return {item, button, badge, leave};
      });
      function update() {
        buttons.forEach(({item, button, badge, leave}) => {
          const place = chosen.indexOf(item.id);
          const left = out.includes(item.id);
          badge.textContent = place !== -1 ? String(place + 1) : left ? "✕" : "·";
          button.setAttribute("aria-pressed", place === -1 ? "false" : "true");
          button.setAttribute("aria-disabled", String(left));
          button.classList.toggle("is-out", left);
          if (leave) {
            leave.setAttribute("aria-pressed", String(left));
            leave.setAttribute("aria-disabled", String(place !== -1));
          }
        });
        // without decoys every item has its place; with decoys any non-empty list (the rest is left out)
        send.disabled = ex.leave_out ? chosen.length === 0 : chosen.length !== ex.items.length;
        undo.disabled = chosen.length === 0;
      }
      undo.addEventListener("click", () => { chosen.pop(); update(); });
      send.addEventListener("click", () => answer(ex, {items: chosen.slice()}));
      buttons.forEach(({item, button, leave}) => list.append(leave
        ? el("div", {class: "order-row", "data-row-id": item.id}, button, leave) : button));
      return [story(ex), el("p", {id: "fu-question", class: "question", text: ex.question}),
        el("p", {class: "muted", text: t(ex.leave_out ? "order_leave_help" : "order_help")}), list,
        el("p", {class: "button-row"}, undo, send)];
    },
  };

  const reveals = {
    option(ex, r) {
      const parts = [el("h3", {class: "reveal-head", text: t("your_choice")}),
        el("p", {class: "fu-chosen"}, el("span", {class: "letter", text: letter(r.option) + " "}),
          el("span", {text: r.text})),
        el("p", {}, el("span", {class: tagClass(r.tag), text: tagLabel(r.tag)}))];
      if (r.best) parts.push(el("p", {class: "saved", text: t("you_chose_intended")}));
      parts.push(el("h3", {class: "reveal-head", text: t("explanation")}), el("p", {class: "explanation", text: r.explanation}));
      if (r.reaction) {
        parts.push(el("h3", {class: "reveal-head", text: t("reaction")}),
          el("blockquote", {class: "fu-reaction", "data-testid": "reaction", text: r.reaction}));
      }
      if (!r.best && r.intended) {
        parts.push(el("h3", {class: "reveal-head", text: t("intended")}),
          el("p", {}, el("span", {class: "letter", text: letter(r.intended.id) + " "}), el("span", {text: r.intended.text})));
      }
      return parts;
    },
    value(ex, r) {
      return [el("p", {class: "saved", text: t("your_value", {value: r.value, min: r.min, max: r.max})})];
    },
    items(ex, r) {
      const list = el("ol", {class: "reveal-list fu-order"});
      r.items.forEach((item) => {
        list.append(el("li", {class: "tip"}, el("p", {class: "tip-text", text: item.position ? item.text
          : item.text + " (" + t("decoy") + ")"}), el("p", {class: "explanation muted", text: item.explanation})));
      });
      return [el("p", {class: r.exact ? "saved" : "", text: r.exact ? t("exact") : t("not_exact")}),
        el("h3", {class: "reveal-head", text: t("intended_order")}), list];
    },
  };

  function nextButton() {
    const last = index >= EXERCISES.length - 1;
    const button = el("button", {type: "button", class: "primary wide", "data-testid": "next",
      text: last ? t("finish") : t("next")});
    button.addEventListener("click", () => { index = firstOpen(); render(); });
    return button;
  }

  function renderPending(ex) {
    box.replaceChildren(heading(ex),
      el("p", {class: "phase", "data-testid": "saved-offline", text: t("saved_offline")}), nextButton());
    box.removeAttribute("aria-busy");
    progress();
    box.querySelector("[data-testid=next]").focus();
  }

  function renderRevealed(ex, revealed) {
    const parts = (reveals[ex.field] || (() => []))(ex, revealed || {});
    const section = el("section", {class: "reveal", "data-testid": "revealed"}, ...parts);
    if (revealed && revealed.summary) section.append(el("p", {class: "card summary", text: revealed.summary}));
    box.replaceChildren(heading(ex), section, nextButton());
    box.removeAttribute("aria-busy");
    progress();
    box.querySelector("[data-testid=next]").focus();
  }

  function render() {
    const ex = current();
    if (!ex) { renderEnd(); return; }
    $("fu-end").hidden = true;
    box.hidden = false;
    box.replaceChildren(heading(ex), ...(renderers[ex.field] || (() => []))(ex));
    progress();
    $("fu-title").focus();
  }

  /* --- the end: "toen en nu" ---------------------------------------------------------------------------- */
  async function renderEnd() {
    box.hidden = true;
    progress();
    $("fu-end").hidden = false;
    let body = null;
    try {
      const response = await fetch("/f/" + encodeURIComponent(TOKEN) + "/recap", {
        method: "POST", headers: {"Content-Type": "application/json", "Accept": "application/json"},
        body: JSON.stringify({participant: participant()}), credentials: "omit", cache: "no-store"});
      body = await response.json();
    } catch (e) { body = null; }
    if (!body || !body.ok) { $("fu-end-lead").textContent = t("end_pending"); retrySoon(5000); return; }
    $("fu-end-lead").textContent = outbox.length ? t("end_pending") : t(body.paired ? "end_paired" : "end_new");
    const first = !endShown;
    endShown = !outbox.length;
    const mark = (text, intended) => text === null ? t("not_answered")
      : (intended ? text + " " + t("intended_mark") : text);
    $("fu-recap").replaceChildren(...body.exercises.map((e) => {
      const rows = el("dl", {class: "fu-then-now"},
        el("dt", {text: t("now")}), el("dd", {"data-testid": "now", text: mark(e.now, e.now_intended)}));
      if (body.paired) {
        rows.append(el("dt", {text: t("then")}), el("dd", {"data-testid": "then", text: mark(e.then, e.then_intended)}));
      }
      if (e.room) {
        const share = e.room.share === null ? "" : " (" + Math.round(e.room.share * 100) + "%)";
        rows.append(el("dt", {text: e.room.mean ? t("room_mean") : t("room")}),
          el("dd", {"data-testid": "room", text: e.room.text + share}));
      } else {
        rows.append(el("dt", {text: t("room")}), el("dd", {text: t(e.in_workshop ? "not_answered" : "not_in_workshop")}));
      }
      return el("li", {class: "fu-recap-item"}, el("h3", {text: e.title}), rows);
    }));
    if (first) $("fu-end-title").focus();
  }

  /* Practise again: every exercise from the start; the new answers replace the earlier ones. */
  $("fu-again").addEventListener("click", () => {
    done = Object.fromEntries(outbox.map((o) => [o.exercise, {pending: true, revealed: null}]));
    save();
    endShown = false;
    index = firstOpen();
    render();
  });

  window.addEventListener("online", flush);
  render();
  flush();
})();
