/**
 * Generates layout test pages (ocr/bench/layout/*.jpg + .txt ground truth): two-column
 * letterheads (right block: state / ministry / branch; left block: number / date / attachments,
 * on the same rows) and tables (lists of detainees: a header row and 5–12 rows, with a full
 * ruling grid, with only a rule under the header, or with no lines at all). Fictional names only.
 * Deterministic (seeded). Nothing here was tuned against the recogniser's output.
 *
 * Ground-truth convention (see ocr/README.md, "Layout"):
 *   - a two-column header is read as the right block top to bottom, then the left block;
 *   - a table row is ONE line, its cells in right-to-left order joined with " | ",
 *     the header row first;
 *   - everything else one line per printed line, top to bottom.
 *
 *   npx tsx ocr/bench/make-layout.ts FONT_PREFIX [COUNT] [--held-out]     (FONT_PREFIX: see fonts.ts)
 */
import sharp from 'sharp';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { TEMPLATE_FONTS, UNSEEN_FONTS, fontsourceFiles, rng, arabicIndic, randomDate, renderInk } from './fonts.ts';
import { CELL_SEPARATOR } from '../layout.ts';

// `layout/` (seed 4127) was looked at while the layout rules were written; `layout-heldout/`
// (seed 9001) was generated afterwards and only measured.
const heldOut = process.argv[4] === '--held-out';
const OUT = fileURLToPath(new URL(heldOut ? './layout-heldout/' : './layout/', import.meta.url));
const r = rng(heldOut ? 9001 : 4127);

const FIRST = [
  'محمد',
  'أحمد',
  'خالد',
  'سامر',
  'ياسر',
  'عمر',
  'حسن',
  'رامي',
  'فادي',
  'نزار',
  'ماهر',
  'باسل',
  'جمال',
  'زياد',
  'وائل',
  'طارق',
];
const LAST = ['العلي', 'الشامي', 'حمدان', 'الأحمد', 'دياب', 'النعسان', 'قاسم', 'الحمصي', 'عيسى', 'الخوري', 'سليمان', 'الزين'];
const MOTHERS = ['فاطمة', 'مريم', 'خديجة', 'سعاد', 'نجاح', 'هدى', 'سميرة', 'وفاء', 'ليلى', 'منى'];
const MINISTRIES = ['وزارة الداخلية', 'وزارة الدفاع', 'القيادة العامة للجيش', 'إدارة الأمن العام'];
const UNITS = ['فرع المنطقة', 'فرع الدوريات', 'فرع التحقيق', 'القسم الأمني', 'مفرزة الأمن'];
const PLACES = ['دمشق', 'حمص', 'حماة', 'اللاذقية', 'دير الزور', 'إدلب', 'طرطوس', 'الرقة', 'درعا', 'حلب'];
const CHARGES = ['التظاهر', 'حيازة سلاح', 'التهريب', 'الفرار من الخدمة', 'تزوير وثائق', 'إثارة الشغب', 'التعامل مع جهات خارجية'];
const num = (n: number | string, arabic: boolean) => (arabic ? arabicIndic(n) : String(n));

const date = () => randomDate(r);
const person = () => `${r.pick(FIRST)} ${r.pick(FIRST)} ${r.pick(LAST)}`;

type Font = { family: string; file: string | null };
type Ink = { data: Buffer; width: number; height: number };

const render = renderInk;

class Canvas {
  ink: Buffer;
  constructor(
    public W: number,
    public H: number,
  ) {
    this.ink = Buffer.alloc(W * H, 0);
  }
  put(img: Ink, x0: number, y0: number) {
    for (let y = 0; y < img.height; y++)
      for (let x = 0; x < img.width; x++) {
        const X = x0 + x;
        const Y = y0 + y;
        if (X < 0 || Y < 0 || X >= this.W || Y >= this.H) continue;
        const v = img.data[y * img.width + x]!;
        if (v > this.ink[Y * this.W + X]!) this.ink[Y * this.W + X] = v;
      }
  }
  rect(x0: number, y0: number, x1: number, y1: number) {
    for (let y = Math.max(0, y0); y < Math.min(this.H, y1); y++)
      this.ink.fill(255, y * this.W + Math.max(0, x0), y * this.W + Math.min(this.W, x1));
  }
}

