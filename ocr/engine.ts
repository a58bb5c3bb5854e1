/** Recognition: a pool of tesseract.js workers with the models shipped in node_modules. */
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Tesseract from 'tesseract.js';
import { DEFAULT_LIMITS, type Box, type OcrEngine, type OcrLine, type OcrWord, type PageTranscription } from './types.ts';
import { findSheet, flattenSheet } from './perspective.ts';
import { analysePage, decodePage, DEFAULT_PREPROCESS, fromGrey, parsePgm, pgm, rawGrey, unturnBox, type LineImage, type PageAnalysis, type PreparedLine, type PreprocessOptions } from './preprocess.ts';
import { baselineDepth, type Component, type Grey } from './analyse.ts';
import { NUMERIC_CORE, glyphsInSpan, inkComponents, hasDigit, lineGlyphs, lineMarkers, mergeNumber, numberInReadingOrder, readNumberAround, type NumberAroundOptions, type NumberReading } from './digits.ts';
import { cleanWord, commasReadAsGuillemets, FULL_STOP } from './orthography.ts';
import { calibrate, loadCalibration } from './calibration.ts';
import { makeLine, meanConfidence, orderLines, unionBox } from './layout.ts';
import { directionChar, isLatinChar, visualToLogical } from './bidi.ts';

const require = createRequire(import.meta.url);

export type ModelKind = 'fast' | 'best';

export type EngineOptions = {
  workers?: number;
  /** 'fast': the package's 4.0.0 model (tesseract.js's default, default here); 'best': 4.0.0_best_int */
  model?: ModelKind;
  /** '+'-joined language codes; default 'ara' */
  langs?: string;
  preprocess?: Partial<PreprocessOptions>;
  /** Tesseract parameters set on every worker */
  params?: Record<string, string>;
  /** lines whose mean word confidence is below this are prepared and read again (default 65) */
  retryBelow?: number;
  /**
   * recognise a page's lines in one call, stacked (default false: measured no faster, since the
   * LSTM dominates, and a little worse on the degraded tuning pages); unsure lines are retried alone
   */
  stack?: boolean;
  /** re-read unsure words with the English model for Latin words (default true) */
  latin?: boolean;
  /** report calibrated confidences (estimated % chance the word is right; default true) */
  calibrate?: boolean;
  /** general orthographic fixes: final ى/ي on definite words, invented short vowels (default true) */
  orthography?: boolean;
  /** re-read numbers with the glyph-template digit reader (default true) */
  digits?: boolean;
  /**
   * whose page layout to use: 'sijill' (own blocks and lines, each line read alone), 'tesseract'
   * (Tesseract's page layout analysis and reading), 'guarded' (default: both, and per page the
   * one the reading signals favour; see preferWhole)
   */
  layout?: 'guarded' | 'sijill' | 'tesseract';
  /** try the page turned 90°, 180° and 270° when it reads poorly as it is (default true) */
  orientation?: boolean;
  /** a page whose mean raw word score is below this gets the orientation test (default 60) */
  orientationCheckBelow?: number;
  /** Words with confidence below this are flagged as likely wrong */
  flagThreshold?: number;
  maxPixels?: number;
};

const TESSERACT_VERSION: string = (() => {
  try {
    return (require('tesseract.js/package.json') as { version: string }).version;
  } catch {
    return 'unknown';
  }
})();

function modelDir(lang: string, model: ModelKind): string {
  const pkg = require(`@tesseract.js-data/${lang}`) as { langPath: string };
  const dir = pkg.langPath.replace(/[/\\]4\.0\.0(_best_int)?$/, '');
  return join(dir, model === 'best' ? '4.0.0_best_int' : '4.0.0');
}

type TWorker = Tesseract.Worker;

async function startWorker(langs: string[], model: ModelKind, params: Record<string, string>): Promise<TWorker> {
  const [first, ...rest] = langs as [string, ...string[]];
  // tesseract.js reads every language from one langPath; the packages keep one folder each.
  // Load the first normally and copy the others into the worker's file system.
  const current = [first];
  const worker = await Tesseract.createWorker(current, Tesseract.OEM.LSTM_ONLY, {
    langPath: modelDir(first, model),
    gzip: true,
    cacheMethod: 'none',
  });
  if (rest.length) {
    const { gunzipSync } = await import('node:zlib');
    for (const lang of rest) {
      const data = gunzipSync(readFileSync(join(modelDir(lang, model), `${lang}.traineddata.gz`)));
      await worker.FS('writeFile', [`./${lang}.traineddata`, data]);
      current.push(lang);
    }
    await worker.reinitialize(langs.join('+'), Tesseract.OEM.LSTM_ONLY);
  }
  await worker.setParameters({
    ...LINE_PARAMETERS,
    // Tesseract prints notes ("Detected N diacritics") to stdout otherwise
    debug_file: '/dev/null',
    ...params,
  });
  return worker;
}

/** A worker's parameters between jobs: Sijill's line images, read one line each. */
const LINE_PARAMETERS = {
  tessedit_pageseg_mode: Tesseract.PSM.SINGLE_LINE,
  // line images carry no resolution; this matches the line height they are scaled to
  user_defined_dpi: '200',
};

/** A job runs on a worker and hands back the worker to reuse (a fresh one if it failed). */
type Job = { run: (w: TWorker) => Promise<TWorker | null> };

class Pool implements OcrEngine {
  private idle: TWorker[] = [];
  private queue: Job[] = [];
  private closed = false;
  readonly size: number;
  readonly engine = `tesseract.js ${TESSERACT_VERSION}`;
  readonly model: string;

  constructor(
    workers: TWorker[],
    private readonly opts: Required<Pick<EngineOptions, 'model' | 'langs' | 'params' | 'flagThreshold' | 'maxPixels' | 'digits' | 'retryBelow' | 'orthography' | 'calibrate' | 'stack' | 'latin' | 'orientation' | 'orientationCheckBelow' | 'layout'>> & {
      preprocess: PreprocessOptions;
    },
  ) {
    this.idle = workers;
    this.size = workers.length;
    this.model = `${opts.langs} ${opts.model}`;
  }

  private pump() {
    while (this.idle.length && this.queue.length) {
      const w = this.idle.pop()!;
      const job = this.queue.shift()!;
      void job.run(w).then((next) => {
        if (next && !this.closed) this.idle.push(next);
        else if (next) void next.terminate().catch(() => undefined);
        this.pump();
      });
    }
  }

  private withWorker<T>(fn: (w: TWorker) => Promise<T>): Promise<T> {
    if (this.closed) return Promise.reject(new Error('The OCR engine has been closed.'));
    return new Promise<T>((resolve, reject) => {
      this.queue.push({
        run: async (w) => {
          try {
            resolve(await fn(w));
            return w;
          } catch (e) {
            reject(e);
            return this.replace(w);
          }
        },
      });
      this.pump();
    });
  }

  /**
   * Tesseract's own page layout analysis and reading (PSM auto; PSM single line for a line
   * image) of the page turned by `quarterTurns`, its words cleaned and calibrated as Sijill's own are; boxes in the image's
   * own coordinates.
   */
  private async recognizeWhole(upright: Grey, quarterTurns: 0 | 1 | 2 | 3 = 0, psm: Tesseract.PSM = Tesseract.PSM.AUTO): Promise<OcrLine[]> {
    const turnedWidth = quarterTurns % 2 ? upright.height : upright.width;
    // a page wider than GUARD_PAGE_MAX_WIDTH is read smaller: the cost follows the pixels, and
    // 600-dpi scans read no better than at half the size
    const scale = psm === Tesseract.PSM.AUTO && turnedWidth > GUARD_PAGE_MAX_WIDTH ? GUARD_PAGE_MAX_WIDTH / turnedWidth : 1;
    let page = upright;
    if (quarterTurns) page = await rawGrey(fromGrey(page).rotate(90 * quarterTurns));
    if (scale < 1) page = await rawGrey(fromGrey(page).resize(Math.round(turnedWidth * scale), null, { kernel: 'lanczos3' }));
    const img = pgm(page.data, page.width, page.height);
    const tsv = await this.readTsvWith(img, { tessedit_pageseg_mode: psm, user_defined_dpi: '' });
    const unturn = unturnBox(quarterTurns, upright.width, upright.height);
    const toImage = (b: Box): Box => unturn(scale < 1 ? { x: Math.round(b.x / scale), y: Math.round(b.y / scale), w: Math.round(b.w / scale), h: Math.round(b.h / scale) } : b);
    const readings = parseTsvLines(tsv)
      .map((raw) => finishWords(raw, toImage, this.opts.flagThreshold, null, this.opts.orthography, this.opts.calibrate))
      .filter((words) => words.length);
    const direction = pageDirection(readings);
    // Tesseract's blocks come in its own reading order, which is kept
    return readings.map((words) => lineOf(words, direction));
  }

  /**
   * A line image read in Tesseract's raw-line mode (PSM 13), which skips the single-line mode's
   * own checks: those make it return nothing at all on some clean lines (a verse line of
   * OpenITI's printed books, its words stretched by kashidas, reads empty in single-line mode at
   * every preparation, and word for word right in raw-line mode; stock Tesseract reads it empty
   * too). Read only for a line that every preparation left without a word.
   */
  private async readRawLine(li: PreparedLine): Promise<OcrWord[]> {
    const tsv = await this.readTsvWith(li.image, { tessedit_pageseg_mode: Tesseract.PSM.RAW_LINE });
    return wordsFromTsv(tsv, li.toOriginal, this.opts.flagThreshold, this.opts.digits ? li : null, this.opts.orthography, this.opts.calibrate);
  }

