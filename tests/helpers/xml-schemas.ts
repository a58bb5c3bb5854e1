/**
 * Validation of exports against the official schemas in tests/fixtures/schemas (see NOTICE.md
 * there), with libxml2's xmllint compiled to WebAssembly (xmllint-wasm): nothing to install,
 * nothing fetched.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { validateXML } from 'xmllint-wasm';

const dir = join(import.meta.dirname, '..', 'fixtures', 'schemas');
const read = (name: string) => readFileSync(join(dir, name), 'utf8');

export type SchemaName = 'page-2019' | 'alto-4' | 'tei-all';

async function validate(xml: string, schema: SchemaName) {
  const file = { fileName: 'export.xml', contents: xml };
  switch (schema) {
    case 'page-2019':
      return validateXML({ xml: file, schema: { fileName: 'pagecontent.xsd', contents: read('pagecontent-2019-07-15.xsd') } });
    case 'alto-4':
      // The official file imports XLink from the Library of Congress by URL: pointed at the local stand-in.
      return validateXML({
        xml: file,
        schema: {
          fileName: 'alto-4-4.xsd',
          contents: read('alto-4-4.xsd').replace('http://www.loc.gov/standards/xlink/xlink.xsd', 'xlink.xsd'),
        },
        preload: [{ fileName: 'xlink.xsd', contents: read('xlink.xsd') }],
      });
    case 'tei-all':
      return validateXML({ xml: file, schema: { fileName: 'tei_all.rng', contents: read('tei_all.rng') }, extension: 'relaxng', maxMemoryPages: 4096 });
  }
}

/** The schema's complaints about this document (empty when it is valid). */
export async function schemaErrors(xml: string, schema: SchemaName): Promise<string[]> {
  const result = await validate(xml, schema);
  return result.valid ? [] : result.errors.map((e) => e.rawMessage);
}

/** Every element of current TEI P5. */
export const teiP5Elements = new Set(
  read('tei-p5-elements.txt')
    .split('\n')
    .filter((l) => l && !l.startsWith('#')),
);