const W = 2480;
const MARGIN = 250;

type Block = { lines: string[]; truth: string[]; draw: (c: Canvas, y: number) => Promise<void>; height: number };

/** Right block and left block on the same rows; truth: right block, then left block. */
async function twoColumnHeader(font: Font, px: number, arabic: boolean): Promise<Block> {
  const right = ['الجمهورية العربية السورية', r.pick(MINISTRIES)];
  if (r.next() < 0.6) right.push(`${r.pick(UNITS)} ${num(r.int(200, 299), arabic)}`);
  const left = [`الرقم: ${num(r.int(100, 9999), arabic)}/ص`, `التاريخ: ${date()}`];
  if (r.next() < 0.5) left.push(`المرفقات: ${r.pick(['لا يوجد', 'ضبط', 'قائمة أسماء', `${num(r.int(2, 9), arabic)} صفحات`])}`);
  const pitch = Math.round(px * 1.9);
  const R = await Promise.all(right.map((t) => render(t, font, px)));
  const L = await Promise.all(left.map((t) => render(t, font, px)));
  const leftW = Math.max(...L.map((i) => i.width));
  // the right block is often centred on itself, the left one right-aligned on its own edge
  const rightW = Math.max(...R.map((i) => i.width));
  const centred = r.next() < 0.5;
  return {
    lines: [...right, ...left],
    truth: [...right, ...left],
    height: Math.max(R.length, L.length) * pitch,
    draw: async (c, y) => {
      R.forEach((img, i) =>
        c.put(img, centred ? W - MARGIN - Math.round((rightW + img.width) / 2) : W - MARGIN - img.width, y + i * pitch),
      );
      L.forEach((img, i) => c.put(img, MARGIN + leftW - img.width, y + i * pitch));
    },
  };
}

/** Lines set right-aligned (or centred), one after the other. */
async function textLines(lines: { text: string; align: 'right' | 'centre' | 'left' }[], font: Font, px: number): Promise<Block> {
  const imgs = await Promise.all(lines.map((l) => render(l.text, font, px)));
  const pitch = Math.round(px * 1.9);
  return {
    lines: lines.map((l) => l.text),
    truth: lines.map((l) => l.text),
    height: imgs.length * pitch,
    draw: async (c, y) => {
      imgs.forEach((img, i) => {
        const a = lines[i]!.align;
        const x = a === 'right' ? W - MARGIN - img.width : a === 'left' ? MARGIN : Math.round((W - img.width) / 2);
        c.put(img, x, y + i * pitch);
      });
    },
  };
}

type Rules = 'grid' | 'header' | 'none';

