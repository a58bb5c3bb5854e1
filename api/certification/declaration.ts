import { createHash } from 'node:crypto';

/**
 * The declaration printed on the cover and stored with the certification. The template is
 * configurable (CERTIFICATION_TEMPLATE, a text file read once at start); {{name}} placeholders
 * are filled from the certification. Unknown placeholders are refused at start, not at signing.
 */
export const defaultDeclarationTemplate = `I, {{certifier}}{{credential}}, declare that I am competent to translate from {{sourceLanguage}} into {{targetLanguage}}, and that the English text in this document is a true and accurate translation of the attached {{sourceLanguage}} document "{{documentTitle}}" (archive reference {{archiveRef}}; original file SHA-256 {{originalSha256}}; {{pageCount}} page(s)), as transcribed and translated by {{translators}}{{confirmations}} and reviewed by {{reviewers}}.

Signed at {{place}} on {{date}}.`;

export const declarationFields = [
  'certifier',
  'credential',
  'sourceLanguage',
  'targetLanguage',
  'documentTitle',
  'archiveRef',
  'originalSha256',
  'pageCount',
  'translators',
  /** `, with translation-memory suggestions confirmed by …`, or empty when no line came from one. */
  'confirmations',
  'reviewers',
  'place',
  'date',
] as const;
export type DeclarationValues = Record<(typeof declarationFields)[number], string>;

const placeholder = /\{\{\s*([a-zA-Z0-9]+)\s*\}\}/g;

export function checkTemplate(template: string): void {
  const unknown = [...template.matchAll(placeholder)]
    .map((m) => m[1]!)
    .filter((n) => !(declarationFields as readonly string[]).includes(n));
  if (unknown.length)
    throw new Error(`The declaration template uses unknown placeholders: ${unknown.join(', ')}. Known: ${declarationFields.join(', ')}.`);
}

export function renderDeclaration(template: string, values: DeclarationValues): string {
  return template.replace(placeholder, (_, name: string) => values[name as keyof DeclarationValues] ?? '');
}

export function templateId(template: string): string {
  return createHash('sha256').update(template).digest('hex').slice(0, 16);
}

export function joinNames(names: string[]): string {
  if (names.length === 0) return '—';
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
}
