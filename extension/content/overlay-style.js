// The reader's stylesheet, kept as a string so the content script can put it inside the
// overlay's shadow root: page CSS cannot reach in, and ours cannot leak out.
// (Classic script, re-run on every click: it only reassigns one global.)
// The dark palette is written once: chosen outright, or by "auto" when the system is dark.
globalThis.UnspoolOverlayStyle = ((darkTheme) => String.raw`
:host {
  all: initial !important;
  position: fixed !important;
  inset: 0 !important;
  z-index: 2147483647 !important;
  display: block !important;
  contain: strict;
}

.reader {
  --bg: #f7f5f0;
  --surface: #fffdf9;
  --text: #1d1b18;
  --muted: #645f57;
  --faint: #6f6a62;
  --rule: #e3ded3;
  --accent: #a8401a;
  --link: #1f5fae;
  --button: #fffdf9;
  --button-hover: #efebe3;
  --placeholder: #ebe7de;
  --shadow: 0 1px 2px rgb(40 30 20 / 0.06), 0 8px 24px rgb(40 30 20 / 0.06);
  --serif: ui-serif, "Iowan Old Style", "Charter", "Bitstream Charter", "Sitka Text", Cambria,
    "Noto Serif", "Source Serif 4", Georgia, "DejaVu Serif", serif;
  --sans: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", "Noto Sans",
    "Liberation Sans", Arial, sans-serif, "Apple Color Emoji", "Segoe UI Emoji", "Noto Color Emoji";

  position: absolute;
  inset: 0;
  overflow-y: auto;
  overscroll-behavior: contain;
  background: var(--bg);
  color: var(--text);
  --size: 19px;
  --measure: 680px;
  --body-font: var(--serif);
  font: 400 var(--size)/1.6 var(--body-font);
  -webkit-font-smoothing: antialiased;
  text-rendering: optimizeLegibility;
  color-scheme: light;
  outline: none;
}

/* Themes (settings.js puts data-theme on the reader): light above, sepia, dark, and auto
   following the system. Every text colour meets WCAG AA (4.5:1) on every background. */
@media (prefers-color-scheme: dark) {
  .reader[data-theme="auto"] { ${darkTheme} }
}
.reader[data-theme="dark"] { ${darkTheme} }
.reader[data-theme="sepia"] {
  --bg: #f4ecd8;
  --surface: #fbf5e7;
  --text: #38291b;
  --muted: #5f4f3b;
  --faint: #67563f;
  --rule: #dfd1b3;
  --accent: #9a3c16;
  --link: #1c5596;
  --button: #fbf5e7;
  --button-hover: #ebdfc4;
  --placeholder: #e6d9bc;
  --shadow: 0 1px 2px rgb(70 50 20 / 0.08), 0 8px 24px rgb(70 50 20 / 0.08);
  color-scheme: light;
}
.reader[data-font="sans"] { --body-font: var(--sans); }
.reader[data-size="0"] { --size: 15px; }
.reader[data-size="1"] { --size: 17px; }
.reader[data-size="3"] { --size: 21px; }
.reader[data-size="4"] { --size: 23px; }
.reader[data-size="5"] { --size: 26px; }
.reader[data-size="6"] { --size: 29px; }
.reader[data-width="narrow"] { --measure: 560px; }
.reader[data-width="wide"] { --measure: 840px; }
.reader[data-numbers="off"] .post-number { display: none; }
.reader[data-images="off"] :is(.media, .quote-media, .card img) { display: none; }

*, *::before, *::after { box-sizing: border-box; }
figure, blockquote { margin: 0; }

a { color: var(--link); text-decoration: underline; text-decoration-thickness: 1px;
    text-underline-offset: 0.15em; text-decoration-color: color-mix(in srgb, currentColor 40%, transparent); }
a:hover { text-decoration-color: currentColor; }
:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; border-radius: 4px; }
.reader:focus-visible { outline: none; }

/* --- toolbar --- */
.toolbar {
  position: sticky;
  top: 0;
  z-index: 2;
  display: flex;
  align-items: center;
  gap: 8px;
  padding: 10px 16px;
  background: color-mix(in srgb, var(--bg) 86%, transparent);
  backdrop-filter: saturate(1.4) blur(14px);
  border-bottom: 1px solid color-mix(in srgb, var(--rule) 70%, transparent);
  font: 500 14px/1.2 var(--sans);
}
.brand { display: flex; align-items: center; gap: 8px; color: var(--text); font-weight: 650;
         letter-spacing: 0.01em; margin-right: auto; }
.brand svg { width: 22px; height: 22px; border-radius: 6px; flex: none; }
.actions { display: flex; align-items: center; gap: 6px; }
.reader:not([data-state="ready"]) .actions { display: none; }

button {
  display: inline-flex;
  align-items: center;
  gap: 6px;
  height: 32px;
  padding: 0 12px;
  border: 1px solid var(--rule);
  border-radius: 999px;
  background: var(--button);
  color: var(--text);
  font: 500 13.5px/1 var(--sans);
  cursor: pointer;
  white-space: nowrap;
  transition: background-color 120ms ease;
}
button:hover { background: var(--button-hover); }
button svg { width: 16px; height: 16px; flex: none; }
button[data-action="close"] { width: 32px; padding: 0; justify-content: center; margin-left: 4px; }
button[data-action="close"] svg { width: 14px; height: 14px; }

/* --- status: collecting and error --- */
.status {
  display: none;
  flex-direction: column;
  align-items: center;
  justify-content: center;
  gap: 18px;
  min-height: calc(100% - 53px);
  padding: 48px 24px 15vh;
  text-align: center;
  font: 400 16px/1.5 var(--sans);
  color: var(--muted);
}
.reader[data-state="collecting"] .status { display: flex; }
.progress { display: flex; flex-direction: column; align-items: center; gap: 16px; }
.spinner {
  width: 28px; height: 28px; border-radius: 50%;
  border: 3px solid var(--rule); border-top-color: var(--accent);
  animation: spin 0.9s linear infinite;
}
@keyframes spin { to { transform: rotate(360deg); } }
.progress progress {
  appearance: none; width: min(280px, 70vw); height: 6px; border: 0; border-radius: 3px;
  background: var(--rule); overflow: hidden;
}
.progress progress[hidden] { display: none; }
.progress progress::-webkit-progress-bar { background: var(--rule); border-radius: 3px; }
.progress progress::-webkit-progress-value { background: var(--accent); border-radius: 3px; }
.progress progress::-moz-progress-bar { background: var(--accent); border-radius: 3px; }
@media (prefers-reduced-motion: reduce) { .spinner { animation-duration: 3s; } }

/* The one message element: an error card in the error state, a passing notice when ready. */
[data-role="message"]:empty { display: none; }
.reader[data-state="collecting"] [data-role="message"] { display: none; }
.reader[data-state="error"] [data-role="message"] {
  display: block;
  max-width: min(460px, calc(100% - 32px));
  margin: 18vh auto 48px;
  text-align: center;
  font: 400 16px/1.5 var(--sans);
  padding: 28px 32px;
  border: 1px solid var(--rule);
  border-radius: 16px;
  background: var(--surface);
  box-shadow: var(--shadow);
  color: var(--muted);
}
.message-title { display: block; margin: 0 0 8px; color: var(--text);
                 font: 650 19px/1.35 var(--sans); }
.message-detail { display: block; margin: 6px 0 0; }
.message-action { margin: 8px 0 0 12px; vertical-align: middle; }
.reader[data-state="ready"] [data-role="message"] {
  position: fixed;
  left: 50%;
  bottom: 28px;
  transform: translateX(-50%);
  z-index: 3;
  max-width: min(560px, calc(100% - 32px));
  padding: 10px 18px;
  /* A pill on one line, a rounded card on more. */
  border-radius: 20px;
  background: var(--text);
  color: var(--bg);
  font: 500 14px/1.4 var(--sans);
  box-shadow: var(--shadow);
}
/* A notice that stays (the thread may be incomplete) in the same colours as a passing one. */
.reader[data-state="ready"] .message-title { display: inline; margin: 0; color: inherit; font: inherit; }

/* --- the thread --- */
.thread { display: none; max-width: var(--measure); margin: 0 auto; padding: 56px 24px 96px; }
.reader[data-state="ready"] .thread { display: block; }

.kicker { margin: 0 0 10px; color: var(--accent); font: 650 12.5px/1.2 var(--sans);
          letter-spacing: 0.08em; text-transform: uppercase; }
.title { margin: 0; font: 700 34px/1.2 var(--serif); letter-spacing: -0.012em; color: var(--text);
         text-wrap: balance; }

.byline { display: flex; align-items: center; gap: 14px; margin: 26px 0 0; padding: 0 0 28px;
          border-bottom: 1px solid var(--rule); font: 400 15px/1.4 var(--sans); }
.avatar { width: 48px; height: 48px; border-radius: 50%; object-fit: cover; flex: none;
          background: var(--placeholder); }
.byline-text { min-width: 0; }
.byline-name { display: flex; align-items: center; gap: 4px; color: var(--text); font-weight: 650;
               font-size: 16px; }
.byline-name a { color: inherit; text-decoration: none; }
.byline-name a:hover { text-decoration: underline; }
.verified { width: 18px; height: 18px; flex: none; fill: #1d9bf0; }
.byline-meta { margin-top: 2px; color: var(--muted); font-size: 14px; }
.byline-meta > * + *::before { content: "·"; display: inline-block; margin: 0 7px; color: var(--faint); }
.byline-meta a { color: var(--muted); }

.posts { list-style: none; margin: 40px 0 0; padding: 0; }
.post { position: relative; margin: 0 0 1.7em; padding: 0; }
/* Number and time sit in the left margin, beside the text, where a reader's eye skips them. */
.post-aside {
  position: absolute;
  right: calc(100% + 28px);
  top: 0.25em;
  display: flex;
  flex-direction: column;
  align-items: flex-end;
  gap: 2px;
  width: 120px;
  font: 400 12.5px/1.4 var(--sans);
  color: var(--faint);
  white-space: nowrap;
}
.post-number { font-weight: 600; font-variant-numeric: tabular-nums; letter-spacing: 0.02em; }
.post-aside a { color: inherit; text-decoration: none; }
.post-aside a:hover { color: var(--muted); text-decoration: underline; }
.post-text p { margin: 0 0 0.85em; overflow-wrap: anywhere; }
.post-text p:last-child { margin-bottom: 0; }
/* Mentions and hashtags keep the links' underline: colour alone does not tell them from text. */
.truncated { margin: 0.6em 0 0; font: italic 400 15px/1.5 var(--sans); }
.truncated a { color: var(--muted); }
.content-warning {
  margin: 0 0 0.8em; padding: 8px 12px; border-left: 3px solid var(--accent);
  background: var(--button); border-radius: 0 6px 6px 0; font: 400 15px/1.5 var(--sans);
}
.content-warning strong { font-weight: 600; }

/* media */
.media { display: grid; gap: 8px; margin: 18px 0 0; }
.media figure, .quote-media figure { position: relative; }
.media img, .quote-media img {
  display: block; width: 100%; height: auto; min-height: 80px; max-height: 80vh;
  object-fit: cover; border-radius: 12px; background: var(--placeholder);
  border: 1px solid color-mix(in srgb, var(--rule) 60%, transparent);
}
.media figcaption { margin-top: 6px; color: var(--muted); font: 400 13.5px/1.45 var(--sans); }
.play { position: absolute; inset: 0; display: flex; align-items: center; justify-content: center; }
.play span {
  display: flex; align-items: center; justify-content: center;
  width: 64px; height: 64px; border-radius: 50%;
  background: rgb(0 0 0 / 0.6); backdrop-filter: blur(4px); box-shadow: 0 0 0 2px rgb(255 255 255 / 0.85);
}
.play svg { width: 26px; height: 26px; margin-left: 4px; fill: #fff; }
.gif-badge { position: absolute; left: 10px; bottom: 10px; padding: 2px 6px; border-radius: 4px;
             background: rgb(0 0 0 / 0.7); color: #fff; font: 700 12px/1.3 var(--sans); }

/* quoted post */
.quote {
  margin: 18px 0 0;
  padding: 14px 16px 16px;
  border: 1px solid var(--rule);
  border-radius: 14px;
  background: var(--surface);
  font-size: 0.87em;
  line-height: 1.55;
}
.quote-head { display: flex; align-items: center; gap: 8px; margin-bottom: 6px;
              font: 400 14px/1.3 var(--sans); color: var(--muted); min-width: 0; }
.quote-head img { width: 22px; height: 22px; border-radius: 50%; flex: none; background: var(--placeholder); }
.quote-head strong { color: var(--text); font-weight: 650; }
.quote-head a { color: inherit; text-decoration: none; }
.quote-head a:hover { text-decoration: underline; }
.quote-head .verified { width: 16px; height: 16px; margin-left: -4px; }
.quote-head time::before { content: "·"; margin-right: 8px; }
.quote .post-text p { margin-bottom: 0.6em; }
.quote-media { display: grid; gap: 6px; margin-top: 12px; }

/* link card */
.card {
  display: flex; align-items: stretch; margin: 18px 0 0; overflow: hidden;
  border: 1px solid var(--rule); border-radius: 12px; background: var(--surface);
  color: inherit; text-decoration: none; font: 400 14px/1.4 var(--sans);
}
.card:hover { background: var(--button-hover); }
.card img { width: 112px; flex: none; object-fit: cover; background: var(--placeholder); }
.card-body { display: flex; flex-direction: column; justify-content: center; gap: 3px;
             min-width: 0; padding: 12px 16px; }
.card-domain { color: var(--muted); font-size: 13px; }
.card-title { color: var(--text); font-weight: 600; display: -webkit-box; -webkit-line-clamp: 2;
              -webkit-box-orient: vertical; overflow: hidden; }

/* poll: choices over bars at their shares (results), or outlined (still open) */
.poll { margin: 18px 0 0; font: 400 15px/1.4 var(--sans); }
.poll-options { list-style: none; margin: 0; padding: 0; display: grid; gap: 6px; }
.poll-option {
  position: relative; isolation: isolate; overflow: hidden;
  display: flex; align-items: center; justify-content: space-between; gap: 12px;
  min-height: 34px; padding: 6px 12px; border-radius: 8px;
}
.poll-options:not(.results) .poll-option { border: 1px solid var(--rule); background: var(--surface); }
.poll-options.results .poll-option { background: color-mix(in srgb, var(--rule) 38%, transparent); }
.poll-bar { position: absolute; inset: 0 auto 0 0; z-index: -1; border-radius: 8px;
            background: color-mix(in srgb, var(--faint) 24%, transparent); }
.poll-option.leading .poll-bar { background: color-mix(in srgb, var(--accent) 28%, transparent); }
.poll-label { min-width: 0; overflow-wrap: anywhere; }
.poll-percent { flex: none; color: var(--muted); font-variant-numeric: tabular-nums; }
.poll-option.leading .poll-label, .poll-option.leading .poll-percent { color: var(--text); font-weight: 650; }
.poll-summary { margin: 8px 0 0; color: var(--muted); font-size: 13.5px; }

/* edited marker beside the time; a post the page no longer shows; community note */
.post-aside .edited { padding: 0 6px; border: 1px solid var(--rule); border-radius: 999px;
                      font-size: 11px; line-height: 1.5; color: var(--muted); }
.unavailable-notice {
  margin: 0; padding: 10px 14px; border: 1px dashed var(--rule); border-radius: 10px;
  color: var(--muted); font: italic 400 15px/1.5 var(--sans);
}
.note {
  margin: 18px 0 0; padding: 12px 16px 14px; border: 1px solid var(--rule);
  border-left: 3px solid var(--link); border-radius: 10px; background: var(--surface);
  font-size: 16.5px; line-height: 1.55;
}
.note-label { margin: 0 0 6px; color: var(--muted); font: 650 12px/1.3 var(--sans);
              letter-spacing: 0.06em; text-transform: uppercase; }
.note .post-text p { margin-bottom: 0.6em; }
.note .post-text p:last-child { margin-bottom: 0; }

.end { margin: 44px 0 0; text-align: center; color: var(--faint); font: 400 13px/1.6 var(--sans); }
.end-mark { display: block; margin-bottom: 6px; color: var(--accent); letter-spacing: 0.5em; }
.end p { margin: 4px 0; }

/* --- settings panel --- */
.toolbar { position: sticky; }
.settings {
  position: absolute;
  top: calc(100% + 6px);
  right: 12px;
  z-index: 4;
  width: min(340px, calc(100vw - 24px));
  max-height: calc(100vh - 80px);
  overflow-y: auto;
  padding: 14px 16px 16px;
  border: 1px solid var(--rule);
  border-radius: 14px;
  background: var(--surface);
  color: var(--text);
  box-shadow: var(--shadow);
  font: 400 14px/1.4 var(--sans);
}
.settings[hidden] { display: none; }
.setting { margin: 0 0 14px; padding: 0; border: 0; min-width: 0; }
.setting:last-child { margin-bottom: 0; }
.setting legend, .setting-title { display: block; margin: 0 0 6px; padding: 0;
  color: var(--muted); font: 650 12px/1.3 var(--sans); letter-spacing: 0.06em; text-transform: uppercase; }
.choices { display: flex; flex-wrap: wrap; gap: 6px; }
.choice { position: relative; }
.choice input { position: absolute; opacity: 0; inset: 0; margin: 0; cursor: pointer; }
.choice span { display: inline-block; padding: 6px 12px; border: 1px solid var(--rule);
  border-radius: 999px; background: var(--button); color: var(--text); }
.choice input:checked + span { border-color: var(--accent); box-shadow: inset 0 0 0 1px var(--accent);
  font-weight: 650; }
.choice input:focus-visible + span { outline: 2px solid var(--accent); outline-offset: 2px; }
.size-row { display: flex; align-items: center; gap: 10px; }
.size-row input { flex: 1; accent-color: var(--accent); }
.size-small { font-size: 13px; }
.size-large { font-size: 22px; }
.check { display: flex; align-items: center; gap: 8px; cursor: pointer; }
.check input { width: 16px; height: 16px; margin: 0; accent-color: var(--accent); }
.keys-help { margin: 14px 0 0; padding: 10px 0 0; border-top: 1px solid var(--rule);
  color: var(--muted); font-size: 12.5px; }
.post { scroll-margin-top: 72px; }
.post:focus { outline: none; }
.post:focus-visible { outline: 2px solid var(--accent); outline-offset: 10px; border-radius: 4px; }

@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { transition: none !important; scroll-behavior: auto !important; }
}

.offscreen { position: fixed; top: 0; left: -10000px; width: 1px; height: 1px; opacity: 0; }

@media (max-width: 1000px) {
  .post-aside { position: static; flex-direction: row; align-items: baseline; gap: 10px;
                width: auto; margin: 0 0 4px; }
}
@media (max-width: 560px) {
  .reader { font-size: calc(var(--size) * 0.95); }
  .thread { padding-top: 32px; }
  .title { font-size: 28px; }
  .actions button:not([data-action="close"]) span { display: none; }
}
`)(String.raw`
  --bg: #18181a;
  --surface: #212124;
  --text: #e7e4de;
  --muted: #a8a39a;
  --faint: #9b968d;
  --rule: #34332f;
  --accent: #f08a57;
  --link: #8db8f2;
  --button: #232326;
  --button-hover: #2e2e32;
  --placeholder: #2a2a2d;
  --shadow: 0 1px 2px rgb(0 0 0 / 0.3), 0 8px 24px rgb(0 0 0 / 0.25);
  color-scheme: dark;
`);
