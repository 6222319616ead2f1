// The header's menu: at narrow widths it folds behind the "Meny" button (the stylesheet folds
// it only once html.js is set, so without this script the whole menu shows); a group of links
// (details.nav-group) closes on Escape, with focus back on its summary, and on a click outside.
(function () {
  "use strict";
  document.documentElement.classList.add("js");

  function ready() {
    var header = document.querySelector(".site-header");
    var button = header && header.querySelector(".site-menu-button");
    if (button) {
      button.addEventListener("click", function () {
        var open = header.classList.toggle("site-header--open");
        button.setAttribute("aria-expanded", open ? "true" : "false");
      });
    }
    var groups = document.querySelectorAll("details.nav-group");
    document.addEventListener("keydown", function (event) {
      if (event.key !== "Escape") return;
      groups.forEach(function (group) {
        if (group.open && group.contains(document.activeElement)) {
          group.open = false;
          group.querySelector("summary").focus();
        }
      });
    });
    document.addEventListener("click", function (event) {
      groups.forEach(function (group) {
        if (group.open && !group.contains(event.target)) group.open = false;
      });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
