// demo-view.js: an exercise's demonstration on the page. It loops the
// figure at the prescribed tempo with the start pose as a faint ghost and
// the current step's caption under it; it plays only while on screen. With
// prefers-reduced-motion it shows the steps as numbered still pictures.
import { h } from './dom.js';
import { t } from './i18n.js';
import { between, draw, frameAt, phaseAt, prepare, stage } from './figure.js';

const SVG = 'http://www.w3.org/2000/svg';
const reducedMotion = () => globalThis.matchMedia?.('(prefers-reduced-motion: reduce)').matches;

function svgBox(label) {
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'demo-figure');
  svg.setAttribute('role', 'img');
  svg.setAttribute('aria-label', label);
  svg.setAttribute('preserveAspectRatio', 'xMidYMid meet');
  return svg;
}

// The numbered still pictures: what reduced motion and print show.
export function demoSteps(demo, name, otherSide = false) {
  const prep = prepare(demo);
  const box = stage(prep, otherSide);
  return h(
    'ol',
    { class: 'demo-steps' },
    demo.keyframes.map((k, i) => {
      const svg = svgBox(t('demo.step_alt', { name, n: i + 1, caption: k.caption }));
      draw(svg, demo, between(prep, i, i, 1), box, i, otherSide);
      return h('li', {}, svg, h('p', {}, k.caption));
    }),
  );
}

// The moving figure with a pause button; `holdS` is the dose's hold. A one-sided
// exercise (perSide) has a button for the other side: the same move in a mirror.
// opts.otherSide starts on the other side; opts.controls false leaves the buttons
// out (the guided session has its own).
export function demoPlayer(demo, name, holdS = 0, perSide = false, opts = {}) {
  if (reducedMotion()) return h('div', { class: 'demo' }, demoSteps(demo, name, opts.otherSide));
  const prep = prepare(demo);
  const controls = opts.controls !== false;
  let otherSide = !!opts.otherSide;
  let box = stage(prep, otherSide);
  const ghost = svgBox('');
  ghost.setAttribute('aria-hidden', 'true');
  ghost.classList.add('demo-ghost');
  const drawGhost = () => draw(ghost, demo, between(prep, 0, 0, 1), box, -1, otherSide);
  drawGhost();
  const svg = svgBox(t('demo.alt', { name, steps: demo.keyframes.map((k) => k.caption).join(' ') }));
  const caption = h('p', { class: 'demo-caption' });
  const pause = h('button', { type: 'button', class: 'btn ghost demo-pause', 'aria-pressed': 'false' }, t('demo.pause'));
  const side = perSide && controls ? h('button', { type: 'button', class: 'btn ghost', 'aria-pressed': 'false' }, t('demo.other_side')) : null;
  const root = h('figure', { class: 'demo' }, h('div', { class: 'demo-stage' }, ghost, svg), caption, controls ? h('div', { class: 'row' }, pause, side) : null);
  let start = null;
  let paused = false;
  let visible = false;
  let frame = 0;
  let shownKey = -1;
  let at = 0;
  const paint = (now) => {
    frame = 0;
    if (!root.isConnected) return;
    if (start === null) start = now - at * 1000;
    at = (now - start) / 1000;
    const ph = phaseAt(prep, holdS, at);
    draw(svg, demo, frameAt(prep, holdS, at), box, ph.key, otherSide);
    if (ph.key !== shownKey) {
      shownKey = ph.key;
      caption.textContent = `${ph.key + 1}. ${demo.keyframes[ph.key].caption}`;
    }
    if (!paused && visible) frame = requestAnimationFrame(paint);
  };
  const run = () => {
    if (!frame && !paused && visible) {
      start = null;
      frame = requestAnimationFrame(paint);
    }
  };
  side?.addEventListener('click', () => {
    otherSide = !otherSide;
    side.setAttribute('aria-pressed', String(otherSide));
    box = stage(prep, otherSide);
    drawGhost();
    if (!frame) draw(svg, demo, frameAt(prep, holdS, at), box, Math.max(shownKey, 0), otherSide);
  });
  pause.addEventListener('click', () => {
    paused = !paused;
    pause.setAttribute('aria-pressed', String(paused));
    pause.textContent = paused ? t('demo.play') : t('demo.pause');
    if (paused && frame) {
      cancelAnimationFrame(frame);
      frame = 0;
    }
    run();
  });
  // Only what is on screen moves: a page of six exercises animates one or two.
  if (globalThis.IntersectionObserver) {
    new IntersectionObserver((entries) => {
      visible = entries.some((e) => e.isIntersecting);
      if (!visible && frame) {
        cancelAnimationFrame(frame);
        frame = 0;
      }
      run();
    }).observe(root);
  } else {
    visible = true;
  }
  // The guided session pauses the figure with its own pause.
  root.setPaused = (p) => {
    if (p === paused) return;
    pause.click();
  };
  // The first picture is drawn at once, so the figure is there before it moves.
  draw(svg, demo, between(prep, 0, 0, 1), box, 0, otherSide);
  caption.textContent = `1. ${demo.keyframes[0].caption}`;
  requestAnimationFrame(run);
  return root;
}
