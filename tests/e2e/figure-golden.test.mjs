// figure-golden.test.mjs: the handout's figure (cairo, src/render/figure_cairo.c)
// and the app's (SVG, web/app/figure.js) are one drawing. For demonstrations
// seen from the right, the left and the front, on the floor, on hands and
// knees, standing and seen from above, `moverx exercises picture` draws a step to PNG and
// Debian's chromium draws the same step from the SVG; both are compared
// pixel by pixel in a canvas: nearly every pixel must agree, and each must
// actually hold a figure.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { ROOT } from './harness.mjs';

const BIN = process.env.MOVERX_BIN || join(ROOT, 'build', 'moverx');
const SHOTS = process.env.MOVERX_SCREENSHOTS || join(ROOT, 'build', 'screenshots');
const CASES = [
  ['bridge', 2, false],
  ['cat-camel', 2, false],
  ['tai-chi-closing', 1, false],
  ['single-leg-bridge', 2, true],
  ['seated-tai-chi-closing', 3, true],
  ['open-book', 3, false], // from above, the chest turned, an arm turned away behind
  ['seated-thoracic-rotation', 2, true],
  ['side-lying-leg-lift', 2, true], // from the front: the working hip's muscle only
];
let browser;
let dir;

before(async () => {
  browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
  dir = mkdtempSync(join(tmpdir(), 'moverx-golden-'));
});
after(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

for (const [id, step, mirror] of CASES) {
  test(`${id}, step ${step}${mirror ? ', other side' : ''}: cairo and the browser draw the same figure`, async () => {
    const png = join(dir, `${id}-${step}.png`);
    execFileSync(BIN, ['--data', join(ROOT, 'data'), 'exercises', 'picture', id, '--step', String(step), ...(mirror ? ['--other-side'] : []), '--out', png]);
    const demo = JSON.parse(readFileSync(join(ROOT, 'data', 'exercises', 'demos', `${id}.json`), 'utf8'));
    const figure = readFileSync(join(ROOT, 'web', 'app', 'figure.js'), 'utf8').replace(/^export /gm, '');
    const page = await browser.newPage({ viewport: { width: 900, height: 700 } });
    await page.setContent('<!doctype html><body></body>');
    const result = await page.evaluate(
      async ({ src, demo, step, mirror, cairo }) => {
        // figure.js's functions, defined in this page
        const mod = new Function(`${src}; return { prepare, between, draw, stage };`)();
        const prep = mod.prepare(demo);
        const box = mod.stage(prep, mirror);
        const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
        svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
        svg.setAttribute('width', '800');
        svg.setAttribute('height', '600');
        document.body.append(svg);
        mod.draw(svg, demo, mod.between(prep, step - 1, step - 1, 1), box, step - 1, mirror);
        const pixels = async (url) => {
          const img = new Image();
          img.src = url;
          await img.decode();
          const c = document.createElement('canvas');
          c.width = 800;
          c.height = 600;
          const g = c.getContext('2d');
          g.fillStyle = '#fff';
          g.fillRect(0, 0, 800, 600);
          g.drawImage(img, 0, 0, 800, 600);
          return g.getImageData(0, 0, 800, 600).data;
        };
        const a = await pixels(`data:image/svg+xml;base64,${btoa(new XMLSerializer().serializeToString(svg))}`);
        const b = await pixels(`data:image/png;base64,${cairo}`);
        let differ = 0;
        let inkA = 0;
        let inkB = 0;
        const diff = new Uint8ClampedArray(a.length);
        for (let i = 0; i < a.length; i += 4) {
          const d = Math.abs(a[i] - b[i]) + Math.abs(a[i + 1] - b[i + 1]) + Math.abs(a[i + 2] - b[i + 2]);
          if (d > 60) differ++;
          if (a[i] + a[i + 1] + a[i + 2] < 600) inkA++;
          if (b[i] + b[i + 1] + b[i + 2] < 600) inkB++;
          diff[i] = d > 60 ? 255 : a[i];
          diff[i + 1] = d > 60 ? 0 : a[i + 1];
          diff[i + 2] = d > 60 ? 0 : a[i + 2];
          diff[i + 3] = 255;
        }
        const c = document.createElement('canvas');
        c.width = 800;
        c.height = 600;
        c.getContext('2d').putImageData(new ImageData(diff, 800, 600), 0, 0);
        return { differ: differ / (800 * 600), inkA: inkA / (800 * 600), inkB: inkB / (800 * 600), diff: c.toDataURL('image/png') };
      },
      { src: figure, demo, step, mirror, cairo: readFileSync(png).toString('base64') },
    );
    await page.close();
    mkdirSync(SHOTS, { recursive: true });
    writeFileSync(join(SHOTS, `golden-${id}-${step}${mirror ? '-mirror' : ''}.png`), Buffer.from(result.diff.split(',')[1], 'base64'));
    assert.ok(result.inkA > 0.04 && result.inkB > 0.04, `both pictures hold a figure (${result.inkA}, ${result.inkB})`);
    assert.ok(Math.abs(result.inkA - result.inkB) < 0.01, `as much ink in each (${result.inkA} and ${result.inkB})`);
    assert.ok(result.differ < 0.01, `${(result.differ * 100).toFixed(2)} % of the pixels differ`);
  });
}