  /** An image recognised (TSV) by a worker set to `params` for this job, set back to LINE_PARAMETERS after it. */
  private readTsvWith(image: Buffer, params: Partial<Tesseract.WorkerParams>): Promise<string> {
    return this.withWorker(async (w) => {
      await w.setParameters(params);
      try {
        return (await w.recognize(image, {}, { text: false, blocks: false, tsv: true })).data.tsv ?? '';
      } finally {
        await w.setParameters(LINE_PARAMETERS);
      }
    });
  }

  private readLine(li: PreparedLine): Promise<OcrWord[]> {
    return this.readWords(li.image, li.toOriginal, this.opts.digits ? li : null);
  }

  /** One line image recognised; `line`: where the digit reader finds the line's glyphs (null: no digit reading). */
  private async readWords(image: Buffer, toOriginal: (b: Box) => Box, line: PreparedLine | null): Promise<OcrWord[]> {
    // TSV is the lightest output that carries word boxes and confidences (blocks costs ~35% more)
    const tsv = await this.withWorker(async (w) => (await w.recognize(image, {}, { text: false, blocks: false, tsv: true })).data.tsv ?? '');
    return wordsFromTsv(tsv, toOriginal, this.opts.flagThreshold, line, this.opts.orthography, this.opts.calibrate);
  }

  /**
   * A page line's reading as prepared (no retry), read once: the orientation test samples the
   * longest lines of the page as read and of each turn, and the turn it picks is then read in
   * full (the recogniser gives the same words for the same image).
   */
  private firstReading(li: LineImage): Promise<OcrWord[]> {
    let r = FIRST_READING.get(li);
    if (!r) FIRST_READING.set(li, (r = this.readLine(li)));
    return r;
  }

  private finish(raw: RawWord[], li: PreparedLine): OcrWord[] {
    return finishWords(raw, li.toOriginal, this.opts.flagThreshold, this.opts.digits ? li : null, this.opts.orthography, this.opts.calibrate);
  }

  /**
   * All lines of a page stacked into one image and recognised in one call (uniform block mode):
   * Tesseract's cost per call is large next to a short line's, and the stacked lines are clean,
   * separated and level, so its block layout has nothing to get wrong. Words go back to their
   * line by the slot their centre falls in.
   */
  private async readStacked(lines: LineImage[]): Promise<OcrWord[][]> {
    const parsed = lines.map((l) => parsePgm(l.image));
    const gap = 8;
    const width = Math.max(...parsed.map((p) => p.width));
    const height = parsed.reduce((a, p) => a + p.height + gap, gap);
    const data = new Uint8Array(width * height).fill(255);
    const slots: { y0: number; y1: number }[] = [];
    let y = gap;
    for (const p of parsed) {
      // right-aligned, as the lines stood on the page
      const x0 = width - p.width;
      for (let r = 0; r < p.height; r++) data.set(p.data.subarray(r * p.width, (r + 1) * p.width), (y + r) * width + x0);
      slots.push({ y0: y, y1: y + p.height });
      y += p.height + gap;
    }
    const tsv = await this.withWorker(async (w) => (await w.recognize(pgm(data, width, height), { tessedit_pageseg_mode: Tesseract.PSM.SINGLE_BLOCK } as never, { text: false, blocks: false, tsv: true })).data.tsv ?? '');
    const perLine: RawWord[][] = lines.map(() => []);
    for (const w of parseTsvWords(tsv)) {
      const cy = w.box.y + w.box.h / 2;
      const i = slots.findIndex((sl) => cy >= sl.y0 - gap / 2 && cy < sl.y1 + gap / 2);
      if (i < 0) continue;
      const x0 = width - parsed[i]!.width;
      perLine[i]!.push({ ...w, box: { x: w.box.x - x0, y: w.box.y - slots[i]!.y0, w: w.box.w, h: w.box.h } });
    }
    return perLine.map((raw, i) => this.finish(raw, lines[i]!));
  }

  /**
   * One line: recognised as prepared; when the result is empty or unsure, prepared again at
   * other scales and margins and recognised again, keeping the most confident reading. The
   * LSTM's output on a line swings with small changes in scale and margin. Returns the line's
   * words, not yet in reading order (see lineOf).
   */
  private async recognizeLine(li: LineImage, first?: OcrWord[]): Promise<OcrWord[]> {
    let best = first ?? (await this.firstReading(li));
    let bestImage: PreparedLine = li;
    let bestConf = rawMean(best);
    if (bestConf < this.opts.retryBelow) {
      for (const { below, ...variant } of RETRY_VARIANTS) {
        if (bestConf >= below) continue;
        const image = await li.render(variant);
        const words = await this.readLine(image);
        const conf = rawMean(words);
        if (conf > bestConf) {
          best = words;
          bestImage = image;
          bestConf = conf;
        }
        if (bestConf >= this.opts.retryBelow) break;
      }
    }
    if (!best.length) {
      const raw = await this.readRawLine(li);
      if (raw.length && rawMean(raw) >= RAW_LINE_ACCEPT) {
        best = raw;
        bestImage = li;
      }
    }
    if (this.opts.latin) best = await this.latinWords(best, bestImage);
    return best;
  }

  private latinWorker: Promise<TWorker> | null = null;
  private latinQueue: Promise<unknown> = Promise.resolve();

  /** One English recogniser, started on first need, shared by the pool's jobs in turn. */
  private withLatin<T>(fn: (w: TWorker) => Promise<T>): Promise<T> {
    this.latinWorker ??= startWorker(['eng'], 'best', {});
    const run = this.latinQueue.then(async () => fn(await this.latinWorker!));
    this.latinQueue = run.catch(() => undefined);
    return run;
  }

