/* The scenario on the projector (loaded on the projector page only, after scenario.js): the scene, the votes, the
   reveal step by step with the tenant's reaction as a speech bubble (or the overview), a small map of the path so
   far, the ending in its tone's colour, and its part of the closing recap. */
(function () {
  "use strict";
  const K = (window.KlantwijsKinds = window.KlantwijsKinds || {});
  const $ = (id) => document.getElementById(id);
  K.scenario.parts.style();
  const {t, count, el, paragraphs, tagLabel, tagClass, letter} = window.KW;
  const {mine, ending} = K.scenario.parts;

  /* ---- projector ----------------------------------------------------------------------------------------- */
  const screen = (function () {
    let host = null;
    const now = (e) => { const y = host.tally(); return y && y.index === e.index && e.scene && y.scene === e.scene.id ? y : null; };
    const votesOf = (e, id) => (now(e) ? now(e).counts[id] || 0 : 0);
    const pct = (e, id) => (now(e) && now(e).total ? Math.round((votesOf(e, id) * 100) / now(e).total) : 0);

    function map(e) {
      const steps = e.path.map((s, i) => el("li", {class: "map-step", "data-scene": s.scene},
        el("span", {class: "map-n", text: String(i + 1)}), el("span", {text: t("scenario_path", {letter: letter(s.chosen)})})));
      if (e.scene) steps.push(el("li", {class: "map-step is-here", "data-scene": e.scene.id}, el("span", {class: "map-n", text: String(e.path.length + 1)})));
      if (e.ending) steps.push(el("li", {class: "map-step is-end", "data-tone": e.ending.tone, text: e.ending.title}));
      $("scenario-map").replaceChildren(...steps);
    }

    function tagLine(r, e) {
      return el("p", {class: "option-tag"}, el("span", {class: tagClass(r.tag), text: tagLabel(r.tag)}),
        r.best ? el("span", {class: "best-mark", text: "★ " + t("scenario_best")}) : null,
        el("span", {class: "option-count", text: pct(e, r.id) + "%"}));
    }

    function render(e) {
      $("scenario-screen-title").textContent = e.title;
      host.phaseChip($("scenario-screen-phase"), e);
      const y = now(e);
      $("scenario-screen-count").textContent = e.scene ? count("votes", y ? y.total : 0) : "";
      map(e);
      ending($("scenario-screen-ending"), $("scenario-screen-ending-title"), $("scenario-screen-ending-text"), e);
      const revealed = Array.isArray(e.revealed) && !!e.scene;
      const step = revealed && e.reveal_step ? e.reveal_step : null;
      $("scenario-screen-scene").hidden = !e.scene || !!step;
      $("scenario-screen-step").hidden = !step;
      const view = $("scenario-view");
      view.dataset.layout = !e.scene ? "ending" : step ? "step" : revealed ? "overview" : "scene";
      if (!e.scene) { host.fitAll(); return; }
      const story = $("scenario-screen-story");
      story.hidden = revealed;
      if (story.dataset.key !== e.index + ":" + e.scene.id) { paragraphs(story, e.scene.story); story.dataset.key = e.index + ":" + e.scene.id; }
      $("scenario-screen-question").textContent = e.scene.question || t("scenario_question");
      const extra = new Map((e.revealed || []).map((r) => [r.id, r]));
      const bars = !revealed && e.results_visible && y;
      $("scenario-screen-options").replaceChildren(...e.scene.options.map((o) => {
        const r = extra.get(o.id);
        let figure = null;
        if (bars) {
          const fill = el("span", {class: "bar-fill"}); fill.style.width = pct(e, o.id) + "%";
          figure = el("p", {class: "option-bar"}, el("span", {class: "bar-track", "aria-hidden": "true"}, fill),
            el("span", {class: "bar-num", text: count("votes", votesOf(e, o.id)) + " · " + pct(e, o.id) + "%"}));
        }
        return el("li", {class: "option" + (r ? " revealed is-" + r.tag.split(":")[0] : "") + (r && r.best ? " is-best" : ""), "data-option-id": o.id},
          el("span", {class: "option-side"}, el("span", {class: "letter", text: letter(o.id)})),
          el("div", {class: "option-body"}, el("p", {class: "option-text", text: o.text}), r ? tagLine(r, e) : null, figure));
      }));
      if (step) {
        const o = e.scene.options[step - 1]; const r = extra.get(o.id);
        $("scenario-step-count").textContent = t("scenario_step_of", {n: step, total: e.scene.options.length});
        $("scenario-step-card").className = "step-card is-" + r.tag.split(":")[0] + (r.best ? " is-best" : "");
        $("scenario-step-card").replaceChildren(
          el("p", {class: "step-head"}, el("span", {class: "letter", text: letter(o.id)}), el("span", {class: "step-text", text: o.text})),
          tagLine(r, e), el("p", {class: "explanation", text: r.explanation}),
          r.reaction ? el("p", {class: "scenario-bubble", "data-testid": "scenario-screen-reaction", text: r.reaction}) : null);
      }
      host.fitAll();
    }

    return {
      init(ctx) { host = ctx; },
      render(e, mode) { if (mode === "scenario" && mine(e)) render(e); },
      openKey: "scenario_screen_open",
      fit() {
        const layout = $("scenario-view").dataset.layout;
        if (layout === "step") host.fit($("scenario-step-card"), 1.5);
        else if (layout === "ending") host.fit($("scenario-screen-ending"), 1.8);
        else host.fit($("scenario-screen-scene"), 1.3);
      },
      recap(part) {
        return [...part.path.map((s, i) => el("p", {class: "recap-line choice"},
          el("span", {class: "recap-label", text: t("scenario_scene_n", {n: i + 1}) + ": "}), el("span", {text: s.chosen}))),
        part.ending ? el("p", {class: "recap-line scenario-recap-ending", "data-tone": part.ending.tone,
          text: t("scenario_ending", {title: part.ending.title})}) : null];
      },
    };
  })();

  K.scenario = Object.assign(K.scenario || {}, {screen: screen});
})();
