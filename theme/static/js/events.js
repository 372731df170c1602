// On /termine/: moves events that have ended since the build from "Anstehende Termine" to
// "Vergangene Termine", so a page built days ago still reads right. A file, not inline, so
// the page's Content-Security-Policy can forbid inline scripts. Without JavaScript the page
// shows the lists as of the build date.
(function () {
  "use strict";
  var upcoming = document.querySelector('[data-events="upcoming"]');
  var past = document.querySelector('[data-events="past"]');
  if (!upcoming || !past) return;
  var now = Date.now();
  var ended = Array.prototype.filter.call(
    upcoming.querySelectorAll("[data-event-end]"),
    function (item) {
      var end = Date.parse(item.getAttribute("data-event-end"));
      return !isNaN(end) && end <= now;
    }
  );
  // Upcoming events are in start order; the archive lists the newest first.
  ended.forEach(function (item) {
    var title = item.querySelector(".event-item__title");
    if (title && title.tagName !== "H3") {
      // In the archive there is no month heading above the event: one level up.
      var heading = document.createElement("h3");
      heading.className = title.className;
      while (title.firstChild) heading.appendChild(title.firstChild);
      title.replaceWith(heading);
    }
    past.insertBefore(item, past.firstChild);
  });
  Array.prototype.forEach.call(upcoming.querySelectorAll(".event-month"), function (month) {
    if (!month.querySelector("[data-event-end]")) month.remove();
  });
  var upcomingEmpty = upcoming.querySelector(".event-empty");
  if (upcomingEmpty) upcomingEmpty.hidden = !!upcoming.querySelector("[data-event-end]");
  var pastEmpty = past.parentElement.querySelector(".event-empty");
  if (pastEmpty) pastEmpty.hidden = !!past.querySelector("[data-event-end]");
})();
