/* respond (write your own reply): the tip wall with the case story above it. The wall itself, the reply form, the
   outbox and the tags after the reveal are drawn by participant.js and screen.js; this adds the story. */
(function () {
  "use strict";
  const {t, paragraphs} = window.KW;
  const $ = (id) => document.getElementById(id);

  /* The tip wall's headings say "antwoorden" while a respond exercise is current, and what they said otherwise. */
  function headings(mine) {
    [["tip-input-label", "own_reply"], ["own-tips-title", "own_replies"], ["wall-title", "group_replies"]].forEach(([id, key]) => {
      const node = $(id);
      if (!node) return;
      if (node.dataset.original === undefined) node.dataset.original = node.textContent;
      node.textContent = mine ? t(key) : node.dataset.original;
    });
  }

  function story(e) {
    const box = $("respond-story");
    if (!box) return;
    const mine = !!e && e.kind === "respond";
    box.hidden = !mine;
    if (mine && box.dataset.index !== String(e.index)) { paragraphs(box, e.story); box.dataset.index = e.index; }
  }

  (window.KlantwijsKinds = window.KlantwijsKinds || {}).respond = {
    tipsWall: true,
    wallCount: "replies",  // the wall's count says "6 antwoorden", not "6 tips"
    phone: {
      render: (e) => { story(e); headings(!!e && e.kind === "respond"); },
      phaseText: (e) => t({open: "phase_open_respond", closed: "phase_closed_respond",
        revealed: "phase_revealed_respond"}[e.phase] || "phase_ready"),
    },
    screen: {render: (e) => story(e), openKey: "screen_open_respond"},
  };
})();
