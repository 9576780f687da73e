/* The control page's keyboard and presentation clicker (PageDown / PageUp / arrows, "b" or "."): one visible step
   per press. PageDown: open, close, reveal, each reveal_step, the overview, then (a kind that follows, a scenario)
   follow the majority, else the next exercise; at an ending the next exercise. PageUp walks back (the previous
   step, conceal before the first, `back` to the previous scene, then the previous exercise). Once the workshop has
   ended they turn the pages of the closing recap. control.js gives it the page. */
(function () {
  "use strict";
  const {t, emitAck, letter} = window.KW;

  window.KW.clicker = function (page) {
    function nextAction() {
      const e = page.current(); const ws = page.state(); const last = ws.exercises.length - 1;
      if (ws.status === "ended") return ws.recap_page < ws.recap_pages ? {action: "recap_page", page: ws.recap_page + 1} : null;
      const goto = (i) => (i >= 0 && i <= last ? {action: "goto", index: i} : null);
      if (!e) return goto(0);
      if (e.ending) return goto(e.index + 1);  // a run that reached its end (a scenario's ending)
      if (e.phase === "ready") return {action: "open"};
      if (e.phase === "open") return {action: "close"};
      if (e.phase === "closed") return page.canReveal(e) ? {action: "reveal"} : goto(e.index + 1);
      if (e.reveal_step) return {action: "reveal_step", step: e.reveal_step < e.reveal_steps ? e.reveal_step + 1 : null};
      if (has(e, "follow")) return {action: "follow", option: null};  // after the overview: where the majority leads
      return goto(e.index + 1);
    }
    function has(e, action) { return (e.actions || []).includes(action); }
    function previousAction() {
      const e = page.current(); const ws = page.state();
      if (ws.status === "ended") return ws.recap_page > 1 ? {action: "recap_page", page: ws.recap_page - 1} : null;
      if (!e) return null;
      const conceal = has(e, "conceal") ? {action: "conceal"} : null;
      // back to the previous scene as it was left: from an ending, or a scene not opened yet
      if (has(e, "back") && e.path && e.path.length && (e.ending || e.phase === "ready")) return {action: "back"};
      if (e.phase === "revealed" && e.reveal_steps && e.reveal_step !== 1) {
        return {action: "reveal_step", step: e.reveal_step ? e.reveal_step - 1 : e.reveal_steps};
      }
      if (e.phase === "revealed" && conceal) return conceal;
      return e.index > 0 ? {action: "goto", index: e.index - 1} : null;
    }
    function describe(action) {
      if (!action) return t("next_none");
      if (action.action === "goto") return t("next_goto", {n: action.index + 1, title: page.state().exercises[action.index].title});
      if (action.action === "recap_page") return t("next_recap_page", {n: action.page, total: page.state().recap_pages});
      if (action.action === "reveal_step") return action.step ? t("next_step", {letter: stepLetter(action.step)}) : t("next_overview");
      return t("next_" + action.action);
    }
    function stepLetter(step) {
      const e = page.current(); const p = e && page.presenter[e.index];
      const option = p && p.options ? p.options[step - 1] : null;
      return option ? letter(option.id) : String(step);
    }
    let blanked = false;
    function blank() {
      blanked = !blanked; page.changed(); // at once: a second press right after the first brings the picture back
      const wanted = blanked;
      const undo = (message) => { page.showError(message); if (blanked === wanted) { blanked = !wanted; page.changed(); } };
      emitAck(page.socket, "blank", {code: page.code, on: wanted}).then((r) => { if (!r.ok) undo(r.message); },
        () => undo(t("network_failed")));
    }
    document.addEventListener("keydown", (event) => {
      const ws = page.state();
      if (!ws || event.altKey || event.ctrlKey || event.metaKey) return;
      const target = event.target;
      if (target && (target.isContentEditable || ["INPUT", "TEXTAREA", "SELECT"].includes(target.tagName))) return;
      const forward = ["PageDown", "ArrowRight", "ArrowDown"].includes(event.key);
      const back = ["PageUp", "ArrowLeft", "ArrowUp"].includes(event.key);
      if (event.key === "b" || event.key === "B" || event.key === ".") { event.preventDefault(); blank(); return; }
      if (!forward && !back) return;
      event.preventDefault();
      if (event.repeat) return; // a held key is one press
      step(forward);
    });
    /* One press, one step, computed from the state the previous step left: a press that comes while a step is on
       its way waits for it (at most one waits; more presses meanwhile are dropped). */
    let stepping = null; let waiting = null;
    function step(forward) {
      if (stepping) { waiting = forward; return; }
      const action = forward ? nextAction() : previousAction();
      if (!action) return;
      stepping = Promise.resolve(action.action === "reveal" ? page.reveal() : page.act(action)).finally(() => {
        stepping = null;
        if (waiting !== null) { const again = waiting; waiting = null; step(again); }
      });
    }

    return {nextAction: nextAction, describe: describe, stepLetter: stepLetter, blanked: () => blanked};
  };
})();
