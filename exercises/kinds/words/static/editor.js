/* The words kind's part of the exercise editor (static/js/editor.js): the tips kind's (plain fields; the preview
   shows the prompt), as a words document is a tips document with a limit per participant. Looked up when called,
   so the order in which the kinds' editor files load does not matter. */
(function () {
  "use strict";
  const E = (window.KlantwijsEditorKinds = window.KlantwijsEditorKinds || {});
  E.words = {
    collect: (doc) => E.tips.collect(doc),
    phone: (doc) => E.tips.phone(doc),
    screen: (doc) => E.tips.screen(doc),
  };
})();
