// Polls the progress while it is being sent and updates the text in place.
(function () {
  "use strict";
  function poll(box) {
    fetch(box.dataset.progressUrl, { credentials: "same-origin" })
      .then(function (response) { return response.json(); })
      .then(function (figures) {
        box.textContent = figures.text;
        box.dataset.percent = figures.percent;
        box.dataset.status = figures.status;
        if (figures.status === "sending" || (figures.total > 0 && figures.percent < 100)) {
          window.setTimeout(function () { poll(box); }, 2000);
        }
      })
      .catch(function () { window.setTimeout(function () { poll(box); }, 5000); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-progress-url]").forEach(function (box) {
      box.setAttribute("role", "status");
      box.setAttribute("aria-live", "polite");
      poll(box);
    });
  });
})();
