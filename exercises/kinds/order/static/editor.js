/* The order kind's part of the exercise editor (static/js/editor.js): rows of items in the intended order (text and
   explanation; up, down, remove), each row's place is its `position`; an item keeps its id, a new one gets the
   next free number. Problems such as items[2].text land beside the row's field. */
(function () {
  "use strict";
  const E = (window.KlantwijsEditorKinds = window.KlantwijsEditorKinds || {});
  const $ = (id) => document.getElementById(id);
  const MAX = 8;
  let items = null; // [{id, text, explanation, decoy}] in the intended order; a decoy's place is 0 (it does not belong)

  function nextId() {
    let n = 1;
    while (items.some((item) => item.id === String(n))) n += 1;
    return String(n);
  }

  function read() {
    const list = $("items");
    if (!list) return;
    Array.from(list.children).forEach((row, i) => {
      row.querySelectorAll("[data-item]").forEach((node) => {
        items[i][node.dataset.item] = node.type === "checkbox" ? node.checked : node.value;
      });
    });
  }

  function row(item, i) {
    const {t, el} = window.KW;
    const base = "items[" + (i + 1) + "]";
    const id = (name) => "item-" + i + "-" + name;
    const wrap = (name, label, control) => el("div", {class: "field", "data-field": base + "." + name},
      el("label", {for: id(name), text: label}), control, el("p", {class: "field-error", id: "err-" + id(name), hidden: true}));
    const text = el("textarea", {id: id("text"), rows: 2, "data-item": "text", "data-testid": "item-text-" + i});
    text.value = item.text || "";
    const explanation = el("textarea", {id: id("explanation"), rows: 2, "data-item": "explanation",
      "data-testid": "item-explanation-" + i});
    explanation.value = item.explanation || "";
    const n = String(i + 1);
    const decoy = el("input", {type: "checkbox", id: id("decoy"), "data-item": "decoy", "data-testid": "item-decoy-" + i});
    decoy.checked = !!item.decoy;
    return el("li", {class: "option-row" + (item.decoy ? " is-decoy" : ""), "data-index": i},
      el("fieldset", {}, el("legend", {text: t(item.decoy ? "item_decoy_n" : "item_n", {n: n})}),
        wrap("text", t("item_text"), text), wrap("explanation", t("explanation"), explanation),
        el("div", {class: "field inline", "data-field": base + ".position"}, decoy,
          el("label", {for: id("decoy"), text: t("item_decoy")}),
          el("p", {class: "field-error", id: "err-" + id("decoy"), hidden: true})),
        el("p", {class: "row-tools"},
          el("button", {type: "button", "data-act": "up", disabled: i === 0, "aria-label": t("item_up", {n: n}), text: "↑"}),
          el("button", {type: "button", "data-act": "down", disabled: i === items.length - 1, "aria-label": t("item_down", {n: n}), text: "↓"}),
          el("button", {type: "button", "data-act": "remove", "aria-label": t("item_remove", {n: n}), text: "×"}))));
  }

  function render(focus) {
    $("items").replaceChildren(...items.map(row));
    $("add-item").disabled = items.length >= MAX;
    if (focus) { const again = $("items").querySelector(focus); if (again) again.focus(); }
  }

  function start() {
    const initial = JSON.parse($("editor-document").textContent);
    // the items that belong in their intended order, then the decoys (position 0)
    items = (initial.items || []).slice().sort((a, b) => (a.position || 99) - (b.position || 99))
      .map((item) => ({id: item.id, text: item.text, explanation: item.explanation, decoy: item.position === 0}));
    while (items.length < 3) items.push({id: nextId()});
    render();
    $("add-item").addEventListener("click", () => {
      read();
      if (items.length < MAX) items.push({id: nextId()});
      render("li.option-row:last-child textarea");
    });
    $("items").addEventListener("click", (event) => {
      const btn = event.target.closest("button[data-act]");
      if (!btn) return;
      read();
      const i = Number(btn.closest("li").dataset.index); const act = btn.dataset.act;
      if (act === "remove") { items.splice(i, 1); render("#add-item"); }
      else {
        const j = i + (act === "up" ? -1 : 1);
        [items[i], items[j]] = [items[j], items[i]];
        render('li.option-row[data-index="' + j + '"] button[data-act="' + act + '"]:not([disabled])');
      }
      $("editor").dispatchEvent(new Event("change"));
    });
    $("items").addEventListener("change", (event) => {  // a row became a decoy or stopped being one: relabel it
      if (event.target.dataset.item !== "decoy") return;
      read();
      render('[data-testid="' + event.target.dataset.testid + '"]');
    });
  }

  E.order = {
    collect(doc) {
      if (items === null) start();
      read();
      let place = 0;  // the rows that belong count 1, 2, ...; a decoy's position is 0
      doc.items = items.map((item) => ({id: item.id, text: item.text || "", position: item.decoy ? 0 : (place += 1),
        explanation: item.explanation || ""}));
      return doc;
    },
    phone(doc, revealed) {
      const {t, el} = window.KW;
      return [el("p", {class: "pv-question", text: doc.question || t("empty_preview")}),
        el("ol", {class: "pv-options"}, ...doc.items.map((item) => el("li", {class: "pv-option"},
          el("span", {class: "pv-text", text: item.text || t("empty_preview")}),
          revealed && !item.position ? el("span", {class: "pv-tag", text: t("order_not_in_it")}) : null,
          revealed ? el("span", {class: "pv-explanation", text: item.explanation || ""}) : null)))];
    },
    screen(doc) {
      const {t, el} = window.KW;
      return [el("p", {class: "pv-prompt", text: doc.question || t("empty_preview")}),
        el("p", {class: "pv-explanation", text: t("pv_order_average")})];
    },
  };
})();
