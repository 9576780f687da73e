/* The scale's part of the exercise editor (static/js/editor.js): its fields are plain fields; the preview shows the
   statement and the scale as phone and projector will. */
(function () {
  "use strict";
  const E = (window.KlantwijsEditorKinds = window.KlantwijsEditorKinds || {});
  function values(doc) {
    const low = Number.isInteger(doc.min) ? doc.min : 1; const high = Number.isInteger(doc.max) ? Math.min(doc.max, 10) : 5;
    const list = []; for (let v = low; v <= high; v++) list.push(v); return list;
  }
  E.scale = {
    collect: (doc) => doc,
    phone(doc) {
      const {t, el} = window.KW;
      return [el("p", {class: "pv-question", text: doc.statement || t("empty_preview")}),
        el("p", {class: "pv-scale", text: values(doc).join("  ")}),
        el("p", {class: "pv-explanation", text: (doc.min_label || "…") + " ↔ " + (doc.max_label || "…")})];
    },
    screen(doc) {
      const {t, el} = window.KW;
      return [el("p", {class: "pv-prompt", text: doc.statement || t("empty_preview")}),
        el("p", {class: "pv-explanation", text: t(doc.pair ? "pv_scale_paired" : "pv_scale_bars")})];
    },
  };
})();
