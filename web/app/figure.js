// figure.js: the demonstration figure (docs/demos.md). The kinematics are
// the same formulas as src/core/demo/rig.c and demo.c, held to each other by
// tests/data/demo-vectors.json; the drawing turns joints into a shaded body
// in SVG. No DOM work happens here except in draw().

const TRUNK = 2.6;
const SHOULDER_DROP = 0.3;
const SHOULDER_HALF = 0.85;
const HIP_HALF = 0.42;
const UPPER_ARM = 1.35;
const FOREARM = 1.15;
const HAND = 0.55;
const THIGH = 1.85;
const SHANK = 1.75;
const ANKLE_HEIGHT = 0.3;
const HEEL_BACK = 0.25;
const TOE_FORWARD = 0.95;
const FRONT_FOOT = 0.35;
const HEAD_CENTRE = 0.7;

export const ANGLES = ['trunk', 'spine', 'neck', 'left_shoulder', 'right_shoulder', 'left_elbow', 'right_elbow',
  'left_hip', 'right_hip', 'left_knee', 'right_knee', 'left_ankle', 'right_ankle', 'left_wrist', 'right_wrist', 'twist'];
export const SEGMENTS = ['left_upper_arm', 'right_upper_arm', 'left_forearm', 'right_forearm', 'left_thigh',
  'right_thigh', 'left_shank', 'right_shank'];
const PINS = ['left_wrist', 'right_wrist', 'left_ankle', 'right_ankle'];
export const KEYPOINTS = ['nose', 'left_eye', 'right_eye', 'left_ear', 'right_ear', 'left_shoulder', 'right_shoulder',
  'left_elbow', 'right_elbow', 'left_wrist', 'right_wrist', 'left_hip', 'right_hip', 'left_knee', 'right_knee',
  'left_ankle', 'right_ankle', 'neck', 'pelvis', 'left_heel', 'right_heel', 'left_toe', 'right_toe'];

const rad = (d) => (d * Math.PI) / 180;
const deg = (r) => (r * 180) / Math.PI;
const along = (p, a, len) => ({ x: p.x + len * Math.cos(rad(a)), y: p.y + len * Math.sin(rad(a)) });
const angleTo = (a, b) => deg(Math.atan2(b.y - a.y, b.x - a.x));
function wrap(a) {
  a %= 360;
  if (a <= -180) a += 360;
  else if (a > 180) a -= 360;
  return a;
}
const SIDES = ['left', 'right'];

function placeFoot(p, side, shank, foot, front) {
  const ankle = p[`${side}_ankle`];
  if (front) {
    const sole = along(ankle, shank, ANKLE_HEIGHT);
    p[`${side}_heel`] = sole;
    p[`${side}_toe`] = along(sole, foot, FRONT_FOOT);
    return;
  }
  const sole = along(ankle, foot - 90, ANKLE_HEIGHT);
  p[`${side}_heel`] = along(sole, foot + 180, HEEL_BACK);
  p[`${side}_toe`] = along(sole, foot, TOE_FORWARD);
}

function placeHead(p, trunk, neck, front) {
  const h = trunk - neck;
  const c = along(p.neck, h, HEAD_CENTRE);
  p.head = c;
  if (front) {
    p.nose = along(c, h + 180, 0.08);
    p.left_eye = along(along(c, h - 90, 0.2), h, 0.1);
    p.right_eye = along(along(c, h + 90, 0.2), h, 0.1);
    p.left_ear = along(c, h - 90, 0.42);
    p.right_ear = along(c, h + 90, 0.42);
    return;
  }
  p.nose = along(along(c, h - 90, 0.45), h, 0.02);
  p.left_eye = p.right_eye = along(along(c, h - 90, 0.33), h, 0.12);
  p.left_ear = p.right_ear = along(c, h + 90, 0.05);
}

function forward(pose, front) {
  const a = pose.angle;
  const t = a.trunk;
  const p = { pelvis: { x: 0, y: 0 } };
  p.neck = along(p.pelvis, t, TRUNK);
  placeHead(p, t, a.neck, front);
  SIDES.forEach((s, i) => {
    const sgn = front ? (i === 0 ? 1 : -1) : 1;
    const lateral = t - 90 * sgn;
    let shoulder = along(p.neck, t + 180, SHOULDER_DROP);
    let hip = p.pelvis;
    const arm = t + 180 + sgn * a[`${s}_shoulder`];
    const fore = arm + sgn * a[`${s}_elbow`];
    const thigh = t + 180 + sgn * a[`${s}_hip`];
    const shank = thigh - sgn * a[`${s}_knee`];
    // A turned chest: from the front the shoulders come closer (cos); from the side
    // they part, the right one forward when the chest turns to the left (sin).
    if (front) {
      shoulder = along(shoulder, lateral, SHOULDER_HALF * Math.cos(rad(a.twist)));
      hip = along(hip, lateral, HIP_HALF);
    } else {
      shoulder = along(shoulder, t - 90, (i === 1 ? 1 : -1) * SHOULDER_HALF * Math.sin(rad(a.twist)));
    }
    p[`${s}_shoulder`] = shoulder;
    p[`${s}_elbow`] = along(shoulder, arm, UPPER_ARM * pose.fore[`${s}_upper_arm`]);
    p[`${s}_wrist`] = along(p[`${s}_elbow`], fore, FOREARM * pose.fore[`${s}_forearm`]);
    // the hand is foreshortened with the forearm: both point the same way
    p[`${s}_hand`] = along(p[`${s}_wrist`], fore + sgn * a[`${s}_wrist`], HAND * pose.fore[`${s}_forearm`]);
    p[`${s}_hip`] = hip;
    p[`${s}_knee`] = along(hip, thigh, THIGH * pose.fore[`${s}_thigh`]);
    p[`${s}_ankle`] = along(p[`${s}_knee`], shank, SHANK * pose.fore[`${s}_shank`]);
    const foot = front ? shank + sgn * (90 + a[`${s}_ankle`]) : shank + 90 + a[`${s}_ankle`];
    placeFoot(p, s, shank, foot, front);
  });
  return p;
}

