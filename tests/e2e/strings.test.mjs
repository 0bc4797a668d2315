// strings.test.mjs: the English catalogue holds every string key the app
// uses, and nothing it does not (a translation copies exactly these keys).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT } from './harness.mjs';

const APP = join(ROOT, 'web', 'app');
const files = (dir) => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []));

test('every string the app shows is in the catalogue, and every entry is used', async () => {
  const { default: en } = await import(join(APP, 'strings.en.js'));
  const sources = files(APP).filter((f) => !f.endsWith('strings.en.js')).map((f) => readFileSync(f, 'utf8')).join('\n');
  // t('key') calls must name a key that exists
  const called = [...sources.matchAll(/\bt\(\s*'([a-z_0-9.]+)'/g)].map((m) => m[1]);
  assert.deepEqual(called.filter((k) => !(k in en)), [], 'keys used but not in strings.en.js');
  // an entry counts as used when its key is written out anywhere, or built
  // from a written prefix (`tier.${tier}`, `intake.bother${v}`)
  const literals = new Set([...sources.matchAll(/'([a-z_0-9]+\.[a-z_0-9.]+)'/g)].map((m) => m[1]));
  const prefixes = [...sources.matchAll(/`([a-z_]+\.[a-z_]*)\$\{/g)].map((m) => m[1]);
  const unused = Object.keys(en).filter((k) => !literals.has(k) && !prefixes.some((p) => k.startsWith(p)) && !/\.(title|one|other)$/.test(k) && !['yes', 'no'].includes(k));
  assert.deepEqual(unused, [], 'keys in strings.en.js that nothing uses');
});