/** A list of detainees: header row and rows, cells right to left; truth: one line per row. */
async function table(font: Font, pxIn: number, rows: number, rules: Rules, arabic: boolean): Promise<Block> {
  const all = ['الرقم', 'الاسم', 'اسم الأم', 'التولد', 'مكان الإقامة', 'التهمة'];
  // always the number and the name; the other columns 2–4 of the rest, in their usual order
  const rest = all.slice(2).filter(() => r.next() < 0.75);
  const cols = ['الرقم', 'الاسم', ...(rest.length >= 2 ? rest : all.slice(2, 4))];
  const cell = (c: string, i: number): string => {
    switch (c) {
      case 'الرقم':
        return num(i + 1, arabic);
      case 'الاسم':
        return person();
      case 'اسم الأم':
        return r.pick(MOTHERS);
      case 'التولد':
        return r.next() < 0.5 ? num(r.int(1960, 2004), arabic) : `${r.pick(PLACES)} ${num(r.int(1960, 2004), arabic)}`;
      case 'مكان الإقامة':
        return r.pick(PLACES);
      default:
        return r.pick(CHARGES);
    }
  };
  const data = [cols, ...Array.from({ length: rows }, (_, i) => cols.map((c) => cell(c, i)))];
  let px = pxIn;
  let imgs: Ink[][] = [];
  let widths: number[] = [];
  let pad = 0;
  // shrink the type until the table fits between the margins
  for (;;) {
    imgs = await Promise.all(data.map((row) => Promise.all(row.map((t) => render(t, font, px)))));
    pad = Math.round(px * 0.7);
    widths = cols.map((_, j) => Math.max(...imgs.map((row) => row[j]!.width)) + 2 * pad);
    if (widths.reduce((a, b) => a + b, 0) <= W - 2 * MARGIN || px < 30) break;
    px -= 3;
  }
  const rowH = Math.max(...imgs.flat().map((i) => i.height)) + Math.round(px * 0.5);
  const right = W - MARGIN;
  const edges = [right];
  for (const w of widths) edges.push(edges.at(-1)! - w);
  const thick = r.int(2, 4);
  return {
    lines: data.flat(),
    truth: data.map((row) => row.join(CELL_SEPARATOR)),
    height: rowH * data.length + thick,
    draw: async (c, y) => {
      imgs.forEach((row, i) =>
        row.forEach((img, j) => {
          const x = i === 0 || j === 0 ? Math.round((edges[j]! + edges[j + 1]! - img.width) / 2) : edges[j]! - pad - img.width;
          c.put(img, x, y + i * rowH + Math.round((rowH - img.height) / 2));
        }),
      );
      const x0 = edges.at(-1)!;
      if (rules === 'grid') {
        for (let i = 0; i <= data.length; i++) c.rect(x0, y + i * rowH, right + thick, y + i * rowH + thick);
        for (const e of edges) c.rect(e, y, e + thick, y + data.length * rowH + thick);
      } else if (rules === 'header') c.rect(x0, y + rowH, right, y + rowH + thick);
    },
  };
}

function body(arabic: boolean): string[] {
  const lines = [
    `نرفق لكم طيه قائمة بأسماء الموقوفين لدى ${r.pick(UNITS)} بتاريخ ${date()}`,
    `يرجى إعلامنا عن وضع المدعو ${person()} مواليد ${num(r.int(1950, 2000), arabic)}`,
    `أحيل الموقوف ${person()} إلى ${r.pick(UNITS)} بتاريخ ${date()}`,
    `للاطلاع وإجراء اللازم وإعلامنا بالنتيجة`,
  ];
  return lines.sort(() => r.next() - 0.5).slice(0, r.int(2, 3));
}

type Effects = { dpi: number; rotate: number; stamp: boolean; blur: number; noise: number; quality: number };

