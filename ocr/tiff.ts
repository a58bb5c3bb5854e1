/**
 * Minimal TIFF/EXIF directory reader: enough to count pages, check that image data lies inside
 * the file (a cheap truncation test) and pull descriptive tags as JSON-safe values.
 * It never decodes pixels.
 */

export type TiffDirectory = {
  width: number | null;
  height: number | null;
  /** largest end offset (offset + byte count) of strip or tile data */
  dataEnd: number;
  tags: Map<number, unknown>;
};

type Reader = {
  u16(o: number): number;
  u32(o: number): number;
  length: number;
};

function reader(bytes: Uint8Array, little: boolean): Reader {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    length: bytes.byteLength,
    u16: (o) => view.getUint16(o, little),
    u32: (o) => view.getUint32(o, little),
  };
}

const TYPE_SIZE: Record<number, number> = { 1: 1, 2: 1, 3: 2, 4: 4, 5: 8, 6: 1, 7: 1, 8: 2, 9: 4, 10: 8, 11: 4, 12: 8 };

export class TiffFormatError extends Error {}

function readValue(bytes: Uint8Array, r: Reader, type: number, count: number, valueOffset: number): unknown {
  const size = (TYPE_SIZE[type] ?? 0) * count;
  if (size === 0) return null;
  const at = size <= 4 ? valueOffset : r.u32(valueOffset);
  if (at + size > r.length) throw new TiffFormatError('tag value outside file');
  if (type === 2) {
    const raw = bytes.subarray(at, at + count);
    const end = raw.indexOf(0);
    return new TextDecoder('utf-8', { fatal: false }).decode(end >= 0 ? raw.subarray(0, end) : raw).trim();
  }
  if (type === 7 || type === 1 || type === 6) {
    if (count > 64) return `(${count} bytes)`;
    return Array.from(bytes.subarray(at, at + count));
  }
  const values: number[] = [];
  const n = Math.min(count, 1 << 20);
  for (let i = 0; i < n; i++) {
    if (type === 3 || type === 8) values.push(r.u16(at + i * 2));
    else if (type === 4 || type === 9) values.push(r.u32(at + i * 4));
    else if (type === 5 || type === 10) {
      const den = r.u32(at + i * 8 + 4);
      values.push(den === 0 ? 0 : r.u32(at + i * 8) / den);
    } else return null;
  }
  return count === 1 ? values[0] : values;
}

/** Read the directory chain of a TIFF structure beginning at `base` (0 for a file). */
export function readTiff(
  bytes: Uint8Array,
  opts: { maxDirectories: number; chain?: boolean; firstDirectory?: number },
): TiffDirectory[] {
  if (bytes.byteLength < 8) throw new TiffFormatError('too short');
  const order = String.fromCharCode(bytes[0]!, bytes[1]!);
  if (order !== 'II' && order !== 'MM') throw new TiffFormatError('bad byte order');
  const r = reader(bytes, order === 'II');
  if (r.u16(2) !== 42) throw new TiffFormatError('not classic TIFF');
  const dirs: TiffDirectory[] = [];
  const seen = new Set<number>();
  let next = opts.firstDirectory ?? r.u32(4);
  while (next !== 0) {
    if (seen.has(next)) throw new TiffFormatError('directory loop');
    seen.add(next);
    if (dirs.length >= opts.maxDirectories) {
      // caller decides what exceeding means; report one more than allowed
      dirs.push({ width: null, height: null, dataEnd: 0, tags: new Map() });
      break;
    }
    if (next + 2 > r.length) throw new TiffFormatError('directory outside file');
    const n = r.u16(next);
    if (next + 2 + n * 12 + 4 > r.length) throw new TiffFormatError('directory outside file');
    const tags = new Map<number, unknown>();
    for (let i = 0; i < n; i++) {
      const e = next + 2 + i * 12;
      const tag = r.u16(e);
      const type = r.u16(e + 2);
      const count = r.u32(e + 4);
      tags.set(tag, readValue(bytes, r, type, count, e + 8));
    }
    const asArr = (v: unknown): number[] => (Array.isArray(v) ? (v as number[]) : typeof v === 'number' ? [v] : []);
    const offsets = [...asArr(tags.get(273)), ...asArr(tags.get(324))];
    const counts = [...asArr(tags.get(279)), ...asArr(tags.get(325))];
    let dataEnd = 0;
    for (let i = 0; i < offsets.length; i++) dataEnd = Math.max(dataEnd, offsets[i]! + (counts[i] ?? 0));
    const num = (v: unknown) => (typeof v === 'number' ? v : null);
    dirs.push({ width: num(tags.get(256)), height: num(tags.get(257)), dataEnd, tags });
    if (opts.chain === false) break;
    next = r.u32(next + 2 + n * 12);
  }
  return dirs;
}

const TAG_NAMES: Record<number, string> = {
  0x010e: 'ImageDescription', 0x010f: 'Make', 0x0110: 'Model', 0x0112: 'Orientation',
  0x011a: 'XResolution', 0x011b: 'YResolution', 0x0128: 'ResolutionUnit', 0x0131: 'Software',
  0x0132: 'DateTime', 0x013b: 'Artist', 0x8298: 'Copyright', 0x9003: 'DateTimeOriginal',
  0x9004: 'DateTimeDigitized', 0x9010: 'OffsetTime', 0x9011: 'OffsetTimeOriginal',
  0xa002: 'PixelXDimension', 0xa003: 'PixelYDimension', 0xa420: 'ImageUniqueID',
  0xa430: 'CameraOwnerName', 0xa431: 'BodySerialNumber', 0xa433: 'LensMake', 0xa434: 'LensModel',
  0x0001: 'GPSLatitudeRef', 0x0002: 'GPSLatitude', 0x0003: 'GPSLongitudeRef', 0x0004: 'GPSLongitude',
  0x0005: 'GPSAltitudeRef', 0x0006: 'GPSAltitude', 0x0007: 'GPSTimeStamp', 0x001d: 'GPSDateStamp',
};

function pick(tags: Map<number, unknown>, gps: boolean): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [tag, value] of tags) {
    if (gps ? tag > 0x1f : tag < 0x0100) continue;
    const name = TAG_NAMES[tag];
    if (!name || value === null) continue;
    out[name] = value;
  }
  return out;
}

/** Descriptive tags of a TIFF structure (a TIFF file, or an EXIF block without its "Exif\0\0"). */
export function descriptiveTags(bytes: Uint8Array): Record<string, unknown> {
  const [ifd0] = readTiff(bytes, { maxDirectories: 1, chain: false });
  if (!ifd0) return {};
  const out = pick(ifd0.tags, false);
  const sub = (pointerTag: number, gps: boolean) => {
    const p = ifd0.tags.get(pointerTag);
    if (typeof p !== 'number' || p + 2 > bytes.byteLength) return;
    try {
      const [d] = readTiff(bytes, { maxDirectories: 1, chain: false, firstDirectory: p });
      if (d) Object.assign(out, pick(d.tags, gps));
    } catch {
      /* ignore a damaged sub-directory */
    }
  };
  sub(0x8769, false);
  sub(0x8825, true);
  return out;
}

/** Parse sharp's `metadata().exif` buffer ("Exif\0\0" + TIFF). Never throws. */
export function parseExif(exif: Uint8Array | undefined): Record<string, unknown> {
  if (!exif || exif.byteLength < 14) return {};
  const start = exif[0] === 0x45 && exif[1] === 0x78 ? 6 : 0;
  try {
    return descriptiveTags(exif.subarray(start));
  } catch {
    return {};
  }
}
