/* Dashboard: the chosen exercises in the trainer's order, posted as repeated hidden `exercises` fields. */
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
  const title = (id) => { const b = boxes.find((x) => x.value === id); return b ? b.dataset.title : id; };

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
      return el("li", {"data-id": id},
        el("span", {class: "chosen-title", text: name}),
        el("span", {class: "chosen-tools"},
          el("button", {type: "button", class: "up", "data-move": "-1", "aria-label": t("move_up", {title: name}),
            disabled: i === 0, text: "↑"}),
          el("button", {type: "button", class: "down", "data-move": "1", "aria-label": t("move_down", {title: name}),
            disabled: i === order.length - 1, text: "↓"}),
          el("button", {type: "button", class: "remove", "aria-label": t("remove_item", {title: name}), text: "×"})));
    }));
    $("chosen-empty").hidden = order.length > 0;
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
  form.addEventListener("submit", (event) => {
    if (!order.length) { event.preventDefault(); window.alert(t("choose_one")); }
  });
  render();
})();
