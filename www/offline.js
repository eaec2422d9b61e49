// Offline use: glue only, loaded by boot.js after the first paint. Registers sw.js
// (beside this file, so its scope is the page's directory, whatever path the site is
// under) and shows what the browser says in #offline-status: it sets data-state and
// shows the sentence of index.html whose data-when names that state (this file
// writes no text):
//   saving       installing, nothing saved yet
//   ready        saved: the page opens and works with the network cut
//   update       a newer version saved, waiting for the next visit (this page keeps
//                the files it started with)
//   failed       saving failed (the page works online)
//   unavailable  no service workers here: an old browser, or a page not on HTTPS or
//                localhost
// ("failed" and "unavailable" share a sentence: either way it works online only.)
const status = document.getElementById('offline-status');

function show(state) {
  if (!status) return;
  status.dataset.state = state;
  for (const line of status.children) line.hidden = !line.dataset.when.split(' ').includes(state);
}

if (!('serviceWorker' in navigator) || !window.isSecureContext) {
  show('unavailable');
} else {
  navigator.serviceWorker
    .register(new URL('./sw.js', import.meta.url), { updateViaCache: 'none' })
    .then((reg) => {
      const report = () => {
        if (reg.waiting && reg.active) show('update');
        else if (reg.active) show('ready');
        else if (reg.installing || reg.waiting) show('saving');
        else show('failed');
      };
      const watch = (worker) => worker && worker.addEventListener('statechange', report);
      watch(reg.installing);
      watch(reg.waiting);
      reg.addEventListener('updatefound', () => {
        watch(reg.installing);
        report();
      });
      report();
    })
    .catch(() => show('failed'));
}
