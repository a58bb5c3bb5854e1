/**
 * Derived "hard" pages from real scans with exact ground truth, for the layout, guard and
 * orientation work of issue 11 (real scans where Sijill lost to stock Tesseract).
 *
 *   npx tsx ocr/bench/make-real-hard.ts IN_DIR OUT_DIR [--pages N] [--seed S] [--cases strip,border,...]
 *
 * IN_DIR: pages (tif/png/jpg) each with NAME.txt (one printed line per text line, reading order;
 * empty lines ignored), e.g. /work/data/muq-tune (al-Muqtabas 1910, 600 dpi bitonal). OUT_DIR
 * gets one subfolder per case (so `npm run bench:ocr -- OUT_DIR` prints a row per case), each
 * with NAME-<case>.png|jpg + NAME-<case>.txt. All material of a derived page comes from IN_DIR
 * only (run it once per half: tune pages and measured pages never mix). Deterministic: the RNG
 * is seeded from --seed (default 11) and the page name.
 *
 * Source pages: only pages whose text lines could be matched to their truth lines (real-pages.ts:
 * projection-profile line finding; a page is used only when the number of lines found equals the
 * number of non-empty truth lines, ranks then pair lines with truth), so the image holds exactly
 * the truth text. The page number (not in the OpenArabicPE transcriptions) is whitened. The first
 * N such pages (--pages, default 8) are the sources; donors (facing-page strip, footnote lines,
 * second block) are other aligned pages of the same folder, picked by the seeded RNG.
 *
 * Cases (pages are first scaled to 0.6, i.e. 360 dpi, long side 3271 px):
 *  clean     control: the page only scaled and binarised again (the recogniser's floor on this
 *            print and transcription, to compare every other case with).
 *  strip     a 6–12 %-of-width strip of another page's text edge glued at the left (a facing page
 *            of a bound book, its words cut at the image edge), usually with a dark gutter
 *            shadow; truth = the page's lines only.
 *  border    photocopy: grey paper (~220), ink ~45, noise, dark uneven (random-walk edged)
 *            borders of 3–8 % on 2–4 sides, never reaching the text; JPEG.
 *  rot90 rot180 rot270  the page turned clockwise by that angle.
 *  footnote  the page cut at a line gap after 55–85 % of its lines, then a rule and 2–4
 *            consecutive lines of another page at 0.75 size; truth = body lines then footnote
 *            lines.
 *  photo     phone photo: page on a textured coloured desk, perspective (corners moved 2–6 %),
 *            ±3° turn, uneven light, mild blur, JPEG 80, 2000 px wide (pure-JS homography with
 *            inverse mapping and bilinear sampling).
 *  twoblock  two pages' text blocks at half width side by side with a clear gutter (6–10 % of 3000 px); truth =
 *            right block (first page) lines then left block lines.
 */
import sharp from 'sharp';
import { invert3, squareToQuad, type Quad } from '../perspective.ts';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  cleanCrop, crop, listPages, preparePage, resizeGrey, seeded, toSharp,
  type Grey, type PreparedPage, type Rng,
} from './real-pages.ts';

const SCALE = 0.6;
const ALL_CASES = ['clean', 'strip', 'border', 'rot90', 'rot180', 'rot270', 'footnote', 'photo', 'twoblock'] as const;
type Case = (typeof ALL_CASES)[number];

type Out = { image: Buffer; ext: 'png' | 'jpg'; lines: string[] };

/** Seed from a string (FNV-1a) so each page and case has its own reproducible stream. */
const hash = (s: string) => {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193) >>> 0;
  return h;
};

const scaled = (g: Grey, s: number) => resizeGrey(g, Math.round(g.width * s), Math.round(g.height * s));
const png = (g: Grey) => toSharp(g).png({ compressionLevel: 6 }).toBuffer();
/** Threshold at 160: resampled bitonal scans back to bitonal (as a scanner would deliver). */
const binarise = (g: Grey): Grey => ({ ...g, data: g.data.map((v) => (v < 160 ? 0 : 255)) });

/** Text block of a prepared page (union of its line bands), page pixels. */
function textBox(p: PreparedPage) {
  const b = p.bands;
  return {
    top: b[0]!.top,
    bottom: b.at(-1)!.bottom,
    left: Math.min(...b.map((x) => x.left)),
    right: Math.max(...b.map((x) => x.right)),
  };
}

