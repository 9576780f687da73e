/* The scenario on the control page (loaded there only, after scenario.js): the current scene for the trainer with
   each option's tag, explanation, reaction and where it leads, and the follow and back buttons. */
(function () {
  "use strict";
  const K = (window.KlantwijsKinds = window.KlantwijsKinds || {});
  const $ = (id) => document.getElementById(id);
  K.scenario.parts.style();
  const {t, count, el, paragraphs, tagLabel, tagClass, letter} = window.KW;

  /* ---- control page: the current scene for the trainer, with where each option leads; follow and back ---- */
  const control = {
    presenter(e) {
      const data = $("presenter-data"); const all = data ? JSON.parse(data.textContent || "[]") : [];
      const p = all[e.index] || {};
      return p.scenes || [];
    },
    /* `e` is the trainer's summary of the run (its phase, scene_id, path and ending follow every action's answer
       at once); the scene's texts come from the presenter data. */
    render(e, p, y, act) {
      const live = $("live-kind");
      const path = e.path || [];
      const parts = [];
      if (e.ending) {
        parts.push(el("p", {class: "scenario-ending", "data-tone": e.ending.tone, "data-testid": "control-ending",
          text: t("scenario_ending", {title: e.ending.title})}));
      } else if (e.scene_id) {
        const scene = control.presenter(e).find((s) => s.id === e.scene_id) || {options: []};
        const counts = y && y.index === e.index && y.scene === e.scene_id ? y : null;
        parts.push(el("h3", {}, t("scenario_scene_n", {n: path.length + 1}) + " ",
          el("span", {class: "muted", text: "(" + count("votes", counts ? counts.total : 0) + ")"})));
        const story = el("div", {class: "p-story"}); paragraphs(story, scene.story || "");
        parts.push(story, el("p", {class: "p-question", text: scene.question || t("scenario_question")}));
        const canFollow = e.phase === "closed" || e.phase === "revealed";
        parts.push(el("ol", {class: "p-options", "data-testid": "scenario-control-options"}, ...scene.options.map((o) =>
          el("li", {class: "p-option" + " is-" + o.tag.split(":")[0] + (o.best ? " is-best" : ""), "data-option-id": o.id},
            el("p", {class: "p-head"}, el("span", {class: "letter", text: letter(o.id) + " "}), el("span", {text: o.text}),
              el("span", {class: "muted", text: " · " + count("votes", counts ? counts.counts[o.id] || 0 : 0)})),
            el("p", {class: "p-tags"}, el("span", {class: tagClass(o.tag), text: tagLabel(o.tag)}),
              o.best ? el("span", {class: "best-mark", text: "★ " + t("scenario_best")}) : null),
            el("p", {class: "p-expl", text: o.explanation}),
            o.reaction ? el("p", {class: "p-expl scenario-reaction", text: t("scenario_reaction", {text: o.reaction})}) : null,
            el("p", {class: "p-next", "data-testid": "scenario-next", text: t("scenario_leads_to", {where: o.next_label})}),
            el("button", {type: "button", class: "scenario-follow", "data-follow": o.id, "data-testid": "follow-option",
              "aria-disabled": String(!canFollow), text: t("scenario_follow") + " (" + letter(o.id) + ")"})))));
        parts.push(el("p", {class: "scenario-tools"},
          el("button", {type: "button", class: "primary scenario-follow", "data-follow": "", "data-testid": "follow-majority",
            "aria-disabled": String(!canFollow), text: t("scenario_follow_majority")})));
      }
      if (path.length) {
        parts.push(el("p", {class: "scenario-tools"}, el("button", {type: "button", "data-back": "", "data-testid": "scenario-back",
          text: t("scenario_back")})));
      }
      const focused = document.activeElement && live.contains(document.activeElement) ? document.activeElement.dataset : null;
      live.replaceChildren(...parts);
      if (focused) {
        const again = focused.follow !== undefined ? live.querySelector('[data-follow="' + focused.follow + '"]')
          : focused.back !== undefined ? live.querySelector("[data-back]") : null;
        if (again) again.focus();
      }
      if (!live.dataset.bound && act) {
        live.dataset.bound = "1";
        live.addEventListener("click", (event) => {
          const b = event.target.closest("button[data-follow], button[data-back]");
          if (!b || b.getAttribute("aria-disabled") === "true") return;
          if (b.dataset.back !== undefined) act({action: "back"});
          else act({action: "follow", option: b.dataset.follow || null});
        });
      }
    },
  };

  K.scenario = Object.assign(K.scenario || {}, {control: control});
})();