// Two-bone IK in the plane (rig.c two_bone).
function twoBone(root, a, b, target, bendSign, bendDir) {
  const d = Math.hypot(target.x - root.x, target.y - root.y);
  const base = angleTo(root, target);
  const lo = Math.abs(a - b) + 1e-9;
  const hi = a + b - 1e-9;
  const reached = d >= lo - 0.02 && d <= hi + 0.02;
  const dc = Math.min(Math.max(d, lo), hi);
  const cosA = (a * a + dc * dc - b * b) / (2 * a * dc);
  const alpha = deg(Math.acos(Math.min(1, Math.max(-1, cosA))));
  for (let k = 0; k < 2; k++) {
    const first = base + (k === 0 ? alpha : -alpha);
    const mid = along(root, first, a);
    const second = angleTo(mid, target);
    const bend = wrap(bendDir > 0 ? second - first : first - second);
    if (k === 1 || (bendSign >= 0) === (bend >= 0)) return { mid, end: along(mid, second, b), reached };
  }
  return null;
}

function solvePin(pose, front, pin, target, p, reached) {
  const arm = pin.endsWith('wrist');
  const s = pin.startsWith('right') ? 'right' : 'left';
  const sgn = front ? (s === 'left' ? 1 : -1) : 1;
  if (arm) {
    const r = twoBone(p[`${s}_shoulder`], UPPER_ARM * pose.fore[`${s}_upper_arm`], FOREARM * pose.fore[`${s}_forearm`],
      target.at, pose.angle[`${s}_elbow`], sgn);
    p[`${s}_elbow`] = r.mid;
    p[`${s}_wrist`] = r.end;
    p[`${s}_hand`] = along(r.end, target.end, HAND * pose.fore[`${s}_forearm`]);
    reached[pin] = r.reached;
    return;
  }
  const r = twoBone(p[`${s}_hip`], THIGH * pose.fore[`${s}_thigh`], SHANK * pose.fore[`${s}_shank`], target.at,
    pose.angle[`${s}_knee`], -sgn);
  p[`${s}_knee`] = r.mid;
  p[`${s}_ankle`] = r.end;
  placeFoot(p, s, angleTo(r.mid, r.end), target.end, front);
  reached[pin] = r.reached;
}

// The figure for a pose: forward kinematics, the anchor moved into place, pins solved.
export function place(pose, view, anchor, pins) {
  const front = view === 'front';
  const p = forward(pose, front);
  const dx = pose.at.x - p[anchor].x;
  const dy = pose.at.y - p[anchor].y;
  for (const k of Object.keys(p)) p[k] = { x: p[k].x + dx, y: p[k].y + dy };
  const reached = {};
  for (const pin of PINS) if (pins && pins[pin]) solvePin(pose, front, pin, pins[pin], p, reached);
  return { p, reached };
}

function capture(p, pin) {
  const s = pin.startsWith('right') ? 'right' : 'left';
  const end = pin.endsWith('wrist') ? angleTo(p[`${s}_wrist`], p[`${s}_hand`]) : angleTo(p[`${s}_heel`], p[`${s}_toe`]);
  return { at: p[pin], end };
}

const swapSide = (name) =>
  name.startsWith('left_') ? `right_${name.slice(5)}` : name.startsWith('right_') ? `left_${name.slice(6)}` : name;

