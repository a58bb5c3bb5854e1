import { mkdirSync, mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sweepStaleUploads } from '../../api/documents/receive-upload';

describe('temporary upload files', () => {
  it('are swept at start when a crash left them, but not while another process may be receiving them', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sijill-sweep-'));
    try {
      const dir = join(dataDir, 'tmp');
      mkdirSync(dir);
      for (const name of ['upload-old', 'upload-fresh', 'unrelated-old']) writeFileSync(join(dir, name), 'x');
      const twoDaysAgo = new Date(Date.now() - 2 * 24 * 60 * 60 * 1000);
      for (const name of ['upload-old', 'unrelated-old']) utimesSync(join(dir, name), twoDaysAgo, twoDaysAgo);
      await sweepStaleUploads(dataDir);
      expect(readdirSync(dir).sort()).toEqual(['unrelated-old', 'upload-fresh']);
      await sweepStaleUploads(join(dataDir, 'nowhere')); // no tmp folder yet: nothing to do
    } finally {
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
