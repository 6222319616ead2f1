/* Keyboard helpers for the intake forms (form[data-intake]). Every form works without them. */
(function () {
  "use strict";

  /* Lower case without diacritics, so that "bemot" finds "Bemötande". */
  function fold(text) {
    return text.normalize("NFD").replace(/[\u0300-\u036f]/g, "").toLowerCase();
  }

  /* One keystroke picks an option of a group: the key shown next to it. */
  function bindAccessKeys(group) {
    var radios = group.querySelectorAll("input[data-key]");
    group.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      radios.forEach(function (radio) {
        if (radio.dataset.key !== event.key.toLowerCase()) return;
        event.preventDefault();
        radio.checked = true;
        radio.focus();
        radio.dispatchEvent(new Event("change", { bubbles: true }));
      });
    });
  }

  /* Typing in the filter hides the choices of its fieldset whose label does not match, and puts
     those whose label (or a word of it) starts with the text first. Enter ticks the first match
     shown and clears the filter for the next category; the live region says what was ticked. */
  function bindFilter(box) {
    var input = box.querySelector("input");
    var status = box.querySelector("[data-filter-status]");
    var list = box.closest("fieldset").querySelector(".choices");
    var choices = Array.prototype.slice.call(list.querySelectorAll("[data-choice]"));
    box.hidden = false;

    function rank(choice, wanted) {
      var label = fold(choice.textContent.trim());
      if (label.indexOf(wanted) === 0) return 0;
      return (" " + label.replace(/[^a-z0-9]+/g, " ")).indexOf(" " + wanted) !== -1 ? 1 : 2;
    }

    function filter() {
      var wanted = fold(input.value.trim());
      var shown = choices.filter(function (choice) {
        choice.hidden = fold(choice.textContent).indexOf(wanted) === -1;
        return !choice.hidden;
      });
      var order = wanted ? shown.map(function (choice, index) {
        return { choice: choice, rank: rank(choice, wanted), index: index };
      }).sort(function (a, b) {
        return a.rank - b.rank || a.index - b.index;
      }).map(function (item) { return item.choice; }) : choices;
      order.concat(choices.filter(function (choice) { return choice.hidden; }))
        .forEach(function (choice) { list.appendChild(choice); });
      return wanted ? order : [];
    }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (event) {
      if (event.key !== "Enter" || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      var first = filter()[0];
      if (!first) return;
      var tick = first.querySelector("input");
      tick.checked = true;
      tick.dispatchEvent(new Event("change", { bubbles: true }));
      input.value = "";
      filter();
      if (status) status.textContent = first.textContent.trim() + " är vald.";
    });
  }

  /* Fieldsets marked data-types apply to those case types only: others hide and disable them. */
  function showFieldsFor(form) {
    var chosen = form.querySelector("input[name=type]:checked");
    form.querySelectorAll("[data-types]").forEach(function (set) {
      var off = chosen !== null && set.dataset.types.split(" ").indexOf(chosen.value) === -1;
      set.hidden = off;
      set.disabled = off;
    });
  }

  document.querySelectorAll("form[data-intake]").forEach(function (form) {
    form.querySelectorAll("[data-access-keys]").forEach(bindAccessKeys);
    form.querySelectorAll("[data-filter]").forEach(bindFilter);
    form.addEventListener("change", function (event) {
      if (event.target.name === "type") showFieldsFor(form);
    });
    form.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        form.requestSubmit();
      }
    });
    showFieldsFor(form);
  });
})();
