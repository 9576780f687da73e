/* The case on the control page: the votes as bars, small (loaded on the control page only, after case.js). */
(function () {
  "use strict";
  const K = (window.KlantwijsKinds = window.KlantwijsKinds || {});
  const $ = (id) => document.getElementById(id);
  const {t, count, el, renderBars} = window.KW;
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

  K.case = Object.assign(K.case || {}, {control: control});
})();
