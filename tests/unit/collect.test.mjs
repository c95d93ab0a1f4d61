// The collection loop's page-side helpers that need no page: what a snapshot leaves out.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import '../../extension/content/collect.js';

const { withoutAttributes } = globalThis.UnspoolCollect;
const X_DROPS = ['class', 'd'];

test('the named attributes go from start tags, and only from them', () => {
  const html = '<p class="a b" lang="en">Write <code>&lt;div class="x"&gt;</code> class="y"</p>'
    + '<img alt="1 &gt; 0" class="c"><!-- class="z" --><div class="" data-testid="cellInnerDiv"'
    + ' style="transform: translateY(10px)"><a class="r-1" href="/a/status/1">1</a></div>'
    + '<svg viewBox="0 0 24 24" data-testid="icon-verified"><g><path d="M20.4 12.5c0 1"></path></g></svg>';
  assert.equal(
    withoutAttributes(html, X_DROPS),
    '<p lang="en">Write <code>&lt;div class="x"&gt;</code> class="y"</p>'
      + '<img alt="1 &gt; 0"><!-- class="z" --><div data-testid="cellInnerDiv"'
      + ' style="transform: translateY(10px)"><a href="/a/status/1">1</a></div>'
      + '<svg viewBox="0 0 24 24" data-testid="icon-verified"><g><path></path></g></svg>',
  );
});

test('a value that ends like a dropped attribute stays whole, and so does its tag', () => {
  // Alt text is the post author's: `alt="see class="` must not swallow the next attribute.
  const html = '<img alt="see class=" src="https://pbs.twimg.com/media/a.jpg" class="c">'
    + '<a title="x d=" href="/a/status/1" data-d="1" d-x="2">t</a>';
  assert.equal(
    withoutAttributes(html, X_DROPS),
    '<img alt="see class=" src="https://pbs.twimg.com/media/a.jpg">'
      + '<a title="x d=" href="/a/status/1" data-d="1" d-x="2">t</a>',
  );
});

test('a page without the attributes is returned as it is; no names, no change', () => {
  const html = '<div data-testid="tweetText" lang="en"><span>classy class="no" d="M1"</span></div>';
  assert.equal(withoutAttributes(html, X_DROPS), html);
  const classy = '<p class="a">x</p>';
  assert.equal(withoutAttributes(classy, ['id']), classy);
});
