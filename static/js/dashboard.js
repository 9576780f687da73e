/* Dashboard: the workshop builder. The chosen exercises in the trainer's order (arrow buttons, or drag and drop),
   posted as repeated hidden `exercises` fields, with their planned minutes added up; the library filtered by kind,
   theme and words. */
(function () {
  "use strict";
  const {t, el} = window.KW;
  const $ = (id) => document.getElementById(id);
  const form = $("new-workshop");
  if (!form) return;
  const boxes = Array.from(form.querySelectorAll('input[type=checkbox][name="exercises"]'));
  let order = [];

  // With JavaScript the order comes from the hidden inputs, not from the checkboxes.
  boxes.forEach((box) => {
    box.removeAttribute("name");
    if (box.checked) order.push(box.value);
    box.addEventListener("change", () => {
      order = order.filter((id) => id !== box.value);
      if (box.checked) order.push(box.value);
      render();
    });
  });
  const box = (id) => boxes.find((x) => x.value === id);
  const title = (id) => { const b = box(id); return b ? b.dataset.title : id; };
  const minutes = () => order.reduce((sum, id) => sum + (Number((box(id) || {dataset: {}}).dataset.minutes) || 0), 0);

  function move(id, step, focusClass) {
    const i = order.indexOf(id); const j = i + step;
    if (i < 0 || j < 0 || j >= order.length) return;
    [order[i], order[j]] = [order[j], order[i]];
    render();
    const again = $("chosen").querySelector('li[data-id="' + id + '"] .' + focusClass);
    if (again) again.focus();
  }

  function render() {
    $("chosen").replaceChildren(...order.map((id, i) => {
      const name = title(id);
      return el("li", {"data-id": id, draggable: "true"},
        el("span", {class: "chosen-title", text: name}),
        el("span", {class: "chosen-tools"},
          el("button", {type: "button", class: "up", "data-move": "-1", "aria-label": t("move_up", {title: name}),
            disabled: i === 0, text: "↑"}),
          el("button", {type: "button", class: "down", "data-move": "1", "aria-label": t("move_down", {title: name}),
            disabled: i === order.length - 1, text: "↓"}),
          el("button", {type: "button", class: "remove", "aria-label": t("remove_item", {title: name}), text: "×"})));
    }));
    $("chosen-empty").hidden = order.length > 0;
    $("planned-minutes").hidden = $("reorder-help").hidden = order.length === 0;
    $("planned-minutes").textContent = t("planned", {minutes: minutes()});
    $("chosen-inputs").replaceChildren(...order.map((id) => el("input", {type: "hidden", name: "exercises", value: id})));
  }

  $("chosen").addEventListener("click", (event) => {
    const btn = event.target.closest("button"); if (!btn) return;
    const id = btn.closest("li").dataset.id;
    if (btn.classList.contains("remove")) {
      order = order.filter((x) => x !== id);
      const box = boxes.find((x) => x.value === id); if (box) { box.checked = false; box.focus(); }
      render();
    } else move(id, Number(btn.dataset.move), btn.className);
  });

  // Drag and drop: drop an exercise on another to take its place.
  let dragged = null;
  $("chosen").addEventListener("dragstart", (event) => {
    const li = event.target.closest("li"); if (!li) return;
    dragged = li.dataset.id;
    event.dataTransfer.effectAllowed = "move";
    event.dataTransfer.setData("text/plain", dragged);
  });
  $("chosen").addEventListener("dragover", (event) => { if (dragged) event.preventDefault(); });
  $("chosen").addEventListener("drop", (event) => {
    const li = event.target.closest("li");
    event.preventDefault();
    if (!dragged || !li || li.dataset.id === dragged) { dragged = null; return; }
    const to = order.indexOf(li.dataset.id);
    order = order.filter((x) => x !== dragged);
    order.splice(to, 0, dragged);
    dragged = null;
    render();
  });
  $("chosen").addEventListener("dragend", () => { dragged = null; });

  // Filters of the library: kind, theme and words (every word somewhere in the title or the texts).
  const filters = form.querySelector("[data-testid=builder-filters]");
  const items = Array.from(form.querySelectorAll(".lib-item"));
  function filter() {
    const kind = $("builder-kind").value, theme = $("builder-theme").value;
    const words = $("builder-q").value.toLowerCase().split(/\s+/).filter(Boolean);
    let shown = 0;
    items.forEach((item) => {
      const fits = (!kind || item.dataset.kind === kind) && (!theme || item.dataset.theme === theme)
        && words.every((word) => item.dataset.search.includes(word));
      item.hidden = !fits;
      if (fits) shown += 1;
    });
    form.querySelectorAll("fieldset.library").forEach((set) => {
      set.hidden = !set.querySelector(".lib-item:not([hidden])");
    });
    $("builder-count").textContent = t("shown", {shown: shown, total: items.length});
  }
  if (filters) {
    filters.hidden = false;
    ["builder-kind", "builder-theme"].forEach((id) => $(id).addEventListener("change", filter));
    $("builder-q").addEventListener("input", filter);
    filter();
  }

  form.addEventListener("submit", (event) => {
    if (!order.length) { event.preventDefault(); window.alert(t("choose_one")); }
  });
  render();
})();