async function page(n: number, font: Font, fx: Effects) {
  const kind = (['header', 'grid', 'none', 'header-table'] as const)[n % 4]!;
  const arabic = r.next() < 0.5;
  const px = r.int(44, 54);
  const blocks: { b: Block; gap: number }[] = [];
  blocks.push({ b: await twoColumnHeader(font, px, arabic), gap: Math.round(px * 1.6) });
  const title = [
    { text: 'سري للغاية', align: 'centre' as const },
    { text: `الموضوع: ${r.pick(['قائمة موقوفين', 'توقيف', 'مراسلة', 'طلب معلومات'])}`, align: 'centre' as const },
  ];
  blocks.push({ b: await textLines(title, font, px), gap: Math.round(px * 0.6) });
  if (kind === 'header')
    blocks.push({
      b: await textLines(
        body(arabic).map((text) => ({ text, align: 'right' })),
        font,
        px,
      ),
      gap: Math.round(px * 1.2),
    });
  else {
    blocks.push({
      b: await textLines([{ text: 'نرفق لكم طيه قائمة بأسماء الموقوفين', align: 'right' }], font, px),
      gap: Math.round(px * 0.8),
    });
    const rules: Rules = kind === 'grid' ? 'grid' : kind === 'none' ? 'none' : r.next() < 0.5 ? 'header' : 'grid';
    blocks.push({ b: await table(font, px - r.int(4, 10), r.int(5, 12), rules, arabic), gap: Math.round(px * 1.2) });
  }
  blocks.push({ b: await textLines([{ text: 'رئيس الفرع', align: 'left' }], font, px), gap: 0 });
  const H = 2 * 250 + blocks.reduce((a, x) => a + x.b.height + x.gap, 0);
  const c = new Canvas(W, H);
  let y = 250;
  for (const { b, gap } of blocks) {
    await b.draw(c, y);
    y += b.height + gap;
  }
  let buf = await sharp(c.ink, { raw: { width: W, height: H, channels: 1 } })
    .negate()
    .png()
    .toBuffer();
  if (fx.stamp) {
    const cx = r.int(500, 1100);
    const cy = r.int(H - 700, H - 350);
    const rad = r.int(150, 210);
    const colour = r.pick(['#1f3fbf', '#b0262b', '#5a2a8a']);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <g opacity="0.5" transform="rotate(${r.int(-25, 25)} ${cx} ${cy})">
        <circle cx="${cx}" cy="${cy}" r="${rad}" fill="none" stroke="${colour}" stroke-width="12"/>
        <circle cx="${cx}" cy="${cy}" r="${rad - 36}" fill="none" stroke="${colour}" stroke-width="5"/>
      </g></svg>`;
    buf = await sharp(buf)
      .toColourspace('srgb')
      .composite([{ input: Buffer.from(svg) }])
      .png()
      .toBuffer();
  }
  let img = sharp(buf);
  if (fx.rotate) img = sharp(await img.rotate(fx.rotate, { background: '#ffffff' }).png().toBuffer());
  const meta = await img.metadata();
  img = sharp(
    await img
      .resize(Math.round(meta.width! * (fx.dpi / 300)))
      .blur(fx.blur)
      .png()
      .toBuffer(),
  );
  const { data, info } = await img.greyscale().raw().toBuffer({ resolveWithObject: true });
  const tone = r.int(220, 245);
  for (let i = 0; i < data.length; i++)
    data[i] = Math.max(0, Math.min(255, Math.round((data[i]! / 255) * tone + (r.next() - 0.5) * fx.noise * 2)));
  const name = `layout-${String(n).padStart(3, '0')}`;
  await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
    .jpeg({ quality: fx.quality })
    .toFile(`${OUT}${name}.jpg`);
  writeFileSync(`${OUT}${name}.txt`, blocks.flatMap((x) => x.b.truth).join('\n') + '\n');
  writeFileSync(`${OUT}${name}.json`, JSON.stringify({ kind, font: font.family, ...fx }) + '\n');
  return kind;
}

async function main() {
  const prefix = process.argv[2];
  if (!prefix) throw new Error('usage: make-layout.ts FONT_PREFIX [COUNT]');
  const count = Number(process.argv[3] ?? 12);
  const fonts = [...TEMPLATE_FONTS, ...UNSEEN_FONTS].flatMap((n) =>
    fontsourceFiles(prefix, n).filter((f) => f.script === 'arabic' && f.weight === 400),
  );
  mkdirSync(OUT, { recursive: true });
  for (let n = 0; n < count; n++) {
    const fx: Effects = {
      dpi: r.pick([200, 250, 300]),
      rotate: r.next() < 0.4 ? Math.round((r.next() * 2 - 1) * 10) / 10 : 0,
      stamp: r.next() < 0.4,
      blur: Math.round((0.3 + r.next() * 0.5) * 100) / 100,
      noise: r.int(5, 25),
      quality: r.int(60, 90),
    };
    const font = fonts[(n * 7) % fonts.length]!;
    const kind = await page(n, font, fx);
    console.log(n, kind, font.family, JSON.stringify(fx));
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();
