/* The case kind's part of the exercise editor (static/js/editor.js): the option rows (3 to 6, drawn by the editor
   because the template has #options) become `options`; the preview shows the story and the options, after the
   reveal with tags and explanations. */
(function () {
  "use strict";
  const E = (window.KlantwijsEditorKinds = window.KlantwijsEditorKinds || {});
  E.case = {
    collect: (doc) => { doc.options = window.KlantwijsEditor.options(); return doc; },
    phone: (doc, revealed) => {
      const {t, el} = window.KW; const host = window.KlantwijsEditor;
      return [host.story(doc), el("p", {class: "pv-question", text: doc.question || t("vote_here")}),
        el("ul", {class: "pv-options"}, ...doc.options.map((o) => host.optionPreview(o, revealed, false)))];
    },
    screen: (doc, revealed) => {
      const host = window.KlantwijsEditor;
      return [host.story(doc), window.KW.el("ol", {class: "pv-options"},
        ...doc.options.map((o) => host.optionPreview(o, revealed, true)))];
    },
  };
})();