// The keyframes made whole: every angle (inherited), fore, pins, at; mirrored on request.
export function keyframes(demo, mirror = false) {
  const out = [];
  let prev = null;
  for (const k of demo.keyframes) {
    // the wrists and the twist may be left out: the hand then goes on in the forearm's line
    const angle = { ...(prev ? prev.angle : { left_wrist: 0, right_wrist: 0, twist: 0 }), ...k.pose };
    const fore = { ...(prev ? prev.fore : Object.fromEntries(SEGMENTS.map((s) => [s, 1]))), ...(k.fore || {}) };
    const at = k.at ? { x: k.at[0], y: k.at[1] } : prev.at;
    const pins = k.pins ? new Set(k.pins) : new Set(prev ? prev.pins : []);
    prev = { angle, fore, at, pins };
    out.push({ ...k, angle, fore, at, pins, hold: k.hold });
  }
  if (!mirror) return out;
  // The other side: left and right swapped; seen from the front, also reflected.
  const front = demo.view === 'front';
  return out.map((k) => {
    const angle = Object.fromEntries(Object.entries(k.angle).map(([n, v]) => [swapSide(n), v]));
    angle.twist = -k.angle.twist; // the other side turns the other way
    if (front) Object.assign(angle, { trunk: 180 - k.angle.trunk, spine: -k.angle.spine, neck: -k.angle.neck });
    return {
      ...k,
      angle,
      fore: Object.fromEntries(Object.entries(k.fore).map(([n, v]) => [swapSide(n), v])),
      pins: new Set([...k.pins].map(swapSide)),
      at: front ? { x: -k.at.x, y: k.at.y } : k.at,
    };
  });
}

// Each keyframe's pin targets (demo.c pin_targets).
function pinTargets(demo, kfs, anchor) {
  const t = [];
  kfs.forEach((k, i) => {
    const cur = {};
    for (const pin of k.pins) if (i > 0 && t[i - 1][pin]) cur[pin] = t[i - 1][pin];
    const { p } = place({ angle: k.angle, fore: k.fore, at: k.at }, demo.view, anchor, cur);
    for (const pin of k.pins) if (!cur[pin]) cur[pin] = capture(p, pin);
    t.push(cur);
  });
  return t;
}

const EASE = {
  linear: (f) => f,
  in: (f) => f * f,
  out: (f) => 1 - (1 - f) * (1 - f),
  'in-out': (f) => (f < 0.5 ? 2 * f * f : 1 - 2 * (1 - f) * (1 - f)),
};

// A demonstration ready to play: keyframes made whole and pin targets found, once.
export function prepare(demo, mirror = false) {
  const kfs = keyframes(demo, mirror);
  const anchor = mirror ? swapSide(demo.anchor) : demo.anchor;
  return { demo, kfs, anchor, targets: pinTargets(demo, kfs, anchor) };
}

// The figure f of the way from keyframe `from` to `to` (demo_frame_between).
export function between(prep, from, to, f) {
  const a = prep.kfs[from];
  const b = prep.kfs[to];
  const e = EASE[b.ease || 'in-out'](f);
  const lerp = (x, y) => x + (y - x) * e;
  const angle = Object.fromEntries(ANGLES.map((n) => [n, lerp(a.angle[n], b.angle[n])]));
  const fore = Object.fromEntries(SEGMENTS.map((n) => [n, lerp(a.fore[n], b.fore[n])]));
  const at = { x: lerp(a.at.x, b.at.x), y: lerp(a.at.y, b.at.y) };
  const pins = {};
  for (const pin of PINS) if (a.pins.has(pin) && b.pins.has(pin)) pins[pin] = prep.targets[to][pin];
  const { p } = place({ angle, fore, at }, prep.demo.view, prep.anchor, pins);
  // The back's bend is drawn, not placed: carried beside the points, not among them.
  Object.defineProperty(p, 'spine', { value: angle.spine, enumerable: false });
  Object.defineProperty(p, 'twist', { value: angle.twist, enumerable: false });
  return p;
}

const holdOf = (k, holdS) => (k.hold === 'dose' ? holdS : k.hold || 0);

export const loopSeconds = (prep, holdS) => prep.kfs.reduce((s, k) => s + k.move_s + holdOf(k, holdS), 0);

// Where the loop is at t seconds: {from, to, f, key} (demo_frame_at's timeline).
export function phaseAt(prep, holdS, t) {
  const n = prep.kfs.length;
  const loop = loopSeconds(prep, holdS);
  t = loop > 0 ? ((t % loop) + loop) % loop : 0;
  t -= holdOf(prep.kfs[0], holdS);
  for (let i = 1; i <= n; i++) {
    const to = i % n;
    const k = prep.kfs[to];
    if (t < 0) return { from: i - 1, to: i - 1, f: 1, key: i - 1 };
    if (t < k.move_s) return { from: i - 1, to, f: t / k.move_s, key: to };
    t -= k.move_s;
    if (to !== 0) t -= holdOf(k, holdS);
  }
  return { from: 0, to: 0, f: 1, key: 0 };
}

export function frameAt(prep, holdS, t) {
  const ph = phaseAt(prep, holdS, t);
  return between(prep, ph.from, ph.to, ph.f);
}

/* ---- drawing ---- */

