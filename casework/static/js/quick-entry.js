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

  /* Typing in the filter hides the choices of its fieldset whose label does not match. */
  function bindFilter(box) {
    var input = box.querySelector("input");
    var choices = box.closest("fieldset").querySelectorAll("[data-choice]");
    box.hidden = false;
    input.addEventListener("input", function () {
      var wanted = fold(input.value.trim());
      choices.forEach(function (choice) {
        choice.hidden = fold(choice.textContent).indexOf(wanted) === -1;
      });
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && !event.ctrlKey && !event.metaKey) event.preventDefault();
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
