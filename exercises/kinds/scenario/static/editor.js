/* The scenario kind's part of the exercise editor (static/js/editor.js): the scenes and endings as lists, each
   option's `next` a choice from the scenes and endings, the start scene, a drawn map of the graph (columns by
   distance from the start; unreachable scenes and dead ends marked), and the phone and projector preview of the
   scene chosen under the map. Problems such as scenes[2].options[1].next land beside the field (data-field). */
(function () {
  "use strict";
  const E = (window.KlantwijsEditorKinds = window.KlantwijsEditorKinds || {});
  const $ = (id) => document.getElementById(id);
  const LETTERS = "abcdef";
  let scenes = null; let endings = null; let start = null;

  const self = document.currentScript && document.currentScript.src;
  if (self) document.head.append(Object.assign(document.createElement("link"),
    {rel: "stylesheet", href: self.replace(/editor\.js(\?.*)?$/, "scenario.css")}));

  function freeId(list, prefix) {
    let n = 1;
    while (list.some((x) => x.id === prefix + n)) n += 1;
    return prefix + n;
  }
  const sceneName = (s) => (s.question || s.story || "").trim().slice(0, 40) || s.id;
  const target = (value) => (value.startsWith("end:") ? endings.find((x) => "end:" + x.id === value) : scenes.find((x) => x.id === value));

  function nextChoices(select, value) {
    const {t, el} = window.KW;
    select.replaceChildren(el("option", {value: "", text: t("sc_choose_next")}),
      ...scenes.map((s, i) => el("option", {value: s.id, text: t("sc_to_scene", {n: i + 1, name: sceneName(s)})})),
      ...endings.map((x) => el("option", {value: "end:" + x.id, text: t("sc_to_ending", {name: x.title || x.id})})));
    select.value = value || "";
  }

  function field(base, name, label, control) {
    const {el} = window.KW;
    const id = "sc-" + base.replace(/[^a-z0-9]+/gi, "-") + "-" + name;
    control.id = id;
    return el("div", {class: "field", "data-field": base + "." + name}, el("label", {for: id, text: label}), control,
      el("p", {class: "field-error", id: "err-" + id, hidden: true}));
  }

  function textarea(value, key, rows) {
    const node = window.KW.el("textarea", {rows: rows || 2, "data-sc": key});
    node.value = value || "";
    return node;
  }

  function optionRow(scene, s, o, i) {
    const {t, el} = window.KW; const tags = JSON.parse($("editor-tags").textContent);
    const base = "scenes[" + (s + 1) + "].options[" + (i + 1) + "]"; const letter = LETTERS[i].toUpperCase();
    const tag = el("select", {"data-sc": "tag"}, el("option", {value: "", text: t("choose_tag")}),
      ...Object.entries(tags).map(([code, label]) => el("option", {value: code, text: label})));
    tag.value = o.tag || "";
    const next = el("select", {"data-sc": "next", "data-testid": "scene-" + s + "-next-" + i});
    nextChoices(next, o.next);
    const best = el("input", {type: "checkbox", "data-sc": "best", "data-testid": "scene-" + s + "-best-" + i});
    best.checked = !!o.best;
    const text = textarea(o.text, "text"); text.dataset.testid = "scene-" + s + "-text-" + i;
    const bestBox = field(base, "best", t("best"), best); bestBox.classList.add("inline");
    bestBox.insertBefore(best, bestBox.firstChild);
    return el("li", {class: "option-row", "data-option": i},
      el("fieldset", {}, el("legend", {text: t("sc_option_n", {letter: letter})}),
        field(base, "text", t("text"), text), field(base, "tag", t("tag"), tag),
        field(base, "explanation", t("explanation"), textarea(o.explanation, "explanation")),
        field(base, "reaction", t("sc_reaction"), textarea(o.reaction, "reaction")),
        field(base, "next", t("sc_next"), next), bestBox,
        el("p", {class: "row-tools"}, el("button", {type: "button", "data-act": "remove-option",
          "aria-label": t("sc_remove_option", {letter: letter, n: s + 1}), text: "×"}))));
  }

  function sceneRow(scene, s) {
    const {t, el} = window.KW; const base = "scenes[" + (s + 1) + "]";
    const story = textarea(scene.story, "story", 4); story.dataset.testid = "scene-" + s + "-story";
    const question = el("input", {type: "text", "data-sc": "question", "data-testid": "scene-" + s + "-question"});
    question.value = scene.question || "";
    return el("li", {class: "scene-box", "data-scene": s},
      el("fieldset", {}, el("legend", {text: t("sc_scene_n", {n: s + 1})}),
        el("div", {class: "field", "data-field": base + ".id"}, el("p", {class: "field-error", id: "err-sc-scene-" + s, hidden: true})),
        field(base, "story", t("sc_story"), story), field(base, "question", t("sc_question"), question),
        el("div", {class: "field", "data-field": base + ".options"}, el("p", {class: "field-error", id: "err-sc-options-" + s, hidden: true})),
        el("ol", {class: "scene-options"}, ...scene.options.map((o, i) => optionRow(scene, s, o, i))),
        el("p", {class: "row-tools"},
          el("button", {type: "button", "data-act": "add-option", disabled: scene.options.length >= 6,
            "data-testid": "scene-" + s + "-add-option", text: t("sc_add_option")}),
          el("button", {type: "button", "data-act": "remove-scene", "aria-label": t("sc_remove_scene", {n: s + 1}),
            disabled: scenes.length <= 1, text: "×"}))));
  }

  function endingRow(x, n) {
    const {t, el} = window.KW; const base = "endings[" + (n + 1) + "]";
    const title = el("input", {type: "text", "data-sc": "title", "data-testid": "ending-" + n + "-title"}); title.value = x.title || "";
    const text = textarea(x.text, "text"); text.dataset.testid = "ending-" + n + "-text";
    const tone = el("select", {"data-sc": "tone", "data-testid": "ending-" + n + "-tone"},
      ...["good", "mixed", "bad"].map((v) => el("option", {value: v, text: t("sc_tone_" + v)})));
    tone.value = x.tone || "good";
    return el("li", {class: "ending-box", "data-ending": n},
      el("fieldset", {}, el("legend", {text: t("sc_ending_n", {n: n + 1})}),
        el("div", {class: "field", "data-field": base + ".id"}, el("p", {class: "field-error", id: "err-sc-ending-" + n, hidden: true})),
        field(base, "title", t("sc_ending_title"), title), field(base, "text", t("sc_ending_text"), text),
        field(base, "tone", t("sc_tone"), tone),
        el("p", {class: "row-tools"}, el("button", {type: "button", "data-act": "remove-ending",
          "aria-label": t("sc_remove_ending", {n: n + 1}), text: "×"}))));
  }

  function read() {
    document.querySelectorAll("#scenario-scenes > li").forEach((row) => {
      const scene = scenes[Number(row.dataset.scene)];
      row.querySelectorAll(":scope > fieldset > .field > [data-sc]").forEach((node) => { scene[node.dataset.sc] = node.value; });
      row.querySelectorAll("li[data-option]").forEach((item) => {
        const o = scene.options[Number(item.dataset.option)];
        item.querySelectorAll("[data-sc]").forEach((node) => { o[node.dataset.sc] = node.type === "checkbox" ? node.checked : node.value; });
      });
    });
    document.querySelectorAll("#scenario-endings > li").forEach((row) => {
      const x = endings[Number(row.dataset.ending)];
      row.querySelectorAll("[data-sc]").forEach((node) => { x[node.dataset.sc] = node.value; });
    });
    start = $("scenario-start").value || (scenes[0] && scenes[0].id);
  }

  function render(focus) {
    const {t, el} = window.KW;
    $("scenario-scenes").replaceChildren(...scenes.map(sceneRow));
    $("scenario-endings").replaceChildren(...endings.map(endingRow));
    $("add-scene").disabled = scenes.length >= 12;
    [$("scenario-start"), $("scenario-preview-scene")].forEach((select) => {
      const keep = select.id === "scenario-start" ? start : select.value;
      select.replaceChildren(...scenes.map((s, i) => el("option", {value: s.id, text: t("sc_to_scene", {n: i + 1, name: sceneName(s)})})));
      select.value = scenes.some((s) => s.id === keep) ? keep : scenes[0].id;
    });
    if (focus) { const again = document.querySelector(focus); if (again) again.focus(); }
  }

  /* Labels follow what is typed (a scene's question, an ending's title) without redrawing the rows. */
  function relabel() {
    document.querySelectorAll('select[data-sc="next"]').forEach((select) => {
      Array.from(select.options).forEach((option) => {
        const found = option.value ? target(option.value) : null;
        if (!found) return;
        option.textContent = option.value.startsWith("end:") ? window.KW.t("sc_to_ending", {name: found.title || found.id})
          : window.KW.t("sc_to_scene", {n: scenes.indexOf(found) + 1, name: sceneName(found)});
      });
    });
  }

  function drawMap() {
    const {t, el} = window.KW;
    const byId = new Map(scenes.map((s) => [s.id, s]));
    const depth = new Map(); const todo = [[start, 0]];
    while (todo.length) {
      const [id, d] = todo.shift();
      if (!byId.has(id) || depth.has(id)) continue;
      depth.set(id, d);
      byId.get(id).options.forEach((o) => { if (o.next && !o.next.startsWith("end:")) todo.push([o.next, d + 1]); });
    }
    const reachesEnd = new Set(scenes.filter((s) => s.options.some((o) => (o.next || "").startsWith("end:") && target(o.next))).map((s) => s.id));
    let grew = true;
    while (grew) {
      grew = false;
      scenes.forEach((s) => { if (!reachesEnd.has(s.id) && s.options.some((o) => reachesEnd.has(o.next))) { reachesEnd.add(s.id); grew = true; } });
    }
    const columns = [];
    scenes.forEach((s) => { const d = depth.has(s.id) ? depth.get(s.id) : -1; (columns[d + 1] = columns[d + 1] || []).push(s); });
    const node = (s) => el("li", {class: "graph-node" + (s.id === start ? " is-start" : "") + (depth.has(s.id) ? "" : " is-unreachable"),
      "data-scene": s.id, "data-testid": "graph-node"},
    el("strong", {text: t("sc_scene_n", {n: scenes.indexOf(s) + 1}) + (s.id === start ? " · " + t("sc_start") : "")}),
    el("ul", {}, ...s.options.map((o, i) => {
      const found = o.next ? target(o.next) : null;
      const where = !found ? "?" : o.next.startsWith("end:") ? t("sc_to_ending", {name: found.title || found.id})
        : t("sc_scene_n", {n: scenes.indexOf(found) + 1});
      return el("li", {text: LETTERS[i].toUpperCase() + " → " + where});
    })),
    !depth.has(s.id) ? el("p", {class: "graph-warning", "data-testid": "graph-unreachable", text: t("sc_unreachable")})
      : !reachesEnd.has(s.id) ? el("p", {class: "graph-warning", text: t("sc_dead_end")}) : null);
    const lists = columns.slice(1).filter(Boolean).map((list, d) => el("ol", {class: "graph-column", "aria-label": t("sc_step", {n: d + 1})}, ...list.map(node)));
    if (columns[0]) lists.push(el("ol", {class: "graph-column", "aria-label": t("sc_not_reached")}, ...columns[0].map(node)));
    lists.push(el("ol", {class: "graph-column", "aria-label": t("sc_endings")}, ...endings.map((x) => el("li",
      {class: "graph-node is-ending", "data-tone": x.tone || "good", text: x.title || x.id}))));
    $("scenario-graph").replaceChildren(...lists);
  }

  function begin() {
    const initial = JSON.parse($("editor-document").textContent);
    scenes = (initial.scenes || []).map((s) => Object.assign({}, s, {options: (s.options || []).map((o) => Object.assign({}, o))}));
    endings = (initial.endings || []).map((x) => Object.assign({}, x));
    if (!scenes.length) scenes.push({id: "s1", story: "", options: [{}, {}]});
    if (!endings.length) endings.push({id: "e1", tone: "good"}, {id: "e2", tone: "bad"});
    start = initial.start || scenes[0].id;
    render();
    const changed = () => $("editor").dispatchEvent(new Event("change"));
    $("add-scene").addEventListener("click", () => {
      read(); scenes.push({id: freeId(scenes, "s"), story: "", options: [{}, {}]});
      render("#scenario-scenes > li:last-child textarea"); changed();
    });
    $("add-ending").addEventListener("click", () => {
      read(); endings.push({id: freeId(endings, "e"), tone: "mixed"});
      render("#scenario-endings > li:last-child input"); changed();
    });
    [$("scenario-scenes"), $("scenario-endings")].forEach((list) => list.addEventListener("click", (event) => {
      const b = event.target.closest("button[data-act]");
      if (!b) return;
      read();
      const row = b.closest("li[data-scene]"); const s = row ? Number(row.dataset.scene) : null;
      if (b.dataset.act === "add-option" && scenes[s].options.length < 6) scenes[s].options.push({});
      if (b.dataset.act === "remove-option") scenes[s].options.splice(Number(b.closest("li[data-option]").dataset.option), 1);
      if (b.dataset.act === "remove-scene") scenes.splice(s, 1);
      if (b.dataset.act === "remove-ending") endings.splice(Number(b.closest("li[data-ending]").dataset.ending), 1);
      render(s !== null && scenes[s] ? '#scenario-scenes > li[data-scene="' + s + '"] button[data-act="add-option"]' : "#add-scene");
      changed();
    }));
    $("scenario-scenes").addEventListener("change", (event) => {
      if (event.target.dataset.sc === "best" && event.target.checked) {  // one best option a scene
        event.target.closest("ol.scene-options").querySelectorAll('input[data-sc="best"]').forEach((box) => { if (box !== event.target) box.checked = false; });
      }
    });
  }

  function documentScene(doc) {
    const wanted = $("scenario-preview-scene").value;
    return doc.scenes.find((s) => s.id === wanted) || doc.scenes[0];
  }

  E.scenario = {
    collect(doc) {
      if (scenes === null) begin();
      read(); relabel(); drawMap();
      doc.start = start;
      doc.scenes = scenes.map((s) => {
        const scene = {id: s.id, story: s.story || ""};
        if ((s.question || "").trim()) scene.question = s.question;
        scene.options = s.options.map((o, i) => {
          const option = {id: LETTERS[i], text: o.text || ""};
          if (o.tag) option.tag = o.tag;
          option.explanation = o.explanation || "";
          if ((o.reaction || "").trim()) option.reaction = o.reaction;
          if (o.best) option.best = true;
          option.next = o.next || "";
          return option;
        });
        return scene;
      });
      doc.endings = endings.map((x) => ({id: x.id, title: x.title || "", text: x.text || "", tone: x.tone || "good"}));
      return doc;
    },
    phone(doc, revealed) {
      const {t, el} = window.KW; const host = window.KlantwijsEditor; const scene = documentScene(doc);
      return [host.story(scene), el("p", {class: "pv-question", text: scene.question || t("vote_here")}),
        el("ul", {class: "pv-options"}, ...scene.options.map((o) => {
          const item = host.optionPreview(o, revealed, false);
          if (revealed && o.reaction) item.append(el("span", {class: "pv-explanation scenario-bubble", text: o.reaction}));
          return item;
        }))];
    },
    screen(doc, revealed) {
      const {el} = window.KW; const host = window.KlantwijsEditor; const scene = documentScene(doc);
      return [host.story(scene), el("ol", {class: "pv-options"}, ...scene.options.map((o) => host.optionPreview(o, revealed, true)))];
    },
  };
})();
