// Polls a report build's progress and reloads the page once it has finished.
(function () {
  "use strict";
  function poll(box) {
    fetch(box.dataset.reportProgressUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (state) {
        box.textContent = state.text + (state.error ? " — " + state.error : "");
        if (state.finished) {
          if (box.dataset.sawRunning) { window.location.reload(); }
        } else {
          box.dataset.sawRunning = "1";
          window.setTimeout(function () { poll(box); }, 2000);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(box); }, 5000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-report-progress-url]").forEach(function (box) {
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      poll(box);
    });
  });
})();
