/* The scenario on a phone, loaded by scenario.js once a scenario is current: a phone votes on the current scene
   (changeable while open), sees the explanations and the tenant's reaction to its own choice after the reveal, and
   the ending in its tone's colour. */
(function () {
  "use strict";
  const K = window.KlantwijsKinds;
  const $ = (id) => document.getElementById(id);
  const {t, el, paragraphs, tagLabel, tagClass, letter, renderBars} = window.KW;
  const {mine, ending, phaseKey} = K.scenario.parts;

  /* ---- phone ---------------------------------------------------------------------------------------------- */
  const phone = (function () {
    let host = null;
    const votes = {}; // "<index>:<scene>" -> option: this phone's vote per scene (the server's `me` knows the current one)
    let pending = null; // {key, index, option}: tapped while the connection was away
    const key = (e) => e.index + ":" + (e.scene ? e.scene.id : "");
    const chosen = (e) => (pending && pending.key === key(e) ? pending.option : votes[key(e)] || null);

    function render(e) {
      $("scenario-title").textContent = e.title;
      $("scenario-where").textContent = e.scene ? t("scenario_scene_n", {n: e.path.length + 1}) : "";
      $("scenario-scene").hidden = !e.scene;
      ending($("scenario-ending"), $("scenario-ending-title"), $("scenario-ending-text"), e);
      if (!e.scene) return;
      const story = $("scenario-story");
      if (story.dataset.key !== key(e)) { paragraphs(story, e.scene.story); story.dataset.key = key(e); }
      $("scenario-question").textContent = e.scene.question || t("scenario_question");
      $("scenario-phase").textContent = t(phaseKey(e));
      $("scenario-phase").dataset.phase = e.phase;
      const extra = new Map((e.revealed || []).map((r) => [r.id, r]));
      const pick = chosen(e);
      const box = $("scenario-options");
      box.replaceChildren(...e.scene.options.map((o) => {
        const r = extra.get(o.id);
        const b = el("button", {type: "button", class: "option", "data-option-id": o.id, "aria-pressed": String(pick === o.id),
          "aria-disabled": String(e.phase !== "open")},
        el("span", {class: "letter", "aria-hidden": "true", text: letter(o.id)}), el("span", {class: "option-text", text: o.text}),
        r ? el("span", {class: tagClass(r.tag), text: tagLabel(r.tag)}) : null,
        pick === o.id ? el("span", {class: "choice", text: t("scenario_your_choice")}) : null);
        return el("div", {class: "option-wrap" + (pick === o.id ? " is-mine" : ""), "data-wrap-id": o.id}, b,
          r ? el("p", {class: "option-explanation", "data-testid": "explanation", text: r.explanation}) : null);
      }));
      const focusBack = box.querySelector('[data-option-id="' + (document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.optionId : "") + '"]');
      if (focusBack) focusBack.focus();
      const own = pick ? extra.get(pick) : null;
      $("scenario-reaction").hidden = !(own && own.reaction);
      if (own && own.reaction) $("scenario-reaction").textContent = t("scenario_reaction", {text: own.reaction});
      const y = host.tally();
      const show = !!(e.results_visible && y && y.index === e.index && y.scene === e.scene.id);
      $("scenario-tally").hidden = !show;
      if (show) renderBars($("scenario-bars"), e.scene.options, y);
    }

    function send(e, option) {
      const k = key(e);
      pending = {key: k, index: e.index, option: option};
      render(e);
      if (!host.joined()) { host.say(t("scenario_pending")); return; }
      host.send("vote", {option: option}).then((r) => {
        if (pending && pending.key === k && pending.option === option) pending = null;
        if (r.ok) { votes[k] = option; host.me().votes[String(e.index)] = option; host.say(""); host.announce(t("scenario_saved")); }
        else host.say(r.message);
        const now = mine(host.ex()); if (now) render(now);
      }, () => host.say(t("scenario_pending")));
    }

    return {
      init(ctx) {
        host = ctx;
        $("scenario-options").addEventListener("click", (event) => {
          const b = event.target.closest("button[data-option-id]"); const e = mine(host.ex());
          if (b && e && e.scene && e.phase === "open") send(e, b.dataset.optionId);
        });
      },
      joined(r) {
        const e = mine(r.state && r.state.exercise);
        const stored = e && r.state.me && r.state.me.votes ? r.state.me.votes[String(e.index)] : null;
        if (e && e.scene && stored) votes[key(e)] = stored;  // the server's vote on the scene the room is in now
      },
      render(e) { if (mine(e)) render(e); },
      retry() {
        const e = mine(host.ex());
        if (pending && e && key(e) === pending.key && e.phase === "open") send(e, pending.option);
        else pending = null;
      },
      phaseText(e) { return t(phaseKey(e)); },
    };
  })();

  K.scenario.loaded(phone);
})();
