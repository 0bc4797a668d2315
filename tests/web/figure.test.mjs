// figure.test.mjs: the web app's figure (web/app/figure.js) against the
// shared test vectors that src/core/demo is held to (tests/unit/test_demo.c):
// the same keyframes must put every joint in the same place in the browser
// as in the handout. Also: every shipped demonstration plays without a
// non-finite point, and the loop's timeline matches the C one.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { KEYPOINTS, between, loopSeconds, phaseAt, prepare, frameAt } from '../../web/app/figure.js';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const vectors = JSON.parse(readFileSync(join(ROOT, 'tests', 'data', 'demo-vectors.json'), 'utf8'));

test('the figure puts every joint where the C rig does', () => {
  let compared = 0;
  vectors.cases.forEach((c, i) => {
    const preps = { false: prepare(c.demo, false), true: prepare(c.demo, true) };
    c.frames.forEach((fr, k) => {
      const p = between(preps[fr.mirror], fr.from, fr.to, fr.f);
      for (const name of KEYPOINTS) {
        const [x, y] = fr.joints[name];
        assert.ok(Math.abs(p[name].x - x) < 2e-6 && Math.abs(p[name].y - y) < 2e-6,
          `case ${i} frame ${k}: ${name} is (${p[name].x}, ${p[name].y}), the vectors say (${x}, ${y})`);
        compared++;
      }
    });
  });
  assert.ok(compared >= 3 * 4 * KEYPOINTS.length);
});

test('the loop holds, moves and comes back as demo_frame_at does', () => {
  const bridge = JSON.parse(readFileSync(join(ROOT, 'tests', 'fixtures', 'demo-bridge.json'), 'utf8'));
  const prep = prepare(bridge);
  assert.equal(loopSeconds(prep, 5), 10);
  assert.deepEqual(phaseAt(prep, 5, 0.5), { from: 0, to: 0, f: 1, key: 0 });
  assert.deepEqual(phaseAt(prep, 5, 2), { from: 0, to: 1, f: 0.5, key: 1 });
  assert.deepEqual(phaseAt(prep, 5, 7.9), { from: 1, to: 1, f: 1, key: 1 });
  assert.deepEqual(phaseAt(prep, 5, 9), { from: 1, to: 0, f: 0.5, key: 0 });
  assert.deepEqual(phaseAt(prep, 5, 12), phaseAt(prep, 5, 2));
});

test('every shipped demonstration plays: finite points all through the loop, both sides', () => {
  const dir = join(ROOT, 'data', 'exercises', 'demos');
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 1);
  for (const f of files) {
    const demo = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    for (const mirror of [false, true]) {
      const prep = prepare(demo, mirror);
      const loop = loopSeconds(prep, 5);
      for (let t = 0; t < loop; t += loop / 40) {
        const p = frameAt(prep, 5, t);
        for (const name of KEYPOINTS) assert.ok(Number.isFinite(p[name].x) && Number.isFinite(p[name].y), `${f} at ${t}: ${name}`);
      }
    }
  }
});
