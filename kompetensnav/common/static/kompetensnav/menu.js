// On a phone the main navigation folds behind a "Menu" button, so that the page's own
// content starts on the first screen. Without JavaScript the button stays hidden and the
// navigation is shown, as on a wide screen.
(function () {
  "use strict";

  function setUp() {
    var button = document.querySelector(".menu-toggle");
    var menu = button && document.getElementById(button.getAttribute("aria-controls"));
    if (!menu) return;
    menu.classList.add("collapsible");
    button.hidden = false;
    button.addEventListener("click", function () {
      var open = button.getAttribute("aria-expanded") !== "true";
      button.setAttribute("aria-expanded", open ? "true" : "false");
      menu.classList.toggle("open", open);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", setUp);
  } else {
    setUp();
  }
})();