const SVG = 'http://www.w3.org/2000/svg';
let pictures = 0;
const COLOURS = {
  near: '#3f8fb0',
  nearEdge: '#0b5d7a',
  far: '#b5d3df',
  farEdge: '#86adbd',
  muscle: '#e8833a',
  prop: '#d5dce2',
  propEdge: '#a7b3bd',
  water: 'rgba(64,156,204,0.28)',
  arrow: '#c25a12',
};
// Where each muscle is drawn: along a segment from t0 to t1 of its length, pushed
// `depth` head units to its front (+) or back (-), with radii r0 and r1.
const MUSCLE_AT = {
  glutes: ['hip', 'knee', -0.05, 0.22, -0.2, 0.26, 0.2],
  hamstrings: ['hip', 'knee', 0.3, 0.85, -0.2, 0.12, 0.08],
  quadriceps: ['hip', 'knee', 0.2, 0.85, 0.17, 0.13, 0.09],
  hip_flexors: ['hip', 'knee', -0.05, 0.2, 0.18, 0.13, 0.1],
  abdominals: ['neck', 'pelvis', 0.4, 0.85, 0.26, 0.14, 0.12],
  obliques: ['neck', 'pelvis', 0.45, 0.85, 0.05, 0.16, 0.13],
  back: ['neck', 'pelvis', 0.5, 0.9, -0.26, 0.13, 0.12],
  upper_back: ['neck', 'pelvis', 0.12, 0.45, -0.28, 0.15, 0.12],
  calves: ['knee', 'ankle', 0.12, 0.55, -0.1, 0.13, 0.09],
  shoulders: ['shoulder', 'elbow', 0.0, 0.3, 0, 0.19, 0.14],
  chest: ['neck', 'pelvis', 0.12, 0.35, 0.3, 0.15, 0.12],
  hip_outer: ['hip', 'knee', 0.0, 0.4, 0, 0.22, 0.14],
};
const LIMB_R = { shoulder: 0.23, elbow: 0.15, wrist: 0.1, hand: 0.08, hip: 0.38, knee: 0.2, ankle: 0.12 };

const f2 = (v) => Math.round(v * 1000) / 1000;

// A tapered limb between two circles: the outer tangents and the two caps.
function capsule(a, ra, b, rb) {
  const d = Math.hypot(b.x - a.x, b.y - a.y);
  if (d < 1e-6 || d <= Math.abs(ra - rb)) {
    const r = Math.max(ra, rb);
    const c = ra >= rb ? a : b;
    return `M${f2(c.x - r)},${f2(c.y)}a${f2(r)},${f2(r)} 0 1,0 ${f2(2 * r)},0a${f2(r)},${f2(r)} 0 1,0 ${f2(-2 * r)},0Z`;
  }
  const th = Math.atan2(b.y - a.y, b.x - a.x);
  const ph = Math.acos((ra - rb) / d);
  const p = (c, r, ang) => ({ x: c.x + r * Math.cos(ang), y: c.y + r * Math.sin(ang) });
  const a1 = p(a, ra, th + ph);
  const b1 = p(b, rb, th + ph);
  const b2 = p(b, rb, th - ph);
  const a2 = p(a, ra, th - ph);
  return `M${f2(a1.x)},${f2(a1.y)}L${f2(b1.x)},${f2(b1.y)}A${f2(rb)},${f2(rb)} 0 0,0 ${f2(b2.x)},${f2(b2.y)}` +
    `L${f2(a2.x)},${f2(a2.y)}A${f2(ra)},${f2(ra)} 0 1,0 ${f2(a1.x)},${f2(a1.y)}Z`;
}

// A smooth closed curve through points (Catmull-Rom turned into cubic Béziers).
function closedCurve(pts) {
  const n = pts.length;
  let d = `M${f2(pts[0].x)},${f2(pts[0].y)}`;
  for (let i = 0; i < n; i++) {
    const p0 = pts[(i - 1 + n) % n];
    const p1 = pts[i];
    const p2 = pts[(i + 1) % n];
    const p3 = pts[(i + 2) % n];
    const c1 = { x: p1.x + (p2.x - p0.x) / 6, y: p1.y + (p2.y - p0.y) / 6 };
    const c2 = { x: p2.x - (p3.x - p1.x) / 6, y: p2.y - (p3.y - p1.y) / 6 };
    d += `C${f2(c1.x)},${f2(c1.y)} ${f2(c2.x)},${f2(c2.y)} ${f2(p2.x)},${f2(p2.y)}`;
  }
  return `${d}Z`;
}

const mix = (a, b, f) => ({ x: a.x + (b.x - a.x) * f, y: a.y + (b.y - a.y) * f });
const off = (p, ang, len) => ({ x: p.x + len * Math.cos(ang), y: p.y + len * Math.sin(ang) });

// How much of a chest's turn shows at t along the torso (0 pelvis, 1 neck): none
// at the waist, all at the shoulders, half at the neck (figure_cairo.c turn_share).
function turnShare(t) {
  if (t > 0.88) return 1 - ((t - 0.88) / 0.12) * 0.5;
  return Math.min(1, Math.max(0, (t - 0.45) / 0.35));
}

