// demo_frames.mjs: what a demonstration costs a phone. Debian's chromium at
// 390 x 844 with the CPU slowed 4x (the DevTools throttling Lighthouse's
// mobile profile uses) plays one exercise's figure, and the page times every
// draw() and every frame interval for 5 seconds. Beside it, in the same run
// and the same throttled page: an empty requestAnimationFrame loop (the
// reference: what a frame costs when nothing is drawn). Three interleaved
// rounds; the medians are printed.
// Usage: node bench/demo_frames.mjs [EXERCISE ...]  (after `make`)
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const ids = process.argv.slice(2).length ? process.argv.slice(2) : ['bridge', 'cat-camel', 'tai-chi-closing', 'walking'];
const figure = readFileSync(join(ROOT, 'web', 'app', 'figure.js'), 'utf8').replace(/^export /gm, '');
const median = (a) => [...a].sort((x, y) => x - y)[Math.floor(a.length / 2)];
const pct = (a, p) => [...a].sort((x, y) => x - y)[Math.min(a.length - 1, Math.floor(a.length * p))];

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const page = await browser.newPage({ viewport: { width: 390, height: 844 } });
const cdp = await page.context().newCDPSession(page);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await page.setContent('<!doctype html><body style="margin:0"><svg id="s" width="358" height="268"></svg></body>');
await page.addScriptTag({ content: `${figure}; window.fig = { prepare, stage, frameAt, phaseAt, draw };` });

async function round(id) {
  const demo = JSON.parse(readFileSync(join(ROOT, 'data', 'exercises', 'demos', `${id}.json`), 'utf8'));
  return page.evaluate(
    ({ demo, seconds }) =>
      new Promise((done) => {
        const svg = document.getElementById('s');
        const prep = window.fig.prepare(demo);
        const box = window.fig.stage(prep);
        const draws = [];
        const gaps = [];
        const empty = [];
        let t0 = null;
        let last = null;
        const play = (now) => {
          if (t0 === null) t0 = now;
          if (last !== null) gaps.push(now - last);
          last = now;
          const a = performance.now();
          const at = (now - t0) / 1000;
          window.fig.draw(svg, demo, window.fig.frameAt(prep, 5, at), box, window.fig.phaseAt(prep, 5, at).key);
          draws.push(performance.now() - a);
          if (now - t0 < seconds * 1000) requestAnimationFrame(play);
          else {
            let l2 = null;
            const t1 = performance.now();
            const idle = (n2) => {
              if (l2 !== null) empty.push(n2 - l2);
              l2 = n2;
              if (n2 - t1 < seconds * 1000) requestAnimationFrame(idle);
              else done({ draws, gaps, empty });
            };
            requestAnimationFrame(idle);
          }
        };
        requestAnimationFrame(play);
      }),
    { demo, seconds: 5 },
  );
}

console.log('demonstration frames, 390 x 844, CPU throttled 4x; medians of 3 interleaved rounds (ms)');
console.log(`${'exercise'.padEnd(18)} ${'draw p50'.padStart(9)} ${'draw p95'.padStart(9)} ${'frame p50'.padStart(10)} ${'frame p95'.padStart(10)} ${'empty frame p50'.padStart(16)}`);
const results = Object.fromEntries(ids.map((id) => [id, []]));
for (let r = 0; r < 3; r++) for (const id of ids) results[id].push(await round(id));
for (const id of ids) {
  const m = (f) => median(results[id].map(f)).toFixed(2);
  console.log(`${id.padEnd(18)} ${m((x) => median(x.draws)).padStart(9)} ${m((x) => pct(x.draws, 0.95)).padStart(9)} ${m((x) => median(x.gaps)).padStart(10)} ${m((x) => pct(x.gaps, 0.95)).padStart(10)} ${m((x) => median(x.empty)).padStart(16)}`);
}
await browser.close();
