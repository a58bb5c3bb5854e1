// The side-by-side editor of issue 4 (and the tagging and review parts of issues 5 and 7)
// in Chromium, on seeded documents (no OCR: fast): a keyboard-only pass through a page,
// a deep link, a three-way merge after a conflict, tagging and accepting a suggestion, a
// returned line seen by the translator, and the Arabic UI with its panes mirrored.
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createUserAccount } from '../../api/auth/credentials';
import { hasChromium, launchChromium, reportMissingBrowser, screenshotPath, signIn } from '../helpers/browser';
import { login, seedEditorDocument, type SeededDocument } from '../helpers/seed-editor';
import { adminCredentials, startTestServer } from '../helpers/test-server';

reportMissingBrowser();

const translator = { email: 'translator@example.test', password: 'translator-password-1' };

describe.skipIf(!hasChromium)('in Chromium: the side-by-side editor', () => {
  let server: Awaited<ReturnType<typeof startTestServer>>;
  let browser: Browser;
  let cookie = '';
  let doc: SeededDocument;

  async function api<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await fetch(`${server.url}${path}`, {
      ...init,
      headers: { cookie, 'content-type': 'application/json', ...(init.headers ?? {}) },
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return (await res.json()) as T;
  }
  const segment = async (id: number, documentId = doc.documentId) =>
    (
      await api<{ segments: { id: number; text: string; translation: string; status: string; version: number }[] }>(
        `/api/documents/${documentId}/segments`,
      )
    ).segments.find((s) => s.id === id);

  /** A fresh browser profile, signed in with the keyboard only. */
  async function signedIn(who = adminCredentials, locale = 'en-US'): Promise<Page> {
    return signIn(browser, server.url, who, { locale, viewport: { width: 1400, height: 900 } });
  }

  const focusedId = (page: Page) => page.evaluate(() => document.activeElement?.id ?? '');
  const rows = (page: Page) => page.locator('.seg-row');

  beforeAll(async () => {
    server = await startTestServer({ ocrWorkers: 0 });
    browser = await launchChromium();
    cookie = await login(server.url, adminCredentials.email, adminCredentials.password);
    doc = await seedEditorDocument(server, cookie, { pages: 3, linesPerPage: 9, title: 'Transfer orders', sensitivePages: [2] });
    await createUserAccount(
      server.deps.database.db,
      { ...translator, role: 'translator', name: 'Layla T.' },
      { actorId: null, via: 'api' },
    );
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  it('takes a page from OCR to corrected and translated with the keyboard only', async () => {
    const page = await signedIn();
    await page.goto(`${server.url}/documents/${doc.documentId}`);
    const [l1, l2, l3] = doc.lines[0]!;
    // The first line takes the focus when the page opens.
    await expect.poll(() => focusedId(page)).toBe(`seg-${l1}-text`);

    // Correct line 1, accept it (Ctrl+Enter): it is marked corrected and the cursor moves on.
    await page.keyboard.press('End');
    await page.keyboard.type(' (مصحح)');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => focusedId(page)).toBe(`seg-${l2}-text`);
    await expect.poll(async () => (await segment(l1!))?.status).toBe('corrected');

    // Back up, over to the English pane (F6), translate, accept: translated.
    await page.keyboard.press('Alt+ArrowUp');
    await page.keyboard.press('F6');
    expect(await focusedId(page)).toBe(`seg-${l1}-translation`);
    await page.keyboard.type('Syrian Arab Republic (corrected)');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => focusedId(page)).toBe(`seg-${l2}-translation`);
    await expect.poll(async () => (await segment(l1!))?.status).toBe('translated');

    // The OCR reading is one key away, and goes back into the line with another.
    await page.keyboard.press('Shift+F6'); // back to the Arabic of line 2
    expect(await focusedId(page)).toBe(`seg-${l2}-text`);
    await page.keyboard.press('Alt+O');
    await page.locator(`[data-segment-id="${l2}"] .ocr-reading.open`).waitFor();
    await page.keyboard.press('Control+A');
    await page.keyboard.type('نص خاطئ');
    await page.keyboard.press('Alt+I');
    const ocrText = (await segment(l2!))!.text;
    expect(await page.locator(`#seg-${l2}-text`).inputValue()).toBe(ocrText);

    // Split line 3 at the cursor and undo it; join it with line 4 and undo; delete and undo.
    // Each undo gives back the exact text and puts the cursor back in the line.
    const count = await rows(page).count();
    await page.keyboard.press('Alt+ArrowDown');
    expect(await focusedId(page)).toBe(`seg-${l3}-text`);
    const line3 = (await segment(l3!))!.text;
    const field3 = page.locator(`#seg-${l3}-text`);
    await page.keyboard.press('Home');
    for (let i = 0; i < 4; i++) await page.keyboard.press('ArrowLeft'); // right to left: onwards
    await page.keyboard.press('Alt+Enter');
    await expect.poll(() => rows(page).count()).toBe(count + 1);
    const halves = (await field3.inputValue()) + (await page.locator(`.seg-row:nth-child(4) textarea[lang=ar]`).inputValue());
    expect(halves.replace(/\s/g, '')).toBe(line3.replace(/\s/g, ''));
    await page.keyboard.press('Control+Alt+KeyZ');
    await expect.poll(() => rows(page).count()).toBe(count);
    await expect.poll(() => field3.inputValue()).toBe(line3);
    await expect.poll(() => focusedId(page)).toBe(`seg-${l3}-text`);
    await page.keyboard.press('Alt+J');
    await expect.poll(() => rows(page).count()).toBe(count - 1);
    await page.keyboard.press('Control+Alt+KeyZ');
    await expect.poll(() => rows(page).count()).toBe(count);
    await expect.poll(() => field3.inputValue()).toBe(line3);
    await expect.poll(() => focusedId(page)).toBe(`seg-${l3}-text`);
    await page.keyboard.press('Alt+Delete');
    await expect.poll(() => rows(page).count()).toBe(count - 1);
    await page.keyboard.press('Control+Alt+KeyZ');
    await expect.poll(() => rows(page).count()).toBe(count);
    await expect.poll(() => focusedId(page)).toBe(`seg-${l3}-text`);

    // History of line 1: the OCR reading and the corrections, with a diff.
    await page.locator(`#seg-${l1}-text`).focus();
    await page.keyboard.press('Alt+H');
    const history = page.locator(`[data-segment-id="${l1}"] .history`);
    await history.waitFor();
    await expect.poll(() => history.locator('.history-list li').count()).toBeGreaterThanOrEqual(3);
    expect(await history.locator('ins').first().textContent()).toContain('مصحح');
    await page.screenshot({ path: screenshotPath('editor-history-en') });
    await page.keyboard.press('Escape');
    await history.waitFor({ state: 'detached' });

    // The help overlay lists the shortcuts; Esc closes it.
    await page.keyboard.press('F1');
    const help = page.locator('dialog.help-overlay');
    await help.waitFor();
    expect(await help.textContent()).toContain('Alt+Shift+P');
    await page.screenshot({ path: screenshotPath('editor-help-en') });
    await page.keyboard.press('Escape');
    await help.waitFor({ state: 'hidden' });

    // Next page: a photograph of a person, blurred until revealed from the keyboard.
    await page.keyboard.press('Alt+PageDown');
    await page.waitForURL(/page=2/);
    await page.locator('.sensitive-cover').waitFor();
    await expect.poll(() => focusedId(page)).toBe(`seg-${doc.lines[1]![0]}-text`); // the new page's first line
    await page.keyboard.press('Shift+F6'); // to the scan pane
    await expect.poll(() => page.evaluate(() => document.activeElement?.className)).toContain('scan-viewport');
    await page.keyboard.press('Tab'); // its "show this page" button
    await page.keyboard.press('Enter');
    await page.locator('.sensitive-cover').waitFor({ state: 'detached' });

    // Everything typed is saved and survives a reload.
    await page.getByText('All changes saved').waitFor();
    await page.goto(`${server.url}/documents/${doc.documentId}?page=1`);
    await page.locator(`#seg-${l1}-text`).waitFor();
    expect(await page.locator(`#seg-${l1}-text`).inputValue()).toContain('(مصحح)');
    expect(await page.locator(`#seg-${l1}-translation`).inputValue()).toBe('Syrian Arab Republic (corrected)');
    // Reloading the same page does not remember the revealed photograph across documents.
    await page.goto(`${server.url}/documents/${doc.documentId}?page=2`);
    await page.locator('.sensitive-cover').waitFor();
    await page.context().close();
  });

  it('keeps a line one line: Enter and Shift+Enter move between lines, a pasted line break becomes a space', async () => {
    const page = await signedIn();
    const [a, b] = [doc.lines[1]![5]!, doc.lines[1]![6]!];
    await page.goto(`${server.url}/documents/${doc.documentId}?segment=${a}`);
    await expect.poll(() => focusedId(page)).toBe(`seg-${a}-text`);
    const arabic = await page.locator(`#seg-${a}-text`).inputValue();
    await page.keyboard.press('End');
    await page.keyboard.type(' المدعو');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe(`seg-${b}-text`);
    expect(await page.locator(`#seg-${a}-text`).inputValue()).toBe(`${arabic} المدعو`);
    await page.keyboard.press('Shift+Enter');
    await expect.poll(() => focusedId(page)).toBe(`seg-${a}-text`);

    await page.keyboard.press('F6');
    await page.keyboard.type('One line');
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe(`seg-${b}-translation`);
    await page.keyboard.press('Shift+Enter');
    await page.keyboard.press('End');
    await page.keyboard.insertText('\nstill one');
    expect(await page.locator(`#seg-${a}-translation`).inputValue()).toBe('One line still one');
    await page.keyboard.press('Control+KeyS');
    await page.getByText('All changes saved').waitFor();
    expect(await segment(a)).toMatchObject({ text: `${arabic} المدعو`, translation: 'One line still one' });
    await page.context().close();
  });

  it('counts translated and reviewed lines in the header as they are saved, without a reload', async () => {
    const small = await seedEditorDocument(server, cookie, { pages: 1, linesPerPage: 4, title: 'Counted lines' });
    const page = await signedIn();
    await page.goto(`${server.url}/documents/${small.documentId}`);
    const header = page.locator('.doc-header .progress-lines .progress-text');
    await expect.poll(() => header.textContent()).toBe('0 of 4 lines translated, 0 reviewed');
    const [a, b] = small.lines[0]!;
    await expect.poll(() => focusedId(page)).toBe(`seg-${a}-text`);
    // Translate two lines from the keyboard (Ctrl+Enter accepts and moves on).
    await page.keyboard.press('F6');
    await page.keyboard.type('The first line');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => focusedId(page)).toBe(`seg-${b}-translation`);
    await expect.poll(() => header.textContent()).toBe('1 of 4 lines translated, 0 reviewed');
    await page.keyboard.type('The second line');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => header.textContent()).toBe('2 of 4 lines translated, 0 reviewed');
    // Approving one (as the admin may) counts it as reviewed.
    await page.locator(`#seg-${a}-text`).focus();
    await page.keyboard.press('Alt+Shift+KeyV');
    await expect.poll(async () => (await segment(a!, small.documentId))?.status).toBe('reviewed');
    await expect.poll(() => header.textContent()).toBe('2 of 4 lines translated, 1 reviewed');

    // Certified, then edited: the header says so at once (status, counts, "Send to review") and
    // warns that the certification is superseded.
    const [, , c, d] = small.lines[0]!;
    for (const id of [b!, c!, d!]) {
      const line = (await segment(id, small.documentId))!;
      await api(`/api/segments/${id}`, { method: 'PATCH', body: JSON.stringify({ version: line.version, translation: `Line ${id}`, status: 'translated' }) });
    }
    await api(`/api/review/documents/${small.documentId}/submit`, { method: 'POST' });
    await api(`/api/review/pages/${small.pageIds[0]}`, { method: 'POST', body: JSON.stringify({ action: 'approve' }) });
    await api(`/api/documents/${small.documentId}/certify`, {
      method: 'POST',
      body: JSON.stringify({ place: 'The Hague', qaOverride: { reason: 'Test lines' } }),
    });
    await page.reload();
    const badge = page.locator('.doc-header .doc-title-row .badge');
    await expect.poll(() => badge.textContent()).toBe('Certified');
    await expect.poll(() => header.textContent()).toBe('4 of 4 lines translated, 4 reviewed');
    await page.locator(`#seg-${a}-translation`).focus();
    await page.keyboard.press('End');
    await page.keyboard.type(', corrected');
    await page.keyboard.press('Control+KeyS');
    await expect.poll(() => header.textContent()).toBe('4 of 4 lines translated, 3 reviewed');
    await expect.poll(() => badge.textContent()).toBe('In progress');
    await page.getByRole('button', { name: 'Send to review' }).waitFor();
    await page.getByRole('status').getByText('your change sent it back to in progress').waitFor();
    await page.context().close();
  });

  it('opens a deep link on its page with the line focused and in view; a box clicked on the scan focuses its line', async () => {
    const page = await signedIn();
    const target = doc.lines[2]![7]!;
    await page.goto(`${server.url}/documents/${doc.documentId}?page=3&segment=${target}`);
    await expect.poll(() => focusedId(page)).toBe(`seg-${target}-text`);
    const inView = await page.locator(`#seg-${target}-text`).evaluate((el) => {
      const r = el.getBoundingClientRect();
      return r.top >= 0 && r.bottom <= window.innerHeight;
    });
    expect(inView).toBe(true);
    expect(await page.locator('.line-box.active').getAttribute('data-segment-id')).toBe(String(target));

    // One box per line over the scan; clicking a box puts the cursor in its line.
    expect(await page.locator('.scan-overlay .line-box').count()).toBe(await rows(page).count());
    await page.locator('.scan-overlay .line-box').nth(2).click();
    await expect.poll(() => focusedId(page)).toBe(`seg-${doc.lines[2]![2]}-text`);
    expect(await page.locator('.seg-row.active').getAttribute('data-segment-id')).toBe(String(doc.lines[2]![2]));
    await page.context().close();
  });

  it('adds a line the OCR missed by drawing its box on the scan', async () => {
    const page = await signedIn();
    await page.goto(`${server.url}/documents/${doc.documentId}?page=3`);
    await page.locator('.seg-row').first().waitFor();
    const before = await rows(page).count();
    await page.getByRole('button', { name: 'Add a missing line (draw its box)' }).click();
    const img = (await page.locator('.scan-canvas img').boundingBox())!;
    await page.mouse.move(img.x + img.width * 0.2, img.y + img.height * 0.05);
    await page.mouse.down();
    await page.mouse.move(img.x + img.width * 0.8, img.y + img.height * 0.09, { steps: 5 });
    await page.mouse.up();
    await expect.poll(() => rows(page).count()).toBe(before + 1);
    // The new line has the focus and can be typed into at once.
    await expect.poll(() => focusedId(page)).toMatch(/^seg-\d+-text$/);
    await page.keyboard.type('سطر ناقص');
    await page.keyboard.press('Control+KeyS');
    await page.getByText('All changes saved').waitFor();
    const newId = Number((await focusedId(page)).split('-')[1]);
    expect((await segment(newId))?.text).toBe('سطر ناقص');
    await page.context().close();
  });

  it('merges two people’s changes to one line after a conflict and keeps both in history', async () => {
    const first = await signedIn();
    const second = await signedIn();
    const id = doc.lines[0]![5]!;
    // Both start from this translation; the other person adds a word to it.
    const start = (await segment(id))!;
    await api(`/api/segments/${id}`, { method: 'PATCH', body: JSON.stringify({ version: start.version, translation: 'An order of the branch' }) });
    const theirs = 'An order of the Palestine branch';
    for (const p of [first, second]) {
      await p.goto(`${server.url}/documents/${doc.documentId}?segment=${id}`);
      await p.locator(`#seg-${id}-text`).waitFor();
    }
    // This one corrects the line's Arabic while the other translates it: this save is held on
    // its way until the other's is in (the other's line would otherwise come in live first).
    let release = () => {};
    const held = new Promise<void>((r) => (release = r));
    await first.route(`**/api/segments/${id}`, async (route) => {
      if (route.request().method() === 'PATCH') await held;
      await route.continue();
    });
    const mine = `${await first.locator(`#seg-${id}-text`).inputValue()} (مراجع)`;
    await first.locator(`#seg-${id}-text`).fill(mine);
    await first.keyboard.press('Control+KeyS');
    await second.locator(`#seg-${id}-translation`).fill(theirs);
    await second.keyboard.press('Control+KeyS');
    await second.getByText('All changes saved').waitFor();
    release();
    const conflict = first.locator(`[data-segment-id="${id}"] .conflict`);
    await conflict.waitFor();
    // The words shown (screen-reader notes on the marked words left out).
    const shown = (selector: string) =>
      conflict.locator(selector).evaluate((el) => {
        const copy = el.cloneNode(true) as HTMLElement;
        copy.querySelectorAll('.sr-only').forEach((n) => n.remove());
        return copy.textContent;
      });
    expect(await shown('section.conflict-theirs p[lang=en]')).toBe(theirs);
    await first.getByText('1 line needs your decision').waitFor();
    await first.screenshot({ path: screenshotPath('editor-conflict-merge-en') });
    // Each side marks its words the other lacks: my added word in my Arabic, their added word
    // in their English; what both have is not marked. The Arabic reads right to left.
    const marks = (side: 'mine' | 'theirs', field: 'ar' | 'en') =>
      conflict.locator(`section.conflict-${side} p[lang=${field}] mark.diff-${side}`).evaluateAll((els) =>
        els.map((el) => [...el.childNodes].filter((n) => n.nodeType === Node.TEXT_NODE).map((n) => n.textContent).join('').trim()),
      );
    expect(await marks('mine', 'ar')).toEqual(['(مراجع)']);
    expect(await marks('theirs', 'ar')).toEqual([]);
    expect(await marks('mine', 'en')).toEqual([]);
    expect(await marks('theirs', 'en')).toEqual(['Palestine']);
    expect(await shown('section.conflict-mine p[lang=ar]')).toBe(mine);
    expect(await shown('section.conflict-mine p[lang=en]')).toBe('An order of the branch');
    expect(await conflict.locator('section.conflict-mine p[lang=ar]').getAttribute('dir')).toBe('rtl');
    expect(await conflict.locator('section.conflict-theirs mark.diff-theirs').first().textContent()).toContain('(only in theirs)');
    // The version both started from, one click away.
    await conflict.getByText('As the line was before both changes (version').click();
    await conflict.locator('.conflict-base p[lang=en]', { hasText: 'An order of the branch' }).waitFor();
    await conflict.screenshot({ path: screenshotPath('conflict-diff') });

    // Merge: their translation and my correction, each where only one side changed.
    await conflict.getByRole('button', { name: 'Merge…' }).click();
    expect(await conflict.locator('textarea[lang=ar]').inputValue()).toBe(mine);
    expect(await conflict.locator('textarea[lang=en]').inputValue()).toBe(theirs);
    await conflict.getByRole('button', { name: 'Save merged version' }).click();
    await first.getByText('All changes saved').waitFor();
    const now = await segment(id);
    expect(now?.text).toBe(mine);
    expect(now?.translation).toBe(theirs);
    const { versions } = await api<{ versions: { text: string; translation: string }[] }>(`/api/segments/${id}/versions`);
    expect(versions.some((v) => v.translation === theirs && v.text !== mine)).toBe(true);
    expect(versions.at(-1)?.text).toBe(mine);

    // Restore their version from the line's history: a new version, nothing rewritten.
    await first.locator(`#seg-${id}-text`).focus();
    await first.keyboard.press('Alt+KeyH');
    const history = first.locator(`[data-segment-id="${id}"] .history`);
    await history.getByRole('button', { name: 'Restore Version 2' }).click();
    await expect.poll(async () => (await segment(id))?.version).toBe(versions.length + 1);
    expect((await segment(id))?.text).toBe(versions[1]!.text);
    await expect.poll(() => first.locator(`#seg-${id}-text`).inputValue()).toBe(versions[1]!.text);
    await first.context().close();
    await second.context().close();
  });

  it('keeps a change made offline in the browser and saves it when the connection returns', async () => {
    const page = await signedIn();
    const id = doc.lines[1]![3]!;
    await page.goto(`${server.url}/documents/${doc.documentId}?segment=${id}`);
    await expect.poll(() => focusedId(page)).toBe(`seg-${id}-text`);
    await page.context().setOffline(true);
    await page.keyboard.press('F6');
    await page.keyboard.type('Written on a train');
    await page.keyboard.press('Control+KeyS');
    await page.getByText('Offline — changes are kept here').waitFor();
    const draft = await page.evaluate((key) => localStorage.getItem(key), `sijill.draft.${id}`);
    expect(draft).toContain('Written on a train');
    await page.context().setOffline(false);
    await page.getByText('All changes saved').waitFor();
    expect((await segment(id))?.translation).toBe('Written on a train');
    expect(await page.evaluate((key) => localStorage.getItem(key), `sijill.draft.${id}`)).toBeNull();
    await page.context().close();
  });

  it('tags a span with one key and accepts a suggestion with another', async () => {
    // The engine's suggestions (dates, units) for the seeded lines.
    await api('/api/mentions/suggest', { method: 'POST', body: JSON.stringify({ documentId: doc.documentId }) });
    const { mentions } = await api<{ mentions: { id: number; segmentId: number; status: string; kind: string }[] }>(
      `/api/mentions?documentId=${doc.documentId}`,
    );
    const suggestion = mentions.find((m) => m.status === 'suggested' && doc.lines[0]!.includes(m.segmentId));
    expect(suggestion).toBeDefined();

    const page = await signedIn();
    await page.goto(`${server.url}/documents/${doc.documentId}?page=1`);
    const line = doc.lines[0]![6]!; // "1- وائل الحلبي مواليد 1977" in the corpus page
    const field = page.locator(`#seg-${line}-text`);
    await field.waitFor();
    const text = await field.inputValue();
    const name = text.match(/[\u0621-\u064a]+ [\u0621-\u064a]+/)![0];
    await field.focus();
    const at = text.indexOf(name);
    await field.evaluate((el, [s, e]) => (el as HTMLTextAreaElement).setSelectionRange(s!, e!), [at, at + name.length]);
    await page.keyboard.press('Alt+Shift+KeyP');
    const chip = page.locator(`[data-segment-id="${line}"] .tag-chip-person`);
    await chip.waitFor();
    expect(await chip.textContent()).toContain(name);
    expect(await page.locator(`[data-segment-id="${line}"] .line-backdrop .tag-person`).textContent()).toBe(name);

    // The same in the English line: select the name there and tag it.
    const english = page.locator(`#seg-${line}-translation`);
    await english.focus();
    await page.keyboard.type('Yousef al-Masri, born 1961');
    await english.evaluate((el) => (el as HTMLTextAreaElement).setSelectionRange(0, 'Yousef al-Masri'.length));
    await page.keyboard.press('Alt+Shift+KeyP');
    await expect.poll(() => page.locator(`[data-segment-id="${line}"] .tag-chip-person`).count()).toBe(2);
    expect(await page.locator(`[data-segment-id="${line}"] .line-backdrop[lang=en] .tag-person`).textContent()).toBe('Yousef al-Masri');

    // The suggestion: dotted until accepted with one key.
    const sugRow = page.locator(`[data-segment-id="${suggestion!.segmentId}"]`);
    await sugRow.locator('.tag-chip.suggested').first().waitFor();
    await sugRow.locator('.tag-suggested').first().waitFor();
    await page.locator(`#seg-${suggestion!.segmentId}-text`).focus();
    await page.screenshot({ path: screenshotPath('editor-tags-en') });
    await page.keyboard.press('Alt+Shift+KeyA');
    await expect
      .poll(
        async () =>
          (await api<{ mentions: { id: number; status: string }[] }>(`/api/mentions?segmentId=${suggestion!.segmentId}`)).mentions.find(
            (m) => m.id === suggestion!.id,
          )?.status,
      )
      .toBe('accepted');
    const { mentions: tagged } = await api<{ mentions: { kind: string; status: string; start: number; end: number }[] }>(
      `/api/mentions?segmentId=${line}`,
    );
    expect(tagged).toContainEqual(
      expect.objectContaining({ kind: 'person', status: 'accepted', start: text.indexOf(name), end: text.indexOf(name) + name.length }),
    );
    await page.context().close();
  });

  it('returns a line with a comment, which the translator then sees', async () => {
    const reviewer = await signedIn();
    const id = doc.lines[0]![1]!;
    await reviewer.goto(`${server.url}/documents/${doc.documentId}?segment=${id}`);
    await expect.poll(() => focusedId(reviewer)).toBe(`seg-${id}-text`);
    await reviewer.keyboard.press('Alt+Shift+KeyB');
    await reviewer.locator('#return-comment').waitFor();
    await reviewer.keyboard.type('The branch number is misread: 235, not 215.');
    // Ctrl+Enter sends the comment (the key that accepts a line, as the form's hint says).
    expect(await reviewer.locator('#return-comment-keys').textContent()).toBe('Ctrl+Enter sends it, Esc cancels.');
    await reviewer.keyboard.press('Control+Enter');
    await reviewer.locator('#return-comment').waitFor({ state: 'detached' });
    // Approving is one key too: the line becomes reviewed and the cursor moves on.
    const next = doc.lines[0]![2]!;
    await reviewer.locator(`#seg-${next}-text`).focus();
    await reviewer.keyboard.press('Alt+Shift+KeyV');
    await expect.poll(async () => (await segment(next))?.status).toBe('reviewed');
    await expect.poll(() => focusedId(reviewer)).toBe(`seg-${doc.lines[0]![3]}-text`);
    await reviewer.context().close();

    const page = await signedIn(translator);
    // Where the translator starts, the document list shows the returned line, one click away.
    const returns = page.locator('tr', { hasText: 'Transfer orders' }).locator('a.open-returns');
    await returns.waitFor();
    expect(await returns.textContent()).toBe('Returned for changes: 1');
    await returns.click();
    await page.waitForURL(new RegExp(`/documents/${doc.documentId}`));
    const note = page.locator(`[data-segment-id="${id}"] .seg-returned`);
    await note.waitFor();
    expect(await note.textContent()).toContain('misread: 235');
    expect(await note.textContent()).toContain('Returned by');
    expect(await page.locator('details.returns summary').textContent()).toContain('Returned for changes: 1');
    // Its badge says "returned" (not "translated") until the translator saves a change to it.
    const badge = page.locator(`#status-${id}`);
    expect(await badge.textContent()).toBe('returned');
    await page.locator(`#seg-${id}-translation`).focus();
    await page.keyboard.press('End');
    await page.keyboard.type(' (branch 235)');
    await page.keyboard.press('Control+KeyS');
    await expect.poll(() => badge.textContent()).not.toBe('returned');
    await note.waitFor({ state: 'detached' });
    await page.context().close();
  });

  it('mirrors the panes in the Arabic UI, tags and uncertain words included', async () => {
    const page = await signedIn(adminCredentials, 'ar');
    await page.evaluate(() => localStorage.setItem('sijill.lang', 'ar'));
    await page.goto(`${server.url}/documents/${doc.documentId}?page=1`);
    await page.locator('.seg-row').first().waitFor();
    expect(await page.locator('html').getAttribute('dir')).toBe('rtl');
    const box = async (sel: string) => (await page.locator(sel).first().boundingBox())!;
    expect((await box('.pane-scan')).x).toBeGreaterThan((await box('.pane-lines')).x);
    expect((await box('.seg-row .seg-ar')).x).toBeGreaterThan((await box('.seg-row .seg-en')).x);
    await page.locator(`#seg-${doc.lines[0]![6]}-text`).focus();
    await page.keyboard.press('Alt+KeyH');
    await page.locator('.history').waitFor();
    await page.screenshot({ path: screenshotPath('editor-ar') });

    // On a narrow screen the panes stack: the scan above the lines, Arabic above English.
    await page.keyboard.press('Escape');
    await page.setViewportSize({ width: 700, height: 1000 });
    await expect.poll(async () => (await box('.pane-scan')).y < (await box('.pane-lines')).y).toBe(true);
    expect((await box('.seg-row .seg-ar')).y).toBeLessThan((await box('.seg-row .seg-en')).y);
    await page.screenshot({ path: screenshotPath('editor-narrow-ar') });
    await page.context().close();
  });
});