// The torso as one shape. Side view: chest, waist and pelvis by depth, the
// back bowed by the spine angle. Front view: shoulders, waist and hips by width.
// A turned chest shows its breadth from the side and its depth from the front.
function torsoPath(p, spine, twist, front, flip) {
  const u = Math.atan2(p.neck.y - p.pelvis.y, p.neck.x - p.pelvis.x);
  const nrm = u + (Math.PI / 2) * flip; // the front (side view) or the person's left (front view)
  const mid = mix(p.pelvis, p.neck, 0.5);
  if (front) {
    const bow = (spine / 45) * 0.35;
    const c = 1 - Math.abs(Math.cos(rad(twist)));
    const sh = mix(p.neck, p.pelvis, 0.12);
    const w1 = 0.95 - 0.4 * c;
    const w2 = 0.8 - 0.2 * c;
    const pts = [
      off(sh, nrm, w1), off(mix(sh, mid, 0.5), nrm, w2), off(mid, nrm, 0.58 + bow), off(p.pelvis, nrm, 0.72),
      off(mix(p.pelvis, mid, -0.18), nrm, 0.5), off(mix(p.pelvis, mid, -0.18), nrm, -0.5), off(p.pelvis, nrm, -0.72),
      off(mid, nrm, -0.58 + bow), off(mix(sh, mid, 0.5), nrm, -w2), off(sh, nrm, -w1),
      off(mix(sh, p.neck, 0.6), nrm, -0.35), off(mix(sh, p.neck, 0.6), nrm, 0.35),
    ];
    return closedCurve(pts);
  }
  const bow = -(spine / 45) * 0.32;
  const wide = 0.45 * Math.abs(Math.sin(rad(twist)));
  const at = (t, d) => off(mix(p.pelvis, p.neck, t), nrm, d + (d < 0 ? -1 : 1) * wide * turnShare(t));
  return closedCurve([
    at(1.0, 0.2), at(0.86, 0.5), at(0.7, 0.52), at(0.5, 0.4 + bow * 0.7), at(0.3, 0.38 + bow), at(0.08, 0.44),
    at(-0.1, 0.3), at(-0.14, -0.1), at(-0.06, -0.46), at(0.1, -0.5), at(0.32, -0.36 + bow), at(0.55, -0.4 + bow * 0.7),
    at(0.8, -0.48), at(0.97, -0.3),
  ]);
}

// The head: a rounded skull and a narrower jaw toward the face (side view), an oval (front view).
function headPath(s, front) {
  const c = s.head;
  const up = Math.atan2(c.y - s.neck.y, c.x - s.neck.x);
  const face = Math.atan2(s.nose.y - c.y, s.nose.x - c.x);
  if (front) {
    const pts = [];
    for (let i = 0; i < 12; i++) {
      const a = (i / 12) * 2 * Math.PI;
      const rx = 0.4;
      const ry = Math.cos(a) > 0 ? 0.52 : 0.5;
      const v = { x: Math.cos(a) * ry, y: Math.sin(a) * rx * (Math.cos(a) < -0.3 ? 0.82 : 1) };
      pts.push({ x: c.x + v.x * Math.cos(up) - v.y * Math.sin(up), y: c.y + v.x * Math.sin(up) + v.y * Math.cos(up) });
    }
    return closedCurve(pts);
  }
  return closedCurve([
    off(c, up, 0.52), off(c, (up + face) / 2 + (Math.abs(up - face) > Math.PI ? Math.PI : 0), 0.5),
    off(off(c, face, 0.44), up, 0.02), off(off(c, face, 0.36), up, -0.28), off(off(c, up, -0.46), face, 0.12),
    off(off(c, up, -0.3), face, -0.3), off(c, face + Math.PI, 0.46), off(off(c, up, 0.36), face, -0.34),
  ]);
}

function earPath(s) {
  return capsule(s.left_ear, 0.09, mix(s.left_ear, s.head, -0.01), 0.08);
}

// A shape to draw: a description, made into a node by commit().
const el = (name, attrs) => ({ name, attrs });

// Puts the shapes into the picture, reusing the nodes already there: a frame
// changes attributes in place and makes no new nodes, so playing costs no
// garbage and no layout of new elements.
function commit(svg, shapes) {
  const defs = svg.firstChild; // kept from the first frame: the shadow's gradient
  let node = defs.nextSibling;
  for (const sh of shapes) {
    if (!node || node.localName !== sh.name) {
      const made = document.createElementNS(SVG, sh.name);
      svg.insertBefore(made, node);
      node = made;
    }
    const keys = Object.keys(sh.attrs);
    // a node that held another shape before: drop what this one does not have (rare)
    if (node.attributes.length > keys.length) for (const a of [...node.attributes]) if (!(a.name in sh.attrs)) node.removeAttribute(a.name);
    for (const [k, v] of Object.entries(sh.attrs)) {
      const text = String(v);
      if (node.getAttribute(k) !== text) node.setAttribute(k, text);
    }
    node = node.nextSibling;
  }
  while (node) {
    const next = node.nextSibling;
    svg.removeChild(node);
    node = next;
  }
}

function shadowDefs(svg) {
  const mk = (name, attrs) => {
    const e = document.createElementNS(SVG, name);
    for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
    return e;
  };
  const defs = mk('defs', {});
  const grad = mk('radialGradient', { id: svg.dataset.gid });
  grad.append(mk('stop', { offset: '0', 'stop-color': '#000', 'stop-opacity': '0.22' }), mk('stop', { offset: '1', 'stop-color': '#000', 'stop-opacity': '0' }));
  defs.append(grad);
  return defs;
}

