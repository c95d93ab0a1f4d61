// The one place that knows which extension API object this browser has. Chrome has `chrome`;
// Firefox also offers the promise-based `browser`, which we prefer where it exists.
export const ext = globalThis.browser ?? globalThis.chrome;
