// platform.js outside a browser: `retrying`, which injecting the reader goes through.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { retrying } from '../../extension/platform.js';

/** An action failing `failures` times before it answers, and a clock that records waits. */
function flaky(failures) {
  const calls = [];
  const waits = [];
  const action = async () => {
    calls.push(calls.length);
    if (calls.length <= failures) throw new Error(`refused ${calls.length}`);
    return 'injected';
  };
  const wait = async (ms) => {
    waits.push(ms);
  };
  return { action, wait, calls, waits };
}

test('an action that works is done once, without waiting', async () => {
  const { action, wait, calls, waits } = flaky(0);
  assert.equal(await retrying(action, [150, 350], wait), 'injected');
  assert.equal(calls.length, 1);
  assert.deepEqual(waits, []);
});

test('a refused action is tried again after each delay until it works', async () => {
  const { action, wait, calls, waits } = flaky(2);
  assert.equal(await retrying(action, [150, 350], wait), 'injected');
  assert.equal(calls.length, 3);
  assert.deepEqual(waits, [150, 350]);
});

test('an action refused every time throws its last error', async () => {
  const { action, wait, calls, waits } = flaky(5);
  await assert.rejects(retrying(action, [150, 350], wait), /refused 3/);
  assert.equal(calls.length, 3);
  assert.deepEqual(waits, [150, 350]);
});
