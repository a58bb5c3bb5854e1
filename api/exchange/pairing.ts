/**
 * Which transcription belongs to which scan, in a folder or archive of both (pure: the server's
 * import and the web app's bulk upload use the same rule). A transcription (an .xml file) goes
 * with the scan its content names as its image (PAGE `imageFilename`, ALTO `fileName`), or else
 * with the scan of the same base name: `scan.jpg` with `scan.xml`, `page/scan.xml` (Transkribus),
 * `alto/scan.xml`, or Sijill's own `scan-12.page.xml` / `scan-12.alto.xml`.
 */

export type PairingInput = { path: string; /** For .xml files: the image they name, if read. */ declaredImage?: string | null };
export type Pairing = {
  /** Each scan with its transcription's path, or null. */
  scans: Array<{ scan: string; transcription: string | null }>;
  /** .xml files that belong to no scan here. */
  unpaired: string[];
};

const scanExtension = /\.(jpe?g|png|tiff?|pdf)$/i;
export const isTranscriptionName = (path: string) => /\.xml$/i.test(path);
export const isScanName = (path: string) => scanExtension.test(path);

const fileOf = (path: string) => path.split(/[\\/]/).pop() ?? path;
const dirOf = (path: string) => path.split(/[\\/]/).slice(0, -1).join('/');
/** `scan.jpg` → `scan`; `scan.xml`, `scan.page.xml` → `scan`; Sijill's export `scan-12.page.xml` → `scan`. */
function baseOf(path: string): string {
  const name = fileOf(path);
  const exported = /^(.*)-\d+\.(page|alto)\.xml$/i.exec(name);
  if (exported) return exported[1]!.toLowerCase();
  return name
    .replace(/\.(page|alto)\.xml$/i, '')
    .replace(/\.[^.]+$/, '')
    .toLowerCase();
}
/** The folder a transcription's scan is in: Transkribus and others put them in page/ or alto/ beside the images. */
const scanDirOf = (xmlPath: string) => {
  const dir = dirOf(xmlPath);
  return /(^|\/)(page|alto)$/i.test(dir) ? dir.replace(/\/?(page|alto)$/i, '') : dir;
};

export function pairTranscriptions(files: PairingInput[]): Pairing {
  const scans = files.filter((f) => isScanName(f.path)).map((f) => f.path);
  const xmls = files.filter((f) => isTranscriptionName(f.path));
  const byKey = new Map<string, string>();
  for (const s of scans) byKey.set(`${dirOf(s).toLowerCase()}|${baseOf(s)}`, s);
  const byFileName = new Map<string, string[]>();
  for (const s of scans) byFileName.set(fileOf(s).toLowerCase(), [...(byFileName.get(fileOf(s).toLowerCase()) ?? []), s]);
  const taken = new Map<string, string>();
  const unpaired: string[] = [];
  for (const x of xmls) {
    const dir = scanDirOf(x.path).toLowerCase();
    const declared = x.declaredImage ? fileOf(x.declaredImage).toLowerCase() : null;
    const candidates = declared ? (byFileName.get(declared) ?? []) : [];
    const scan =
      candidates.find((s) => dirOf(s).toLowerCase() === dir) ??
      (candidates.length === 1 ? candidates[0] : undefined) ??
      byKey.get(`${dir}|${baseOf(x.path)}`);
    if (scan && !taken.has(scan)) taken.set(scan, x.path);
    else unpaired.push(x.path);
  }
  return { scans: scans.map((scan) => ({ scan, transcription: taken.get(scan) ?? null })), unpaired };
}

/** The image a PAGE or ALTO file names, read from its text without parsing it all. */
export function declaredImageOf(xml: string): string | null {
  const page = /<(?:\w+:)?Page\b[^>]*\simageFilename="([^"]+)"/.exec(xml);
  if (page) return decodeXmlAttribute(page[1]!);
  const alto = /<(?:\w+:)?fileName>([^<]+)<\/(?:\w+:)?fileName>/.exec(xml);
  return alto ? decodeXmlAttribute(alto[1]!.trim()) : null;
}

const decodeXmlAttribute = (s: string) =>
  s.replace(/&(amp|lt|gt|quot|apos);/g, (_, e: string) => ({ amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" })[e]!);
