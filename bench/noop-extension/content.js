// The no-op extension's content script: asks the worker, then draws an empty dialog in an open
// shadow root with data-state=ready (the same contract as Unspool's overlay). When the page's
// URL has the query ?send-page it first serializes the page and sends it along: the floor of any
// extension that reads the page in its worker (bench/click.mjs's second baseline).
(async () => {
  const page = location.search === '?send-page' ? document.documentElement.outerHTML : '';
  const answer = await chrome.runtime.sendMessage({ type: 'noop:hello', page });
  const host = document.createElement('div');
  host.id = 'unspool-root';
  const shadow = host.attachShadow({ mode: 'open' });
  const dialog = document.createElement('div');
  dialog.setAttribute('role', 'dialog');
  dialog.dataset.state = answer?.ok ? 'ready' : 'error';
  shadow.append(dialog);
  document.documentElement.append(host);
})();
