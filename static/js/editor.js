/* Exercise editor: builds the document from the form, saves it through /api/v1/exercises, shows every problem
   next to its field (nothing typed is lost), and previews the exercise as phone and projector will show it.
   The parts that differ per kind come from each kind's folder (exercises/kinds/<name>/static/editor.js). */
(function () {
  "use strict";
  const {t, el, paragraphs} = window.KW;
  const $ = (id) => document.getElementById(id);
  const form = $("editor");
  if (!form) return;
  const kind = form.dataset.kind;
  const initial = JSON.parse($("editor-document").textContent);
  const tags = JSON.parse($("editor-tags").textContent);
  const csrf = document.querySelector('meta[name="csrf-token"]').content;
  const LETTERS = "abcdef";
  let exerciseId = form.dataset.exerciseId || null;
  let options = [];  // case: [{text, tag, explanation, reaction, best}], in order; ids follow the order (a, b, c ...)

  // --- plain fields ------------------------------------------------------------------------------------------
  const plainFields = () => Array.from(form.querySelectorAll("input[name], textarea[name]"))
    .filter((node) => !node.closest(".option-rows"));
  plainFields().forEach((node) => {
    const value = initial[node.name];
    if (value !== undefined && value !== null) node.value = String(value);
  });

  function plainValues() {
    const doc = {kind: kind};
    plainFields().forEach((node) => {
      const raw = node.value;
      if (node.hasAttribute("data-optional") && !raw.trim()) return;
      if (node.hasAttribute("data-number") && /^\s*\d+\s*$/.test(raw)) doc[node.name] = parseInt(raw, 10);
      else doc[node.name] = raw;
    });
    return doc;
  }

  // --- case options --------------------------------------------------------------------------------------------
  function optionRow(option, i) {
    const letter = LETTERS[i].toUpperCase();
    const base = "options[" + (i + 1) + "]";
    const id = (name) => "opt-" + i + "-" + name;
    const wrap = (name, label, control) => el("div", {class: "field", "data-field": base + "." + name},
      el("label", {for: id(name), text: label}), control,
      el("p", {class: "field-error", id: "err-" + id(name), hidden: true}));
    const text = el("textarea", {id: id("text"), rows: 2, "data-opt": "text", "data-testid": "option-text-" + i});
    text.value = option.text || "";
    const tag = el("select", {id: id("tag"), "data-opt": "tag", "data-testid": "option-tag-" + i},
      el("option", {value: "", text: t("choose_tag")}),
      ...Object.entries(tags).map(([code, label]) => el("option", {value: code, text: label})));
    tag.value = option.tag || "";
    const explanation = el("textarea", {id: id("explanation"), rows: 2, "data-opt": "explanation",
      "data-testid": "option-explanation-" + i});
    explanation.value = option.explanation || "";
    const reaction = el("textarea", {id: id("reaction"), rows: 2, "data-opt": "reaction",
      "data-testid": "option-reaction-" + i});
    reaction.value = option.reaction || "";
    const best = el("input", {type: "checkbox", id: id("best"), "data-opt": "best", "data-testid": "option-best-" + i});
    best.checked = !!option.best;
    return el("li", {class: "option-row", "data-index": i},
      el("fieldset", {},
        el("legend", {text: t("option_n", {letter: letter})}),
        wrap("text", t("text"), text), wrap("tag", t("tag"), tag), wrap("explanation", t("explanation"), explanation),
        wrap("reaction", t("reaction"), reaction),
        el("div", {class: "field inline", "data-field": base + ".best"}, best,
          el("label", {for: id("best"), text: t("best")}),
          el("p", {class: "field-error", id: "err-" + id("best"), hidden: true})),
        el("p", {class: "row-tools"},
          el("button", {type: "button", "data-act": "up", disabled: i === 0, "aria-label": t("move_up", {letter: letter}),
            text: "↑"}),
          el("button", {type: "button", "data-act": "down", disabled: i === options.length - 1,
            "aria-label": t("move_down", {letter: letter}), text: "↓"}),
          el("button", {type: "button", "data-act": "remove", "aria-label": t("remove_item", {letter: letter}),
            "data-testid": "option-remove-" + i, text: "×"}))));
  }

  function renderOptions(focus) {
    const list = $("options");
    if (!list) return;
    list.replaceChildren(...options.map(optionRow));
    $("add-option").disabled = options.length >= 6;
    if (focus) { const again = list.querySelector(focus); if (again) again.focus(); }
  }

  function readOptions() {
    const list = $("options");
    if (!list) return;
    list.querySelectorAll("li.option-row").forEach((row) => {
      const option = options[Number(row.dataset.index)];
      row.querySelectorAll("[data-opt]").forEach((node) => {
        option[node.dataset.opt] = node.type === "checkbox" ? node.checked : node.value;
      });
    });
  }

  /* Each kind's part (collect, phone and screen previews) is in its folder: exercises/kinds/<name>/static/editor.js
     registers window.KlantwijsEditorKinds.<name>; the option rows (a case's) and the previews' shared pieces are
     lent to them here. */
  window.KlantwijsEditor = {
    story: (doc) => story(doc),
    optionPreview: (o, revealed, withLetter) => optionPreview(o, revealed, withLetter),
    options() {  // the option rows as they stand: [{id, text, tag, explanation, best}], ids in order (a, b, c ...)
      readOptions();
      return options.map((o, i) => {
        const option = {id: LETTERS[i], text: o.text || ""};
        if (o.tag) option.tag = o.tag;  // no label chosen yet: "ontbreekt", not "'' is geen bekende tag"
        option.explanation = o.explanation || "";
        if (o.reaction && o.reaction.trim()) option.reaction = o.reaction;  // optional: empty means none
        if (o.best) option.best = true;
        return option;
      });
    },
  };
  const KINDS = {};
  Object.assign(KINDS, window.KlantwijsEditorKinds || {}); // kinds whose editor part is a file of its own

  function story(doc) { const node = el("div", {class: "pv-story"}); paragraphs(node, doc.story || t("empty_preview")); return node; }

  function optionPreview(o, revealed, withLetter) {
    const item = el("li", {class: o.best && revealed ? "pv-option best" : "pv-option"},
      el("span", {class: "pv-text", text: (withLetter ? o.id.toUpperCase() + ". " : "") + (o.text || t("empty_preview"))}));
    if (revealed) {
      item.append(el("span", {class: "pv-tag", text: (tags[o.tag] || o.tag || "") + (o.best ? " · " + t("best_mark") : "")}),
        el("span", {class: "pv-explanation", text: o.explanation || ""}),
        o.reaction ? el("span", {class: "pv-reaction", text: t("tenant_says") + " " + o.reaction}) : "");
    }
    return item;
  }

  // --- document, preview, problems --------------------------------------------------------------------------
  function documentNow() { return KINDS[kind].collect(plainValues()); }

  function preview() {
    const doc = documentNow();
    const revealed = $("preview-revealed").checked;
    const title = el("p", {class: "pv-title", text: doc.title || t("empty_preview")});
    $("preview-phone").replaceChildren(title, ...KINDS[kind].phone(doc, revealed));
    $("preview-screen").replaceChildren(title.cloneNode(true), ...KINDS[kind].screen(doc, revealed));
  }

  function clearProblems() {
    form.querySelectorAll(".field-error").forEach((node) => { node.hidden = true; node.textContent = ""; });
    form.querySelectorAll("[aria-invalid]").forEach((node) => {
      node.removeAttribute("aria-invalid");
      const described = (node.getAttribute("aria-describedby") || "").split(" ").filter((x) => !x.startsWith("err-"));
      if (described.length) node.setAttribute("aria-describedby", described.join(" "));
      else node.removeAttribute("aria-describedby");
    });
    $("problems").hidden = true;
    $("problem-list").replaceChildren();
  }

  function showProblems(problems) {
    clearProblems();
    problems.forEach((problem) => {
      const box = form.querySelector('[data-field="' + CSS.escape(problem.field) + '"]')
        || form.querySelector('[data-field="' + CSS.escape(problem.field.replace(/\.[^.]*$/, "")) + '"]');
      const slot = box ? box.querySelector(".field-error") : null;
      const control = box ? box.querySelector(":scope > input, :scope > textarea, :scope > select") : null;
      const label = box ? box.querySelector("label, legend") : null;
      if (slot) {
        slot.textContent = slot.textContent ? slot.textContent + " " + problem.message : problem.message;
        slot.hidden = false;
      }
      if (control && slot) {
        control.setAttribute("aria-invalid", "true");
        const described = (control.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
        if (!described.includes(slot.id)) control.setAttribute("aria-describedby", described.concat(slot.id).join(" "));
      }
      const where = label ? label.textContent.trim() + (box.closest(".option-row") ?
        " (" + box.closest(".option-row").querySelector("legend").textContent + ")" : "") : problem.field;
      // Each problem links to its field: following the link puts the focus in it.
      const target = control || (box ? box.querySelector("input, textarea, select, button") : null);
      if (target && target.id) {
        $("problem-list").append(el("li", {}, el("a", {href: "#" + target.id, "data-focus": target.id,
          text: where + ": " + problem.message})));
      } else $("problem-list").append(el("li", {text: where + ": " + problem.message}));
    });
    $("problems-title").textContent = problems.length === 1 ? t("problems_one") : t("problems_many", {n: problems.length});
    $("problems").hidden = false;
    $("problems").scrollIntoView({block: "start"});
    $("problems").focus();  // after a failed save the keyboard and the screen reader start at the summary
  }
  $("problem-list").addEventListener("click", (event) => {
    const link = event.target.closest("a[data-focus]"); if (!link) return;
    const field = $(link.dataset.focus); if (!field) return;
    event.preventDefault();
    field.scrollIntoView({block: "center"});
    field.focus();
  });

  async function save(event) {
    event.preventDefault();
    $("save-status").textContent = "";
    const url = exerciseId ? form.dataset.api + "/" + encodeURIComponent(exerciseId) : form.dataset.api;
    let response;
    try {
      response = await fetch(url, {method: exerciseId ? "PUT" : "POST", credentials: "same-origin",
        headers: {"Content-Type": "application/json", "X-CSRFToken": csrf}, body: JSON.stringify(documentNow())});
    } catch (e) { $("save-status").textContent = t("save_failed"); return; }
    const body = await response.json().catch(() => ({}));
    if (response.ok) {
      clearProblems();
      exerciseId = body.id;
      form.dataset.exerciseId = body.id;
      history.replaceState(null, "", "/facilitator/exercises/" + encodeURIComponent(body.id) + "/edit");
      $("save-status").textContent = t("saved");
      $("editor-heading").textContent = t("edit_heading", {title: documentNow().title || ""});
      document.title = $("editor-heading").textContent + " · Klantwijs";
    } else if (body.problems) showProblems(body.problems);
    else $("save-status").textContent = body.message || t("save_failed");
  }

  // --- wiring ------------------------------------------------------------------------------------------------
  if ($("options")) {  // a kind with option rows (its editor.html has #options)
    options = (initial.options || []).map((o) => Object.assign({}, o));
    while (options.length < 3) options.push({});
    renderOptions();
    $("add-option").addEventListener("click", () => {
      readOptions();
      if (options.length < 6) options.push({});
      renderOptions('li.option-row:last-child textarea');
      preview();
    });
    $("options").addEventListener("click", (event) => {
      const btn = event.target.closest("button[data-act]");
      if (!btn) return;
      readOptions();
      const i = Number(btn.closest("li").dataset.index);
      const act = btn.dataset.act;
      if (act === "remove") { options.splice(i, 1); renderOptions("#add-option"); }
      else {
        const j = i + (act === "up" ? -1 : 1);
        [options[i], options[j]] = [options[j], options[i]];
        renderOptions('li.option-row[data-index="' + j + '"] button[data-act="' + act + '"]:not([disabled])');
      }
      preview();
    });
    $("options").addEventListener("change", (event) => {
      if (event.target.dataset.opt === "best" && event.target.checked) {  // one best answer: the others go off
        $("options").querySelectorAll('input[data-opt="best"]').forEach((box) => {
          if (box !== event.target) box.checked = false;
        });
      }
    });
  }
  form.addEventListener("input", preview);
  form.addEventListener("change", preview);
  $("preview-revealed").addEventListener("change", preview);
  form.addEventListener("submit", save);
  preview();
})();
