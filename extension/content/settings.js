// The reader's settings: what they are, how they are saved (chrome.storage.sync) and read back
// before the overlay is built, how they show on the reader (data attributes its stylesheet
// keys on), and the small panel that changes them.
// (Classic script, re-run on every click: it only reassigns one global.)
globalThis.UnspoolSettings = (() => {
  const STORAGE_KEY = 'readerSettings';
  const THEMES = ['auto', 'light', 'sepia', 'dark'];
  const FONTS = ['serif', 'sans'];
  const WIDTHS = ['narrow', 'medium', 'wide'];
  /** PDF paper: `auto` follows the browser's locale (Letter in the US and a few more). */
  const PAPERS = ['auto', 'a4', 'letter'];
  /** PDF photos: `fitted` scaled to what the page uses (smaller files), `full` as served. */
  const PHOTOS = ['fitted', 'full'];
  /** Text size steps (index into the stylesheet's sizes). */
  const SIZE_MIN = 0;
  const SIZE_MAX = 6;
  const DEFAULTS = Object.freeze({
    theme: 'auto', font: 'serif', size: 2, width: 'medium', numbers: true, images: true, paper: 'auto',
    photos: 'fitted',
  });

  /** Any stored value, however odd, as a complete and valid settings object. */
  function normalize(value) {
    const v = value !== null && typeof value === 'object' ? value : {};
    const size = Number.isInteger(v.size) ? Math.min(SIZE_MAX, Math.max(SIZE_MIN, v.size)) : DEFAULTS.size;
    return {
      theme: THEMES.includes(v.theme) ? v.theme : DEFAULTS.theme,
      font: FONTS.includes(v.font) ? v.font : DEFAULTS.font,
      size,
      width: WIDTHS.includes(v.width) ? v.width : DEFAULTS.width,
      numbers: typeof v.numbers === 'boolean' ? v.numbers : DEFAULTS.numbers,
      images: typeof v.images === 'boolean' ? v.images : DEFAULTS.images,
      paper: PAPERS.includes(v.paper) ? v.paper : DEFAULTS.paper,
      photos: PHOTOS.includes(v.photos) ? v.photos : DEFAULTS.photos,
    };
  }

  /** The saved settings, or the defaults when storage is missing, slow or broken. */
  async function load(ext) {
    const area = ext?.storage?.sync;
    if (!area) return normalize(null);
    try {
      const got = await Promise.race([
        area.get(STORAGE_KEY),
        new Promise((resolve) => setTimeout(() => resolve(null), 500)),
      ]);
      return normalize(got?.[STORAGE_KEY]);
    } catch {
      return normalize(null);
    }
  }

  function save(ext, settings) {
    const area = ext?.storage?.sync;
    if (!area) return;
    try {
      void Promise.resolve(area.set({ [STORAGE_KEY]: normalize(settings) })).catch(() => {});
    } catch {
      // Quota or a stopped extension: the settings simply last for this page.
    }
  }

  /** Puts the settings on the reader element, where the stylesheet reads them. */
  function apply(reader, settings) {
    const s = normalize(settings);
    reader.dataset.theme = s.theme;
    reader.dataset.font = s.font;
    reader.dataset.size = String(s.size);
    reader.dataset.width = s.width;
    reader.dataset.numbers = s.numbers ? 'on' : 'off';
    reader.dataset.images = s.images ? 'on' : 'off';
  }

  /** The next theme in the cycle (the `t` key). */
  function nextTheme(theme) {
    return THEMES[(THEMES.indexOf(theme) + 1) % THEMES.length];
  }

  /**
   * The settings panel: native radios, a range and checkboxes, so Tab, arrows and screen
   * readers work as everywhere. `onChange(settings)` gets the whole new settings object.
   * Returns `{panel, update(settings)}`; `update` shows settings changed elsewhere (keys).
   */
  function panel({ t, h, settings, onChange }) {
    let current = normalize(settings);
    const inputs = [];
    const radios = (name, legend, options) =>
      h('fieldset', { class: 'setting' },
        h('legend', {}, legend),
        h('div', { class: 'choices' }, ...options.map(([value, label]) => {
          const input = h('input', { type: 'radio', name: `unspool-${name}`, value, 'data-setting': name });
          inputs.push(input);
          return h('label', { class: 'choice' }, input, h('span', {}, label));
        })));
    const toggle = (name, label) => {
      const input = h('input', { type: 'checkbox', 'data-setting': name });
      inputs.push(input);
      return h('label', { class: 'setting check' }, input, h('span', {}, label));
    };
    const size = h('input', {
      type: 'range', min: String(SIZE_MIN), max: String(SIZE_MAX), step: '1',
      'data-setting': 'size', id: 'unspool-size',
    });
    inputs.push(size);

    const box = h('div', {
      class: 'settings', id: 'unspool-settings', role: 'group', 'aria-label': t('settingsLabel'), hidden: '',
    },
    radios('theme', t('settingTheme'), [
      ['auto', t('themeAuto')], ['light', t('themeLight')], ['sepia', t('themeSepia')], ['dark', t('themeDark')],
    ]),
    radios('font', t('settingFont'), [['serif', t('fontSerif')], ['sans', t('fontSans')]]),
    h('div', { class: 'setting' },
      h('label', { class: 'setting-title', for: 'unspool-size' }, t('settingSize')),
      h('div', { class: 'size-row' },
        h('span', { class: 'size-small', 'aria-hidden': 'true' }, 'A'),
        size,
        h('span', { class: 'size-large', 'aria-hidden': 'true' }, 'A'))),
    radios('width', t('settingWidth'), [
      ['narrow', t('widthNarrow')], ['medium', t('widthMedium')], ['wide', t('widthWide')],
    ]),
    toggle('numbers', t('settingNumbers')),
    toggle('images', t('settingImages')),
    radios('paper', t('settingPaper'), [
      ['auto', t('paperAuto')], ['a4', t('paperA4')], ['letter', t('paperLetter')],
    ]),
    radios('photos', t('settingPhotos'), [['fitted', t('photosFitted')], ['full', t('photosFull')]]),
    h('p', { class: 'keys-help' }, t('keyboardHelp')));

    function update(next) {
      current = normalize(next);
      for (const input of inputs) {
        const name = input.dataset.setting;
        if (input.type === 'radio') input.checked = current[name] === input.value;
        else if (input.type === 'checkbox') input.checked = current[name];
        else input.value = String(current[name]);
      }
      size.setAttribute('aria-valuetext', t('sizeStep', [String(current.size + 1), String(SIZE_MAX + 1)]));
    }

    const changed = (event) => {
      const input = event.target;
      const name = input?.dataset?.setting;
      if (!name) return;
      let value;
      if (input.type === 'radio') value = input.value;
      else if (input.type === 'checkbox') value = input.checked;
      else value = Number(input.value);
      update({ ...current, [name]: value });
      onChange(current);
    };
    box.addEventListener('change', changed);
    box.addEventListener('input', changed);
    update(current);
    return { panel: box, update };
  }

  /**
   * The switch for "Unroll this thread" in the right-click menu. Not a saved setting: it shows
   * whether the browser holds the optional permission, which only the worker can tell.
   * `onToggle(on)` gets the user's change. Returns `{element, input}`.
   */
  function menuSwitch({ t, h, onToggle }) {
    const input = h('input', { type: 'checkbox', 'data-control': 'context-menu' });
    const element = h('label', { class: 'setting check' }, input, h('span', {}, t('settingContextMenu')));
    input.addEventListener('change', (event) => {
      event.stopPropagation(); // not one of the saved settings the panel reports
      onToggle(input.checked);
    });
    return { element, input };
  }

  return Object.freeze({
    DEFAULTS, THEMES, SIZE_MIN, SIZE_MAX, normalize, load, save, apply, nextTheme, panel, menuSwitch,
  });
})();
