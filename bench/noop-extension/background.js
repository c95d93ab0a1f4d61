// The no-op extension's worker (bench/click.mjs): the same round trip Unspool makes on a click
// (inject a content script, answer its message), with no work in between.
chrome.action.onClicked.addListener((tab) => {
  chrome.scripting.executeScript({ target: { tabId: tab.id }, files: ['content.js'] }).catch(() => {});
});

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id || message?.type !== 'noop:hello') return false;
  sendResponse({ ok: true, bytes: typeof message.page === 'string' ? message.page.length : 0 });
  return false;
});