/** Paste src into dst at (x, y), darkest wins (ink over paper), clipped. */
function paste(dst: Grey, src: Grey, x: number, y: number) {
  for (let sy = 0; sy < src.height; sy++) {
    const dy = y + sy;
    if (dy < 0 || dy >= dst.height) continue;
    for (let sx = 0; sx < src.width; sx++) {
      const dx = x + sx;
      if (dx < 0 || dx >= dst.width) continue;
      const v = src.data[sy * src.width + sx]!;
      const i = dy * dst.width + dx;
      if (v < dst.data[i]!) dst.data[i] = v;
    }
  }
}

const blank = (width: number, height: number): Grey => ({ data: new Uint8Array(width * height).fill(255), width, height });

/** 1-D smooth random walk of length n, mean 0, values about ±1. */
function wobble(r: Rng, n: number, smooth: number): Float64Array {
  const raw = new Float64Array(n);
  let v = 0;
  for (let i = 0; i < n; i++) raw[i] = v += r.gauss();
  // remove the drift and smooth with a moving average
  const out = new Float64Array(n);
  const k = Math.max(1, Math.round(smooth));
  let acc = 0;
  for (let i = 0; i < n + k; i++) {
    if (i < n) acc += raw[i]!;
    if (i - 2 * k - 1 >= 0) acc -= raw[i - 2 * k - 1]!;
    const c = i - k;
    if (c >= 0 && c < n) out[c] = acc / (2 * k + 1);
  }
  const slope = (out[n - 1]! - out[0]!) / Math.max(1, n - 1);
  let max = 1e-9;
  for (let i = 0; i < n; i++) max = Math.max(max, Math.abs((out[i] = out[i]! - out[0]! - slope * i)));
  for (let i = 0; i < n; i++) out[i] = out[i]! / max;
  return out;
}

// ---------------------------------------------------------------- cases

async function strip(p: PreparedPage, donors: PreparedPage[], r: Rng): Promise<Out> {
  const d = r.pick(donors);
  const page = await scaled(p.grey, SCALE);
  const dg = await scaled(d.grey, SCALE);
  const tb = textBox(p), db = textBox(d);
  const stripW = Math.round(page.width * r.range(0.06, 0.12));
  // the facing (left-hand) page shows its right side: its text edge plus a little margin, so
  // the strip's left edge cuts its words
  const dRight = Math.round(db.right * SCALE) + Math.round(page.width * r.range(0.005, 0.03));
  const dy = Math.round(page.height * r.range(-0.02, 0.02));
  const stripImg = crop(dg, dRight - stripW, dy, stripW, page.height);
  // the page keeps 2–5 % of its width as left margin before its text
  const keep = Math.round(page.width * r.range(0.02, 0.05));
  const cut = Math.max(0, Math.round(tb.left * SCALE) - keep);
  const body = crop(page, cut, 0, page.width - cut, page.height);
  const out = blank(stripW + body.width, page.height);
  paste(out, stripImg, 0, 0);
  paste(out, body, stripW, 0);
  if (r.next() < 0.75) {
    // gutter shadow: darker towards the fold, a little wider on the strip side
    const depth = r.range(0.3, 0.75);
    const sigma = page.width * r.range(0.006, 0.012);
    for (let x = Math.max(0, Math.round(stripW - 4 * sigma)); x < Math.min(out.width, Math.round(stripW + 2.5 * sigma)); x++) {
      const dist = (x - stripW) / (x < stripW ? 1.6 * sigma : sigma);
      const f = 1 - depth * Math.exp(-dist * dist);
      for (let y = 0; y < out.height; y++) {
        const i = y * out.width + x;
        out.data[i] = Math.round(out.data[i]! * f * (0.97 + 0.03 * Math.sin(y / 97)));
      }
    }
  }
  return { image: await png(out), ext: 'png', lines: p.page.lines };
}

