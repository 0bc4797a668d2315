// player.js: the guided session (#/session). It runs today's exercises in
// order (session-plan.js): the demonstration, then each set and side, holds and
// rests counted down and repetitions counted at the demonstration's tempo, with
// short beeps (Web Audio) and, if asked, the counts spoken (speechSynthesis).
// The screen is kept awake while it runs (Wake Lock API where there is one).
// At the end the person ticks what they did and what hurt, and Today's session
// form opens with those answers filled in.
import { h, clear } from '../dom.js';
import { get } from '../api.js';
import { t, tn } from '../i18n.js';
import { demoPlayer } from '../demo-view.js';
import { doseText, exerciseMap, todayIso } from '../library.js';
import { checkbox, page } from '../widgets.js';
import { draftKey, nextExercise, sessionSteps } from '../session-plan.js';

const TICK_MS = 200;

// Short tones: a tick for the last seconds and each repetition, a longer one at the end of a step.
function beeper() {
  let ctx = null;
  return {
    start() {
      const AC = globalThis.AudioContext || globalThis.webkitAudioContext;
      if (!ctx && AC) ctx = new AC(); // made on the person's own tap, as browsers require
    },
    beep(long = false) {
      if (!ctx) return;
      const o = ctx.createOscillator();
      const g = ctx.createGain();
      o.frequency.value = long ? 660 : 880;
      g.gain.setValueAtTime(0.2, ctx.currentTime);
      g.gain.exponentialRampToValueAtTime(0.001, ctx.currentTime + (long ? 0.5 : 0.12));
      o.connect(g).connect(ctx.destination);
      o.start();
      o.stop(ctx.currentTime + (long ? 0.5 : 0.12));
    },
    close() {
      ctx?.close();
      ctx = null;
    },
  };
}

function say(text) {
  if (!globalThis.speechSynthesis || !globalThis.SpeechSynthesisUtterance) return;
  speechSynthesis.cancel();
  speechSynthesis.speak(new SpeechSynthesisUtterance(text));
}

// What a step is, in words: for the screen and for screen readers.
function stepWords(st) {
  const side = st.side === 'first' ? t('player.first_side') : st.side === 'second' ? t('player.second_side') : '';
  const set = st.sets > 1 ? t('player.set', { set: st.set, sets: st.sets }) : '';
  const parts = [];
  if (st.kind === 'ready') parts.push(t('player.ready', { name: st.name }));
  else if (st.kind === 'hold') parts.push(set, side, t('player.hold', { rep: st.rep, reps: st.reps, s: st.hold }));
  else if (st.kind === 'reps' && st.alternate) parts.push(set, side, tn('player.reps', st.reps), t('player.in_turn'));
  else if (st.kind === 'reps') parts.push(set, side, tn('player.reps', st.reps));
  else if (st.kind === 'timed') parts.push(tn('player.timed', Math.round(st.seconds / 60)));
  else if (st.kind === 'relax') parts.push(t('player.relax'));
  else if (st.kind === 'switch') parts.push(t('player.switch'));
  else if (st.kind === 'rest') parts.push(t('player.rest', { s: st.seconds }));
  return parts.filter(Boolean).join(' · ');
}

function clock(s) {
  const v = Math.max(0, Math.ceil(s));
  return v >= 60 ? `${Math.floor(v / 60)}:${String(v % 60).padStart(2, '0')}` : String(v);
}

// The end: what was done and what hurt, carried to Today's form.
function finish(ctx, pid, date, items, skipped) {
  const list = items.map((i) =>
    h('li', {}, h('strong', {}, i.name), checkbox(`p-done-${i.exercise}`, t('today.done', { name: i.name }), !skipped.has(i.exercise)), checkbox(`p-hurt-${i.exercise}`, t('today.hurt'), false)),
  );
  const form = h(
    'form',
    {
      onsubmit: (ev) => {
        ev.preventDefault();
        const done = items.filter((i) => form.elements[`p-done-${i.exercise}`].checked).map((i) => i.exercise);
        const hurt = items.filter((i) => form.elements[`p-hurt-${i.exercise}`].checked).map((i) => i.exercise);
        sessionStorage.setItem(draftKey(pid, date), JSON.stringify({ done, hurt }));
        ctx.go('/today');
      },
    },
    h('ul', { class: 'player-done' }, list),
    h('button', { class: 'btn big', type: 'submit' }, t('player.log')),
  );
  return h('section', { class: 'card', 'aria-labelledby': 'player-end' }, h('h2', { id: 'player-end', tabindex: '-1' }, t('player.well_done')), h('p', {}, t('player.end_hint')), form);
}

