import { eq } from 'drizzle-orm';
import { afterAll, describe, expect, it } from 'vitest';
import { ocrJobs, pages } from '../../db/schema';
import sharp from 'sharp';
import type { OcrEngine } from '../../ocr';
import { closeSharedEngine, fixture, sharedOcrEngine, startTestApp } from '../helpers/test-app';
import { createTestDatabase, databaseKind } from '../helpers/test-db';

describe(`restart on the same data (${databaseKind} database)`, () => {
  afterAll(() => closeSharedEngine());

  it('finds documents, edits and history again after a restart', async () => {
    const testDb = await createTestDatabase();
    try {
      const first = await startTestApp({ ocr: true, testDb });
      const up = (await (await first.upload('translator', fixture('corpus/clean/doc-01-001.jpg'), 'p.jpg')).json()) as { document: { id: number } };
      await first.waitForOcr(up.document.id);
      const { segments } = (await (await first.request('translator', `/api/documents/${up.document.id}/segments`)).json()) as {
        segments: Array<{ id: number; version: number }>;
      };
      const line = segments[0]!;
      expect((await first.json('translator', 'PATCH', `/api/segments/${line.id}`, { version: line.version, translation: 'Kept across restarts' })).status).toBe(200);
      await first.stop();

      const second = await startTestApp({ testDb });
      const again = (await (await second.request('researcher', `/api/documents/${up.document.id}/segments`)).json()) as {
        segments: Array<{ id: number; translation: string; version: number }>;
      };
      expect(again.segments.length).toBe(segments.length);
      expect(again.segments[0]!.translation).toBe('Kept across restarts');
      expect(again.segments[0]!.version).toBe(2);
      const image = await second.request('researcher', `/api/pages/${(await second.db.select().from(pages))[0]!.id}/image`);
      expect(image.status).toBe(200);
      await second.stop();
    } finally {
      await testDb.destroy();
    }
  });

  it('picks up a job that was running when the process died', async () => {
    const testDb = await createTestDatabase();
    try {
      const first = await startTestApp({ testDb }); // no OCR workers: the job stays queued
      const up = (await (await first.upload('translator', fixture('corpus/clean/doc-01-002.jpg'), 'p.jpg')).json()) as { document: { id: number } };
      // Simulate a worker that claimed the job and died: running, heartbeat long ago.
      await first.db.update(ocrJobs).set({ status: 'running', attempts: 1, lockedBy: 'dead-worker', heartbeatAt: new Date(Date.now() - 3_600_000) });
      await first.db.update(pages).set({ ocrStatus: 'running' });
      await first.stop();

      const second = await startTestApp({ ocr: true, testDb });
      const detail = (await second.waitForOcr(up.document.id)) as { document: { status: string; pagesDone: number } };
      expect(detail.document.status).toBe('in_progress');
      expect(detail.document.pagesDone).toBe(1);
      const [job] = await second.db.select().from(ocrJobs).where(eq(ocrJobs.status, 'done'));
      expect(job?.attempts).toBe(2);
      await second.stop();
    } finally {
      await testDb.destroy();
    }
  });

  it('fails a page whose OCR keeps crashing after its retries, without blocking the others', async () => {
    const real = await sharedOcrEngine();
    let crashes = 0;
    const poisoned = fixture('corpus/clean/doc-01-003.jpg');
    // An engine that crashes on one particular page, as a worker would on a pathological scan.
    const engine: OcrEngine = {
      size: real.size,
      close: async () => {},
      recognize: async (image) => {
        const meta = await sharp(image).metadata();
        if (meta.width === poisonedWidth) {
          crashes++;
          throw new Error('recognizer worker exited unexpectedly');
        }
        return real.recognize(image);
      },
    };
    const poisonedWidth = (await sharp(poisoned).metadata()).width;
    const t = await startTestApp({ ocr: true, engine });
    try {
      const bad = (await (await t.upload('translator', poisoned, 'bad.jpg')).json()) as { document: { id: number } };
      const good = (await (await t.upload('translator', fixture('corpus/clean/doc-01-004.jpg'), 'ok.jpg')).json()) as { document: { id: number } };
      await t.db.update(ocrJobs).set({ maxAttempts: 2 });
      const ok = (await t.waitForOcr(good.document.id)) as { document: { status: string } };
      expect(ok.document.status).toBe('in_progress');
      const failed = (await t.waitForOcr(bad.document.id)) as { document: { status: string }; pages: Array<{ ocrStatus: string; ocrError: string | null }> };
      expect(failed.document.status).toBe('ocr_failed');
      expect(failed.pages[0]!.ocrStatus).toBe('failed');
      expect(failed.pages[0]!.ocrError).toMatch(/exited unexpectedly/);
      expect(crashes).toBe(2);
      // the original is still there, untouched
      const sha = (await (await t.request('admin', `/api/documents/${bad.document.id}`)).json()) as { document: { sha256: string } };
      expect(Buffer.compare(await t.deps.blobs.get('original', sha.document.sha256), poisoned)).toBe(0);
    } finally {
      await t.close();
    }
  });
});
