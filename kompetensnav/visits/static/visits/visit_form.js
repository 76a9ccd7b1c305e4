// The visit form without page reloads: "Add another need" copies the empty row from its
// <template>; typing a follow-up date chooses "on a date I choose". Without JavaScript the
// same buttons submit the form, and the server adds the row.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-add-need]");
    if (!button) return;
    var template = document.getElementById("need-template");
    var total = document.getElementById("id_needs-TOTAL_FORMS");
    var list = document.getElementById("need-list");
    if (!template || !total || !list) return;
    event.preventDefault();
    var index = parseInt(total.value, 10) || 0;
    var html = template.innerHTML
      .replace(/__prefix__/g, String(index))
      .replace(/__number__/g, String(index + 1));
    list.insertAdjacentHTML("beforeend", html);
    total.value = String(index + 1);
    var added = list.lastElementChild;
    var first = added && added.querySelector("input:not([type=hidden]), textarea, select");
    if (first) first.focus();
  });
  document.addEventListener("input", function (event) {
    if (event.target.id === "id_follow_up_date" && event.target.value) {
      var custom = document.querySelector('input[name="follow_up"][value="date"]');
      if (custom) custom.checked = true;
    }
  });
})();
