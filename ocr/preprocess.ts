/**
 * Preprocessing before recognition. The original image is never changed; this produces a
 * working image for the recogniser and the transform that maps its boxes back.
 */
import sharp from 'sharp';
import type { Box } from './types.ts';

export type PreprocessOptions = {
  /** Upscale images whose text is smaller than this x-height estimate allows. */
  enabled: boolean;
};

export type Prepared = {
  image: Buffer;
  width: number;
  height: number;
  /** map a box in the working image back to the original image */
  toOriginal(b: Box): Box;
  originalWidth: number;
  originalHeight: number;
};

export async function preprocess(input: Buffer, maxPixels: number, opts: PreprocessOptions = { enabled: true }): Promise<Prepared> {
  const base = sharp(input, { limitInputPixels: maxPixels }).rotate();
  const meta = await base.metadata();
  const ow = meta.autoOrient?.width ?? meta.width ?? 0;
  const oh = meta.autoOrient?.height ?? meta.height ?? 0;
  if (!opts.enabled) {
    const image = await base.png({ compressionLevel: 1 }).toBuffer();
    return { image, width: ow, height: oh, toOriginal: (b) => b, originalWidth: ow, originalHeight: oh };
  }
  const { data, info } = await base.greyscale().normalise().png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
  return { image: data, width: info.width, height: info.height, toOriginal: (b) => b, originalWidth: ow, originalHeight: oh };
}
