// A form marked data-busy shows that it is working once sent (a long import, say): its status
// line reads the text and shows a progress bar, and its button is disabled, so a second click
// sends nothing. Without scripts the form is sent as usual.
(function () {
  "use strict";
  Array.prototype.forEach.call(document.querySelectorAll("form[data-busy]"), function (form) {
    form.addEventListener("submit", function () {
      var status = form.querySelector(".busy");
      var button = form.querySelector("button[type=submit]");
      if (status) {
        status.querySelector("[data-busy-text]").textContent = form.getAttribute("data-busy");
        status.hidden = false;
      }
      if (button) {
        // After the submit has begun, so the button's own value is still sent.
        window.setTimeout(function () { button.disabled = true; }, 0);
      }
    });
  });
}());
