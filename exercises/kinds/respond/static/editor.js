/* The respond kind's part of the exercise editor (static/js/editor.js): plain fields; the preview shows the story
   and the question. */
(function () {
  "use strict";
  const E = (window.KlantwijsEditorKinds = window.KlantwijsEditorKinds || {});
  E.respond = {
    collect: (doc) => doc,
    phone: (doc) => {
      const {t, el} = window.KW;
      return [window.KlantwijsEditor.story(doc), el("p", {class: "pv-question", text: doc.question || t("empty_preview")}),
        el("p", {class: "pv-input", text: t("send_tip")})];
    },
    screen: (doc) => [window.KlantwijsEditor.story(doc),
      window.KW.el("p", {class: "pv-prompt", text: doc.question || window.KW.t("empty_preview")})],
  };
})();
