/**
 * Generates "unseen" test pages (ocr/bench/unseen/*.png + .txt ground truth): document text in
 * fonts that the digit templates were not built from, with rotation, stamps over the text, low
 * resolution, typewriter-like uneven ink, blur and noise, and Latin words and numbers inside
 * Arabic lines. Deterministic (seeded). Nothing here was tuned against the recogniser's output.
 *
 *   npx tsx ocr/bench/make-unseen.ts FONT_PREFIX [COUNT]     (FONT_PREFIX: see fonts.ts)
 */
import sharp from 'sharp';
import { mkdirSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { UNSEEN_FONTS, fontsourceFiles, rng, arabicIndic, randomDate, renderInk } from './fonts.ts';

const OUT = fileURLToPath(new URL('./unseen/', import.meta.url));
const r = rng(7310);

const FIRST = ['محمد', 'أحمد', 'خالد', 'سامر', 'ياسر', 'عمر', 'حسن', 'رامي', 'فادي', 'نزار', 'ماهر', 'باسل', 'جمال', 'زياد'];
const LAST = ['العلي', 'الشامي', 'حمدان', 'الأحمد', 'دياب', 'النعسان', 'قاسم', 'الحمصي', 'عيسى', 'الخوري', 'سليمان'];
const UNITS = ['فرع المنطقة', 'فرع الدوريات', 'فرع التحقيق', 'القسم الأمني', 'مفرزة الأمن العسكري'];
const PLACES = ['دمشق', 'حمص', 'حماة', 'اللاذقية', 'دير الزور', 'إدلب', 'طرطوس', 'الرقة'];
const LATIN = ['Toyota', 'Kia', 'Nokia', 'Samsung', 'BMW', 'Hyundai'];

const date = () => randomDate(r);
const person = () => `${r.pick(FIRST)} ${r.pick(LAST)}`;

function documentLines(): string[] {
  const head = [
    'الجمهورية العربية السورية',
    r.pick(UNITS) + ' ' + r.int(200, 299),
    `الرقم: ${r.next() < 0.5 ? arabicIndic(r.int(100, 9999)) : r.int(100, 9999)}/ص   التاريخ: ${date()}`,
  ];
  const body = [
    `أوقفت الدورية المدعو ${person()} في ${r.pick(PLACES)} بتاريخ ${date()}`,
    `وكان يقود سيارة نوع ${r.pick(LATIN)} تحمل اللوحة رقم ${r.int(100000, 999999)}`,
    `وضبط بحوزته هاتف ${r.pick(LATIN)} ومبلغ ${r.int(10, 900)} ألف ليرة`,
    `أحيل الموقوف ${person()} إلى ${r.pick(UNITS)} بتاريخ ${date()}`,
    `يرجى إعلامنا عن وضع المدعو ${person()} مواليد ${r.int(1950, 2000)}`,
    `رقم البطاقة ${r.int(10, 99)}-${r.int(100000, 999999)} صادرة في ${r.pick(PLACES)}`,
  ];
  const picked = body.sort(() => r.next() - 0.5).slice(0, r.int(3, 5));
  return [...head, 'سري للغاية', `الموضوع: ${r.pick(['ضبط', 'توقيف', 'مراسلة', 'طلب معلومات'])}`, ...picked, 'رئيس الفرع'];
}

type Effects = { dpi: number; rotate: number; stamp: boolean; typewriter: boolean; blur: number; noise: number; quality: number };

async function page(n: number, fx: Effects, font: { family: string; file: string | null }) {
  const lines = documentLines();
  // render at 300 dpi; 13 pt ≈ 54 px
  const px = r.int(44, 60);
  const W = 2480;
  const rendered = [];
  for (const l of lines) rendered.push(await renderInk(l, font, px));
  const gap = Math.round(px * 0.9);
  const H = 300 + rendered.reduce((a, x) => a + x.height + gap, 0) + 300;
  const ink = Buffer.alloc(W * H, 0);
  let y = 300;
  for (const img of rendered) {
    const right = W - 250 - r.int(0, 20);
    const x0 = Math.max(0, right - img.width);
    for (let yy = 0; yy < img.height; yy++)
      for (let xx = 0; xx < img.width && x0 + xx < W; xx++) {
        let v = img.data[yy * img.width + xx]!;
        if (fx.typewriter && v > 0) v = Math.round(v * (0.55 + 0.45 * r.next()));
        ink[(y + yy) * W + x0 + xx] = Math.max(ink[(y + yy) * W + x0 + xx]!, v);
      }
    y += img.height + gap;
  }
  let base = sharp(ink, { raw: { width: W, height: H, channels: 1 } }).negate();
  let buf = await base.png().toBuffer();
  if (fx.stamp) {
    const cx = r.int(600, 1500);
    const cy = r.int(400, Math.max(500, H - 500));
    const rad = r.int(170, 240);
    const colour = r.pick(['#1f3fbf', '#b0262b', '#5a2a8a']);
    const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}">
      <g opacity="0.55" transform="rotate(${r.int(-25, 25)} ${cx} ${cy})">
        <circle cx="${cx}" cy="${cy}" r="${rad}" fill="none" stroke="${colour}" stroke-width="14"/>
        <circle cx="${cx}" cy="${cy}" r="${rad - 40}" fill="none" stroke="${colour}" stroke-width="6"/>
        <text x="${cx}" y="${cy + 20}" font-family="DejaVu Sans" font-size="64" fill="${colour}" text-anchor="middle">فرع ${r.int(200, 299)}</text>
      </g></svg>`;
    buf = await sharp(buf)
      .toColourspace('srgb')
      .composite([{ input: Buffer.from(svg) }])
      .png()
      .toBuffer();
  }
  let img = sharp(buf);
  if (fx.rotate) img = sharp(await img.rotate(fx.rotate, { background: '#ffffff' }).png().toBuffer());
  const scale = fx.dpi / 300;
  const meta = await img.metadata();
  img = sharp(
    await img
      .resize(Math.round(meta.width! * scale))
      .blur(fx.blur)
      .png()
      .toBuffer(),
  );
  // paper tone and noise
  const { data, info } = await img.greyscale().raw().toBuffer({ resolveWithObject: true });
  const tone = r.int(215, 245);
  for (let i = 0; i < data.length; i++) {
    const v = (data[i]! / 255) * tone + (r.next() - 0.5) * fx.noise * 2;
    data[i] = Math.max(0, Math.min(255, Math.round(v)));
  }
  const name = `gen-${String(n).padStart(3, '0')}`;
  await sharp(data, { raw: { width: info.width, height: info.height, channels: 1 } })
    .jpeg({ quality: fx.quality })
    .toFile(`${OUT}${name}.jpg`);
  writeFileSync(`${OUT}${name}.txt`, lines.join('\n') + '\n');
  writeFileSync(`${OUT}${name}.json`, JSON.stringify({ font: font.family, ...fx }) + '\n');
}

async function main() {
  const prefix = process.argv[2];
  if (!prefix) throw new Error('usage: make-unseen.ts FONT_PREFIX [COUNT]');
  const count = Number(process.argv[3] ?? 20);
  const fonts = UNSEEN_FONTS.flatMap((n) => fontsourceFiles(prefix, n).filter((f) => f.script === 'arabic' && f.weight === 400));
  mkdirSync(OUT, { recursive: true });
  for (let n = 0; n < count; n++) {
    const fx: Effects = {
      dpi: r.pick([100, 120, 150, 200, 300]),
      rotate: r.next() < 0.5 ? Math.round((r.next() * 8 - 4) * 10) / 10 : 0,
      stamp: r.next() < 0.5,
      typewriter: r.next() < 0.4,
      blur: Math.round((0.3 + r.next() * 0.9) * 100) / 100,
      noise: r.int(5, 40),
      quality: r.int(40, 85),
    };
    await page(n, fx, fonts[n % fonts.length]!);
    console.log(n, fonts[n % fonts.length]!.family, JSON.stringify(fx));
  }
}

await main();
