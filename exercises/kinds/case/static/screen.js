/* The case on the projector: the story beside the options, the bars, the reveal one option at a time or the
   overview, and its line of the closing recap (loaded on the projector page only, after case.js). */
(function () {
  "use strict";
  const K = (window.KlantwijsKinds = window.KlantwijsKinds || {});
  const $ = (id) => document.getElementById(id);
  const {t, count, el, paragraphs, tagLabel, tagClass, letter} = window.KW;
  /* ---- projector: story and options; bars; the reveal one option at a time, or the overview --------------- */
  const screen = (function () {
    let host = null;
    const tally = () => host.tally();
    function votesOf(e, id) { return tally() && tally().index === e.index ? tally().counts[id] || 0 : 0; }
    function pct(e, id) { const total = tally() && tally().index === e.index ? tally().total : 0; return total ? Math.round((votesOf(e, id) * 100) / total) : 0; }

    function tagLine(r, share) {
      return el("p", {class: "option-tag"}, el("span", {class: tagClass(r.tag), text: tagLabel(r.tag)}),
        r.best ? el("span", {class: "best-mark", "data-testid": "best-mark", text: "★ " + t("best_answer")}) : null,
        share !== undefined ? el("span", {class: "option-count", text: share + "%"}) : null);
    }

    function bar(e, id) {
      const fill = el("span", {class: "bar-fill"}); fill.style.width = pct(e, id) + "%";
      return el("p", {class: "option-bar"}, el("span", {class: "bar-track", "aria-hidden": "true"}, fill),
        el("span", {class: "bar-num", text: count("votes", votesOf(e, id)) + " · " + pct(e, id) + "%"}));
    }

    function renderCase(e) {
      $("case-title").textContent = e.title;
      host.phaseChip($("case-phase"), e);
      const total = tally() && tally().index === e.index ? tally().total : 0;
      $("vote-count").textContent = count("votes", total);
      const story = $("case-story");
      if (story.dataset.index !== String(e.index)) { paragraphs(story, e.story); story.dataset.index = e.index; }
      $("case-question").textContent = e.question || t("case_question");
      const revealed = Array.isArray(e.revealed);
      const step = revealed && e.reveal_step ? e.reveal_step : null;
      const showBars = !revealed && !!(e.results_visible && tally() && tally().index === e.index);
      const view = $("case-view");
      view.dataset.layout = step ? "step" : revealed ? "overview" : showBars ? "bars" : "story";
      $("case-cols").hidden = !!step || showBars;
      $("reveal-step").hidden = !step;
      $("tally").hidden = !showBars;
      $("reveal").hidden = !revealed || !!step;
      story.hidden = revealed;
      // After the reveal the case (summary, tags, explanations) is the `reveal` test target: the step or the overview.
      $("reveal-step").setAttribute("data-testid", step ? "reveal" : "reveal-step");
      if (revealed && !step) $("case-cols").setAttribute("data-testid", "reveal"); else $("case-cols").removeAttribute("data-testid");
      $("reveal-step").setAttribute("data-step", step || "");
      if (showBars) {
        $("tally-bars").replaceChildren(...(e.options || []).map((o) => el("li", {class: "tally-row", "data-option-id": o.id},
          el("span", {class: "letter", text: letter(o.id)}), el("span", {class: "tally-text", text: o.text}), bar(e, o.id))));
      }
      if (revealed) paragraphs($("reveal-summary"), e.summary || "");
      const extra = new Map((e.revealed || []).map((r) => [r.id, r]));
      if (step) renderStep(e, extra, step);
      $("case-options").replaceChildren(...(e.options || []).map((o) => {
        const r = extra.get(o.id);
        return el("li", {class: "option" + (r ? " revealed is-" + r.tag.split(":")[0] : "") + (r && r.best ? " is-best" : ""),
          "data-option-id": o.id},
        el("span", {class: "option-side"}, el("span", {class: "letter", text: letter(o.id)}),
          r ? el("span", {class: "option-count", text: pct(e, o.id) + "%"}) : null),
        el("div", {class: "option-body"}, el("p", {class: "option-text", text: o.text}), r ? tagLine(r) : null));
      }));
      host.fitAll();
    }

    /* The tenant's answer to this option: a speech bubble from the tenant (none when the option has no reaction). */
    function reaction(r) {
      if (!r.reaction) return null;
      return el("p", {class: "reaction-bubble", "data-testid": "reaction"},
        el("span", {class: "reaction-who", text: t("tenant_says") + " "}), el("span", {class: "reaction-text", text: r.reaction}));
    }

    function renderStep(e, extra, step) {
      const options = e.options || [];
      const o = options[step - 1]; const r = extra.get(o.id);
      $("step-count").textContent = t("step_of", {n: step, total: options.length});
      $("step-card").className = "step-card is-" + r.tag.split(":")[0] + (r.best ? " is-best" : "");
      $("step-card").dataset.optionId = o.id;
      $("step-card").replaceChildren(
        el("p", {class: "step-head"}, el("span", {class: "letter", text: letter(o.id)}), el("span", {class: "step-text", text: o.text})),
        tagLine(r), el("p", {class: "explanation", text: r.explanation}), reaction(r), bar(e, o.id));
      $("step-dots").replaceChildren(...options.map((x, i) => el("li", {class: i + 1 === step ? "on" : "", text: letter(x.id)})));
    }

    return {
      init(ctx) { host = ctx; },
      render(e, mode) { if (mode === "case") renderCase(e); },
      openKey: "screen_open_case",
      fit() {
        const layout = $("case-view").dataset.layout;
        if (layout === "step") host.fit($("step-card"), 1.6);
        else if (layout === "bars") host.fit($("tally"), 1.4);
        else if (layout === "overview") {
          ["case-left", "case-right"].forEach((id) => { $(id).style.fontSize = ""; });
          // Too much for the screen (a 4:3 beamer, or the QR code brought back): the summary, which every phone shows,
          // gives way to the options, then the options take one column; nothing is cut off or shrunk below 1em.
          const cols = $("case-cols"); const over = () => cols.scrollHeight > cols.clientHeight + 2;
          const tries = [[false, false], [true, false], [true, true]];
          for (const [noSummary, oneColumn] of tries) {
            $("case-left").hidden = noSummary; $("case-options").classList.toggle("one-column", oneColumn);
            host.fit(cols, 1.2);
            if (!over()) break;
          }
        }
        else {
          $("case-cols").style.fontSize = ""; $("case-left").hidden = false; $("case-options").classList.remove("one-column");
          host.fit($("case-left"), 1.3); host.fit($("case-right"), 1.3);
        }
      },
      recap(part) {
        const line = (label, o, cls) => el("p", {class: "recap-line " + cls},
          el("span", {class: "recap-label", text: label + ": "}),
          o ? el("span", {class: "recap-letter", text: letter(o.id) + ". "}) : null,
          el("span", {text: o ? o.text : t("no_votes")}),
          o && cls === "choice" ? el("span", {class: "recap-pct", text: " (" + Math.round(o.percentage) + "%)"}) : null);
        return [line(t("room_choice"), part.choice, "choice"), part.best ? line(t("intended"), part.best, "intended") : null];
      },
    };
  })();

  K.case = Object.assign(K.case || {}, {screen: screen});
})();
