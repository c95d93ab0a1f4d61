// Test-only, never shipped: tests/firefox/smoke.test.mjs puts this file into a temporary copy
// of dist/firefox as the background page's module, in place of background.js. It loads
// background.js unchanged and presses the toolbar button for it — calls `injectReader`, the
// very function the `action.onClicked` listener calls — when a tab on x.com finishes loading,
// because WebDriver BiDi cannot press a toolbar button. The test copy's manifest grants
// x.com as a host permission in place of the `activeTab` grant a real click gives.
import { injectReader } from './background.js';

browser.tabs.onUpdated.addListener(
  (tabId, change, tab) => {
    if (change.status === 'complete') void injectReader(tab);
  },
  { urls: ['https://x.com/*'], properties: ['status'] },
);
