// Shows the guardian fields only when the entrant says they are under 18.
(function () {
  "use strict";
  var minor = document.getElementById("id_is_minor");
  if (!minor) { return; }
  var fields = ["id_guardian_name", "id_guardian_consent"].map(function (id) {
    var input = document.getElementById(id);
    return input ? input.closest(".field") : null;
  }).filter(Boolean);
  function sync() { fields.forEach(function (f) { f.hidden = !minor.checked; }); }
  minor.addEventListener("change", sync);
  sync();
})();