export async function render(ctx) {
  const pid = ctx.user.patient;
  const date = todayIso();
  const [today, library] = await Promise.all([get(`/patients/${pid}/today?date=${date}`), exerciseMap()]);
  // nothing to run: stopped, not started, paused until cleared, or a day with no exercises
  if (['stopped', 'not_started', 'paused'].includes(today.status) || !today.items?.length) {
    ctx.go('/today');
    return null;
  }
  const items = today.items || [];
  const steps = sessionSteps(items, library);
  const skipped = new Set();
  const sound = beeper();
  let i = 0;
  let elapsed = 0;
  let last = 0;
  let running = false;
  let timer = 0;
  let lock = null;
  let shown = '';
  let figureFor = '';
  let lastWhole = -1;
  let lastRep = 0;

  const progress = h('p', { class: 'muted', id: 'player-progress' });
  const title = h('h2', { id: 'player-exercise' });
  const dose = h('p', { class: 'dose' });
  const figure = h('div', { class: 'player-figure' });
  const count = h('p', { class: 'player-count', 'aria-hidden': 'true' });
  const words = h('p', { class: 'player-words' });
  const live = h('p', { class: 'sr-only', 'aria-live': 'polite' });
  const soundBox = checkbox('player-sound', t('player.sound'), true);
  const speakBox = checkbox('player-speak', t('player.speak'), false);
  const start = h('button', { type: 'button', class: 'btn big' }, t('player.start'));
  const pause = h('button', { type: 'button', class: 'btn', hidden: true, 'aria-pressed': 'false' }, t('player.pause'));
  const next = h('button', { type: 'button', class: 'btn ghost', hidden: true }, t('player.next'));
  const skip = h('button', { type: 'button', class: 'btn ghost', hidden: true }, t('player.skip'));
  const stage = h('section', { class: 'card player', 'aria-labelledby': 'player-exercise' }, progress, title, dose, figure, count, words, live, h('div', { class: 'row' }, start, pause, next, skip), h('div', { class: 'row' }, soundBox, speakBox));
  const root = page(t('player.title'), h('p', {}, h('a', { href: '#/today' }, t('player.back'))), stage);

  const soundOn = () => soundBox.querySelector('input').checked;
  const speakOn = () => speakBox.querySelector('input').checked;
  const beep = (long) => soundOn() && sound.beep(long);

  async function keepAwake(on) {
    try {
      if (on && !lock && navigator.wakeLock) lock = await navigator.wakeLock.request('screen');
      if (!on && lock) {
        await lock.release();
        lock = null;
      }
    } catch {
      lock = null; // no wake lock here (or the page is hidden): the session runs anyway
    }
  }

  function show() {
    const st = steps[i];
    if (st.kind === 'done') return;
    // sides in turn: each rep on the other side from the one before
    if (st.alternate) st.side = Math.floor(elapsed / st.each) % 2 === 0 ? 'first' : 'second';
    const item = items[st.index];
    const ex = library.get(st.exercise);
    progress.textContent = t('player.progress', { n: st.index + 1, of: items.length });
    title.textContent = st.name;
    dose.textContent = doseText(item.dose, ex?.per_side);
    const key = `${st.exercise}:${st.side === 'second'}`;
    if (key !== figureFor) {
      figureFor = key;
      clear(figure).append(ex?.demo ? demoPlayer(ex.demo, st.name, item.dose?.hold_s || 0, false, { otherSide: st.side === 'second', controls: false }) : h('p', {}, ex?.summary || ''));
    }
    const text = stepWords(st);
    words.textContent = text;
    if (text !== shown) {
      shown = text;
      live.textContent = `${st.name}. ${text}`;
      if (speakOn() && running) say(text);
    }
    const left = st.seconds - elapsed;
    if (st.kind === 'reps') {
      const rep = Math.min(st.reps, Math.floor(elapsed / st.each) + 1);
      count.textContent = tn('player.rep_count', rep, { reps: st.reps });
      if (running && rep !== lastRep) {
        lastRep = rep;
        beep(false);
        if (speakOn()) say(String(rep));
        if (rep > 1) live.textContent = count.textContent; // the count, for screen readers too
      }
    } else {
      count.textContent = clock(left);
      const whole = Math.ceil(left);
      if (running && whole !== lastWhole && whole <= 3 && whole > 0 && st.kind !== 'switch') beep(false);
      // screen readers hear the count down at 10 and 3 seconds left, not every second
      if (running && whole !== lastWhole && (whole === 10 || whole === 3) && st.seconds > whole) live.textContent = tn('player.left', whole);
      lastWhole = whole;
    }
  }

  function go(to) {
    if (steps[i].kind !== 'done' && steps[i].seconds > 0) beep(true);
    i = to;
    elapsed = 0;
    lastWhole = -1;
    lastRep = 0;
    if (steps[i].kind === 'done') {
      stop();
      keepAwake(false);
      sound.close();
      const end = finish(ctx, pid, date, items, skipped);
      clear(stage).append(end);
      end.querySelector('h2').focus();
      return;
    }
    show();
  }

  function tick() {
    timer = 0;
    if (!root.isConnected) {
      stop();
      keepAwake(false);
      sound.close();
      return;
    }
    const now = performance.now();
    if (running) elapsed += (now - last) / 1000;
    last = now;
    if (running && elapsed >= steps[i].seconds) go(i + 1);
    else show();
    if (running) timer = setTimeout(tick, TICK_MS);
  }

  function run() {
    running = true;
    figure.firstChild?.setPaused?.(false);
    last = performance.now();
    pause.textContent = t('player.pause');
    pause.setAttribute('aria-pressed', 'false');
    keepAwake(true);
    if (!timer) timer = setTimeout(tick, TICK_MS);
  }

  function stop() {
    running = false;
    figure.firstChild?.setPaused?.(true);
    if (timer) clearTimeout(timer);
    timer = 0;
  }

  start.addEventListener('click', () => {
    sound.start();
    start.hidden = true;
    pause.hidden = next.hidden = skip.hidden = false;
    run();
    show();
    if (speakOn()) say(stepWords(steps[i])); // the first step was on screen before the start
    pause.focus();
  });
  pause.addEventListener('click', () => {
    if (running) {
      stop();
      keepAwake(false);
      pause.textContent = t('player.resume');
      pause.setAttribute('aria-pressed', 'true');
      live.textContent = t('player.paused');
    } else run();
  });
  next.addEventListener('click', () => go(i + 1));
  skip.addEventListener('click', () => {
    skipped.add(steps[i].exercise);
    go(nextExercise(steps, i));
  });
  // Back from another tab, the screen lock is gone: take it again while running.
  document.addEventListener('visibilitychange', () => {
    if (document.visibilityState === 'visible' && running && root.isConnected) keepAwake(true);
  });
  show();
  return root;
}