// Screen space: x right, y down, in head units. A view from the left is the mirror
// image, and so is the other side of a one-sided exercise: the same movement, seen
// in a mirror, is the other side's.
const sxOf = (view, otherSide) => ((view === 'left') !== !!otherSide ? -1 : 1);
function toScreen(p, view, otherSide) {
  const sx = sxOf(view, otherSide);
  const out = {};
  for (const [k, v] of Object.entries(p)) out[k] = { x: sx * v.x, y: -v.y };
  return out;
}

const ARROW_FROM = 0.55;
const ARROW_TO = 1.45;

export function bounds(frames, view, otherSide = false, extra = []) {
  let x0 = Infinity, x1 = -Infinity, y0 = Infinity, y1 = -Infinity;
  const pts = frames.flatMap((fr) => Object.values(toScreen(fr, view, otherSide))).concat(extra);
  for (const v of pts) {
    x0 = Math.min(x0, v.x); x1 = Math.max(x1, v.x); y0 = Math.min(y0, v.y); y1 = Math.max(y1, v.y);
  }
  return { x0: x0 - 0.9, x1: x1 + 0.9, y0: y0 - 0.9, y1: Math.max(y1, 0) + 0.5 };
}

// The stage a demonstration needs: every keyframe, the middle of every move and
// every arrow's tip, so that nothing is ever cropped (figure_cairo.c figure_stage).
export function stage(prep, otherSide = false) {
  const n = prep.kfs.length;
  const frames = [];
  const tips = [];
  const sx = sxOf(prep.demo.view, otherSide);
  for (let i = 0; i < n; i++) {
    const f = between(prep, i, i, 1);
    frames.push(f, between(prep, i, (i + 1) % n, 0.5));
    for (const a of prep.kfs[i].arrows || []) {
      const at = f[a.joint];
      if (at) tips.push({ x: sx * (at.x + Math.cos(rad(a.dir)) * ARROW_TO), y: -(at.y + Math.sin(rad(a.dir)) * ARROW_TO) });
    }
  }
  return bounds(frames, prep.demo.view, otherSide, tips);
}

function limbPaths(s, side) {
  const j = (n) => s[`${side}_${n}`];
  return {
    arm: [capsule(j('shoulder'), LIMB_R.shoulder, j('elbow'), LIMB_R.elbow),
      capsule(j('elbow'), LIMB_R.elbow, j('wrist'), LIMB_R.wrist),
      capsule(j('wrist'), LIMB_R.wrist, j('hand'), LIMB_R.hand)],
    leg: [capsule(j('hip'), LIMB_R.hip, j('knee'), LIMB_R.knee),
      capsule(j('knee'), LIMB_R.knee, j('ankle'), LIMB_R.ankle),
      capsule(j('heel'), 0.12, j('toe'), 0.07),
      capsule(j('ankle'), LIMB_R.ankle, mix(j('heel'), j('toe'), 0.45), 0.1),
      capsule(j('ankle'), LIMB_R.ankle, j('heel'), 0.12)],
  };
}

// Seen from the front, a limb's muscle is drawn on the side that moves into keyframe
// `key` when only one does (the top leg of a side-lying lift); else on both
// (figure_cairo.c working_side). Returns null for both, else the side as drawn.
const MUSCLE_JOINT = { hip: 'hip', knee: 'knee', shoulder: 'shoulder' };
function workingSide(demo, key, name) {
  const joint = MUSCLE_JOINT[MUSCLE_AT[name][0]];
  if (!joint || key < 1 || key >= demo.keyframes.length) return null;
  const angleAt = (k, n) => {
    let v = 0;
    for (let i = 0; i <= k; i++) if (n in demo.keyframes[i].pose) v = demo.keyframes[i].pose[n];
    return v;
  };
  const moved = SIDES.map((s) => Math.abs(angleAt(key, `${s}_${joint}`) - angleAt(key - 1, `${s}_${joint}`)) >= 1);
  if (moved[0] === moved[1]) return null;
  // the other side is the mirror image of the same frame: the names stay
  return moved[1] ? 'right' : 'left';
}

function musclePath(s, name, side, front, flip) {
  const [a, b, t0, t1, depth, r0, r1] = MUSCLE_AT[name];
  const pick = (n) => (n === 'neck' || n === 'pelvis' ? s[n] : s[`${side}_${n}`]);
  const p = pick(a);
  const q = pick(b);
  // Every segment here points down the body, so its front is a quarter turn against the view.
  const ang = Math.atan2(q.y - p.y, q.x - p.x) - (Math.PI / 2) * flip;
  const d = front ? 0 : depth;
  return capsule(off(mix(p, q, t0), ang, d), r0, off(mix(p, q, t1), ang, d), r1);
}

