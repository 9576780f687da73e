/* The order kind: on a phone tap the items in the order you would use them (numbered badges, undo); the ordering is
   sent once every item has its place and may be changed while open. The projector shows the room's average order,
   after the reveal the intended order with explanations; the control page the average order, small.
   Registered in window.KlantwijsKinds. */
(function () {
  "use strict";
  const K = (window.KlantwijsKinds = window.KlantwijsKinds || {});
  const $ = (id) => document.getElementById(id);
  let picked = {index: null, ids: [], out: []}; // the phone's ordering in progress; `out`: items it left out
  let pending = null; // {index, ids}: complete, waiting for the connection

  /* Shrink a projector column's type until it fits (eight items with explanations); CSSOM, not a style attribute. */
  const FLOOR = 0.84;  // just above 1 / 1.2 (rounding never takes a text under 20 px)
  function fit(node) {
    node.style.fontSize = "";
    let scale = 1;
    // never below 1em of the screen (its smallest text is 1.2em of the column)
    while (!node.hidden && node.scrollHeight > node.clientHeight && scale > FLOOR) {  // not a pixel cut off
      scale = Math.max(FLOOR, scale - 0.05); node.style.fontSize = scale + "em";
    }
  }
  /* The whole projector view: each column fitted; a column that still does not fit (a long list with decoys beside
     the QR code) gets the room of the question, whose type steps down to 1.1em (22 px and more). */
  function fitView() {
    const question = $("order-screen-question"); question.style.fontSize = "";
    const cols = Array.from(document.querySelectorAll("#order-screen .order-col"));
    cols.forEach(fit);
    // a column at its floor keeps a few pixels of margin (a pixel of rounding, a count that grows, must not cut
    // off its last line): until it has them, the question gives up its room
    const SLACK = 8;
    const over = () => cols.some((col) => !col.hidden && (col.scrollHeight > col.clientHeight
      || (parseFloat(col.style.fontSize) <= FLOOR && col.scrollHeight > col.clientHeight - SLACK)));
    let size = parseFloat(getComputedStyle(question).fontSize) / parseFloat(getComputedStyle(question.parentElement).fontSize);
    while (over() && size > 1.1) {
      size = Math.max(1.1, size - 0.1); question.style.fontSize = size + "em"; cols.forEach(fit);
    }
  }
  function decimal(x) { return x === null || x === undefined ? "–" : String(x.toFixed(1)).replace(".", document.documentElement.lang === "en" ? "." : ","); }
  function average(e, y) {
    const means = (y && y.mean_position) || {};
    return (e.items || []).slice().sort((a, b) => (means[a.id] || 99) - (means[b.id] || 99));  // nobody placed it: last
  }

  function current(e, host) {
    if (picked.index !== e.index) {
      const stored = host.me().rankings && host.me().rankings[String(e.index)];
      // a stored ordering of an exercise with decoys: what is not in it, this phone left out
      const out = stored && e.leave_out ? (e.items || []).map((i) => i.id).filter((id) => !stored.includes(id)) : [];
      picked = {index: e.index, ids: stored ? stored.slice() : [], out: out};
    }
    return picked.ids;
  }
  /* Complete: every item placed or (with decoys) left out, at least one placed. Then the ordering goes out. */
  function complete(e) { return picked.ids.length > 0 && picked.ids.length + picked.out.length === (e.items || []).length; }

  function send(index, ids, host) {
    pending = {index: index, ids: ids.slice()};
    if (!host.joined()) { host.say(host.t("order_pending")); return; }
    host.send("order", {items: ids}).then((r) => {
      if (pending && pending.index === index) pending = null;
      if (r.ok) {
        host.me().rankings = host.me().rankings || {};
        host.me().rankings[String(index)] = ids.slice(); host.me().votes[String(index)] = "order";
        host.say(""); host.announce(host.t("order_saved"));
      } else host.say(r.message);
      if (host.ex()) view.render(host.ex(), host);
    }, () => host.say(host.t("order_pending")));
  }

  const view = {
    render(e, host) {
      const {t, el} = host;
      $("order-title").textContent = e.title;
      const story = $("order-story");
      if (story.dataset.index !== String(e.index)) { host.paragraphs(story, e.story); story.dataset.index = e.index; }
      $("order-question").textContent = e.question;
      $("order-phase").textContent = t(e.phase === "open" ? "order_open" : e.phase === "revealed" ? "order_revealed"
        : e.phase === "ready" ? "phase_ready" : "order_closed");
      $("order-phase").dataset.phase = e.phase;
      const ids = current(e, host); const open = e.phase === "open";
      const items = e.items || []; const out = picked.out;
      const stored = host.me().rankings && host.me().rankings[String(e.index)];
      const saved = !!stored && complete(e) && stored.join("\n") === ids.join("\n");
      $("order-progress").textContent = saved ? t("order_saved") : e.leave_out
        ? t("order_progress_out", {n: ids.length, out: out.length, total: items.length})
        : t("order_progress", {n: ids.length, total: items.length});
      $("order-progress").hidden = !open;
      $("order-leave-hint").hidden = !(open && e.leave_out);
      const box = $("order-items");
      box.classList.toggle("leave-out", !!e.leave_out);
      const focused = document.activeElement && box.contains(document.activeElement)
        ? [document.activeElement.dataset.itemId || document.activeElement.dataset.outId, document.activeElement.dataset.outId ? "out" : "item"] : null;
      box.replaceChildren(...items.map((item) => {
        const place = ids.indexOf(item.id) + 1; const left = out.includes(item.id);
        const main = el("button", {type: "button", class: "option order-item" + (place ? " is-placed" : "") + (left ? " is-out" : ""),
          "data-item-id": item.id, "aria-pressed": String(place > 0), "aria-disabled": String(!open || place > 0 || left)},
        el("span", {class: "letter", text: place ? String(place) : left ? "✕" : "·"}),
        el("span", {class: "option-text", text: item.text}),
        left ? el("span", {class: "out-note", text: t("order_left_out")}) : null);
        if (!e.leave_out) return main;
        // a second, large target per item: leave it out (again: take it back); a placed item is not left out
        const leave = el("button", {type: "button", class: "leave-item", "data-out-id": item.id, "data-testid": "leave-out",
          "aria-pressed": String(left), "aria-disabled": String(!open || place > 0),
          "aria-label": t("order_leave_label", {text: item.text}), text: t("order_leave")});
        return el("div", {class: "order-row" + (left ? " is-out" : ""), "data-row-id": item.id}, main, leave);
      }));
      if (focused) {
        const again = box.querySelector(focused[1] === "out" ? '[data-out-id="' + focused[0] + '"]' : '[data-item-id="' + focused[0] + '"]');
        if (again) again.focus();
      }
      $("order-undo").hidden = $("order-reset").hidden = !open;
      $("order-undo").setAttribute("aria-disabled", String(!ids.length));
      $("order-reset").setAttribute("aria-disabled", String(!ids.length && !out.length));
      const y = host.tally();
      const showAverage = !!(e.results_visible && y && y.index === e.index && y.total);
      $("order-tally").hidden = !showAverage;
      if (showAverage) {
        $("order-tally-total").textContent = "(" + host.count("answers", y.total) + ")";
        $("order-average").replaceChildren(...average(e, y).map((item) => el("li", {"data-item-id": item.id},
          el("span", {text: item.text}), el("span", {class: "muted", text: " · " + t("order_mean", {mean: decimal(y.mean_position[item.id])})
            + (e.leave_out && y.left_out && y.left_out[item.id] ? " · " + t("order_left_out_n", {n: y.left_out[item.id]}) : "")}))));
      }
      const revealed = Array.isArray(e.revealed);
      $("order-reveal").hidden = !revealed;
      if (!revealed) return;
      host.paragraphs($("order-summary"), e.summary || "");
      $("order-summary").hidden = !e.summary;
      const text = new Map(items.map((item) => [item.id, item.text]));
      $("order-reveal-list").replaceChildren(...e.revealed.map((r) => el("li", {class: "card reveal-item" + (r.position ? "" : " is-decoy"), "data-item-id": r.id},
        el("p", {class: "reveal-head"}, el("span", {class: "letter", text: r.position ? r.position + " " : "✕ "}), el("strong", {text: text.get(r.id) || ""}),
          ids.includes(r.id) ? el("span", {class: "muted", text: " (" + t("order_your_place", {n: ids.indexOf(r.id) + 1}) + ")"})
            : stored ? el("span", {class: "muted", text: " (" + t("order_you_left_out") + ")"}) : null),
        r.position ? null : el("p", {class: "decoy-mark", "data-testid": "decoy-mark", text: t("order_not_in_it")}),
        el("p", {class: "explanation", text: r.explanation}))));
    },
    bind(host) {
      $("order-items").addEventListener("click", (event) => {
        const b = event.target.closest("button[data-item-id], button[data-out-id]"); const e = host.ex();
        if (!b || !e || e.kind !== "order" || e.phase !== "open" || b.getAttribute("aria-disabled") === "true") return;
        const ids = current(e, host);
        if (b.dataset.outId) {  // leave the item out, or take it back
          const at = picked.out.indexOf(b.dataset.outId);
          if (at >= 0) picked.out.splice(at, 1); else picked.out.push(b.dataset.outId);
        } else ids.push(b.dataset.itemId);
        if (complete(e)) send(e.index, ids, host);
        view.render(e, host);
        if (b.dataset.outId) return;  // the focus stays on the leave-out button (render put it back)
        const next = $("order-items").querySelector('button[data-item-id][aria-disabled="false"]');
        if (next) next.focus();
      });
      const change = (drop) => () => {
        const e = host.ex();
        if (!e || e.kind !== "order" || e.phase !== "open") return;
        const ids = current(e, host);
        if (drop === "all") { ids.length = 0; picked.out.length = 0; } else ids.pop();
        view.render(e, host);
      };
      $("order-undo").addEventListener("click", change("last"));
      $("order-reset").addEventListener("click", change("all"));
    },
    retry(host) {
      const e = host.ex();
      if (pending && e && e.index === pending.index && e.phase === "open") send(e.index, pending.ids, host);
      else pending = null;
    },

    /* projector: the room's average order, ranked; after the reveal the intended order with explanations */
    screen(e, y, KW) {
      const chip = $("order-view").querySelector(".kind-phase");
      chip.textContent = KW.t(e.phase === "open" ? "phase_open_order" : e.phase === "closed" ? "phase_closed"
        : e.phase === "revealed" ? "phase_revealed" : "phase_ready");
      chip.dataset.phase = e.phase;
      // revealed: the chip names the list ("Uitleg · De bedoelde volgorde"), the list has the lines of its title
      if (e.phase === "revealed") chip.textContent += " · " + $("order-intended-title").textContent;
      const now = y && y.index === e.index ? y : null;
      $("order-screen-question").textContent = e.question;
      $("order-screen-count").textContent = KW.count("answers", now ? now.total : 0);
      const revealed = Array.isArray(e.revealed);
      $("order-screen").classList.toggle("is-revealed", revealed);
      // the room's average appears when the trainer shows the results, or with the reveal
      $("order-screen-average-box").hidden = !(e.results_visible || revealed);
      const text = new Map((e.items || []).map((item) => [item.id, item.text]));
      $("order-screen-average").replaceChildren(...average(e, now).map((item, i) => KW.el("li", {"data-item-id": item.id},
        KW.el("span", {class: "rank", text: String(i + 1)}),
        KW.el("span", {class: "order-text", text: item.text}),
        KW.el("span", {class: "order-mean", text: now && now.total ? KW.t("order_mean", {mean: decimal(now.mean_position[item.id])})
          + (e.leave_out && now.left_out && now.left_out[item.id] ? " · " + KW.t("order_left_out_n", {n: now.left_out[item.id]}) : "") : ""}))));
      $("order-screen-exact").textContent = now && now.total ? KW.t("order_exact", {n: now.exact, total: now.total}) : "";
      $("order-screen-reveal").hidden = !revealed;
      if (revealed) {
        // the items that belong in their place, then each decoy: "hoort er niet in", with why
        $("order-screen-intended").replaceChildren(...e.revealed.map((r) => KW.el("li", {"data-item-id": r.id, class: r.position ? "" : "is-decoy"},
          KW.el("span", {class: "rank", text: r.position ? String(r.position) : "✕"}),
          KW.el("div", {}, KW.el("p", {class: "order-text"},  // a decoy's mark leads its line (no line of its own)
            r.position ? null : KW.el("span", {class: "decoy-mark", "data-testid": "decoy-mark", text: KW.t("order_not_in_it")}),
            KW.el("span", {text: text.get(r.id) || ""})),
          KW.el("p", {class: "explanation", text: r.explanation})))));
      }
      fitView();
    },

    /* control page: the average order with mean positions, and how many matched the intended order */
    control(e, p, y, KW) {
      const now = y && y.index === e.index ? y : null;
      const list = KW.el("ol", {class: "live-options", "data-testid": "control-tally"});
      if (p) list.replaceChildren(...average(p, now).map((item) => KW.el("li", {"data-item-id": item.id},
        KW.el("span", {text: item.text}),
        KW.el("span", {class: "muted", text: now && now.total ? " · " + KW.t("order_mean", {mean: decimal(now.mean_position[item.id])})
          + (p.leave_out && now.left_out && now.left_out[item.id] ? " · " + KW.t("order_left_out_n", {n: now.left_out[item.id]}) : "") : ""}))));
      $("live-kind").replaceChildren(KW.el("p", {class: "prompt-text", text: p ? p.question : ""}), list,
        KW.el("p", {"data-testid": "control-exact", text: now && now.total ? KW.t("order_exact", {n: now.exact, total: now.total}) : ""}));
    },
  };

  /* The one protocol of the kind scripts (see static/js/participant.js): phone, screen and control roles. */
  let host = null;
  K.order = {
    phone: {
      init(ctx) { host = ctx; view.bind(ctx); },
      render(e) { if (e && e.kind === "order") view.render(e, host); },
      retry() { view.retry(host); },
    },
    screen: {
      render(e, mode, y) { if (mode === "order") view.screen(e, y, window.KW); },
      fit() { fitView(); },  // a resize, the QR code
      recap(part) {  // the closing recap: the intended order, and how many put it exactly so
        const KW = window.KW;
        return [KW.el("p", {class: "recap-q", text: part.question}),
          KW.el("ol", {class: "recap-tips"}, ...part.intended.map((text) => KW.el("li", {text: text}))),
          part.total ? KW.el("p", {class: "recap-line", text: KW.t("order_exact", {n: part.exact, total: part.total})}) : null];
      },
    },
    control: {render(e, p, y) { view.control(e, p, y, window.KW); }},
  };
})();
