/* The case kind: a short story with 3 to 6 responses. A phone votes (changeable while open; a vote without a
   connection goes out after the next join), the projector shows the story, the bars and the reveal one option at a
   time or as an overview; the control page shows the bars small. Registered in window.KlantwijsKinds (the protocol
   is described in static/js/participant.js). */
(function () {
  "use strict";
  const K = (window.KlantwijsKinds = window.KlantwijsKinds || {});
  const $ = (id) => document.getElementById(id);
  const {t, count, el, paragraphs, tagLabel, tagClass, letter, renderBars} = window.KW;

  /* ---- phone ---------------------------------------------------------------------------------------------- */
  const phone = (function () {
    let host = null;
    let pendingVote = null;
    let revealedIndex = null; // the exercise whose reveal this page scrolled to (once per reveal)
    const current = () => { const e = host && host.ex(); return e && e.kind === "case" ? e : null; };
    const tally = () => host.tally();
    function render(e) {
      $("case-title").textContent = e.title;
      const story = $("case-story");
      if (story.dataset.index !== String(e.index)) { paragraphs(story, e.story); story.dataset.index = e.index; }
      $("case-question").textContent = e.question || t("case_question");
      $("case-phase").textContent = phone.phaseText(e);
      $("case-phase").dataset.phase = e.phase;
      renderOptions(e); renderTally(); renderReveal(e);
    }

    function chosen(e) {
      return pendingVote && pendingVote.index === e.index ? pendingVote.option : host.me().votes[String(e.index)] || host.me().vote;
    }

    function renderOptions(e) {
      const box = $("case-options");
      const extra = new Map((e.revealed || []).map((r) => [r.id, r]));
      const pick = chosen(e);
      box.dataset.index = e.index;
      const existing = new Map(Array.from(box.children, (w) => [w.dataset.wrapId, w]));
      const wraps = (e.options || []).map((o) => {
        const wrap = existing.get(o.id) || el("div", {class: "option-wrap", "data-wrap-id": o.id},
          el("button", {type: "button", class: "option", "data-option-id": o.id}));
        const b = wrap.firstChild; const r = extra.get(o.id);
        const parts = [el("span", {class: "letter", "aria-hidden": "true", text: letter(o.id)}),
          el("span", {class: "option-text", text: o.text})];
        if (r) parts.push(el("span", {class: tagClass(r.tag), text: tagLabel(r.tag)}));
        if (r && r.best) parts.push(el("span", {class: "best-mark", "data-testid": "best-mark", text: "★ " + t("best_answer")}));
        if (pick === o.id) parts.push(el("span", {class: "choice", text: t("your_choice")}));
        b.replaceChildren(...parts);
        b.setAttribute("aria-pressed", String(pick === o.id));
        b.setAttribute("aria-disabled", String(e.phase !== "open"));
        // After the reveal each option carries its explanation right below it.
        const note = wrap.querySelector(".option-explanation");
        if (r && !note) wrap.append(el("p", {class: "option-explanation", "data-testid": "explanation", text: r.explanation}));
        else if (r) note.textContent = r.explanation;
        else if (note) note.remove();
        wrap.classList.toggle("is-mine", pick === o.id);
        return wrap;
      });
      const same = wraps.length === box.children.length && wraps.every((w, i) => box.children[i] === w);
      if (!same) box.replaceChildren(...wraps);
      renderMyChoice(e, extra, pick);
    }

    /* After the reveal: say what this phone chose and scroll to it (once per reveal). */
    function renderMyChoice(e, extra, pick) {
      const line = $("my-choice"); const r = pick ? extra.get(pick) : null;
      line.hidden = !e.revealed;
      if (!e.revealed) { if (revealedIndex === e.index) revealedIndex = null; return; }
      line.textContent = r ? t("my_choice", {letter: letter(pick), tag: tagLabel(r.tag)}) : t("my_choice_none");
      if (revealedIndex === e.index) return;
      revealedIndex = e.index;
      const target = pick ? $("case-options").querySelector('[data-wrap-id="' + pick + '"]') : line;
      requestAnimationFrame(() => target.scrollIntoView({block: "center", behavior: "smooth"}));
    }

    function renderTally() {
      const e = current(); const box = $("tally");
      const show = !!(e && e.kind === "case" && e.results_visible && tally() && tally().index === e.index);
      box.hidden = !show;
      if (!show) return;
      $("tally-total").textContent = "(" + count("votes", tally().total) + ")";
      renderBars($("tally-bars"), e.options || [], tally());
    }

    function renderReveal(e) {
      $("reveal").hidden = !e.revealed || !e.summary;
      if (e.revealed) paragraphs($("reveal-summary"), e.summary || "");
    }


        /* A tap before the socket answered: the case the server rendered; the vote goes out after the join. */
    function renderedCase() {
      const box = $("case-options");
      if (box.dataset.index === undefined) return null;
      box.querySelectorAll("button[data-option-id]").forEach((b) => b.setAttribute("aria-pressed", "false"));
      return {index: Number(box.dataset.index), phase: $("case-phase").dataset.phase};
    }
    function castVote(index, option) {
      pendingVote = {index: index, option: option}; if (current()) render(current());
      if (!current()) $("case-options").querySelector('[data-option-id="' + option + '"]').setAttribute("aria-pressed", "true");
      if (!host.joined()) { host.say(t("vote_pending")); return; }
      host.send("vote", {option: option}).then((r) => {
        if (pendingVote && pendingVote.option === option && pendingVote.index === index) pendingVote = null;
        if (r.ok) {
          host.me().votes[String(index)] = option;
          if (current() && current().index === index) host.me().vote = option;
          host.say(""); host.announce(t("vote_saved"));
        } else host.say(r.message);
        if (current()) render(current());
      }, () => { host.say(t("vote_pending")); });
    }
    function retry() {
      const e = current();
      if (pendingVote && e && e.index === pendingVote.index && e.phase === "open") castVote(e.index, pendingVote.option);
      else pendingVote = null;
    }

    return {
      init(ctx) {
        host = ctx;
        $("case-options").addEventListener("click", (event) => {
          const btn = event.target.closest("button[data-option-id]"); const e = current() || renderedCase();
          if (!btn || !e || e.phase !== "open") return;
          castVote(e.index, btn.dataset.optionId);
        });
      },
      render(e) { if (e && e.kind === "case") render(e); },
      retry() { retry(); },
      phaseText(e) {
        if (e.phase === "open") return t("phase_open_case");
        if (e.phase === "closed") return t("phase_closed_case");
        return t(e.phase === "revealed" ? "phase_revealed" : "phase_ready");
      },
    };
  })();

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

    function renderStep(e, extra, step) {
      const options = e.options || [];
      const o = options[step - 1]; const r = extra.get(o.id);
      $("step-count").textContent = t("step_of", {n: step, total: options.length});
      $("step-card").className = "step-card is-" + r.tag.split(":")[0] + (r.best ? " is-best" : "");
      $("step-card").dataset.optionId = o.id;
      $("step-card").replaceChildren(
        el("p", {class: "step-head"}, el("span", {class: "letter", text: letter(o.id)}), el("span", {class: "step-text", text: o.text})),
        tagLine(r), el("p", {class: "explanation", text: r.explanation}), bar(e, o.id));
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

  /* ---- control page: the votes, small ------------------------------------------------------------------------- */
  const control = {
    render(e, p, y) {
      const options = p ? p.options || [] : [];
      const now = y && y.index === e.index ? y : null;
      const list = el("ul", {id: "live-bars", class: "bars", "data-testid": "control-tally"});
      renderBars(list, options, now);
      $("live-kind").replaceChildren(el("h3", {}, t("case_votes") + " ",
        el("span", {id: "votes-total", class: "muted", text: "(" + count("votes", now ? now.total : 0) + ")"})), list);
    },
  };

  K.case = {phone: phone, screen: screen, control: control};
})();
