/* The tips kind: an open question; phones post tips and upvote each other's on the tip wall, which the host pages
   draw for every kind that uses it (static/js/participant.js, screen.js); this gives the wall its words while a
   tips question is current. Registered in window.KlantwijsKinds (the protocol: static/js/participant.js). */
(function () {
  "use strict";
  const K = (window.KlantwijsKinds = window.KlantwijsKinds || {});
  const t = (key) => window.KW.t(key);

  K.tips = {
    tipsWall: true,
    phone: {
      phaseText(e) {
        if (e.phase === "open") return t("phase_open_tips");
        if (e.phase === "closed") return t("phase_closed_tips");
        return t(e.phase === "revealed" ? "phase_revealed" : "phase_ready");
      },
    },
    screen: {
      openKey: "screen_open_tips",
      recap(part) {  // the question's top tips
        const {el} = window.KW; const top = part.top || [];
        return [el("p", {class: "recap-q", text: part.prompt}),
          top.length ? el("ol", {class: "recap-tips"}, ...top.map((x) => el("li", {text: x.text})))
            : el("p", {class: "recap-none", text: t("no_recap_tips")})];
      },
    },
  };
})();
