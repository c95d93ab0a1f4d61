// The one place that knows which extension API object this browser has. Chrome has `chrome`;
// Firefox also offers the promise-based `browser`, which we prefer where it exists.
export const ext = globalThis.browser ?? globalThis.chrome;

/** Only our own content scripts, running in a tab, may ask the worker; pages cannot reach it. */
export function isOwnContentScript(sender) {
  return sender?.id === ext.runtime.id && typeof sender.tab?.id === 'number';
}