async function border(p: PreparedPage, r: Rng): Promise<Out> {
  const page = await scaled(p.grey, SCALE);
  const { width: w, height: h } = page;
  const tb = textBox(p);
  const text = { top: tb.top * SCALE, bottom: tb.bottom * SCALE, left: tb.left * SCALE, right: tb.right * SCALE };
  const paper = r.range(205, 232), ink = r.range(30, 65), noise = r.range(4, 10);
  const out = new Uint8Array(w * h);
  for (let i = 0; i < w * h; i++) {
    const v = ink + ((paper - ink) * page.data[i]!) / 255 + noise * r.gauss();
    out[i] = Math.max(0, Math.min(255, Math.round(v)));
  }
  const sides = ['top', 'bottom', 'left', 'right'] as const;
  const count = r.int(2, 4);
  const chosen = [...sides].sort(() => r.next() - 0.5).slice(0, count);
  for (const side of chosen) {
    const along = side === 'top' || side === 'bottom' ? w : h;
    const across = side === 'top' || side === 'bottom' ? h : w;
    // room before the text on this side, less 1 % of clear paper
    const room = (side === 'top' ? text.top : side === 'bottom' ? h - text.bottom : side === 'left' ? text.left : w - text.right) - across * 0.01;
    const base = Math.min(across * r.range(0.03, 0.08), room * 0.75);
    const amp = Math.min(base * 0.35, room - base);
    const wob = wobble(r, along, along / 60);
    const dark = r.range(8, 70);
    for (let a = 0; a < along; a++) {
      const t = Math.max(2, base + amp * wob[a]! + r.gauss() * 1.5);
      for (let c = 0; c < Math.min(across, Math.ceil(t + 6)); c++) {
        // soft inner edge over ~6 px; toner speckle near it
        const e = Math.min(1, Math.max(0, (t - c) / 6 + 0.5));
        if (e <= 0) continue;
        const x = side === 'left' ? c : side === 'right' ? w - 1 - c : a;
        const y = side === 'top' ? c : side === 'bottom' ? h - 1 - c : a;
        const i = y * w + x;
        const v = dark + 18 * r.gauss();
        out[i] = Math.max(0, Math.min(255, Math.round(out[i]! * (1 - e) + v * e)));
      }
    }
  }
  const img = await sharp(Buffer.from(out), { raw: { width: w, height: h, channels: 1 } }).blur(0.6).jpeg({ quality: 85 }).toBuffer();
  return { image: img, ext: 'jpg', lines: p.page.lines };
}

async function rotated(p: PreparedPage, angle: 0 | 90 | 180 | 270): Promise<Out> {
  const page = binarise(await scaled(p.grey, SCALE));
  const img = await (angle ? toSharp(page).rotate(angle) : toSharp(page)).png({ compressionLevel: 6 }).toBuffer();
  return { image: img, ext: 'png', lines: p.page.lines };
}

async function footnote(p: PreparedPage, donors: PreparedPage[], r: Rng): Promise<Out> {
  const lines = p.aligned!;
  const k = Math.max(3, Math.round(lines.length * r.range(0.55, 0.85)));
  const cutY = Math.round((lines[k - 1]!.band.bottom + lines[k]!.band.top) / 2);
  const tb = textBox(p);
  const d = r.pick(donors);
  const n = r.int(2, 4);
  const j = r.int(1, d.aligned!.length - n - 1);
  const foot = d.aligned!.slice(j, j + n);
  const fb = { top: foot[0]!.band.top, bottom: foot.at(-1)!.band.bottom, left: Math.min(...foot.map((l) => l.band.left)), right: Math.max(...foot.map((l) => l.band.right)) };
  // whole footnote block, with the neighbouring lines' ascenders/descenders removed
  const fcrop = cleanCrop(d.grey, fb.top, fb.bottom, fb.left, fb.right, 0);
  const fs = 0.75 * (p.pitch / d.pitch);
  const fimg = await scaled(fcrop, SCALE * fs);
  const pitch = p.pitch * SCALE;
  const body = crop(p.grey, 0, 0, p.grey.width, cutY);
  const bodyS = await scaled(body, SCALE);
  const gap1 = Math.round(pitch * r.range(0.4, 0.9));
  const ruleH = r.int(3, 6);
  const gap2 = Math.round(pitch * r.range(0.25, 0.5));
  const bottomMargin = Math.round(pitch * r.range(1.5, 2.5));
  const H = bodyS.height + gap1 + ruleH + gap2 + fimg.height + bottomMargin;
  const out = blank(bodyS.width, H);
  paste(out, bodyS, 0, 0);
  const right = Math.round(tb.right * SCALE), left = Math.round(tb.left * SCALE);
  // Arabic footnote rules start at the right edge of the text block
  const ruleLen = Math.round((right - left) * r.pick([0.25, 0.35, 0.5, 1]));
  const ry = bodyS.height + gap1;
  for (let y = ry; y < ry + ruleH; y++) out.data.fill(0, y * out.width + right - ruleLen, y * out.width + right);
  paste(out, fimg, right - fimg.width, ry + ruleH + gap2);
  let final: Grey = binarise(out);
  if (final.height > 3500) final = binarise(await scaled(final, 3500 / final.height));
  return { image: await png(final), ext: 'png', lines: [...lines.slice(0, k).map((l) => l.text), ...foot.map((l) => l.text)] };
}

