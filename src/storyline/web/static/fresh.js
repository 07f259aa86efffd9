// The front page, read without this script, is complete. With it, the reader is told when
// the ranking changed (the API answers 200 instead of 304 to the page's ETag); nothing
// reloads without asking.
(function () {
  "use strict";
  var list = document.querySelector("[data-fresh-api]");
  var note = document.getElementById("fresh");
  if (!list || !note || !window.fetch) { return; }
  var url = list.getAttribute("data-fresh-api");
  var etag = list.getAttribute("data-fresh-etag");
  var every = 1000 * Number(list.getAttribute("data-fresh-every") || "60");
  var timer = setInterval(function () {
    fetch(url, { headers: { "If-None-Match": etag } }).then(function (answer) {
      if (answer.status === 200) { note.hidden = false; clearInterval(timer); }
    }).catch(function () { /* offline for a moment: ask again next time */ });
  }, every);
})();
