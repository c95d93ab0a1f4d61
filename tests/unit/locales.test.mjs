// Every locale is complete: exactly the English keys, the same placeholders, each one used.
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { test } from 'node:test';

const locales = new URL('../../extension/_locales/', import.meta.url);

async function load(name) {
  return JSON.parse(await readFile(new URL(`${name}/messages.json`, locales), 'utf8'));
}

/** `{name: content}` of a message's placeholders, names lower-cased as Chrome reads them. */
function placeholders(entry) {
  return Object.fromEntries(
    Object.entries(entry.placeholders ?? {}).map(([name, p]) => [name.toLowerCase(), p.content]),
  );
}

/** The `$NAME$` placeholders a message uses, lower-cased and sorted. */
function used(message) {
  return [...new Set([...message.matchAll(/\$([A-Za-z0-9_]+)\$/g)].map((m) => m[1].toLowerCase()))].sort();
}

test('there is more than one locale', async () => {
  const names = (await readdir(locales)).sort();
  assert.ok(names.includes('en'));
  assert.ok(names.length >= 2, `only ${names}`);
});

test("every locale has exactly en's keys and the same placeholders, each used", async () => {
  const en = await load('en');
  for (const name of await readdir(locales)) {
    const locale = await load(name);
    assert.deepEqual(Object.keys(locale).sort(), Object.keys(en).sort(), `${name}: keys`);
    for (const [key, entry] of Object.entries(locale)) {
      assert.equal(typeof entry.message, 'string', `${name}.${key}`);
      assert.ok(entry.message.trim() !== '', `${name}.${key} is empty`);
      assert.deepEqual(placeholders(entry), placeholders(en[key]), `${name}.${key}: placeholders`);
      assert.deepEqual(used(entry.message), Object.keys(placeholders(entry)).sort(),
        `${name}.${key}: "${entry.message}" uses its placeholders exactly`);
    }
  }
});

test('a translated locale is translated, not copied', async () => {
  const en = await load('en');
  for (const name of await readdir(locales)) {
    if (name === 'en') continue;
    const locale = await load(name);
    const same = Object.keys(en).filter((key) => locale[key].message === en[key].message);
    // Brand names and short loan words (PDF, GIF, Video, Sepia…) may match, and so may a
    // pattern of placeholders alone ("{day} {month} {year}"); sentences may not.
    const words = (message) => message.replace(/\{[a-z]+\}|\$[A-Z0-9_]+\$/g, '').match(/\p{L}+/gu) ?? [];
    const sentences = same.filter((key) => words(en[key].message).length > 2);
    assert.deepEqual(sentences, [], `${name}: left in English`);
  }
});

test('German addresses the reader formally throughout, and unrolls with one verb', async () => {
  const de = await load('de');
  for (const [key, entry] of Object.entries(de)) {
    const message = entry.message;
    assert.doesNotMatch(message, /\b(du|dich|dir|dein|deine|deinem|deinen|deiner|deines)\b/i, `de.${key}: "${message}"`);
    // The informal imperatives these messages would use.
    assert.doesNotMatch(message, /\b(Öffne|Lade|Warte|Klicke|Gib|Lies|Versuche|Melde)\b|\b(klicke|versuche)\b/, `de.${key}: "${message}"`);
    assert.doesNotMatch(message, /entroll/i, `de.${key}: "${message}" (Unspool rollt Threads auf)`);
  }
});

test("every locale's name and description fit the stores' limits", async () => {
  for (const name of await readdir(locales)) {
    const locale = await load(name);
    // Chrome Web Store: a name of at most 75 characters, a description of at most 132.
    assert.ok([...locale.extName.message].length <= 75, `${name}.extName`);
    assert.ok([...locale.extDescription.message].length <= 132, `${name}.extDescription`);
  }
});

test("every locale names its own language, as the reader's lang attribute", async () => {
  for (const name of await readdir(locales)) {
    const locale = await load(name);
    assert.equal(locale.uiLanguage.message, name.replace('_', '-'), name);
  }
});