/** Homography mapping the unit square corners (0,0),(1,0),(1,1),(0,1) to quad q (x,y pairs). */
async function photo(p: PreparedPage, r: Rng): Promise<Out> {
  const W = 2000;
  const pageW = Math.round(W * r.range(0.8, 0.86));
  const page = await scaled(p.grey, pageW / p.grey.width);
  const pw = page.width, ph = page.height;
  const H = Math.round(ph / 0.86);
  const cx = W / 2 + r.range(-0.02, 0.02) * W, cy = H / 2 + r.range(-0.02, 0.02) * H;
  const turn = (r.range(-3, 3) * Math.PI) / 180;
  const corners = [[-pw / 2, -ph / 2], [pw / 2, -ph / 2], [pw / 2, ph / 2], [-pw / 2, ph / 2]].map(([x, y]) => {
    // each corner moved 2–6 % of the page size in a random direction
    const m = r.range(0.02, 0.06), a = r.range(0, 2 * Math.PI);
    const jx = x! + Math.cos(a) * m * pw, jy = y! + Math.sin(a) * m * ph;
    return [cx + jx * Math.cos(turn) - jy * Math.sin(turn), cy + jx * Math.sin(turn) + jy * Math.cos(turn)];
  });
  const toQuad = squareToQuad(corners.flat() as Quad);
  const inv = invert3(toQuad);
  // desk: base colour, low-frequency blotches, wood-like grain along a random direction
  const desks = [[120, 82, 50], [150, 110, 70], [70, 75, 85], [45, 50, 60], [160, 150, 135], [95, 60, 40], [60, 90, 70]];
  const base = r.pick(desks);
  const grainAngle = r.range(0, Math.PI), ga = Math.cos(grainAngle), gb = Math.sin(grainAngle);
  const grainF = r.range(0.02, 0.08), blotF = r.range(0.002, 0.006);
  const ph1 = r.range(0, 6.28), ph2 = r.range(0, 6.28);
  const paper = [r.range(225, 248), r.range(220, 242), r.range(200, 230)];
  const inkTone = r.range(20, 55);
  // light: a linear gradient plus an off-centre falloff
  const lx = r.range(-1, 1), ly = r.range(-1, 1), lAmp = r.range(0.15, 0.35);
  const sx = r.range(0, W), sy = r.range(0, H), sAmp = r.range(0.05, 0.2);
  const out = Buffer.alloc(W * H * 3);
  for (let y = 0; y < H; y++) {
    for (let x = 0; x < W; x++) {
      const u0 = inv[0]! * x + inv[1]! * y + inv[2]!, v0 = inv[3]! * x + inv[4]! * y + inv[5]!, w0 = inv[6]! * x + inv[7]! * y + inv[8]!;
      const u = (u0 / w0) * pw - 0.5, v = (v0 / w0) * ph - 0.5;
      let rgb: number[];
      if (u >= 0 && v >= 0 && u < pw - 1 && v < ph - 1) {
        const ix = Math.floor(u), iy = Math.floor(v), fx = u - ix, fy = v - iy;
        const i = iy * pw + ix;
        const s =
          (page.data[i]! * (1 - fx) + page.data[i + 1]! * fx) * (1 - fy) + (page.data[i + pw]! * (1 - fx) + page.data[i + pw + 1]! * fx) * fy;
        const t = s / 255;
        rgb = paper.map((c) => inkTone + (c - inkTone) * t);
      } else {
        const grain = Math.sin((x * ga + y * gb) * grainF + 3 * Math.sin((x * gb - y * ga) * 0.004 + ph1));
        const blot = Math.sin(x * blotF + ph1) * Math.cos(y * blotF * 1.3 + ph2);
        rgb = base.map((c) => c * (1 + 0.08 * grain + 0.12 * blot));
      }
      const nx = (x / W) * 2 - 1, ny = (y / H) * 2 - 1;
      const dd = Math.hypot(x - sx, y - sy) / Math.hypot(W, H);
      const light = 1 - lAmp * (0.5 + 0.5 * (nx * lx + ny * ly) / Math.SQRT2) - sAmp * dd;
      const o = (y * W + x) * 3;
      for (let c = 0; c < 3; c++) out[o + c] = Math.max(0, Math.min(255, Math.round(rgb[c]! * light + r.gauss() * 3)));
    }
  }
  const img = await sharp(out, { raw: { width: W, height: H, channels: 3 } }).blur(r.range(0.6, 1.1)).jpeg({ quality: 80 }).toBuffer();
  return { image: img, ext: 'jpg', lines: p.page.lines };
}

