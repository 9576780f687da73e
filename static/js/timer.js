/* The exercise timer's countdown (phones, projector, control page). The server closes the exercise at zero; this
   only shows the time left. `timer.remaining` (seconds, measured by the server when it built the message) sets the
   local deadline, so a phone whose clock is off still counts down right; `ends_at` is the fallback. */
(function () {
  "use strict";
  const shown = new Map(); // node -> {key, deadline, tick}

  function format(seconds) {
    const s = Math.max(0, Math.ceil(seconds));
    return Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
  }

  /** Show `timer` ({ends_at, seconds, remaining} or null) in `node` (hidden when null); `label` is the node's
      accessible name, `done` the text at zero. */
  function show(node, timer, texts) {
    if (!node) return;
    const before = shown.get(node);
    const key = timer ? timer.ends_at + "/" + timer.seconds : null;
    if (before && before.key === key) return;
    if (before) clearInterval(before.tick);
    shown.delete(node);
    node.hidden = !timer;
    if (!timer) return;
    const deadline = typeof timer.remaining === "number" ? Date.now() + timer.remaining * 1000 : Date.parse(timer.ends_at);
    const entry = {key: key, deadline: deadline, tick: null};
    const draw = () => {
      const left = (entry.deadline - Date.now()) / 1000;
      const digits = node.querySelector("[data-timer-digits]") || node;
      digits.textContent = left > 0 ? format(left) : (texts && texts.done) || "0:00";
      node.dataset.state = left <= 0 ? "done" : left <= 10 ? "ending" : "running";
      node.setAttribute("aria-label", ((texts && texts.label) || "") + " " + format(left));
      if (left <= 0) clearInterval(entry.tick);
    };
    entry.tick = setInterval(draw, 250);
    shown.set(node, entry);
    draw();
  }

  /** Seconds left on a timer (for the control page's +30 s). */
  function left(node) {
    const entry = shown.get(node);
    return entry ? Math.max(0, (entry.deadline - Date.now()) / 1000) : 0;
  }

  window.KlantwijsTimer = {show: show, left: left, format: format};
})();
