// The page's heartbeat, on a thread of its own (a dedicated worker): every second it asks the lab
// about each run the page has going, and every question about a run tells the lab its page is still
// there. A worker keeps asking while the page's main thread is busy (a long layout, a full-page
// screenshot on a loaded machine), and Chrome does not hold its timers back to one a minute as it
// does a hidden tab's. It dies with the page; a page that goes away also says so (lab.js, pagehide).
'use strict';

let ids = [];
let quietUntil = 0;

onmessage = e => {
  if (e.data.ids) ids = e.data.ids;
  if (e.data.quiet) quietUntil = Date.now() + e.data.quiet; // the browser test: a page that says nothing for a while
};

setInterval(() => {
  if (Date.now() < quietUntil) return;
  for (const id of ids) fetch('/api/runs/' + id, {cache: 'no-store'}).catch(() => {});
}, 1000);