async function twoblock(p: PreparedPage, donors: PreparedPage[], r: Rng): Promise<Out> {
  const q = r.pick(donors);
  const W = 3000;
  const gutter = Math.round(W * r.range(0.06, 0.1));
  const margin = Math.round(W * 0.04);
  const blockW = Math.floor((W - 2 * margin - gutter) / 2);
  const block = async (pp: PreparedPage) => {
    const tb = textBox(pp);
    const c = crop(pp.grey, tb.left, tb.top, tb.right - tb.left, tb.bottom - tb.top);
    return scaled(c, blockW / c.width);
  };
  const right = await block(p), left = await block(q);
  const H = Math.max(right.height, left.height) + 2 * margin;
  const out = blank(W, H);
  paste(out, right, W - margin - right.width, margin);
  paste(out, left, margin, margin);
  return { image: await png(binarise(out)), ext: 'png', lines: [...p.page.lines, ...q.page.lines] };
}

// ---------------------------------------------------------------- main

async function main() {
  const { values, positionals } = parseArgs({
    allowPositionals: true,
    options: { pages: { type: 'string', default: '8' }, seed: { type: 'string', default: '11' }, cases: { type: 'string', default: ALL_CASES.join(',') } },
  });
  const [inDir, outDir] = positionals;
  if (!inDir || !outDir) throw new Error('usage: make-real-hard.ts IN_DIR OUT_DIR [--pages N] [--seed S] [--cases a,b]');
  const cases = values.cases.split(',') as Case[];
  for (const c of cases) if (!ALL_CASES.includes(c)) throw new Error(`unknown case ${c}`);
  // only pages whose found lines match their truth lines are kept (a full-resolution page is 18 MB)
  const all = listPages(inDir);
  const aligned: PreparedPage[] = [];
  for (const p of all) {
    const pp = await preparePage(p);
    if (pp.aligned) aligned.push(pp);
  }
  console.log(`${all.length} pages, ${aligned.length} with lines matching their truth`);
  const sources = aligned.slice(0, Number(values.pages));
  const counts = new Map<string, number>();
  for (const p of sources) {
    const donors = aligned.filter((d) => d !== p);
    for (const c of cases) {
      const r = seeded(hash(`${values.seed}/${p.page.name}/${c}`));
      const out =
        c === 'clean' ? await rotated(p, 0)
        : c === 'strip' ? await strip(p, donors, r)
        : c === 'border' ? await border(p, r)
        : c === 'rot90' ? await rotated(p, 90)
        : c === 'rot180' ? await rotated(p, 180)
        : c === 'rot270' ? await rotated(p, 270)
        : c === 'footnote' ? await footnote(p, donors, r)
        : c === 'photo' ? await photo(p, r)
        : await twoblock(p, donors, r);
      const dir = join(outDir, c);
      mkdirSync(dir, { recursive: true });
      const name = `${p.page.name}-${c}`;
      writeFileSync(join(dir, `${name}.${out.ext}`), out.image);
      writeFileSync(join(dir, `${name}.txt`), out.lines.join('\n') + '\n');
      counts.set(c, (counts.get(c) ?? 0) + 1);
    }
    console.log(`${p.page.name}: ${cases.join(' ')}`);
  }
  console.log([...counts].map(([c, n]) => `${c} ${n}`).join(', '), `-> ${outDir}`);
}

await main();
