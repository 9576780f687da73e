/* The words kind's part of the exercise editor (static/js/editor.js): plain fields; the preview shows the prompt. */
(function () {
  "use strict";
  const E = (window.KlantwijsEditorKinds = window.KlantwijsEditorKinds || {});
  E.words = {
    collect: (doc) => doc,
    phone: (doc) => {
      const {t, el} = window.KW;
      return [el("p", {class: "pv-prompt", text: doc.prompt || t("empty_preview")}), el("p", {class: "pv-input", text: t("send_tip")})];
    },
    screen: (doc) => [window.KW.el("p", {class: "pv-prompt", text: doc.prompt || window.KW.t("empty_preview")})],
  };
})();
