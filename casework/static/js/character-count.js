/* A live count for every text field with a limit (input[data-limit], textarea[data-limit]),
   after the GOV.UK Design System's character count. The page states the limit ("Högst 10 000
   tecken.", the element <id>-limit, which the field is described by); this script keeps that
   statement for screen readers, shows "1 234 av 10 000 tecken" instead as the user types, and
   tells screen readers politely how many characters are left, once typing pauses and only
   when the text is near or over the limit. Nothing is cut: the server refuses a longer text. */
(function () {
  "use strict";

  var NEAR = 0.9; /* the share of the limit from which screen readers are told */
  var PAUSE = 1000; /* ms without typing before they are */
  var number = new Intl.NumberFormat("sv-SE");

  /* Characters as the server counts them: code points, a line end as one. */
  function length(text) {
    return Array.from(text).length;
  }

  function shownText(count, limit) {
    var text = number.format(count) + " av " + number.format(limit) + " tecken";
    return count > limit ? text + ", " + number.format(count - limit) + " för många" : text;
  }

  function spokenText(count, limit) {
    if (count > limit) return "Du har " + number.format(count - limit) + " tecken för många.";
    return "Du har " + number.format(limit - count) + " tecken kvar.";
  }

  function bind(input) {
    var limit = Number(input.dataset.limit);
    var statement = document.getElementById(input.id + "-limit");
    if (!limit || !statement) return;
    var shown = document.createElement("p");
    shown.className = "field__count";
    shown.setAttribute("aria-hidden", "true");
    var spoken = document.createElement("p");
    spoken.className = "visually-hidden";
    spoken.setAttribute("aria-live", "polite");
    statement.classList.add("visually-hidden");
    statement.after(shown, spoken);

    var timer = null;
    var last = null;

    function showCount() {
      var count = length(input.value);
      var over = count > limit;
      shown.textContent = shownText(count, limit);
      shown.classList.toggle("field__count--over", over);
      input.classList.toggle("field__input--over", over);
      return count;
    }

    function speakCount() {
      var count = length(input.value);
      spoken.textContent = count >= limit * NEAR ? spokenText(count, limit) : "";
    }

    function changed() {
      if (input.value === last) return;
      last = input.value;
      showCount();
      window.clearTimeout(timer);
      timer = window.setTimeout(speakCount, PAUSE);
    }

    input.addEventListener("input", changed);
    /* Speech recognition software may set the value without an input event: look while the
       field has focus, as the GOV.UK component does. */
    var poll = null;
    input.addEventListener("focus", function () {
      poll = window.setInterval(changed, PAUSE);
    });
    input.addEventListener("blur", function () {
      window.clearInterval(poll);
    });
    /* A page restored from the back-forward cache brings back its text after this ran. */
    window.addEventListener("pageshow", changed);
    last = input.value;
    showCount(); /* told on load by the error summary, if over: not said twice */
  }

  document.querySelectorAll("[data-limit]").forEach(bind);
})();