  /**
   * Latin words inside Arabic lines (car makes, names, codes): the Arabic model has no Latin
   * letters and turns them into near-zero-score Arabic-looking words or numbers. A line holding
   * such a word is also read with the English model; a confident English word made of Latin
   * letters replaces the unsure words it covers. (Running Tesseract with 'ara+eng' at once was
   * measured worse.)
   */
  private async latinWords(best: OcrWord[], image: PreparedLine): Promise<OcrWord[]> {
    const raw = (w: OcrWord) => RAW_CONFIDENCE.get(w) ?? w.confidence;
    // the Arabic model often reads a Latin word as a number ("BMW" → "/86") that the digit
    // reader then scores near 0: numbers count like words
    const unsure = best.filter((w) => raw(w) < LATIN_TRIGGER_BELOW && LINE_BOX.has(w) && mayBeLatin(w, image));
    if (!unsure.length) return best;
    // read only the stretch of the line that holds the unsure words (and a margin either side)
    const u = unionBox(unsure.map((w) => LINE_BOX.get(w)!));
    const { width, height } = parsePgm(image.image);
    const margin = Math.round(u.h * 3);
    const left = Math.max(0, u.x - margin);
    const rectangle = { left, top: 0, width: Math.min(width, u.x + u.w + margin) - left, height };
    const tsv = await this.withLatin(async (w) => (await w.recognize(image.image, { rectangle }, { text: false, blocks: false, tsv: true })).data.tsv ?? '');
    const latin = parseTsvWords(tsv).filter((w) => /^[A-Za-z][A-Za-z'.-]*[A-Za-z]$/.test(w.text) && w.confidence >= 80);
    let out = best.slice();
    for (const lw of latin) {
      const box = image.toOriginal(lw.box);
      const covered = out.filter((o) => {
        const ov = Math.min(box.x + box.w, o.box.x + o.box.w) - Math.max(box.x, o.box.x);
        return ov > 0.5 * o.box.w && raw(o) < 80;
      });
      if (!covered.length) continue;
      const at = out.indexOf(covered[0]!);
      const confidence = this.opts.calibrate ? calibrate(lw.confidence, lw.text) : lw.confidence;
      const word: OcrWord = { text: lw.text, confidence, box, flagged: confidence < this.opts.flagThreshold };
      RAW_CONFIDENCE.set(word, lw.confidence);
      LINE_BOX.set(word, lw.box);
      out = out.filter((o) => !covered.includes(o));
      out.splice(Math.min(at, out.length), 0, word);
    }
    return out;
  }

  /**
   * A recogniser that failed (a WASM abort leaves it unusable) is replaced by a new one, so a
   * page that crashes a worker fails alone and the pool keeps its size.
   */
  private async replace(w: TWorker): Promise<TWorker | null> {
    void w.terminate().catch(() => undefined);
    try {
      return await startWorker(this.opts.langs.split('+'), this.opts.model, this.opts.params);
    } catch {
      return null;
    }
  }

  /**
   * Sijill's own segmentation of the page turned by `quarterTurns`, every line recognised, in
   * reading order. `analysed`: that segmentation made already (the orientation test's, with the
   * default alignedRows).
   */
  private async readPage(upright: Grey, quarterTurns: 0 | 1 | 2 | 3, alignedRows = this.opts.preprocess.alignedRows, analysed?: PageAnalysis): Promise<{ lines: OcrLine[]; analysis: PageAnalysis }> {
    const analysis = analysed ?? (await analysePage(upright, { ...this.opts.preprocess, quarterTurns, alignedRows }));
    if (analysis.lines.length === 0) return { lines: [], analysis };
    const firsts = this.opts.stack ? await this.readStacked(analysis.lines) : null;
    const readings = await Promise.all(analysis.lines.map((li, i) => this.recognizeLine(li, firsts?.[i])));
    const direction = pageDirection(readings);
    const results = readings.map((words) => (words.length ? lineOf(words, direction) : null));
    // reading order within each block; blocks come in reading order already
    const blocks = new Map<number, OcrLine[]>();
    results.forEach((l, i) => {
      if (!l) return;
      const b = analysis.lines[i]!.block;
      blocks.set(b, [...(blocks.get(b) ?? []), l]);
    });
    const lines = [...blocks.keys()]
      .sort((a, b) => a - b)
      .flatMap((b) =>
        orderLines(blocks.get(b)!, {
          maxGapFactor: this.opts.preprocess.splitGapFactor,
          reviseTable: this.opts.digits ? (t) => numericColumns(t, this.opts.flagThreshold, this.opts.calibrate) : undefined,
        }),
      );
    if (quarterTurns) mapBoxes(lines, analysis.unturn);
    return { lines, analysis };
  }

  /**
   * The page's orientation by a confidence test on the turns: the same number of its longest
   * line images, read as they are and turned 90°, 180° and 270°, are read once each (no
   * retries); the turn whose lines give the most confidently read letters wins when it beats the
   * page as it is by ORIENTATION_MARGIN (a mean score alone is fooled by a turn that reads two
   * confident letters out of a column of junk). Only Arabic letters count: numerals read about
   * as well upside down (١ and ٠ are symmetric, ٧ and ٨ turn into each other); a reading counts
   * only when at least ORIENTATION_MIN_CONFIDENT_SHARE of its Arabic letters are confident
   * (ORIENTATION_BASELINE_SHARE when its lines' baselines lie low, as upright print's do: see
   * `turnEvidence`), and
   * the winner must show at least ORIENTATION_MIN_LETTERS of them. A table of numbers, upright,
   * was turned 180° on the evidence of a handful of letters read out of turned numerals (OCLC
   * 1036721166 p. 1009: 84 % CER against stock's 73 %; its sample had 1 confident letter as it
   * is, 1 of 38 turned), and a generated table of numbers a quarter (36 of 104 turned); a turned
   * page of al-Muqtabas text has 146–178 confident letters of 258–306 (49–61 %) at the right
   * turn and 9–20 of 133–148 as it is. Only asked of pages that read poorly as they are (mean
   * score below orientationCheckBelow, or fewer than 3 lines).
   *
   * The page is segmented once more, at 90°, not at each turn: a turn by 180° has the same lines
   * as the turn before it, so its sample is those line images turned in place, and a turn's full
   * segmentation is made only when it wins. A turn's sample is read from its longest lines
   * first, and the rest only when those count as evidence: a wrong turn reads as junk from its
   * first line on.
   */
  private async bestTurn(page: Grey, upright: PageAnalysis): Promise<PageAnalysis | null> {
    const sampleOf = (lines: LineImage[]) =>
      lines
        .slice()
        .sort((a, b) => b.box.w * b.box.h - a.box.w * a.box.h)
        .slice(0, ORIENTATION_SAMPLE_LINES);
    const scoreOf = (readings: OcrWord[][], minShare: number, baselineLow = false) => turnEvidence(readings.flat(), minShare, baselineLow);
    const read = (lines: LineImage[], halfTurned: boolean) => Promise.all(lines.map((li) => (halfTurned ? this.readHalfTurned(li) : this.firstReading(li))));
    // the page's own lines were read already (firstReading keeps them)
    const uprightSample = sampleOf(upright.lines);
    // the 180° turn's sample is the page's own lines turned in place, the 270° turn's the 90° turn's
    const uprightDepths = baselineDepths(uprightSample);
    const asIs = scoreOf(await read(uprightSample, false), ORIENTATION_MIN_CONFIDENT_SHARE, baselinesLow(uprightDepths, false));
    const quarter = await analysePage(page, { ...this.opts.preprocess, quarterTurns: 1 });
    const quarterSample = sampleOf(quarter.lines);
    const quarterDepths = baselineDepths(quarterSample);
    const turns: { q: 1 | 2 | 3; sample: LineImage[]; depths: number[]; halfTurned: boolean; analysis?: PageAnalysis }[] = [
      { q: 2, sample: uprightSample, depths: uprightDepths, halfTurned: true },
      ...(acrossTheLines(upright.lines.length, quarter.lines.length, 1)
        ? []
        : [
            { q: 1 as const, sample: quarterSample, depths: quarterDepths, halfTurned: false, analysis: quarter },
            { q: 3 as const, sample: quarterSample, depths: quarterDepths, halfTurned: true },
          ]),
    ];
    // the first of the best-scoring turns
    let best: (typeof turns)[number] | null = null;
    let bestScore = asIs;
    for (const turn of turns) {
      if (!turn.sample.length) continue;
      const first = await firstReadings(turn.sample, ORIENTATION_FIRST_LINES, (lines) => read(lines, turn.halfTurned));
      if (!scoreOf(first, ORIENTATION_FIRST_SHARE)) continue;
      const score = scoreOf(await read(turn.sample, turn.halfTurned), ORIENTATION_MIN_CONFIDENT_SHARE, baselinesLow(turn.depths, turn.halfTurned));
      if (score > bestScore) {
        best = turn;
        bestScore = score;
      }
    }
    if (!best || bestScore <= asIs * ORIENTATION_MARGIN || bestScore < ORIENTATION_MIN_LETTERS) return null;
    return best.analysis ?? (await analysePage(page, { ...this.opts.preprocess, quarterTurns: best.q }));
  }

  /** A line image turned 180° in place, read once for the orientation test (words only for their letters and scores). */
  private readHalfTurned(li: LineImage): Promise<OcrWord[]> {
    let r = HALF_TURNED_READING.get(li);
    if (!r) {
      const { data, width, height } = parsePgm(li.image);
      // the digit reader is left out: its glyphs are those of the line as it is
      HALF_TURNED_READING.set(li, (r = this.readWords(pgm(data.slice().reverse(), width, height), (b) => b, null)));
    }
    return r;
  }

  async recognize(image: Buffer, grey?: Grey): Promise<PageTranscription> {
    const started = performance.now();
    let lines: OcrLine[];
    let quarterTurns: 0 | 1 | 2 | 3 = 0;
    let layout: 'sijill' | 'tesseract' = 'sijill';
    // a page over this engine's pixel limit is decoded, which fails as it always did
    const decoded = grey && grey.width * grey.height <= this.opts.maxPixels ? grey : await decodePage(image, this.opts.maxPixels);
    // a sheet photographed on a desk is read flattened; its boxes go back to the photo at the end
    const tooSmall = Math.min(decoded.width, decoded.height) < MIN_PAGE_SIDE;
    const quad = !tooSmall && this.opts.preprocess.enabled && this.opts.preprocess.sheet ? await findSheet(decoded) : null;
    const sheet = quad ? flattenSheet(decoded, quad) : null;
    const page = sheet?.page ?? decoded;
    if (tooSmall) {
      lines = [];
    } else if (!this.opts.preprocess.enabled) {
      lines = await this.recognizeWhole(page);
      layout = 'tesseract';
    } else {
      let read = await this.readPage(page, this.opts.preprocess.quarterTurns);
      const lineImage = isLineImage(read.analysis);
      // Tesseract's whole-page reading at the page's current turn, read at most once per turn:
      // the arbiter of aligned rows and the guard share it
      const wholeReadings = new Map<number, Promise<OcrLine[]>>();
      const readWhole = (q: 0 | 1 | 2 | 3) => {
        if (!wholeReadings.has(q)) wholeReadings.set(q, this.recognizeWhole(page, q, lineImage ? Tesseract.PSM.SINGLE_LINE : Tesseract.PSM.AUTO));
        return wholeReadings.get(q)!;
      };
      // before the orientation test: two columns read as rows read poorly enough to start it
      const settleAlignedRows = async (r: typeof read) => {
        if (this.opts.layout === 'sijill' || lineImage || !r.analysis.alignedGutters.length) return r;
        const q = r.analysis.quarterTurns;
        return readAsColumns(r.analysis.alignedGutters, await readWhole(q), q) ? this.readPage(page, q, 'columns') : r;
      };
      read = await settleAlignedRows(read);
      const readsPoorly = (r: typeof read) => r.lines.length < 3 || rawMean(r.lines.flatMap((l) => l.words)) < this.opts.orientationCheckBelow;
      if (this.opts.orientation && !lineImage && readsPoorly(read)) {
        const turned = await this.bestTurn(page, read.analysis);
        if (turned) read = await settleAlignedRows(await this.readPage(page, turned.quarterTurns, undefined, turned));
      }
      quarterTurns = read.analysis.quarterTurns;
      lines = read.lines;
      const ownMean = rawMean(lines.flatMap((l) => l.words));
      const fragments = read.analysis.fragments > 0;
      // The second, whole-page reading costs more than Sijill's own (Tesseract recognises the page
      // again), so a page is read again only when a signal of its own reading says its lines may
      // be wrong: see needsSecondReading.
      const guard = this.opts.layout === 'tesseract' || (this.opts.layout === 'guarded' && (lineImage || needsSecondReading(lines.length, ownMean, read.analysis)));
      if (guard) {
        const whole = await readWhole(quarterTurns);
        if (this.opts.layout === 'tesseract' || preferWhole(lines, whole, lineImage, fragments)) {
          lines = whole;
          layout = 'tesseract';
        }
      }
    }
    if (sheet) mapBoxes(lines, sheet.toImage);
    const words = lines.flatMap((l) => l.words);
    return {
      lines,
      meanConfidence: words.length ? Math.round(meanConfidence(words) * 10) / 10 : null,
      engine: this.engine,
      model: this.model,
      durationMs: Math.round(performance.now() - started),
      source: 'ocr',
      flagThreshold: this.opts.flagThreshold,
      quarterTurns,
      layout,
    };
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const ws: (TWorker | null)[] = this.idle.splice(0);
    if (this.latinWorker) ws.push(await this.latinWorker.catch(() => null));
    await Promise.all(ws.map((w) => w?.terminate().catch(() => undefined)));
  }
}

/**
 * Pixels: an image narrower or lower than this holds no readable line (the smallest line images
 * read are about 20 px high); it is not read at all, because the filters sized for text (3×3
 * median, Sauvola windows) fail on a few pixels with messages that say nothing to a user.
 */
const MIN_PAGE_SIDE = 8;

/** Tesseract wraps digit runs in LRM/RLM marks for display; they are not part of the text. */
export const stripBidiMarks = (s: string) => s.replace(/[\u200E\u200F\u061C\u202A-\u202E\u2066-\u2069]/g, '');

/**
 * A line is read again with the English model only when a word scored below this. Measured:
 * below 70, 263 of the corpus's 499 lines were read again and none changed; below 10, 89 lines,
 * and the unseen pages keep 31 of their 32 Latin replacements (CER 7.17 % → 7.12 %).
 */
const LATIN_TRIGGER_BELOW = 10;

/** How many Arabic letters (hamza to yeh, no marks or digits) a text holds. */
const arabicLetters = (s: string) => (s.match(ARABIC_LETTER) ?? []).length;
const ARABIC_LETTER = /[\u0621-\u064A]/g;

/**
 * Whether an unsure word may be Latin script that the Arabic model could not read. It writes
 * such a word as numerals and signs («BMW» → «/806», «Toyota» → «107016») or now and then as a
 * few letters; an Arabic word it reads poorly (damaged, badly inked) comes as Arabic letters.
 * Latin letters stand apart, a glyph each, where Arabic letters join: a word read with Arabic
 * letters is taken for Latin only when its box holds more letter-high glyphs than it has
 * Arabic letters. Measured: on 8 al-Muqtabas tuning pages the English re-read ran on 54 of 168
 * lines and found no Latin word; with this test it runs on 7 (same output); on the unseen
 * pages (ocr/bench/unseen, Latin brand names in Arabic lines) 62 → 60 lines, 33 → 32 Latin
 * words found, CER 7.06 % either way.
 */
function mayBeLatin(w: OcrWord, line: PreparedLine): boolean {
  const letters = arabicLetters(w.text);
  if (!letters) return true;
  const { inside, ref } = glyphsInSpan(lineGlyphs(line.source), sourceSpan(line, LINE_BOX.get(w)!));
  return !!ref && inside.filter((c) => c.y1 - c.y0 >= 0.5 * ref.refH).length > letters;
}

/** A box of a line image as the horizontal span it covers in the line's source pixels (where the digit reader's glyphs are). */
function sourceSpan(line: PreparedLine, box: Box): { x0: number; x1: number } {
  const b = line.toSource(box);
  return { x0: b.x, x1: b.x + b.w };
}

/** Lines' and their words' boxes mapped into another image's pixels, in place: the word objects key the recogniser's scores and line images. */
function mapBoxes(lines: OcrLine[], map: (b: Box) => Box): void {
  for (const l of lines) {
    for (const w of l.words) w.box = map(w.box);
    l.box = map(l.box);
  }
}

/**
 * A quarter turn (relative to the page as it is: 1 or 3) that would read across the text lines:
 * the page as it is has at least ORIENTATION_MIN_LINES lines and the turned page fewer. Text
 * lines show in one axis only: a page turned 90° has one "line" upright (its vertical lines fill
 * every row) and its lines at 90° or 270°. The letter score alone turned two phone photos of
 * al-Muqtabas pages (hard-measure, p. 23 and p. 27) a quarter, reading junk off one or two
 * vertical "lines" more confidently than the photo's skewed, unevenly lit rows (p. 27: 11 lines
 * as it is, 1 at 90° and 270°; 99.85 % CER against stock's 42.84 %).
 */
export function acrossTheLines(linesAsIs: number, linesTurned: number, quarterTurn: 0 | 1 | 2 | 3): boolean {
  return quarterTurn % 2 === 1 && linesAsIs >= ORIENTATION_MIN_LINES && linesTurned < linesAsIs;
}
const ORIENTATION_MIN_LINES = 3;

/** Line images read at each turn by the orientation test. */
const ORIENTATION_SAMPLE_LINES = 6;
/**
 * Lines of a turn's sample read first, and the share of their Arabic letters that must be
 * confident for the rest to be read. Two lines are a thin sample, hence a lower bar than the
 * whole sample's: measured on the first two lines of each turn's sample, the right turn of 24
 * turned al-Muqtabas tuning pages 0.37–0.67, wrong turns of those and of 4 upright OCLC pages
 * 0.02–0.29.
 */
const ORIENTATION_FIRST_LINES = 2;
const ORIENTATION_FIRST_SHARE = 0.2;

/**
 * The first `n` readings of `lines` that hold a word: `n` lines read at once, then one more at a
 * time while some came back empty. A line read once, without retries, can come back empty in the
 * right turn (a turned al-Muqtabas page's longest line, its band cut just under its descenders,
 * turned the test against the page's right turn): an empty reading is no evidence either way.
 */
export async function firstReadings<L, W>(lines: L[], n: number, read: (lines: L[]) => Promise<W[][]>): Promise<W[][]> {
  const got = (await read(lines.slice(0, n))).filter((words) => words.length);
  for (const line of lines.slice(n)) {
    if (got.length >= n) break;
    const [words] = await read([line]);
    if (words!.length) got.push(words!);
  }
  return got;
}
/**
 * The evidence a turn's reading gives for that turn: its confidently read Arabic letters
 * (`confidentLetters`, numerals left out), or 0 when they are under `minShare` of its Arabic
 * letters — a reading of junk (numerals or columns read turned) has a few confident letters
 * among many unsure ones. When the reading's lines have their baselines low (`baselinesLow`,
 * as upright print has), ORIENTATION_BASELINE_SHARE is enough: OpenITI's IbnQutayba p. 616
 * (poor print, 20 % CER upright) has 32–34 % of its letters confident at the right turn and
 * was read sideways or upside down at every turn, while its wrong turns have 0–10 %.
 */
export function turnEvidence(words: OcrWord[], minShare: number, baselineLow: boolean): number {
  const letters = words.reduce((a, w) => a + arabicLetters(w.text), 0);
  const confident = confidentLetters(words, true);
  const share = letters ? confident / letters : 0;
  return share >= minShare || (baselineLow && share >= ORIENTATION_BASELINE_SHARE) ? confident : 0;
}

/** `baselineDepth` of each line image of a sample that has ink. */
const baselineDepths = (sample: LineImage[]) => sample.flatMap((li) => baselineDepth(parsePgm(li.image)) ?? []);

/**
 * Whether the baselines of a turn's sample lie low in their lines, as upright print's do
 * (`baselineDepth` over 0.5 on at least ORIENTATION_BASELINE_AGREEMENT of at least
 * ORIENTATION_BASELINE_MIN_LINES lines); `halfTurned`: the lines as they would be turned 180°.
 */
function baselinesLow(depths: number[], halfTurned: boolean): boolean {
  const low = depths.filter((d) => (halfTurned ? 1 - d : d) > 0.5).length;
  return depths.length >= ORIENTATION_BASELINE_MIN_LINES && low >= depths.length * ORIENTATION_BASELINE_AGREEMENT;
}
const ORIENTATION_BASELINE_MIN_LINES = 4;
const ORIENTATION_BASELINE_AGREEMENT = 5 / 6;
/**
 * The share of confident letters a reading needs when its lines' baselines lie low (see
 * `baselinesLow`), in place of ORIENTATION_MIN_CONFIDENT_SHARE.
 */
const ORIENTATION_BASELINE_SHARE = 0.25;
/** The factor by which the winning turn must beat the page as it is. */
const ORIENTATION_MARGIN = 1.3;
const ORIENTATION_MIN_LETTERS = 30;
const ORIENTATION_MIN_CONFIDENT_SHARE = 0.4;

/**
 * An image that is one text line (a line cut from a page, a caption): one or two lines found,
 * the image no taller than three of them and at least three times as wide as it is tall (a
 * page turned a quarter can yield one tall line of junk). It skips the orientation test, and its guard
 * reads the whole image as one line (PSM single line) rather than as a page.
 */
function isLineImage(a: PageAnalysis): boolean {
  if (a.lines.length < 1 || a.lines.length > 2) return false;
  const tallest = Math.max(...a.lines.map((l) => l.box.h));
  const [w, h] = a.quarterTurns % 2 ? [a.height, a.width] : [a.width, a.height];
  return h <= 3 * tallest && w >= 3 * h;
}

/**
 * Two sides of a gutter whose lines share baselines are verse in two hemistichs or a form's
 * label and value (one row, read across) or two columns set on the same leading (read one after
 * the other); the band's geometry cannot tell them apart. Tesseract's page layout analysis finds
 * columns from tab stops over the whole page: a band is cut into columns when Tesseract reads its
 * lines one side after the other (one change of side per gutter) and few of them across the
 * gutter. Bands inside single-column text never get here (ocr/preprocess.ts alignedGutters):
 * tesseract.js reads al-Muqtabas p. 5's verse one side after the other too, and that page is
 * 15.2 % CER read by rows, 39.4 % by columns. `gutters` and `whole` are in the image's own
 * coordinates.
 */
export function readAsColumns(gutters: Box[], whole: OcrLine[], quarterTurns: 0 | 1 | 2 | 3): boolean {
  // lines run along x on an upright or upside-down page, along y on a page turned a quarter
  const along = quarterTurns % 2 === 0 ? (b: Box) => [b.x, b.x + b.w] : (b: Box) => [b.y, b.y + b.h];
  const across = quarterTurns % 2 === 0 ? (b: Box) => [b.y, b.y + b.h] : (b: Box) => [b.x, b.x + b.w];
  let crossing = 0;
  let apart = 0;
  let switches = 0;
  for (const g of gutters) {
    const [ga, gb] = along(g) as [number, number];
    const [ca, cb] = across(g) as [number, number];
    let last: 'a' | 'b' | null = null;
    for (const l of whole) {
      const [la, lb] = along(l.box) as [number, number];
      const [pa, pb] = across(l.box) as [number, number];
      const mid = (pa + pb) / 2;
      if (mid < ca || mid > cb) continue;
      if (la < ga && lb > gb) {
        crossing++;
        continue;
      }
      apart++;
      const side = (la + lb) / 2 < (ga + gb) / 2 ? 'a' : 'b';
      if (last && side !== last) switches++;
      last = side;
    }
  }
  // two columns: Tesseract reads one side, then the other (a switch per gutter); verse and rows switch at every row
  return apart >= 4 && crossing < apart && switches <= gutters.length;
}

/** What a page's reading says about itself, without ground truth. */
export function readingSignals(lines: OcrLine[]) {
  const words = lines.flatMap((l) => l.words);
  const letters = words.reduce((a, w) => a + [...w.text].length, 0);
  return { lines: lines.length, words: words.length, letters, mean: Math.round(rawMean(words) * 10) / 10, confident: Math.round(confidentLetters(words)) };
}

/**
 * The guard: Tesseract's own reading (page layout analysis, or one line for a line image) is
 * taken over Sijill's when its signals say so; see ocr/README.md, "Guard", for the measurements
 * behind each rule.
 * - a line image: Tesseract's single line when it reads as one line with a mean score no more
 *   than GUARD_LINE_MEAN_SLACK below Sijill's (the same recogniser on the whole image against
 *   the cut, rescaled line: the mean score compares like with like), and neither reading holds
 *   a digit (numbers stay with the digit reader);
 * - a page: Tesseract's when it reads GUARD_PAGE_CONFIDENT_FACTOR times as many confidently
 *   read letters without finding more than GUARD_PAGE_LINE_FACTOR times the lines (on a page
 *   where a block was left out as a neighbouring page's fragment, whatever its lines: the
 *   guard is there for a column wrongly taken for one) (Tesseract
 *   cuts tables into cells and columns, which reads more letters confidently and in the wrong
 *   order; a mean score alone picked it on digit-heavy pages whose digits it reads wrong
 *   confidently).
 */
function preferWhole(own: OcrLine[], whole: OcrLine[], lineImage: boolean, fragments: boolean): boolean {
  const a = readingSignals(own);
  const b = readingSignals(whole);
  if (lineImage) {
    // numbers are Sijill's digit reader's (Tesseract reads Arabic-Indic digits as Latin ones);
    // a footnote marker is one too, and Tesseract's reading has none (taking it there lost the
    // markers of OpenITI's marker lines: 10.95 → 12.14 % CER)
    if ([...own, ...whole].some((l) => hasDigit(l.text))) return false;
    return b.lines === 1 && b.mean > a.mean - GUARD_LINE_MEAN_SLACK;
  }
  // a block taken for a neighbouring page's fragment that was a column of this page: Tesseract
  // reads its text confidently (a real strip's cut words add few confident letters)
  if (fragments) return b.confident > a.confident * GUARD_PAGE_CONFIDENT_FACTOR;
  return b.confident > a.confident * GUARD_PAGE_CONFIDENT_FACTOR && b.lines <= a.lines * GUARD_PAGE_LINE_FACTOR;
}
const GUARD_LINE_MEAN_SLACK = 2;
const GUARD_PAGE_CONFIDENT_FACTOR = 1.2;
const GUARD_PAGE_LINE_FACTOR = 1.1;
/** Pages wider than this (px, as read) are read at this width by the guard. */
const GUARD_PAGE_MAX_WIDTH = 2000;
/**
 * Whether a page's own reading is doubtful enough to read the page a second time with
 * Tesseract's layout (the guard), from signals that need no ground truth:
 * - a block was left out as a neighbouring page's fragment (it may have been a column);
 * - fewer than 3 lines, or a mean word score below GUARD_PAGE_CHECK_BELOW (a layout that failed
 *   reads as junk);
 * - more than GUARD_INK_OUTSIDE of the text blocks' ink lies in no line found (text the line
 *   finder missed).
 * Measured (2026-11-30, tuning sets): pages segmented right leave 0.6–4.7 % of their ink outside
 * their lines (corpus 60, unseen 20, layout 12, al-Muqtabas even pages 28, their hard pages 72,
 * OCLC 1036721166 issues 2–3 48), and their mean score is 56–77 but for one photo page (36). The
 * rule it replaces (a mean score below 72) read nearly every real page twice, 40 % more CPU,
 * and of 224 tuning pages read with it (corpus, unseen, layout and layout-heldout, the hard
 * pages, OCLC 1036721166 issues 2–3) it took Tesseract's reading on two, both synthetic and both
 * worse for it (6.37 → 12.75 %, 9.83 → 10.26 % CER).
 */
function needsSecondReading(lines: number, ownMean: number, analysis: PageAnalysis): boolean {
  return analysis.fragments > 0 || lines < 3 || ownMean < GUARD_PAGE_CHECK_BELOW || analysis.inkOutsideLines > GUARD_INK_OUTSIDE;
}
const GUARD_PAGE_CHECK_BELOW = 50;
const GUARD_INK_OUTSIDE = 0.08;

/**
 * Characters of words the recogniser scored 50 or more, each weighted by its score (0–1); with
 * `arabicLettersOnly`, only their Arabic letters count.
 */
const confidentLetters = (words: OcrWord[], arabicLettersOnly = false) =>
  words.reduce((a, w) => {
    const c = RAW_CONFIDENCE.get(w) ?? w.confidence;
    if (c < 50) return a;
    const n = arabicLettersOnly ? arabicLetters(w.text) : [...w.text].length;
    return a + (n * c) / 100;
  }, 0);

/**
 * A raw-line reading (readRawLine) is kept when its mean word score is at least this: raw-line
 * mode reads something into any ink, and the two al-Muqtabas page numbers it read where
 * single-line mode read nothing scored 33 and 37 («٢"», «ةم»); the OpenITI verse line 78.
 * OpenITI printed-book lines (tuning) 9.79 → 8.84 % CER; al-Muqtabas even pages, their hard
 * pages, OCLC 1036721166 issues 2–3, al-Muqtabas lines, corpus and layout pages unchanged.
 */
const RAW_LINE_ACCEPT = 50;

/**
 * A line read below retryBelow is prepared again in these ways, in turn, each only while the
 * best reading so far scores below its `below` (the recogniser's mean word score, 0–100). The
 * second preparation (smaller, median-filtered) is for noisy and broken print. On the real
 * tuning sets (al-Muqtabas even pages, their hard pages, OCLC 1036721166 issues 2–3) it scored
 * higher on 174 of 418 lines that still read below 50 after the first retry, and on 132 of 698
 * that read 50 or more, where a higher score seldom meant fewer errors: asked only below 50,
 * those sets read as well or better (13.72 → 13.65 %, 13.58 → 13.50 %, 16.82 → 16.79 % CER)
 * with 11–12 % fewer recogniser calls (about 10 % less CPU a page). Dropped altogether, they
 * read worse (13.72 → 14.51 %, border pages 17.47 → 20.06 %, grey single lines 15.31 → 20.36 %).
 */
const RETRY_VARIANTS: ({ below: number } & Pick<PreprocessOptions, 'coreHeight' | 'margin'> & Partial<Pick<PreprocessOptions, 'median'>>)[] = [
  { coreHeight: 16, margin: 1.5, below: 100 },
  { coreHeight: 10, margin: 2, median: true, below: 50 },
];


type RawWord = { text: string; confidence: number; box: Box };

/**
 * Numbers: every word holding a digit is read again by the digit reader, which also takes in
 * neighbouring numeral glyphs the recogniser left out or read as letters; a word without a
 * digit that may be a number read as letters is read as a number when its glyphs say so
 * (lettersUnsure, below).
 */
export function fixNumbers(words: RawWord[], line: PreparedLine): RawWord[] {
  for (const w of words) {
    if (hasDigit(w.text) || !lettersUnsure(w)) continue;
    const reading = readNumberAround(lineGlyphs(line.source), line.source.width, sourceSpan(line, w.box), { onlyNumerals: true });
    // onlyNumerals: a reading has no glyph that looks like a letter
    if (!reading || reading.digits < NUMBER_AS_LETTERS_MIN_DIGITS || reading.confidence < NUMBER_AS_LETTERS_MIN_SCORE) continue;
    // alef and ١, a dot and ٠ are one shape: a number of those digits alone is not told from letters
    if (!/[2-9\u0662-\u0669]/.test(reading.text)) continue;
    w.text = numberInReadingOrder(reading.text, arabicBefore(words, w));
    w.confidence = reading.confidence;
  }
  if (!words.some((w) => hasDigit(w.text))) return words;
  const comps = lineGlyphs(line.source);
  const out = words.slice();
  for (const w of words) {
    if (!out.includes(w) || !hasDigit(w.text)) continue;
    const glued = w.confidence >= GLUED_LETTER_SURE ? gluedLetters(w.text) : undefined;
    const reading = readNumberAround(comps, line.source.width, sourceSpan(line, w.box), { grow: true, gluedLetters: glued });
    if (!reading) continue;
    // words the number grew over (pieces of it the recogniser split off) are replaced too
    const lx0 = line.xFromSource(reading.x0);
    const lx1 = line.xFromSource(reading.x1);
    const covered = out.filter((o) => {
      if (o === w) return true;
      const ov = Math.min(lx1, o.box.x + o.box.w) - Math.max(lx0, o.box.x);
      return ov > 0.6 * o.box.w;
    });
    // the digit reader's score, even where it read what the recogniser read: a Latin word the
    // Arabic model wrote as numerals («Samsung» → «905000») scores near 0 here, which is what
    // sends the line to the English model (keeping the recogniser's score lost two of the
    // unseen pages' brand names, 6.76 → 7.06 % CER)
    w.confidence = reading.confidence;
    w.text = mergeNumber(w.text, reading, arabicBefore(out, w));
    if (covered.length > 1) {
      w.box = unionBox(covered.map((o) => o.box));
      for (const o of covered) if (o !== w) out.splice(out.indexOf(o), 1);
    }
  }
  return out;
}

/**
 * Footnote markers (digits.ts footnoteMarkers) written as «(٣)» where the recogniser read them:
 * words lying mostly inside a marker's span are its reading and give way to it; a word the marker
 * is glued to loses the signs the recogniser wrote for it at that end («قومه)!".» → «قومه(٣).»,
 * a full stop or comma after them kept) and takes the marker there; a marker the recogniser
 * read as nothing becomes a word of its own, in its place in the line. Only in lines holding
 * Arabic letters: `words` are one line's words as the recogniser gives them, right to left; boxes
 * in the line image's pixels.
 */
export function withFootnoteMarkers(words: RawWord[], line: PreparedLine): RawWord[] {
  // the Arabic book's convention, and the right-to-left order of the words below
  if (!words.some((w) => arabicLetters(w.text))) return words;
  const markers = lineMarkers(line.source);
  if (!markers.length) return words;
  const out = words.slice();
  for (const m of markers) {
    const x0 = line.xFromSource(m.x0);
    const x1 = line.xFromSource(m.x1);
    const text = `(${m.text})`;
    const span = { x: x0, w: x1 - x0 };
    const overlap = (w: RawWord) => xOverlap(span, w.box);
    const inside = out.filter((w) => overlap(w) > 0.6 * w.box.w);
    if (inside.length) {
      const [first, ...rest] = inside;
      first!.text = text;
      first!.confidence = m.confidence;
      first!.box = unionBox(inside.map((w) => w.box));
      for (const w of rest) out.splice(out.indexOf(w), 1);
      continue;
    }
    const glued = out.find((w) => overlap(w) > 0);
    if (glued) {
      // the marker's end of the word: its left end, the word's end in reading order, in a right-to-left line
      const atEnd = x0 + x1 < 2 * glued.box.x + glued.box.w;
      const signs = atEnd ? MARKER_SIGNS_AT_END : MARKER_SIGNS_AT_START;
      if (signs.test(glued.text)) glued.text = glued.text.replace(signs, atEnd ? `${text}$1` : text);
      else glued.text = atEnd ? glued.text + text : text + glued.text;
      glued.confidence = Math.min(glued.confidence, m.confidence);
      continue;
    }
    const near = out.reduce((a, w) => (Math.abs(w.box.x + w.box.w / 2 - (x0 + x1) / 2) < Math.abs(a.box.x + a.box.w / 2 - (x0 + x1) / 2) ? w : a));
    const at = out.findIndex((w) => w.box.x + w.box.w / 2 < (x0 + x1) / 2);
    out.splice(at < 0 ? out.length : at, 0, { text, confidence: m.confidence, box: { x: x0, y: near.box.y, w: x1 - x0, h: near.box.h } });
  }
  return out;
}

/**
 * A «؛» whose glyph has no dot under it is a comma «،»: the Arabic semicolon is a raised comma
 * with a dot under it, and the recogniser writes «؛» for printed books' commas, set apart
 * («تعالى ، وينهاهم» → «تعالى ؛ وينهاهم») or glued to the word before («وغيره،» → «وغيره؛»);
 * 61 of the 272 commas of OpenITI's tuning pages. The sign is the word's end in reading order,
 * the largest of the glyphs that stand in the columns of its leftmost glyph (of the line's glyphs
 * whose middles fall in the word's span); the dot is another of them under its middle, of at
 * least SEMICOLON_DOT_MIN of its area. Words are changed in place and returned.
 */
export function semicolonsReadForCommas(words: RawWord[], line: PreparedLine): RawWord[] {
  for (const w of words) {
    if (!w.text.endsWith('؛')) continue;
    const { inside } = glyphsInSpan(lineGlyphs(line.source), sourceSpan(line, w.box));
    if (!inside.length) continue;
    // the leftmost glyph and those standing over or under it (the comma, and the dot if any)
    const leftmost = inside.reduce((a, c) => (c.x0 < a.x0 ? c : a));
    const column = inside.filter((c) => Math.min(c.x1, leftmost.x1) - Math.max(c.x0, leftmost.x0) >= 0.5 * Math.min(c.x1 - c.x0, leftmost.x1 - leftmost.x0));
    const sign = column.reduce((a, c) => (c.area > a.area ? c : a));
    const dot = column.some((c) => c !== sign && c.area >= SEMICOLON_DOT_MIN * sign.area && c.y0 >= (sign.y0 + sign.y1) / 2);
    if (!dot) w.text = w.text.slice(0, -1) + '،';
  }
  return words;
}
const SEMICOLON_DOT_MIN = 0.15;

const MARKS_WITH_UNDER = new WeakMap<Uint8Array, Component[]>();

/** Letters written with dots (or a hamza) under them. */
const DOTS_UNDER = /[بجيپچإ]/;
/**
 * Where the dots of a final ي stand, in the word's reference glyph heights below its glyphs'
 * middle line and in shares of its width from its left end; their size. Measured on OpenITI
 * tuning pages (the pair of dots, often one blob, 0.63–0.68 below, 0.25–0.31 × 0.15–0.19) and
 * al-Muqtabas tuning pages (specks under 0.15 × 0.08 and marks of the line below, 0.9 and
 * deeper, are not dots).
 */
const YA_DOTS_ZONE = 0.55;
const YA_DOTS_BELOW = 0.45;
const YA_DOTS_DEEPEST = 0.85;
const YA_DOTS_WIDEST = 0.45;
const YA_DOTS_TALLEST = 0.3;
const YA_DOTS_NARROWEST = 0.15;
const YA_DOTS_FLATTEST = 0.08;

/**
 * A word read with a final «ى» whose letter has its two dots under it in the scan ends in «ي».
 * A line's band ends where the page's row profile falls under 3 % of its densest row, which
 * leaves out the dots of a final ي (they hang lowest); the recogniser, not seeing them, writes
 * «فى» for «في» (59 times on the tuning sets, where no transcription has «فى»). Giving it the
 * taller image read worse on al-Muqtabas; this looks for the dots in the line's source and the
 * rows under it (`LineImage.under`), under the word's left end (see YA_DOTS_*), and only where
 * no other letter with dots under it stands there. Words are changed in place and returned;
 * without `under` (a line image, no room under the line) nothing changes.
 */
export function dottedFinalYa(words: RawWord[], line: PreparedLine): RawWord[] {
  if (!line.under || !words.some((w) => w.text.endsWith('ى'))) return words;
  const { source, under } = line;
  const tallHeight = source.height + under.height;
  // a line's retries share its source pixels: its marks are found once
  let comps = MARKS_WITH_UNDER.get(source.data);
  if (!comps) {
    const tall = new Uint8Array(source.width * tallHeight);
    tall.set(source.data.subarray(0, source.width * source.height));
    tall.set(under.data.subarray(0, under.width * under.height), source.width * source.height);
    comps = inkComponents({ data: tall, width: source.width, height: tallHeight }).filter((c) => c.area >= 4);
    MARKS_WITH_UNDER.set(source.data, comps);
  }
  for (const w of words) {
    if (!w.text.endsWith('ى')) continue;
    // another letter with dots under it standing in the zone (the ي of «عيسى» in a merged
    // «خالدعيسى») would give the same blob: no evidence then
    const letters = w.text.match(ARABIC_LETTER) ?? [];
    if (letters.slice(Math.floor((1 - YA_DOTS_ZONE) * letters.length), -1).some((c) => DOTS_UNDER.test(c))) continue;
    const span = sourceSpan(line, w.box);
    const { inside, ref } = glyphsInSpan(comps, span);
    if (!ref) continue;
    const width = span.x1 - span.x0;
    // the two dots of a final ي, under the letter's bowl at the word's left end (one blob when they touch)
    const dots = inside.filter(
      (c) =>
        (c.x0 + c.x1) / 2 <= span.x0 + YA_DOTS_ZONE * width &&
        (c.y0 + c.y1) / 2 >= ref.midY + YA_DOTS_BELOW * ref.refH &&
        (c.y0 + c.y1) / 2 <= ref.midY + YA_DOTS_DEEPEST * ref.refH &&
        c.x1 - c.x0 <= YA_DOTS_WIDEST * ref.refH &&
        c.y1 - c.y0 <= YA_DOTS_TALLEST * ref.refH &&
        c.x1 - c.x0 >= YA_DOTS_NARROWEST * ref.refH &&
        c.y1 - c.y0 >= YA_DOTS_FLATTEST * ref.refH &&
        c.y1 < tallHeight - 1,
    );
    if (dots.length) w.text = w.text.slice(0, -1) + 'ي';
  }
  return words;
}

/**
 * Signs the recogniser writes for a footnote marker's small parentheses and numerals, at a
 * word's end (punctuation after them, a full stop, comma, colon or closing guillemet, kept) or
 * start.
 */
const MARKER_SIGNS_AT_END = /["'”“’‘!*©()^`°؟?]+([.،,:؛»]*)$/;
const MARKER_SIGNS_AT_START = /^["'”“’‘!*©()^`°؟?]+/;

/** How far two horizontal spans (boxes' x and w) overlap, in pixels; negative when apart. */
const xOverlap = (a: Pick<Box, 'x' | 'w'>, b: Pick<Box, 'x' | 'w'>) => Math.min(a.x + a.w, b.x + b.w) - Math.max(a.x, b.x);

/** An Arabic letter stands before `w` in its line: in a word to its right, or in the word itself before its number. */
function arabicBefore(words: RawWord[], w: RawWord): boolean {
  const core = NUMERIC_CORE.exec(w.text);
  if (core && arabicLetters(w.text.slice(0, core.index))) return true;
  const centre = w.box.x + w.box.w / 2;
  return words.some((o) => o !== w && o.box.x > centre && arabicLetters(o.text) > 0);
}

/**
 * Arabic letters the recogniser read glued to the number in a word, by the side of the number
 * they stand on in the image (letters before the number in reading order stand to its right,
 * those after it to its left: numbers run left to right inside right-to-left text), and how
 * many numeral and separator characters it read between them. Undefined when the word holds
 * no Arabic letter besides the number. Asked only of words the recogniser scored
 * GLUED_LETTER_SURE or more: an unsure reading's "letters" are as often misread numerals
 * («٨٦» read «9م»), and its count of numerals is no guide. Measured (numbers read exactly):
 * generated number pages (ocr/bench/make-number-pages.ts, tuning fonts) 171 → 198 of 330
 * (199 with the rule on every word, cutting as many numbers short as it mended); al-Muqtabas
 * tuning pages 10 of 25 either way (8 with the rule on every word).
 */
const GLUED_LETTER_SURE = 50;
function gluedLetters(text: string): NumberAroundOptions['gluedLetters'] {
  const core = NUMERIC_CORE.exec(text);
  if (!core) return undefined;
  const right = arabicLetters(text.slice(0, core.index));
  const left = arabicLetters(text.slice(core.index + core[0].length));
  return right || left ? { left, right, glyphs: [...core[0]].length } : undefined;
}

/**
 * Numbers read as letters. In print whose numerals the recogniser does not know it writes a
 * number as letters or signs («سنة ١٨٩٧» → «سنة جوم», «٢٩٣» → «#«»*»), and a number without a
 * digit never reached the digit reader. A word read unsure (raw score below
 * NUMBER_AS_LETTERS_BELOW) or without an Arabic letter is read again by the digit reader, and
 * taken as a number when every glyph looks more like a numeral than a letter, it has at least
 * NUMBER_AS_LETTERS_MIN_DIGITS digits, not only ١ and ٠ (the shapes of alef and of a dot), and
 * the reading scores NUMBER_AS_LETTERS_MIN_SCORE or more. Measured (ocr/README.md, "Numerals
 * read as letters"): on al-Muqtabas' tuning pages numbers read right 1 → 10 of 25, measured
 * pages 3 → 6 of 27; below the score floor the rule turned 159 words of OCLC 1036721166 into
 * junk numbers (a typeface whose numerals the templates do not know scores 0).
 */
const lettersUnsure = (w: RawWord) => {
  const length = [...w.text].length;
  const letter = arabicLetters(w.text) > 0;
  // a lone sign (a full stop, a comma) is punctuation, and there is one in every line
  return length <= NUMBER_AS_LETTERS_MAX_LENGTH && (letter ? w.confidence < NUMBER_AS_LETTERS_BELOW : length >= 2);
};
const NUMBER_AS_LETTERS_MAX_LENGTH = 5;
const NUMBER_AS_LETTERS_BELOW = 80;
const NUMBER_AS_LETTERS_MIN_DIGITS = 2;
const NUMBER_AS_LETTERS_MIN_SCORE = 50;

/** Words of Tesseract's TSV output grouped into its lines (block, paragraph, line), in its reading order. */
export function parseTsvLines(tsv: string): RawWord[][] {
  const lines = new Map<string, RawWord[]>();
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f[0] !== '5' || f.length < 12) continue;
    const text = stripBidiMarks(f.slice(11).join('\t')).normalize('NFC').trim();
    if (!text) continue;
    const key = `${f[2]}.${f[3]}.${f[4]}`;
    if (!lines.has(key)) lines.set(key, []);
    lines.get(key)!.push({ text, confidence: Math.round(Math.max(0, Number(f[10])) * 10) / 10, box: { x: Number(f[6]), y: Number(f[7]), w: Number(f[8]), h: Number(f[9]) } });
  }
  return [...lines.values()];
}

/** Words (level 5 rows) of Tesseract's TSV output, in the recogniser's (logical) order. */
export function parseTsvWords(tsv: string): RawWord[] {
  const out: RawWord[] = [];
  for (const row of tsv.split('\n')) {
    const f = row.split('\t');
    if (f[0] !== '5' || f.length < 12) continue;
    const text = stripBidiMarks(f.slice(11).join('\t')).normalize('NFC').trim();
    if (!text) continue;
    const conf = Number(f[10]);
    out.push({ text, confidence: Math.round(Math.max(0, conf) * 10) / 10, box: { x: Number(f[6]), y: Number(f[7]), w: Number(f[8]), h: Number(f[9]) } });
  }
  return out;
}

export function wordsFromTsv(
  tsv: string,
  toOriginal: (b: Box) => Box,
  flagThreshold: number,
  line: PreparedLine | null = null,
  orthography = true,
  calibrated = true,
): OcrWord[] {
  return finishWords(parseTsvWords(tsv), toOriginal, flagThreshold, line, orthography, calibrated);
}

/**
 * A line's words in reading (logical) order. The Arabic model's TSV lists a line's words right
 * to left as they stand, and the English re-read (latinWords) puts each Latin word where the
 * first word it replaces stood, so a run of Latin words came out reversed («بسيارة Hilux Toyota»
 * for «بسيارة Toyota Hilux»), and so did an English line with a word left in Arabic letters
 * («branch Damascus .235/2016 ملح order Transfer»). Taken left to right by their boxes, the words are
 * reordered by the bidi algorithm of ocr/bidi.ts, one item per word (its directionChar) with a
 * neutral space between neighbours, as in the typed text: numbers a space apart stay separate
 * runs («رقم 12 5» keeps 12 first), while a Latin run and a number after it stay one («Toyota
 * 2016»). The line's direction is the one most of its words have.
 * A line keeps the recogniser's order when it has no Latin word (its reading is right already,
 * and the boxes of Arabic words can overlap, a tail under the next word, so that their order by
 * position is not the recogniser's), or when two of its words' boxes overlap by more than
 * TANGLED_OVERLAP of the narrower one: Tesseract sometimes draws a word's box across its
 * neighbours («بتاريخه» 449 px wide over three words), and positions then give no order.
 * `boxOf`: a word's box in an image where the line runs along x.
 */
export function inLogicalOrder<T extends { text: string }>(words: T[], boxOf: (w: T) => Box, base?: 'rtl' | 'ltr'): T[] {
  if (!words.some((w) => isLatinChar(directionChar(w.text)))) return words;
  const boxes = words.map(boxOf);
  if (boxes.some((a, i) => boxes.slice(i + 1).some((b) => xOverlap(a, b) > TANGLED_OVERLAP * Math.min(a.w, b.w)))) return words;
  const leftToRight = words
    .map((w, i) => ({ w, centre: boxes[i]!.x + boxes[i]!.w / 2 }))
    .sort((a, b) => a.centre - b.centre)
    .map(({ w }) => w);
  const withSpaces = leftToRight.flatMap((w, i): (T | null)[] => (i ? [null, w] : [w]));
  return visualToLogical(withSpaces, (w) => (w ? directionChar(w.text) : ' '), base).filter((w): w is T => w !== null);
}

const TANGLED_OVERLAP = 0.5;

/**
 * A recognised line from its final words (first reading or retry, Latin words put in), in
 * reading order by their boxes in the image they were read from (lines run along x there even
 * on a page read turned). `direction`: the page's (pageDirection), which a line holding both
 * scripts is read in.
 */
const lineOf = (words: OcrWord[], direction?: 'rtl' | 'ltr'): OcrLine => makeLine(inLogicalOrder(words, (w) => LINE_BOX.get(w) ?? w.box, direction));

/**
 * The direction of a page's text: right to left unless it holds more Latin letters than Arabic
 * ones. A line that holds both scripts is read in its page's direction, not its own majority's:
 * a short Arabic line around a Latin name («السيارة Toyota Hilux», one Arabic word of three) is
 * still an Arabic sentence, and an English line with an Arabic name in it still English. A line
 * of one script reads in that script's direction either way (visualToLogical).
 */
export function pageDirection(readings: { text: string }[][]): 'rtl' | 'ltr' {
  let arabic = 0;
  let latin = 0;
  for (const words of readings)
    for (const w of words) {
      arabic += arabicLetters(w.text);
      latin += (w.text.match(/[A-Za-z]/g) ?? []).length;
    }
  return latin > arabic ? 'ltr' : 'rtl';
}

/** Each page line's first reading (Pool.firstReading). */
const FIRST_READING = new WeakMap<LineImage, Promise<OcrWord[]>>();
/** Each sampled line's reading turned 180° (Pool.readHalfTurned). */
const HALF_TURNED_READING = new WeakMap<LineImage, Promise<OcrWord[]>>();
/** The recogniser's own score of each word, before calibration (retry decisions use it). */
const RAW_CONFIDENCE = new WeakMap<OcrWord, number>();
/** Each word's box in the line image it was read from. */
const LINE_BOX = new WeakMap<OcrWord, Box>();
/** The line image each word was read from (when the digit reader is on). */
const WORD_LINE = new WeakMap<OcrWord, PreparedLine>();

/** The digit reader's reading of a whole word (no growing past it), or null. */
function readWordAsNumber(w: OcrWord, digitSet?: 'latin' | 'indic'): NumberReading | null {
  const line = WORD_LINE.get(w);
  const box = LINE_BOX.get(w);
  if (!line || !box) return null;
  return readNumberAround(lineGlyphs(line.source), line.source.width, sourceSpan(line, box), { digitSet });
}

/**
 * Numbers alone in table cells (measured on ocr/bench/layout: 7.49 % → 7.23 % CER). The
 * recogniser reads a lone «١» as «ا», «٥» as «ه», «٣» as «+», and fixNumbers only sees words
 * that already hold a digit. A word of a table's body (below the header row) is taken for a
 * number when every glyph looks more like a numeral than a letter to the digit reader and the
 * recogniser saw a digit in it, or saw only a short unsure word. A column where at least
 * NUMERIC_COLUMN_SHARE of the body cells hold such a word is a numeric column: those words are
 * replaced by the digit reader's reading, in the digit set most of the column's digits read in
 * (a lone digit gives the per-number choice little to go on: ٥ ~ 0). Only inside tables, so
 * letters elsewhere are never turned into digits.
 * Measured on the layout set and not kept: a cell counted only when all its words read as
 * numbers 7.42 %; short words of up to 4 letters 7.80 % (up to 2: 7.32 %); unsure below 70
 * 7.26 %, below 90 7.30 %, any score 7.49 %; share 0.5 7.30 %, 0.75 7.43 %; the set chosen per
 * number 7.29 %.
 */
export function numericColumns(rows: OcrWord[][][], flagThreshold: number, calibrated = true): void {
  const numberish = (w: OcrWord): NumberReading | null => {
    const x = readWordAsNumber(w);
    if (!x || x.letterish > 0 || x.digits === 0) return null;
    const unsure = [...w.text].length <= NUMERIC_SHORT_WORD && (RAW_CONFIDENCE.get(w) ?? w.confidence) < NUMERIC_UNSURE_BELOW;
    // a lone zero became a full stop (orthography.ts); in a numbers column it is the zero again
    return hasDigit(w.text) || w.text === FULL_STOP || unsure ? x : null;
  };
  const cols = Math.max(0, ...rows.map((r) => r.length));
  for (let c = 0; c < cols; c++) {
    const body = rows.slice(1).filter((r) => r[c]?.length);
    if (body.length < 2) continue;
    const each = body.map((r) => r[c]!.map(numberish));
    if (each.filter((rs) => rs.some(Boolean)).length < NUMERIC_COLUMN_SHARE * body.length) continue;
    const texts = each.flatMap((rs) => rs.map((x) => x?.text ?? '')).join('');
    const indic = (texts.match(/[\u0660-\u0669]/g) ?? []).length;
    const latin = (texts.match(/[0-9]/g) ?? []).length;
    const set = indic > latin ? 'indic' : indic < latin ? 'latin' : undefined;
    body.forEach((r, k) => {
      const rs = each[k]!;
      r[c] = r[c]!.map((w, i) => {
        if (!rs[i]) return w;
        const reading = (set && readWordAsNumber(w, set)) || rs[i]!;
        // as read, not numberInReadingOrder: a hyphen in a numbers column was a misread digit on
        // the layout pages («١٩٩٦» → «١-٩٦»), and reversing around it read them worse (6.68 → 6.73 %)
        if (reading.text === w.text) return w;
        const confidence = calibrated ? calibrate(reading.confidence, reading.text) : reading.confidence;
        const word: OcrWord = { ...w, text: reading.text, confidence, flagged: confidence < flagThreshold };
        RAW_CONFIDENCE.set(word, reading.confidence);
        return word;
      });
    });
  }
}

const NUMERIC_COLUMN_SHARE = 0.6;
const NUMERIC_SHORT_WORD = 3;
const NUMERIC_UNSURE_BELOW = 80;

const rawMean = (words: OcrWord[]) =>
  words.length ? meanConfidence(words.map((w) => ({ text: w.text, confidence: RAW_CONFIDENCE.get(w) ?? w.confidence }))) : 0;

export function finishWords(
  raw: RawWord[],
  toOriginal: (b: Box) => Box,
  flagThreshold: number,
  line: PreparedLine | null = null,
  orthography = true,
  calibrated = true,
): OcrWord[] {
  if (orthography) {
    const texts = commasReadAsGuillemets(raw.map((w) => cleanWord(w.text)));
    raw.forEach((w, i) => (w.text = texts[i]!));
  }
  if (line) raw = dottedFinalYa(semicolonsReadForCommas(withFootnoteMarkers(fixNumbers(raw, line), line), line), line);
  return raw.map((w) => {
    const confidence = calibrated ? calibrate(w.confidence, w.text) : w.confidence;
    const word: OcrWord = { text: w.text, confidence, box: toOriginal(w.box), flagged: confidence < flagThreshold };
    RAW_CONFIDENCE.set(word, w.confidence);
    LINE_BOX.set(word, w.box);
    if (line) WORD_LINE.set(word, line);
    return word;
  });
}


/** A pool of recognisers sized to the cores by default. Models come from node_modules only. */
export async function createOcrEngine(opts: EngineOptions = {}): Promise<OcrEngine> {
  const size = Math.max(1, opts.workers ?? availableParallelism());
  const model = opts.model ?? 'fast';
  const langs = opts.langs ?? 'ara';
  const params = opts.params ?? {};
  const workers = await Promise.all(Array.from({ length: size }, () => startWorker(langs.split('+'), model, params)));
  return new Pool(workers, {
    model,
    langs,
    params,
    flagThreshold: opts.flagThreshold ?? loadCalibration()?.flagBelow ?? 70,
    digits: opts.digits ?? true,
    retryBelow: opts.retryBelow ?? 65,
    orthography: opts.orthography ?? true,
    calibrate: opts.calibrate ?? true,
    stack: opts.stack ?? false,
    latin: opts.latin ?? true,
    orientation: opts.orientation ?? true,
    layout: opts.layout ?? 'guarded',
    orientationCheckBelow: opts.orientationCheckBelow ?? 60,
    maxPixels: opts.maxPixels ?? DEFAULT_LIMITS.maxPixels,
    preprocess: { ...DEFAULT_PREPROCESS, ...(opts.preprocess ?? {}) },
  });
}
