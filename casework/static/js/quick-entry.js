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
     shown and clears the filter for the next category; the live region says what was ticked.
     The ticked choices show above the filter as chips, each a button that unticks it. The
     list is reached from the filter by arrow down and left by Escape, so that Tab goes on from
     the filter to the next field: the filter is the way in by keyboard. */
  function bindFilter(box) {
    var input = box.querySelector("input");
    var status = box.querySelector("[data-filter-status]");
    var fieldset = box.closest("fieldset");
    var list = fieldset.querySelector(".choices");
    var chips = fieldset.querySelector("[data-chips]");
    var choices = Array.prototype.slice.call(list.querySelectorAll("[data-choice]"));
    box.hidden = false;

    function labelOf(choice) { return choice.dataset.label; }
    function tickOf(choice) { return choice.querySelector("input"); }
    function say(text) { if (status) status.textContent = text; }

    function rank(choice, wanted) {
      var label = fold(labelOf(choice));
      if (label.indexOf(wanted) === 0) return 0;
      return (" " + label.replace(/[^a-z0-9]+/g, " ")).indexOf(" " + wanted) !== -1 ? 1 : 2;
    }

    function filter() {
      var wanted = fold(input.value.trim());
      var shown = choices.filter(function (choice) {
        choice.hidden = fold(choice.textContent).indexOf(wanted) === -1;
        tickOf(choice).tabIndex = wanted && !choice.hidden ? 0 : -1;
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

    function showChips() {
      if (!chips) return;
      chips.textContent = "";
      choices.filter(function (choice) { return tickOf(choice).checked; })
        .forEach(function (choice) {
          var item = document.createElement("li");
          var chip = document.createElement("button");
          var cross = document.createElement("span");
          chip.type = "button";
          chip.className = "chip";
          chip.dataset.value = tickOf(choice).value;
          chip.setAttribute("aria-label", "Ta bort " + labelOf(choice));
          chip.textContent = labelOf(choice) + " ";
          cross.setAttribute("aria-hidden", "true");
          cross.textContent = "\u00d7";
          chip.appendChild(cross);
          item.appendChild(chip);
          chips.appendChild(item);
        });
      chips.hidden = !chips.children.length;
    }

    function visible() { return list.querySelectorAll("[data-choice]:not([hidden]) input"); }

    input.addEventListener("input", filter);
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        var first = visible()[0];
        if (first) { event.preventDefault(); first.focus(); }
        return;
      }
      if (event.key !== "Enter" || event.ctrlKey || event.metaKey) return;
      event.preventDefault();
      var best = filter()[0];
      if (!best) return;
      tickOf(best).checked = true;
      tickOf(best).dispatchEvent(new Event("change", { bubbles: true }));
      input.value = "";
      filter();
      say(labelOf(best) + " är vald.");
    });

    /* In the list the arrows move between the choices shown; Space ticks as always. */
    list.addEventListener("keydown", function (event) {
      var ticks = Array.prototype.slice.call(visible());
      var at = ticks.indexOf(event.target);
      if (at === -1) return;
      var step = { ArrowDown: 1, ArrowRight: 1, ArrowUp: -1, ArrowLeft: -1 }[event.key];
      if (event.key === "Escape" || (step === -1 && at === 0)) {
        event.preventDefault();
        input.focus();
      } else if (step) {
        event.preventDefault();
        (ticks[at + step] || ticks[at]).focus();
      }
    });
    filter();

    list.addEventListener("change", showChips);
    if (chips) {
      chips.addEventListener("click", function (event) {
        var chip = event.target.closest(".chip");
        if (!chip) return;
        var choice = choices.filter(function (c) { return tickOf(c).value === chip.dataset.value; })[0];
        var buttons = Array.prototype.slice.call(chips.querySelectorAll(".chip"));
        var at = buttons.indexOf(chip);
        tickOf(choice).checked = false;
        tickOf(choice).dispatchEvent(new Event("change", { bubbles: true }));
        say(labelOf(choice) + " är borttagen.");
        var left = chips.querySelectorAll(".chip");
        (left[at] || left[at - 1] || input).focus();
      });
    }
    showChips();
  }

  /* The day the text of a day field (input[data-day]) stands for, said beside it as the
     server reads it (casework/core/day_text.py); the server decides, this only echoes. */
  var MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
                "september", "oktober", "november", "december"];
  var RELATIVE = { "idag": 0, "igår": 1, "iförrgår": 2, "förrgår": 2 };

  function readDay(text, today) {
    var words = text.trim().replace(/\s+/g, " ").toLowerCase();
    var year, month, day, match;
    if (words.length > 30) return null;
    if (RELATIVE.hasOwnProperty(words.replace(/ /g, ""))) {
      return new Date(today.getFullYear(), today.getMonth(),
                      today.getDate() - RELATIVE[words.replace(/ /g, "")]);
    }
    if ((match = /^(\d{4})-(\d{1,2})-(\d{1,2})$/.exec(words))) {
      year = +match[1]; month = +match[2]; day = +match[3];
    } else if ((match = /^(\d{1,2})[\/.](\d{1,2})(?:(?:\s+|[\/.-])(\d{4}))?\.?$/.exec(words))) {
      day = +match[1]; month = +match[2]; year = match[3] ? +match[3] : today.getFullYear();
    } else {
      return null;
    }
    var date = new Date(2000, month - 1, day);
    date.setFullYear(year);
    return date.getMonth() === month - 1 && date.getDate() === day ? date : null;
  }

  function bindDay(input) {
    var reads = document.getElementById(input.id + "-reads");
    if (!reads) return;
    input.addEventListener("input", function () {
      var day = input.value.trim() ? readDay(input.value, new Date()) : null;
      reads.textContent = day ? "= " + day.getDate() + " " + MONTHS[day.getMonth()] + " " +
        day.getFullYear() : "";
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
    form.querySelectorAll("input[data-day]").forEach(bindDay);
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
