/* The case kind: a short story with 3 to 6 responses. A phone votes (changeable while open; a vote without a
   connection goes out after the next join), the projector shows the story, the bars and the reveal one option at a
   time or as an overview (static/screen.js); the control page shows the bars small (static/control.js). Registered in
   window.KlantwijsKinds (the protocol is described in static/js/participant.js). */
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

    /* Whether the projector has shown option `id` yet: at reveal_step n options 1..n; at the overview all. */
    function stepReached(e, id) {
      if (!e.revealed) return false;
      if (!e.reveal_step) return true;
      return (e.options || []).findIndex((o) => o.id === id) < e.reveal_step;
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
        // the tenant's reaction to this phone's own choice, once the projector has reached that option
        const said = wrap.querySelector(".reaction-bubble");
        const shown = r && r.reaction && pick === o.id && stepReached(e, o.id);
        if (shown && !said) wrap.append(el("p", {class: "reaction-bubble", "data-testid": "my-reaction"},
          el("span", {class: "reaction-who", text: t("tenant_says") + " "}), el("span", {class: "reaction-text", text: r.reaction})));
        else if (shown) said.querySelector(".reaction-text").textContent = r.reaction;
        else if (said) said.remove();
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
      // the phone follows the projector's reveal step: its own choice is named before its explanation is on screen
      line.textContent = r ? t("my_choice", {letter: letter(pick), tag: tagLabel(r.tag)})
        : pick ? t("my_choice_coming", {letter: letter(pick)}) : t("my_choice_none");
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

  K.case = Object.assign(K.case || {}, {phone: phone});  // the projector's part: screen.js; the control page's: control.js
})();
