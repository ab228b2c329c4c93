// Stationkeeper dashboard: keeps the page's live parts ([data-live] elements) in step with the
// journal. Each server-sent event (one per committed journal event) schedules one refetch of the
// page; the new [data-live] parts replace the old ones. Everything works without this script,
// only without live updates. The browser's EventSource resumes with Last-Event-ID by itself.
(function () {
  "use strict";
  var source = document.body.getAttribute("data-live-events");
  if (!source || !window.EventSource) return;

  var timer = null;
  var inFlight = false;
  var again = false;

  function typingInside(element) {
    var active = document.activeElement;
    return active && element.contains(active) && (active.tagName === "INPUT" || active.tagName === "SELECT" || active.tagName === "TEXTAREA");
  }

  function refresh() {
    timer = null;
    if (inFlight) { again = true; return; }
    inFlight = true;
    fetch(window.location.href, { credentials: "same-origin", headers: { "Accept": "text/html" } })
      .then(function (response) {
        if (response.redirected || !response.ok) throw new Error("status " + response.status);
        return response.text();
      })
      .then(function (html) {
        var fresh = new DOMParser().parseFromString(html, "text/html");
        var held = false;
        document.querySelectorAll("[data-live]").forEach(function (old) {
          var replacement = old.id && fresh.getElementById(old.id);
          if (!replacement) return;
          if (typingInside(old)) { held = true; return; }
          old.replaceWith(document.importNode(replacement, true));
        });
        document.body.setAttribute("data-live-updated", String(Date.now()));
        if (held) again = true;
      })
      .catch(function () { again = true; })
      .finally(function () {
        inFlight = false;
        if (again) { again = false; schedule(1000); }
      });
  }

  function schedule(delay) {
    if (timer === null) timer = window.setTimeout(refresh, delay);
  }

  var events = new EventSource(source);
  events.addEventListener("journal", function () { schedule(100); });
  events.addEventListener("open", function () { document.body.setAttribute("data-live-connected", "true"); });
  document.addEventListener("focusout", function () { if (again) schedule(300); });
})();
