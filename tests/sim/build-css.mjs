// Writes tests/sim/x.css: a stylesheet for the markup of tests/xdom (render.mjs + chrome.mjs), so
// simulated pages lay out like x.com and the virtual list measures realistic row heights.
//
// x.com's CSS is inserted through the CSSOM, so no capture holds it. But its atomic class names
// are derived from the declarations: React Native for Web names a rule
// `r-` + base36(MurmurHash2(prop + value, seed 1)), e.g. r-18u37iz = flexDirection "row". This
// script hashes a dictionary of likely declarations and keeps those whose name the markup uses;
// a short hand-written table covers the rest (marked "guess" below: semantics read from where
// the class sits, values typical of X). Deterministic; run `node tests/sim/build-css.mjs`.

import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const xdom = join(here, '..', 'xdom');

/** MurmurHash2 (32-bit), as React Native for Web uses it for class names; base 36. */
export function rnwHash(str, seed = 1) {
  const M = 0x5bd1e995;
  let len = str.length;
  let h = (seed ^ len) >>> 0;
  let i = 0;
  while (len >= 4) {
    let k =
      (str.charCodeAt(i) & 0xff) |
      ((str.charCodeAt(i + 1) & 0xff) << 8) |
      ((str.charCodeAt(i + 2) & 0xff) << 16) |
      ((str.charCodeAt(i + 3) & 0xff) << 24);
    k = Math.imul(k, M);
    k ^= k >>> 24;
    k = Math.imul(k, M);
    h = Math.imul(h, M) ^ k;
    i += 4;
    len -= 4;
  }
  if (len >= 3) h ^= (str.charCodeAt(i + 2) & 0xff) << 16;
  if (len >= 2) h ^= (str.charCodeAt(i + 1) & 0xff) << 8;
  if (len >= 1) {
    h ^= str.charCodeAt(i) & 0xff;
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return (h >>> 0).toString(36);
}

// ---------------------------------------------------------------------------------------------
// the dictionary of candidate declarations (prop, value-as-RNW-stringifies-it)

function* candidates() {
  const lengthProps = [
    'top', 'left', 'right', 'bottom', 'width', 'height', 'minWidth', 'minHeight', 'maxWidth', 'maxHeight',
    'margin', 'marginTop', 'marginBottom', 'marginLeft', 'marginRight', 'marginInline', 'marginBlock',
    'marginInlineStart', 'marginInlineEnd', 'marginBlockStart', 'marginBlockEnd',
    'padding', 'paddingTop', 'paddingBottom', 'paddingLeft', 'paddingRight', 'paddingInline', 'paddingBlock',
    'paddingInlineStart', 'paddingInlineEnd', 'paddingBlockStart', 'paddingBlockEnd',
    'borderWidth', 'borderTopWidth', 'borderBottomWidth', 'borderLeftWidth', 'borderRightWidth',
    'borderRadius', 'flexBasis', 'fontSize', 'lineHeight', 'gap', 'rowGap', 'columnGap',
  ];
  const lengths = ['auto', 'inherit', '0', 'fit-content', 'none'];
  for (let i = -100; i <= 1000; i++) lengths.push(`${i}px`);
  for (let i = -20; i <= 60; i++) lengths.push(`${i + 0.5}px`);
  for (let i = 0; i <= 100; i++) lengths.push(`${i}%`, `${i}vh`, `${i / 10}em`, `${i / 100}em`, `${i / 10}rem`, `${i}rem`, `calc(100% - ${i}px)`, `calc(100% + ${i}px)`, `calc(-${i}px)`);
  lengths.push('9999px', '0.001px', '0.25em', '0.75em', '1.25em', '1.5em', '0.2rem', '0.075em', '-0.2em', '-0.3em', '0.15em');
  for (const p of lengthProps) for (const v of lengths) yield [p, v];

  const keywords = {
    display: ['flex', 'none', 'block', 'inline', 'inline-block', 'inline-flex', 'grid', 'contents', '-webkit-box'],
    flexDirection: ['row', 'column', 'row-reverse', 'column-reverse'],
    alignItems: ['center', 'flex-start', 'flex-end', 'stretch', 'baseline', 'start', 'end'],
    alignSelf: ['center', 'flex-start', 'flex-end', 'stretch', 'baseline', 'auto'],
    justifyContent: ['center', 'flex-start', 'flex-end', 'space-between', 'space-around', 'space-evenly', 'start', 'end'],
    position: ['absolute', 'relative', 'fixed', 'sticky', 'static'],
    overflow: ['hidden', 'visible', 'auto', 'scroll', 'clip'],
    overflowX: ['hidden', 'auto', 'scroll', 'visible'],
    overflowY: ['hidden', 'auto', 'scroll', 'visible'],
    flexWrap: ['wrap', 'nowrap'],
    whiteSpace: ['nowrap', 'pre-wrap', 'normal', 'pre', 'inherit'],
    textOverflow: ['ellipsis', 'clip', 'inherit'],
    wordWrap: ['break-word', 'normal'],
    overflowWrap: ['break-word', 'anywhere'],
    textAlign: ['left', 'right', 'center', 'inherit', 'start', 'end'],
    fontWeight: ['100', '200', '300', '400', '500', '600', '700', '800', '900', 'bold', 'normal', '""'],
    cursor: ['pointer', 'default', 'auto', 'text', 'inherit'],
    pointerEvents: ['none', 'auto', 'box-none', 'box-only'],
    userSelect: ['none', 'text', 'auto'],
    outlineStyle: ['none', 'solid'],
    borderStyle: ['solid', 'dashed', 'none'],
    borderTopStyle: ['solid', 'none'],
    borderBottomStyle: ['solid', 'none'],
    textDecorationLine: ['none', 'underline'],
    verticalAlign: ['middle', 'top', 'bottom', 'text-bottom', 'baseline'],
    boxSizing: ['border-box', 'content-box'],
    transitionProperty: ['background-color, box-shadow', 'background-color', 'opacity', 'transform', 'box-shadow', 'color', 'all'],
    transitionDuration: ['0.1s', '0.15s', '0.2s', '0.25s', '0.3s', '0.5s'],
    transitionTimingFunction: ['ease', 'ease-in', 'ease-out', 'linear', 'ease-in-out'],
    backgroundSize: ['cover', 'contain'],
    backgroundRepeat: ['no-repeat'],
    backgroundPosition: ['center'],
    resize: ['none'],
    appearance: ['none'],
    listStyle: ['none'],
    fill: ['currentcolor'],
    zIndex: ['""', '-1', '1', '2', '3', '4', '5', '10', '100'],
    flexGrow: ['""', '1', '2'],
    flexShrink: ['""', '1', '2'],
    flex: ['""', '1', '2'],
    opacity: ['""', '0.5', '1'],
    WebkitBoxOrient: ['vertical'],
    willChange: ['transform', 'opacity'],
    backfaceVisibility: ['hidden'],
    clip: ['rect(1px, 1px, 1px, 1px)'],
    transform: ['translateZ(0)', 'translateX(-50%) translateY(-50%)', 'rotate(180deg)'],
    animationDuration: ['0.5s', '0.75s', '1s'],
    animationIterationCount: ['infinite'],
    animationTimingFunction: ['linear', 'ease'],
    animationKeyframes: ['[{"0%":{"transform":[{"rotate":"0deg"}]},"100%":{"transform":[{"rotate":"360deg"}]}}]'],
  };
  for (const [p, vs] of Object.entries(keywords)) for (const v of vs) yield [p, v];

  const colorProps = ['backgroundColor', 'color', 'borderColor', 'borderTopColor', 'borderBottomColor'];
  const palette = [
    [0, 0, 0], [255, 255, 255], [231, 233, 234], [113, 118, 123], [29, 155, 240], [47, 51, 54], [22, 24, 28],
    [32, 35, 39], [51, 54, 57], [62, 65, 68], [239, 243, 244], [15, 20, 25], [83, 100, 113], [26, 140, 216],
  ];
  const alphas = ['0.00', '0.03', '0.10', '0.20', '0.30', '0.40', '0.50', '0.60', '0.65', '0.70', '0.75', '0.77', '0.80', '0.90', '1.00'];
  for (const p of colorProps) {
    for (const [r, g, b] of palette) for (const a of alphas) yield [p, `rgba(${r},${g},${b},${a})`];
    for (const k of ['transparent', 'inherit', 'currentcolor']) yield [p, k];
  }
}

// ---------------------------------------------------------------------------------------------
// hand-written rules for class names the dictionary does not reach (guesses, kept small)

const MANUAL = {
  '37j5jr': 'font-family:TwitterChirp,-apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif', // every Text
  poiln3: 'font-family:inherit', // inline spans
  '1wron08': 'margin-right:8px', // avatar column
  '1c4vpko': 'padding-left:16px', // article
  '1c7gwzm': 'padding-right:16px', // article
  '1ez5h0i': 'margin-left:4px', // handle · time after the name
  '1kkk96v': 'margin-left:8px', // the "More" caret box
  '3t4u6i': 'margin-left:2px', // verified badge
  '1wvb978': 'color:inherit', // mention / handle span
  k4bwe5: 'margin-left:0.075em;margin-right:0.075em', // emoji img
  '1kpi4qh': 'vertical-align:-20%', // emoji img
  pp5qcn: 'display:inline-block', // emoji img
  '45ll9u': 'left:50%', // avatar layers
  x1x4zq: 'margin-right:2px', // photo grid column
  '1ckvhfq': 'margin-bottom:2px', // photo grid row
  '1ba6zt5': 'left:12px', // card title overlay
  '1f55h46': 'right:12px', // card title overlay
  '1gs4q39': 'margin-right:4px', // quote avatar
  '3qxfft': 'padding-top:4px;padding-bottom:4px', // focal action bar
  '1cwvpvk': 'padding-left:16px;padding-right:16px', // "Show replies" button
  '1noe1sz': 'padding-top:16px;padding-bottom:16px', // "Show replies" button
  '1ua6aaf': 'border-left-width:1px', // primary column
  th6na: 'border-right-width:1px', // primary column
  '1k6nrdp': 'padding-left:4px', // action counts
  '1e5uvyk': 'backdrop-filter:blur(12px)', // sticky "Post" bar
};

// React Native for Web's base ("classic") classes.
const BASE = `.css-175oi2r{align-items:stretch;background-color:rgba(0,0,0,0.00);border:0 solid black;box-sizing:border-box;display:flex;flex-basis:auto;flex-direction:column;flex-shrink:0;list-style:none;margin:0px;min-height:0px;min-width:0px;padding:0px;position:relative;text-decoration:none;z-index:0;}
.css-146c3p1{background-color:rgba(0,0,0,0.00);border:0 solid black;box-sizing:border-box;color:rgba(0,0,0,1.00);display:inline;font:14px -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;list-style:none;margin:0px;padding:0px;position:relative;text-align:inherit;text-decoration:none;white-space:pre-wrap;word-wrap:break-word;}
.css-1jxf684{background-color:rgba(0,0,0,0.00);border:0 solid black;box-sizing:border-box;color:inherit;display:inline;font:inherit;list-style:none;margin:0px;padding:0px;position:relative;text-align:inherit;text-decoration:none;white-space:inherit;word-wrap:break-word;}
.css-9pa8cd{bottom:0px;height:100%;left:0px;opacity:0;position:absolute;right:0px;top:0px;width:100%;z-index:-1;}
button.css-175oi2r{background:none;border:0;font:inherit;color:inherit;text-align:inherit;cursor:pointer;}
a.css-175oi2r,a.css-146c3p1,a.css-1jxf684{text-decoration:none;}
`;

// ---------------------------------------------------------------------------------------------

const hyphen = (p) => p.replace(/^Webkit/, '-webkit-').replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

function declaration(prop, value) {
  if (prop === 'animationKeyframes') return 'animation-name:r-spin';
  const v = value === '""' ? '0' : value;
  return `${hyphen(prop)}:${v}`;
}

// Shorthands before longhands, as React Native for Web orders its groups.
const SHORTHAND = new Set(['borderColor', 'borderRadius', 'borderStyle', 'borderWidth', 'display', 'flex', 'margin', 'overflow', 'padding']);
const AXIS = new Set(['marginInline', 'marginBlock', 'paddingInline', 'paddingBlock']);
const rank = (p) => (SHORTHAND.has(p) ? 0 : AXIS.has(p) ? 1 : 2);

export function buildCss() {
  const src = readFileSync(join(xdom, 'render.mjs'), 'utf8') + readFileSync(join(xdom, 'chrome.mjs'), 'utf8');
  const used = new Set([...src.matchAll(/\br-([a-z0-9]{4,8})\b/g)].map((m) => m[1]));
  const found = new Map();
  for (const [prop, value] of candidates()) {
    const h = rnwHash(prop + value);
    if (used.has(h) && !found.has(h)) found.set(h, [prop, value]);
  }
  const rules = [...found].sort((a, b) => rank(a[1][0]) - rank(b[1][0]) || a[0].localeCompare(b[0]));
  let css = `/* GENERATED by tests/sim/build-css.mjs from the class names in tests/xdom; do not edit. */\n`;
  css += `/* ${found.size} classes decoded from their names, ${Object.keys(MANUAL).filter((k) => used.has(k)).length} guessed, ${[...used].filter((k) => !found.has(k) && !MANUAL[k]).length} left unstyled. */\n`;
  css += BASE;
  css += '@keyframes r-spin{0%{transform:rotate(0deg)}100%{transform:rotate(360deg)}}\n';
  for (const [h, [prop, value]] of rules) css += `.r-${h}{${declaration(prop, value)};}\n`;
  for (const [h, decl] of Object.entries(MANUAL)) if (used.has(h) && !found.has(h)) css += `.r-${h}{${decl};} /* guess */\n`;
  return { css, decoded: found.size, used: used.size };
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const { css, decoded, used } = buildCss();
  writeFileSync(join(here, 'x.css'), css);
  console.log(`wrote tests/sim/x.css: ${decoded} of ${used} class names decoded, ${(css.length / 1024).toFixed(1)} KB`);
}
