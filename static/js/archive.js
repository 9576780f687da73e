// Archive pages: a print button and a copy button for the hand-out link. Everything works without this script;
// it only shows the buttons that need it.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
  document.querySelectorAll("[data-copy]").forEach(function (button) {
    if (!navigator.clipboard) { return; }
    button.hidden = false;
    var label = button.textContent;
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(button.getAttribute("data-copy")).then(function () {
        button.textContent = "✓";
        setTimeout(function () { button.textContent = label; }, 1500);
      });
    });
  });
})();
