/* The scenario kind on every live page (screen.js and control.js add the projector's and the control page's
   roles). On a phone this file is all a workshop without a scenario costs: the drawing and voting
   (scenario-phone.js) and the kind's stylesheet come only once a scenario is current. */
(function () {
  "use strict";
  const K = (window.KlantwijsKinds = window.KlantwijsKinds || {});
  const {t, el, paragraphs} = window.KW;
  const base = ((document.currentScript && document.currentScript.src) || "").replace(/scenario\.js(\?.*)?$/, "");
  const mine = (e) => (e && e.kind === "scenario" ? e : null);

  function style() {  // the kind's stylesheet, from its folder
    if (base && !document.querySelector("link[data-kind-style=scenario]")) {
      document.head.append(el("link", {rel: "stylesheet", href: base + "scenario.css", "data-kind-style": "scenario"}));
    }
  }

  function ending(node, title, text, e) {
    node.hidden = !e.ending;
    if (!e.ending) return;
    node.dataset.tone = e.ending.tone;
    title.textContent = e.ending.title + " · " + t("tone_" + e.ending.tone);
    paragraphs(text, e.ending.text);
  }

  function phaseKey(e) {
    if (e.phase === "open") return "scenario_open";
    if (e.phase === "closed") return "scenario_closed";
    return e.phase === "revealed" ? "scenario_revealed" : "phase_ready";
  }

  let full = null; let asked = false; let ctx = null; let lastJoin = null;
  function load() {
    if (asked || !base) return;
    asked = true; style();
    document.head.append(el("script", {src: base + "scenario-phone.js"}));
  }
  const phone = {
    init(c) { ctx = c; },
    joined(r) { lastJoin = r; if (full) full.joined(r); else if (mine(r.state && r.state.exercise)) load(); },
    render(e) { if (full) full.render(e); else if (mine(e)) load(); },
    retry() { if (full) full.retry(); },
    phaseText(e) { return t(phaseKey(e)); },
  };
  function loaded(made) {  // scenario-phone.js has arrived
    full = made; full.init(ctx);
    if (lastJoin) full.joined(lastJoin);
    if (mine(ctx.ex())) full.render(ctx.ex());
  }

  K.scenario = Object.assign(K.scenario || {}, {phone: phone, loaded: loaded,
    parts: {mine: mine, ending: ending, phaseKey: phaseKey, style: style}});
})();
