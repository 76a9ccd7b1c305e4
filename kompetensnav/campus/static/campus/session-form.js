// Fill the session's hours from its start and end while the user has not typed hours.
(function () {
  "use strict";
  var form = document.getElementById("session-form");
  if (!form) return;
  var start = form.querySelector("#id_start");
  var end = form.querySelector("#id_end");
  var hours = form.querySelector("#id_hours");
  if (!start || !end || !hours) return;
  var automatic = hours.value === "";
  hours.addEventListener("input", function () {
    automatic = hours.value === "";
  });
  function update() {
    if (!automatic || !start.value || !end.value) return;
    var ms = new Date(end.value) - new Date(start.value);
    if (isNaN(ms) || ms <= 0) return;
    hours.value = (Math.round(ms / 36000) / 100).toString();
  }
  start.addEventListener("change", update);
  end.addEventListener("change", update);
})();
