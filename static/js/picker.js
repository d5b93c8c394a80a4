// The as-you-type picker (coalition/pickers.py), after the ARIA combobox pattern: htmx fills the listbox as the
// person types; this file moves through it with the arrow keys, chooses with Enter or a tap, and writes the
// chosen id where the form sends it. Without this file the picker still works: its Search button sends the
// form back with the matches as radio buttons or checkboxes.
(function () {
  "use strict";

  function setup(root) {
    if (root.dataset.pickerReady === "1") return;
    root.dataset.pickerReady = "1";
    var box = root.querySelector("[role=combobox]");
    var listbox = root.querySelector("[role=listbox]");
    var shown = root.querySelector("[data-picker-shown]");
    var value = root.querySelector("[data-picker-value]");
    var search = root.querySelector("[data-picker-search]");
    var chosenSet = root.querySelector("[data-picker-chosen-set]");
    var chosenList = root.querySelector("[data-picker-chosen]");
    var multiple = root.hasAttribute("data-multiple");
    var name = root.dataset.name;
    var active = -1;

    // With this file the matches come as you type: the no-JS Search button would only get in the way of Enter.
    if (search) { search.type = "button"; search.removeAttribute("formnovalidate"); search.hidden = true; }

    function options() { return Array.prototype.slice.call(listbox.querySelectorAll("[role=option]")); }

    function open() {
      var any = options().length > 0;
      listbox.hidden = !any;
      box.setAttribute("aria-expanded", any ? "true" : "false");
    }

    function close() {
      listbox.hidden = true;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var all = options();
      if (!all.length) return;
      active = (index + all.length) % all.length;
      all.forEach(function (option, i) { option.setAttribute("aria-selected", i === active ? "true" : "false"); });
      box.setAttribute("aria-activedescendant", all[active].id);
      all[active].scrollIntoView({ block: "nearest" });
    }

    function addChosen(pk, label, detail) {
      var existing = chosenList.querySelector("input[value='" + pk + "']");
      if (existing) { existing.checked = true; return; }
      var id = box.id + "_chosen_" + pk;
      var item = document.createElement("li");
      var input = document.createElement("input");
      input.type = "checkbox"; input.name = name; input.value = pk; input.id = id; input.checked = true;
      var text = document.createElement("label");
      text.htmlFor = id;
      text.textContent = label;
      if (detail) {
        var span = document.createElement("span");
        span.className = "picker__detail";
        span.textContent = detail;
        text.appendChild(document.createTextNode(" "));
        text.appendChild(span);
      }
      item.appendChild(input); item.appendChild(document.createTextNode(" ")); item.appendChild(text);
      chosenList.appendChild(item);
      chosenSet.hidden = false;
    }

    function choose(option) {
      var pk = option.dataset.value;
      var label = option.dataset.label;
      var detailNode = option.querySelector(".picker__detail");
      var status = document.getElementById(box.id + "_status");
      if (multiple) {
        addChosen(pk, label, detailNode ? detailNode.textContent : "");
        box.value = "";
        shown.value = "";
      } else {
        value.name = name;
        value.value = pk;
        // A radio button from an earlier search would be sent after the hidden id: clear them.
        root.querySelectorAll("input[type=radio][name='" + name + "']").forEach(function (r) { r.checked = false; });
        box.value = label;
        shown.value = label;
      }
      if (status) status.textContent = label;
      listbox.innerHTML = "";
      close();
    }

    box.addEventListener("input", function () {
      // What is typed no longer names the chosen person: the id goes until a new one is chosen.
      if (!multiple && value) value.value = "";
      active = -1;
    });

    box.addEventListener("keydown", function (event) {
      var all = options();
      if (event.key === "ArrowDown") {
        if (!all.length) return;
        event.preventDefault();
        open();
        highlight(active + 1);
      } else if (event.key === "ArrowUp") {
        if (!all.length) return;
        event.preventDefault();
        open();
        highlight(active < 0 ? all.length - 1 : active - 1);
      } else if (event.key === "Enter") {
        if (!listbox.hidden && active >= 0 && all[active]) {
          event.preventDefault();
          choose(all[active]);
        } else if (!listbox.hidden) {
          event.preventDefault();
        }
      } else if (event.key === "Escape") {
        if (!listbox.hidden) { event.preventDefault(); close(); }
      }
    });

    box.addEventListener("blur", function () { window.setTimeout(close, 150); });

    listbox.addEventListener("mousedown", function (event) { event.preventDefault(); });
    listbox.addEventListener("click", function (event) {
      var option = event.target.closest("[role=option]");
      if (option) choose(option);
    });

    root.addEventListener("htmx:afterSwap", function (event) {
      if (!event.detail || event.detail.target !== listbox) return;
      active = -1;
      box.removeAttribute("aria-activedescendant");
      if (document.activeElement === box) open(); else close();
    });
  }

  function scan(element) {
    var roots = element.querySelectorAll ? element.querySelectorAll("[data-picker]") : [];
    Array.prototype.forEach.call(roots, setup);
    if (element.matches && element.matches("[data-picker]")) setup(element);
  }

  if (window.htmx) {
    window.htmx.onLoad(scan);
  } else {
    document.addEventListener("DOMContentLoaded", function () { scan(document); });
  }
})();
