/* The scenario kind: a conversation that branches scene by scene. A phone votes on the current scene (changeable
   while open), sees the explanations and the tenant's reaction to its own choice after the reveal, and the ending;
   the projector shows the scene, the votes, the reveal step by step with the reactions as speech bubbles, a small
   map of the path so far and the ending in its tone's colour; the control page shows the current scene for the
   trainer with where each option leads, and the follow and back buttons. Registered in window.KlantwijsKinds. */
(function () {
  "use strict";
  const K = (window.KlantwijsKinds = window.KlantwijsKinds || {});
  const $ = (id) => document.getElementById(id);
  const {t, count, el, paragraphs, tagLabel, tagClass, letter, renderBars} = window.KW;
  const mine = (e) => (e && e.kind === "scenario" ? e : null);

  /* The kind's stylesheet lives in its folder beside this script. */
  const self = document.currentScript && document.currentScript.src;
  if (self && !document.querySelector("link[data-kind-style=scenario]")) {
    const link = el("link", {rel: "stylesheet", href: self.replace(/scenario\.js(\?.*)?$/, "scenario.css"), "data-kind-style": "scenario"});
    document.head.append(link);
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
        pick === o.id ? el("span", {class: "choice", text: t("your_choice")}) : null);
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
      if (!host.joined()) { host.say(t("vote_pending")); return; }
      host.send("vote", {option: option}).then((r) => {
        if (pending && pending.key === k && pending.option === option) pending = null;
        if (r.ok) { votes[k] = option; host.me().votes[String(e.index)] = option; host.say(""); host.announce(t("vote_saved")); }
        else host.say(r.message);
        const now = mine(host.ex()); if (now) render(now);
      }, () => host.say(t("vote_pending")));
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
        r.best ? el("span", {class: "best-mark", text: "★ " + t("best_answer")}) : null,
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

  /* ---- control page: the current scene for the trainer, with where each option leads; follow and back ---- */
  const control = {
    presenter(e) {
      const data = $("presenter-data"); const all = data ? JSON.parse(data.textContent || "[]") : [];
      const p = all[e.index] || {};
      return p.scenes || [];
    },
    render(e, p, y, act) {
      const live = $("live-kind");
      if (!p) { live.replaceChildren(); return; }
      const parts = [];
      if (p.ending) {
        parts.push(el("p", {class: "scenario-ending", "data-tone": p.ending.tone, "data-testid": "control-ending",
          text: t("scenario_ending", {title: p.ending.title})}));
      } else if (p.scene) {
        const scene = control.presenter(e).find((s) => s.id === p.scene.id) || {options: []};
        const counts = y && y.index === e.index && y.scene === p.scene.id ? y : null;
        parts.push(el("h3", {}, t("scenario_scene_n", {n: p.path.length + 1}) + " ",
          el("span", {class: "muted", text: "(" + count("votes", counts ? counts.total : 0) + ")"})));
        const story = el("div", {class: "p-story"}); paragraphs(story, scene.story || "");
        parts.push(story, el("p", {class: "p-question", text: scene.question || t("scenario_question")}));
        const canFollow = p.phase === "closed" || p.phase === "revealed";
        parts.push(el("ol", {class: "p-options", "data-testid": "scenario-control-options"}, ...scene.options.map((o) =>
          el("li", {class: "p-option" + " is-" + o.tag.split(":")[0] + (o.best ? " is-best" : ""), "data-option-id": o.id},
            el("p", {class: "p-head"}, el("span", {class: "letter", text: letter(o.id) + " "}), el("span", {text: o.text}),
              el("span", {class: "muted", text: " · " + count("votes", counts ? counts.counts[o.id] || 0 : 0)})),
            el("p", {class: "p-tags"}, el("span", {class: tagClass(o.tag), text: tagLabel(o.tag)}),
              o.best ? el("span", {class: "best-mark", text: "★ " + t("best_answer")}) : null),
            el("p", {class: "p-expl", text: o.explanation}),
            o.reaction ? el("p", {class: "p-expl scenario-reaction", text: t("scenario_reaction", {text: o.reaction})}) : null,
            el("p", {class: "p-next", "data-testid": "scenario-next", text: t("scenario_leads_to", {where: o.next_label})}),
            el("button", {type: "button", class: "scenario-follow", "data-follow": o.id, "data-testid": "follow-option",
              "aria-disabled": String(!canFollow), text: t("scenario_follow") + " (" + letter(o.id) + ")"})))));
        parts.push(el("p", {class: "scenario-tools"},
          el("button", {type: "button", class: "primary scenario-follow", "data-follow": "", "data-testid": "follow-majority",
            "aria-disabled": String(!canFollow), text: t("scenario_follow_majority")})));
      }
      if (p.path.length) {
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

  K.scenario = {phone: phone, screen: screen, control: control};
})();