// A mat seen from above: under someone lying across the picture, a band along them (figure_cairo.c props).
const MAT_WIDTH = 7.2;
function matFromAbove(demo, box, s) {
  let x = box.x0 + 0.4, width = box.x1 - box.x0 - 0.8;
  let y = box.y0 + 0.4, height = box.y1 - box.y0 - 0.8;
  const c = Math.cos(rad(demo.keyframes[0].pose.trunk));
  if (Math.abs(c) > 0.7) { // lying across the picture: from the arm opened behind to the hands in front
    const front = c > 0 ? 1 : -1;
    y = Math.min(s.pelvis.y - 3.6 * front, s.pelvis.y + (MAT_WIDTH - 3.6) * front);
    height = MAT_WIDTH;
    x = box.x0 + 0.1; // and the whole length, head and feet on it
    width = box.x1 - box.x0 - 0.2;
  }
  return { x, y, width, height };
}

function propShapes(demo, s, box, sx) {
  const out = [];
  const front = demo.view === 'front';
  for (const pr of demo.props || []) {
    const x = sx * (pr.x || 0);
    const y = -(pr.y || 0);
    if (pr.type === 'mat' && demo.from_above) out.push(el('rect', { ...matFromAbove(demo, box, s), fill: '#9fc7b8' }));
    else if (pr.type === 'mat') out.push(el('rect', { x: box.x0 + 0.4, y: -0.1, width: box.x1 - box.x0 - 0.8, height: 0.1, rx: 0.05, fill: '#9fc7b8' }));
    else if (pr.type === 'rail') out.push(el('path', { d: `M${x},0V${y}M${x - 0.5},${y}H${x + 0.5}`, stroke: COLOURS.propEdge, 'stroke-width': 0.16, 'stroke-linecap': 'round', fill: 'none' }));
    else if (pr.type === 'chair' && front) {
      // seen from the front: the seat across, two legs, the back behind the body
      out.push(el('path', { d: `M${x - 1.1},-2.05H${x + 1.1}M${x - 0.95},-2.05V0M${x + 0.95},-2.05V0M${x - 1},-2.1V-4.3H${x + 1}V-2.1`, stroke: COLOURS.propEdge, 'stroke-width': 0.16, 'stroke-linecap': 'round', 'stroke-linejoin': 'round', fill: 'none' }));
    } else if (pr.type === 'chair') {
      const back = x - sx * 1.45;
      out.push(el('path', { d: `M${x},-2.05H${back}M${back},0V-4.3M${x - sx * 0.1},-2.05V0M${back + sx * 0.1},-2.05V0`, stroke: COLOURS.propEdge, 'stroke-width': 0.16, 'stroke-linecap': 'round', fill: 'none' }));
    } else if (pr.type === 'wall') out.push(el('rect', { x: x > s.pelvis.x ? x : x - 0.5, y: box.y0, width: 0.5, height: -box.y0, fill: COLOURS.prop }));
    else if (pr.type === 'step') out.push(el('rect', { x: x - 0.7, y, width: 1.4, height: -y, rx: 0.06, fill: COLOURS.prop, stroke: COLOURS.propEdge, 'stroke-width': 0.05 }));
    else if (pr.type === 'table') {
      out.push(el('path', { d: `M${x - 1.6},${y}H${x + 1.6}M${x - 1.4},${y}V0M${x + 1.4},${y}V0`, stroke: COLOURS.propEdge, 'stroke-width': 0.16, 'stroke-linecap': 'round', fill: 'none' }));
    } else if (pr.type === 'pillow') {
      // seen from above, a pillow shows its top, not its edge
      out.push(el('ellipse', { cx: x, cy: y, rx: 0.7, ry: demo.from_above ? 0.6 : 0.22, fill: '#e9edf1', stroke: COLOURS.propEdge, 'stroke-width': 0.04 }));
    } else if (pr.type === 'bike') {
      out.push(el('path', { d: `M${x},${y}L${x + sx * 0.6},0M${x - sx * 0.4},${y}H${x + sx * 0.4}M${x + sx * 1.9},${y - 1.3}L${x + sx * 0.9},0M${x - sx * 0.9},0H${x + sx * 2.2}`, stroke: COLOURS.propEdge, 'stroke-width': 0.16, 'stroke-linecap': 'round', fill: 'none' }));
    } else if (pr.type === 'towel' && s[pr.from] && s[pr.to]) {
      out.push(el('path', { d: `M${f2(s[pr.from].x)},${f2(s[pr.from].y)}L${f2(s[pr.to].x)},${f2(s[pr.to].y)}`, stroke: '#c98b5a', 'stroke-width': 0.09, 'stroke-linecap': 'round', 'data-towel': '1' }));
    }
  }
  return out;
}

