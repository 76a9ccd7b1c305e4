/* Show a question only when the earlier answer it depends on has the given value.
   Without JavaScript every question is shown and the server ignores answers to questions
   whose condition is not met. */
(function () {
  "use strict";

  function answerMatches(form, name, expected) {
    var inputs = form.querySelectorAll('[name="' + name + '"]');
    for (var i = 0; i < inputs.length; i++) {
      var input = inputs[i];
      if ((input.type === "radio" || input.type === "checkbox")) {
        if (input.checked && input.value === expected) return true;
      } else if (input.value === expected) {
        return true;
      }
    }
    return false;
  }

  function update(container) {
    var form = container.closest("form") || document;
    var shown = {};
    var questions = container.querySelectorAll(".question");
    for (var i = 0; i < questions.length; i++) {
      var question = questions[i];
      var name = question.id.replace(/^question-/, "");
      var field = question.getAttribute("data-condition-field");
      var visible = true;
      if (field) {
        visible = shown[field] === true &&
          answerMatches(form, field, question.getAttribute("data-condition-value"));
      }
      shown[name] = visible;
      question.hidden = !visible;
      var note = question.querySelector(".condition-note");
      if (note) note.hidden = true;
    }
  }

  function init() {
    var containers = document.querySelectorAll("[data-conditions]");
    for (var i = 0; i < containers.length; i++) {
      var container = containers[i];
      if (container.getAttribute("data-conditions-ready")) continue;
      container.setAttribute("data-conditions-ready", "1");
      update(container);
      container.addEventListener("change", update.bind(null, container));
      container.addEventListener("input", update.bind(null, container));
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
  document.addEventListener("htmx:afterSettle", init);
})();
