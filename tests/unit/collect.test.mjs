// The collection loop's page-side helpers that need no page: what a snapshot leaves out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../extension/content/collect.js';

const { withoutClasses } = globalThis.UnspoolCollect;

test('class attributes go from start tags, and only from them', () => {
  const html = '<p class="a b" lang="en">Write <code>&lt;div class="x"&gt;</code> class="y"</p>'
    + '<img alt="1 &gt; 0" class="c"><!-- class="z" --><div class="" data-testid="cellInnerDiv"'
    + ' style="transform: translateY(10px)"><a class="r-1" href="/a/status/1">1</a></div>';
  assert.equal(
    withoutClasses(html),
    '<p lang="en">Write <code>&lt;div class="x"&gt;</code> class="y"</p>'
      + '<img alt="1 &gt; 0"><!-- class="z" --><div data-testid="cellInnerDiv"'
      + ' style="transform: translateY(10px)"><a href="/a/status/1">1</a></div>',
  );
});

test('a page without classes is returned as it is', () => {
  const html = '<div data-testid="tweetText" lang="en"><span>classy class="no"</span></div>';
  assert.equal(withoutClasses(html), html);
});
