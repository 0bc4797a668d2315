#!/usr/bin/env node
// demo-preview.mjs: draws demonstrations as a strip of pictures (each
// keyframe, and the middle of each move) into a PNG, so that whoever writes
// or edits one can look at it. Uses Debian's chromium, as the browser tests do.
//
//   node scripts/demo-preview.mjs OUT.png data/exercises/demos/bridge.json [more.json ...]
//   node scripts/demo-preview.mjs --mirror OUT.png FILE.json   (the other side)
import { readFileSync } from 'node:fs';
import { dirname, join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const args = process.argv.slice(2);
const mirror = args[0] === '--mirror' ? !!args.shift() : false;
const [out, ...files] = args;
if (!out || !files.length) {
  console.error('usage: demo-preview.mjs [--mirror] OUT.png DEMO.json ...');
  process.exit(2);
}
const demos = files.map((f) => ({ name: basename(f, '.json'), demo: JSON.parse(readFileSync(f, 'utf8')) }));
const figure = readFileSync(join(here, '..', 'web', 'app', 'figure.js'), 'utf8');

const page = `<!doctype html><html><head><style>
body{margin:0;font:13px system-ui,sans-serif;background:#fff}
.row{display:flex;flex-wrap:wrap;gap:6px;padding:6px;border-bottom:1px solid #ddd;align-items:flex-start}
.cell{width:400px}.cell svg{width:400px;height:300px;background:#fbfcfd;border:1px solid #e3e8ec}
.name{width:120px;font-weight:600}.cap{color:#333;font-size:11px}
</style></head><body><script type="module">
${figure.replace(/^export /gm, '')}
const demos = ${JSON.stringify(demos)};
for (const { name, demo } of demos) {
  const row = document.createElement('div'); row.className = 'row';
  const label = document.createElement('div'); label.className = 'name'; label.textContent = name + ' (' + demo.view + ')';
  row.append(label); document.body.append(row);
  const prep = prepare(demo);
  const n = prep.kfs.length;
  const shots = [];
  for (let i = 0; i < n; i++) {
    shots.push({ from: i, to: i, f: 1, key: i, cap: (i + 1) + '. ' + demo.keyframes[i].caption });
    shots.push({ from: i, to: (i + 1) % n, f: 0.5, key: (i + 1) % n, cap: 'moving' });
  }
  const frames = shots.map((s) => between(prep, s.from, s.to, s.f));
  const box = stage(prep, ${mirror});
  shots.forEach((s, k) => {
    const cell = document.createElement('div'); cell.className = 'cell';
    const svg = document.createElementNS('http://www.w3.org/2000/svg', 'svg');
    cell.append(svg);
    const cap = document.createElement('div'); cap.className = 'cap'; cap.textContent = s.cap; cell.append(cap);
    row.append(cell);
    draw(svg, demo, frames[k], box, s.key, ${mirror});
  });
}
document.body.dataset.done = '1';
</script></body></html>`;

const browser = await chromium.launch({ executablePath: process.env.CHROMIUM || '/usr/bin/chromium', args: ['--no-sandbox'] });
const p = await browser.newPage({ viewport: { width: 1660, height: 200 } });
const errors = [];
p.on('pageerror', (e) => errors.push(e.message));
await p.setContent(page);
await p.waitForFunction(() => document.body.dataset.done === '1' || false, null, { timeout: 10000 }).catch(() => {});
if (errors.length) {
  console.error(errors.join('\n'));
  process.exitCode = 1;
}
await p.screenshot({ path: out, fullPage: true });
await browser.close();
