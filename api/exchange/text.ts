/**
 * Plain text, UTF-8: a short header (document, reference, hash, certification), then per page
 * each line as a block — its number and the segment version it carries, the Arabic, the English.
 * Read by people and by tools that want text without markup.
 */
import type { ExchangeDocument } from './document';

export function plainText(doc: ExchangeDocument): string {
  const c = doc.certification;
  const out = [
    `# ${doc.title}`,
    `# Sijill document ${doc.id}${doc.archiveRef ? ` · archive reference ${doc.archiveRef}` : ''}${doc.documentDate ? ` · dated ${doc.documentDate}` : ''} · collection ${doc.collection}`,
    `# Original ${doc.originalName ?? '(unnamed)'}, SHA-256 ${doc.sha256}`,
    c
      ? `# Certified translation ${c.id}, ${c.certifiedAt}, by ${c.certifiedBy}; snapshot SHA-256 ${c.snapshotHash}; PDF SHA-256 ${c.pdfSha256}; verify at ${c.verifyUrl}`
      : '# Not certified',
    `# Exported ${doc.exportedAt}. Each line: [page.line · segment s… version v…], the Arabic, the English.`,
  ];
  for (const page of doc.pages) {
    out.push('', `== Page ${page.pageNo} ==`);
    for (const line of page.lines) {
      out.push('', `[${page.pageNo}.${line.lineNo} · s${line.segmentId} v${line.version}]`, oneLine(line.text), oneLine(line.translation));
    }
  }
  if (doc.pages.length === 0) out.push('', 'No page has been read yet.');
  return `${out.join('\n')}\n`;
}

/** A line's text never breaks the block layout (a line break typed into it becomes a space). */
const oneLine = (text: string) => text.replace(/[\r\n\u2028\u2029]+/g, ' ');