// Draws one frame into `svg`. `key` is the keyframe whose arrows and muscles show;
// `otherSide` draws the mirror image, as the other side of a one-sided exercise.
export function draw(svg, demo, frame, box, key, otherSide = false) {
  const s = toScreen(frame, demo.view, otherSide);
  const front = demo.view === 'front';
  const flip = sxOf(demo.view, otherSide);
  const near = front ? null : demo.view === 'left' ? 'left' : 'right';
  const far = front ? null : near === 'left' ? 'right' : 'left';
  // One gradient id per picture: ids are unique in the document.
  if (!svg.dataset.gid) {
    svg.dataset.gid = `mrx-shadow-${++pictures}`;
    while (svg.firstChild) svg.removeChild(svg.firstChild);
    svg.append(shadowDefs(svg));
  }
  const out = [];
  svg.setAttribute('viewBox', `${f2(box.x0)} ${f2(box.y0)} ${f2(box.x1 - box.x0)} ${f2(box.y1 - box.y0)}`);
  const water = (demo.props || []).find((p) => p.type === 'water');
  if (!water && !demo.from_above) {
    const xs = Object.values(s).map((v) => v.x);
    const cx = (Math.min(...xs) + Math.max(...xs)) / 2;
    const rx = (Math.max(...xs) - Math.min(...xs)) / 2 + 0.5;
    out.push(el('ellipse', { cx: f2(cx), cy: 0.02, rx: f2(rx), ry: 0.16, fill: `url(#${svg.dataset.gid})` }));
    out.push(el('path', { d: `M${f2(box.x0)},0H${f2(box.x1)}`, stroke: COLOURS.propEdge, 'stroke-width': 0.04 }));
  }
  for (const shape of propShapes(demo, s, box, flip)) if (!shape.attrs['data-towel']) out.push(shape);

  // A group of shapes reads as one body part: all outlines first, then all fills over them.
  const group = (ds, fill, edge) => {
    for (const d of ds) out.push(el('path', { d, fill: edge, stroke: edge, 'stroke-width': 0.07, 'stroke-linejoin': 'round' }));
    for (const d of ds) out.push(el('path', { d, fill }));
  };
  const k = demo.keyframes[key] || {};
  const muscles = k.muscles || [];
  const sides = front ? ['left', 'right'] : [far, near];
  // The far limbs sit a little up and back, as a real body's do in a side view.
  const farShift = (side) => (front || side === near ? s : Object.fromEntries(Object.entries(s).map(([n, v]) => [n, { x: v.x - 0.1 * flip, y: v.y - 0.06 }])));
  const limbs = Object.fromEntries(sides.map((side) => [side, limbPaths(farShift(side), side)]));
  const colour = (side) => (front || side === near ? [COLOURS.near, COLOURS.nearEdge] : [COLOURS.far, COLOURS.farEdge]);
  if (!front) {
    group(limbs[far].arm, ...colour(far));
    group(limbs[far].leg, ...colour(far));
  }
  group([capsule(s.neck, 0.19, s.head, 0.2), torsoPath(s, frame.spine || 0, frame.twist || 0, front, flip), headPath(s, front)], COLOURS.near, COLOURS.nearEdge);
  if (!front) out.push(el('path', { d: earPath(s), fill: COLOURS.nearEdge, opacity: '0.35' }));
  for (const side of front ? ['left', 'right'] : [near]) group(limbs[side].leg, ...colour(side));
  for (const side of front ? ['left', 'right'] : [near]) group(limbs[side].arm, ...colour(side));
  // the muscles at work, over everything of the body, so that no arm hides them
  for (const name of muscles) {
    const works = front ? workingSide(demo, key, name) : null;
    for (const side of front ? ['left', 'right'].filter((x) => !works || x === works) : [near]) {
      const d = musclePath(s, name, side, front, flip);
      if (d) out.push(el('path', { d, fill: COLOURS.muscle, opacity: '0.85', 'data-muscle': name }));
    }
  }
  for (const shape of propShapes(demo, s, box, flip)) if (shape.attrs['data-towel']) out.push(shape);
  if (water) {
    const wy = -water.y;
    out.push(el('rect', { x: box.x0, y: wy, width: box.x1 - box.x0, height: box.y1 - wy, fill: COLOURS.water }));
    out.push(el('path', { d: `M${f2(box.x0)},${f2(wy)}H${f2(box.x1)}`, stroke: '#409ccc', 'stroke-width': 0.05 }));
  }
  for (const a of k.arrows || []) {
    const at = s[a.joint];
    if (!at) continue;
    const ang = rad(a.dir);
    const dx = flip * Math.cos(ang);
    const dy = -Math.sin(ang);
    const from = { x: at.x + dx * ARROW_FROM, y: at.y + dy * ARROW_FROM };
    const to = { x: at.x + dx * ARROW_TO, y: at.y + dy * ARROW_TO };
    const hx = -dy * 0.2;
    const hy = dx * 0.2;
    out.push(el('path', { d: `M${f2(from.x)},${f2(from.y)}L${f2(to.x - dx * 0.2)},${f2(to.y - dy * 0.2)}`, stroke: COLOURS.arrow, 'stroke-width': 0.1, 'stroke-linecap': 'round' }));
    out.push(el('path', { d: `M${f2(to.x)},${f2(to.y)}L${f2(to.x - dx * 0.35 + hx)},${f2(to.y - dy * 0.35 + hy)}L${f2(to.x - dx * 0.35 - hx)},${f2(to.y - dy * 0.35 - hy)}Z`, fill: COLOURS.arrow }));
  }
  commit(svg, out);
}
