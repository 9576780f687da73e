/* The scale kind: a phone taps a value (changeable while open), the projector shows the distribution and the mean,
   for a paired scale before and after side by side; the control page shows the same figures small.
   Registered in window.KlantwijsKinds with a phone, a screen and a control role (static/js/participant.js). */
(function () {
  "use strict";
  const K = (window.KlantwijsKinds = window.KlantwijsKinds || {});
  const $ = (id) => document.getElementById(id);
  let pending = null; // {index, value}: chosen while the connection was away

  function values(e) { const list = []; for (let v = e.min; v <= e.max; v++) list.push(v); return list; }
  function decimal(x) { return x === null || x === undefined ? "–" : String(x.toFixed(1)).replace(".", document.documentElement.lang === "en" ? "." : ","); }

  /** Bars for a distribution: one row per value with count and percentage. */
  function bars(list, e, counts, total, KW) {
    list.replaceChildren(...values(e).map((v) => {
      const n = (counts && counts[String(v)]) || 0;
      const pct = total ? Math.round((n * 100) / total) : 0;
      const fill = KW.el("div", {class: "bar-fill"});
      fill.style.width = pct + "%";
      return KW.el("li", {class: "bar-row", "data-value": v},
        KW.el("span", {class: "letter", text: String(v)}),
        KW.el("div", {class: "bar-track", "aria-hidden": "true"}, fill),
        KW.el("span", {class: "bar-num", text: n + " · " + pct + "%"}));
    }));
  }

  function chosen(e, host) {
    if (pending && pending.index === e.index) return pending.value;
    const stored = host.me().votes[String(e.index)];
    return stored === undefined || stored === null ? null : Number(stored);
  }

  function send(index, value, host) {
    pending = {index: index, value: value};
    view.render(host.ex(), host);
    if (!host.joined()) { host.say(host.t("scale_pending")); return; }
    host.send("rate", {value: value}).then((r) => {
      if (pending && pending.index === index && pending.value === value) pending = null;
      if (r.ok) { host.me().votes[String(index)] = String(value); host.say(""); host.announce(host.t("scale_saved")); }
      else host.say(r.message);
      if (host.ex()) view.render(host.ex(), host);
    }, () => host.say(host.t("scale_pending")));
  }

  const view = {
    render(e, host) {
      const {t, el} = host;
      $("scale-title").textContent = e.title;
      $("scale-statement").textContent = e.statement;
      $("scale-phase").textContent = t(e.phase === "open" ? "scale_open" : e.phase === "ready" ? "phase_ready" : "scale_closed");
      $("scale-phase").dataset.phase = e.phase;
      $("scale-min-label").textContent = e.min + " = " + e.min_label;
      $("scale-max-label").textContent = e.max + " = " + e.max_label;
      const box = $("scale-values"); const pick = chosen(e, host);
      const existing = new Map(Array.from(box.children, (b) => [b.dataset.value, b]));
      const buttons = values(e).map((v) => {
        const b = existing.get(String(v)) || el("button", {type: "button", class: "scale-value", "data-value": v, text: String(v)});
        b.setAttribute("aria-pressed", String(pick === v));
        b.setAttribute("aria-disabled", String(e.phase !== "open"));
        const label = v === e.min ? e.min_label : v === e.max ? e.max_label : null;
        b.setAttribute("aria-label", label ? v + " (" + label + ")" : String(v));
        return b;
      });
      const same = buttons.length === box.children.length && buttons.every((b, i) => box.children[i] === b);
      if (!same) box.replaceChildren(...buttons);
      box.dataset.index = e.index;
      const y = host.tally();
      const show = !!(e.results_visible && y && y.index === e.index);
      $("scale-tally").hidden = !show;
      if (!show) return;
      $("scale-tally-total").textContent = "(" + host.count("answers", y.total) + ")";
      $("scale-mean").textContent = y.before ? t("scale_before_after", {before: decimal(y.before.before_mean), after: decimal(y.mean)})
        : t("scale_mean", {mean: decimal(y.mean)});
      bars($("scale-bars"), e, y.counts, y.total, host);
    },
    bind(host) {
      $("scale-values").addEventListener("click", (event) => {
        const b = event.target.closest("button[data-value]"); const e = host.ex();
        if (!b || !e || e.kind !== "scale" || e.phase !== "open") return;
        send(e.index, Number(b.dataset.value), host);
      });
    },
    retry(host) {
      const e = host.ex();
      if (pending && e && e.index === pending.index && e.phase === "open") send(e.index, pending.value, host);
      else pending = null;
    },

    /* projector: the distribution and the mean, large; a paired scale's before and after side by side */
    screen(e, y, KW) {
      const chip = $("scale-view").querySelector(".kind-phase");
      chip.textContent = KW.t(e.phase === "open" ? "phase_open_scale" : e.phase === "closed" ? "phase_closed"
        : e.phase === "revealed" ? "phase_revealed" : "phase_ready");
      chip.dataset.phase = e.phase;
      $("scale-screen-statement").textContent = e.statement;
      $("scale-screen-ends").textContent = e.min + " = " + e.min_label + " · " + e.max + " = " + e.max_label;
      const now = y && y.index === e.index ? y : null;
      const before = now && now.before;
      // Like a case's bars: the figures appear when the trainer shows the results (no one follows the room's answer)
      $("scale-screen-count").textContent = KW.count("answers", now ? now.total : 0);
      $("scale-screen").hidden = $("scale-paired").hidden = !e.results_visible;
      $("scale-screen").classList.toggle("is-paired", !!before);
      $("scale-before").hidden = !before;
      $("scale-after-title").textContent = before ? KW.t("scale_after") : KW.t("scale_now");
      $("scale-after-mean").textContent = KW.t("scale_mean", {mean: decimal(now ? now.mean : null)});
      $("scale-after-total").textContent = KW.count("answers", now ? now.total : 0);
      bars($("scale-after-bars"), e, now && now.counts, now ? now.total : 0, KW);
      if (before) {
        $("scale-before-title").textContent = KW.t("scale_before");
        $("scale-before-mean").textContent = KW.t("scale_mean", {mean: decimal(before.before_mean)});
        $("scale-before-total").textContent = KW.count("answers", before.before_total);
        bars($("scale-before-bars"), e, before.before_counts, before.before_total, KW);
        $("scale-paired").textContent = KW.t("scale_paired", {n: before.paired});
      } else $("scale-paired").textContent = "";
    },

    /* control page: the same figures, small */
    control(e, p, y, KW) {
      const box = $("live-kind");
      const now = y && y.index === e.index ? y : null;
      const list = KW.el("ul", {class: "bars", "data-testid": "control-tally"});
      if (p) bars(list, p, now && now.counts, now ? now.total : 0, KW);
      box.replaceChildren(
        KW.el("p", {class: "prompt-text", text: p ? p.statement : ""}),
        KW.el("p", {"data-testid": "control-mean", text: KW.t("scale_mean", {mean: decimal(now ? now.mean : null)}) +
          (now && now.before ? " · " + KW.t("scale_before_mean", {mean: decimal(now.before.before_mean), n: now.before.paired}) : "")}),
        list);
    },
  };

  /* The one protocol of the kind scripts (see static/js/participant.js): phone, screen and control roles. */
  let host = null;
  K.scale = {
    phone: {
      init(ctx) { host = ctx; view.bind(ctx); },
      render(e) { if (e && e.kind === "scale") view.render(e, host); },
      retry() { view.retry(host); },
    },
    screen: {
      render(e, mode, y) { if (mode === "scale") view.screen(e, y, window.KW); },
      recap(part) {  // the closing recap: the mean, for a paired scale before beside after
        const KW = window.KW;
        const nodes = [KW.el("p", {class: "recap-q", text: part.statement})];
        if (part.before_mean !== undefined) {
          nodes.push(KW.el("p", {class: "recap-line choice", text: KW.t("scale_before_after",
            {before: decimal(part.before_mean), after: decimal(part.after_mean)})}),
          KW.el("p", {class: "recap-line", text: KW.t("scale_paired", {n: part.paired})}));
        } else nodes.push(KW.el("p", {class: "recap-line choice", text: KW.t("scale_mean", {mean: decimal(part.mean)})}));
        return nodes;
      },
    },
    control: {render(e, p, y) { view.control(e, p, y, window.KW); }},
  };
})();
