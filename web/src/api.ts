// All data access of the web app: keyed query functions (cached and revalidated by
// @solidjs/router), the mutations that invalidate them, and the OCR progress stream.
// Components never call fetch themselves.
//
// Types come from the API's route definitions through Hono RPC (`hc<AppType>`); nothing
// here restates a response shape by hand.
import { query, revalidate } from '@solidjs/router';
import { hc, type InferRequestType, type InferResponseType } from 'hono/client';
import type { AppType } from '../../api/app';

const client = hc<AppType>('/');
type Api = typeof client.api;

export type Session = InferResponseType<Api['auth']['me']['$get'], 200>;
export type User = Session['user'];
export type Role = User['role'];
export type DocumentList = InferResponseType<Api['documents']['$get'], 200>;
export type DocumentSummary = DocumentList['documents'][number];
export type DocumentStatus = DocumentSummary['status'];
export type DocumentDetail = InferResponseType<Api['documents'][':id']['$get'], 200>;
export type Page = DocumentDetail['pages'][number];
export type PageOcrStatus = Page['ocrStatus'];
export type Segment = InferResponseType<Api['documents'][':id']['segments']['$get'], 200>['segments'][number];
export type SegmentStatus = Segment['status'];
export type Box = Segment['box'];
export type Word = Segment['words'][number];
export type SegmentVersion = InferResponseType<Api['segments'][':id']['versions']['$get'], 200>['versions'][number];
export type SegmentChange = InferRequestType<Api['segments'][':id']['$patch']>['json'];
export type Mention = InferResponseType<Api['mentions']['$get'], 200>['mentions'][number];
export type MentionKind = Mention['kind'];
export type MentionField = Mention['field'];
export type ReviewState = InferResponseType<Api['review']['documents'][':id']['$get'], 200>;
export type ReviewNoteRecord = ReviewState['notes'][number];
export type UploadResult = InferResponseType<Api['documents']['$post'], 200 | 201>;
/** One event of GET /api/documents/:id/progress (the stream itself is untyped text). */
export type Progress = Pick<DocumentSummary, 'pageCount' | 'pagesDone' | 'pagesFailed' | 'status'>;

/** A failed request, carrying the server's human message when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

let unauthorizedHandler: (() => void) | undefined;
/** Called when a request (other than `me`/`login`) finds the session gone. */
export function onUnauthorized(fn: () => void) {
  unauthorizedHandler = fn;
}

async function readError(res: { status: number; json(): Promise<unknown> }): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const b = (body ?? {}) as { error?: unknown; message?: unknown };
  const code = typeof b.error === 'string' ? b.error : `http_${res.status}`;
  // An empty message lets the UI fall back to a translated generic text.
  const message = typeof b.message === 'string' ? b.message : '';
  return new ApiError(res.status, code, message, body);
}

/**
 * Awaits a client call and narrows it to its successful responses; anything else becomes an
 * ApiError (status 0 when the server could not be reached).
 */
async function ok<R extends { ok: boolean; status: number; json(): Promise<unknown> }>(
  pending: Promise<R>,
  opts: { allow401?: boolean } = {},
): Promise<Extract<R, { ok: true }>> {
  let res: R;
  try {
    res = await pending;
  } catch (err) {
    if ((err as Error)?.name === 'AbortError') throw err;
    throw new ApiError(0, 'network', '');
  }
  if (!res.ok) {
    const error = await readError(res);
    if (res.status === 401 && !opts.allow401) unauthorizedHandler?.();
    throw error;
  }
  return res as Extract<R, { ok: true }>;
}

// ---------------------------------------------------------------- session

/** The signed-in user and what their role may do, or null when there is no session. */
export const getSession = query(async (): Promise<Session | null> => {
  try {
    const res = await ok(client.api.auth.me.$get(), { allow401: true });
    return await res.json();
  } catch (err) {
    if (err instanceof ApiError && err.status === 401) return null;
    throw err;
  }
}, 'session');

/** The signed-in user, or null when there is no session. */
export const getMe = query(async (): Promise<User | null> => (await getSession())?.user ?? null, 'me');

export async function login(email: string, password: string): Promise<User> {
  const res = await ok(client.api.auth.login.$post({ json: { email, password } }), {
    allow401: true,
  });
  const { user } = await res.json();
  // Everything cached belonged to no one (or someone else): refetch all of it. Not
  // query.clear(), which would also drop the entries live components are subscribed to.
  await revalidate();
  return user;
}

export async function logout(): Promise<void> {
  try {
    await ok(client.api.auth.logout.$post(), { allow401: true });
  } finally {
    await revalidate([getSession.key, getMe.key]);
  }
}

// ---------------------------------------------------------------- documents

export const getDocuments = query(
  async (offset: number, limit: number): Promise<DocumentList> =>
    (await ok(client.api.documents.$get({ query: { limit, offset } }))).json(),
  'documents',
);

export const getDocument = query(
  async (id: number): Promise<DocumentDetail> => (await ok(client.api.documents[':id'].$get({ param: { id } }))).json(),
  'document',
);

export const getSegments = query(
  async (documentId: number): Promise<Segment[]> =>
    (await (await ok(client.api.documents[':id'].segments.$get({ param: { id: documentId } }))).json()).segments,
  'segments',
);

export const getSegmentVersions = query(
  async (segmentId: number): Promise<SegmentVersion[]> =>
    (await (await ok(client.api.segments[':id'].versions.$get({ param: { id: segmentId } }))).json()).versions,
  'segmentVersions',
);

/** A line's history, always from the server (it changes with every save). */
export async function getSegmentVersionsFresh(segmentId: number): Promise<SegmentVersion[]> {
  return (await (await ok(client.api.segments[':id'].versions.$get({ param: { id: segmentId } }))).json()).versions;
}

export interface UploadInput {
  file: File;
  title?: string;
  collection?: string;
}

/** `created: false` means the same bytes were uploaded before; `document` is the existing one. */
export async function uploadDocument(input: UploadInput): Promise<UploadResult> {
  const form: { file: File; title?: string; collection?: string } = { file: input.file };
  if (input.title?.trim()) form.title = input.title.trim();
  if (input.collection?.trim()) form.collection = input.collection.trim();
  const result = await (await ok(client.api.documents.$post({ form }))).json();
  await revalidate(getDocuments.key);
  return result;
}

// ---------------------------------------------------------------- segments

export type SaveResult = { kind: 'saved'; segment: Segment } | { kind: 'conflict'; current: Segment; message: string };

/**
 * Saves a change made on top of `change.version`. A 409 is not an error here: it is returned
 * as a conflict with the server's current segment so the editor can let the user decide.
 */
export async function saveSegment(id: number, change: SegmentChange): Promise<SaveResult> {
  let res;
  try {
    res = await client.api.segments[':id'].$patch({ param: { id }, json: change });
  } catch {
    throw new ApiError(0, 'network', '');
  }
  if (res.status === 409) {
    const body = await res.json();
    return { kind: 'conflict', current: body.current, message: body.message };
  }
  const { segment } = await (await ok(Promise.resolve(res))).json();
  return { kind: 'saved', segment };
}

/** Sets a line's status (accept a line: corrected / translated; mark it reviewed). */
export function setSegmentStatus(id: number, version: number, status: NonNullable<SegmentChange['status']>) {
  return saveSegment(id, { version, status });
}

/** Split a line at UTF-16 offsets of its text (and translation); returns both halves. */
export async function splitSegment(
  id: number,
  input: { version: number; textOffset: number; translationOffset?: number },
): Promise<{ first: Segment; second: Segment }> {
  return (await ok(client.api.segments[':id'].split.$post({ param: { id }, json: input }))).json();
}

/** Join a line with the next one; the next is deleted (kept in history). */
export async function mergeSegments(id: number, input: { version: number; nextId: number; nextVersion: number }): Promise<Segment> {
  return (await (await ok(client.api.segments[':id'].merge.$post({ param: { id }, json: input }))).json()).segment;
}

/** Delete a line; its history stays and it can be restored. */
export async function deleteSegment(id: number, version: number): Promise<Segment> {
  return (await (await ok(client.api.segments[':id'].$delete({ param: { id }, query: { version } }))).json()).segment;
}

/** Restore an earlier version's text and translation as a new version. */
export async function restoreSegment(id: number, version: number, restore: number): Promise<Segment> {
  return (await (await ok(client.api.segments[':id'].restore.$post({ param: { id }, json: { version, restore } }))).json()).segment;
}

/** Add a line the OCR missed, by its box on the scan (page pixels). */
export async function addSegment(pageId: number, input: { box: Box; text?: string; translation?: string }): Promise<Segment> {
  return (await (await ok(client.api.pages[':id'].segments.$post({ param: { id: pageId }, json: input }))).json()).segment;
}

/** Mark a page as a photograph of a person (blurred until revealed), or unmark it. */
export async function setPageSensitive(documentId: number, pageId: number, sensitive: boolean) {
  await ok(client.api.pages[':id'].$patch({ param: { id: pageId }, json: { sensitive } }));
  await revalidate(getDocument.keyFor(documentId));
}

/** After a structural change (split, merge, delete, add, restore): refetch the lines. */
export function revalidateSegments(documentId: number) {
  return revalidate([getSegments.keyFor(documentId), getDocuments.key]);
}

// ---------------------------------------------------------------- tags (mentions)

export async function listMentions(query: { documentId?: number; segmentId?: number }): Promise<Mention[]> {
  const q: { documentId?: string; segmentId?: string } = {};
  if (query.documentId) q.documentId = String(query.documentId);
  if (query.segmentId) q.segmentId = String(query.segmentId);
  return (await (await ok(client.api.mentions.$get({ query: q }))).json()).mentions;
}

export async function createMention(input: {
  segmentId: number;
  segmentVersion: number;
  field: MentionField;
  start: number;
  end: number;
  kind: MentionKind;
}): Promise<Mention> {
  return (await (await ok(client.api.mentions.$post({ json: input }))).json()).mention;
}

export async function changeMention(id: number, input: { segmentVersion: number; kind: MentionKind }): Promise<Mention> {
  return (await (await ok(client.api.mentions[':id'].$patch({ param: { id }, json: input }))).json()).mention;
}

export async function decideMention(id: number, decision: 'accept' | 'reject'): Promise<Mention> {
  const route = decision === 'accept' ? client.api.mentions[':id'].accept : client.api.mentions[':id'].reject;
  return (await (await ok(route.$post({ param: { id }, json: {} }))).json()).mention;
}

export async function removeMention(id: number): Promise<void> {
  await ok(client.api.mentions[':id'].$delete({ param: { id } }));
}

// ---------------------------------------------------------------- review

export const getReviewState = query(
  async (documentId: number): Promise<ReviewState> =>
    (await ok(client.api.review.documents[':id'].$get({ param: { id: documentId } }))).json(),
  'reviewState',
);

function afterReview(documentId: number) {
  return revalidate([getReviewState.keyFor(documentId), getSegments.keyFor(documentId), getDocument.keyFor(documentId), getDocuments.key]);
}

/** Approve or return one line (a return needs a comment), at the version the reviewer saw. */
export async function decideLine(
  documentId: number,
  segmentId: number,
  input: { action: 'approve' | 'return'; version: number; comment?: string },
): Promise<void> {
  await ok(client.api.review.segments[':id'].$post({ param: { id: segmentId }, json: input }));
  await afterReview(documentId);
}

/** Approve every line of a page, or return the page with a comment. */
export async function decidePage(
  documentId: number,
  pageId: number,
  input: { action: 'approve' | 'return'; comment?: string },
): Promise<void> {
  await ok(client.api.review.pages[':id'].$post({ param: { id: pageId }, json: input }));
  await afterReview(documentId);
}

/** Send a document in progress to review. */
export async function submitForReview(documentId: number): Promise<void> {
  await ok(client.api.review.documents[':id'].submit.$post({ param: { id: documentId } }));
  await afterReview(documentId);
}

// ---------------------------------------------------------------- OCR progress

export function isOcrActive(status: DocumentStatus): boolean {
  return status === 'ocr_pending' || status === 'ocr_running';
}

/**
 * Reads the document's progress event stream until the server ends it (OCR finished) or
 * `signal` aborts. Read with fetch rather than EventSource: EventSource reconnects by itself
 * after the server closes a finished stream and cannot be told the stream is done.
 */
export async function streamProgress(documentId: number, onProgress: (p: Progress) => void, signal: AbortSignal): Promise<void> {
  // The route streams text, so its RPC response type is opaque: read it as a plain Response.
  const res = (await client.api.documents[':id'].progress.$get(
    { param: { id: documentId } },
    { init: { signal }, headers: { accept: 'text/event-stream' } },
  )) as unknown as Response;
  if (!res.ok) throw await readError(res);
  if (!res.body) return;
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let end: number;
    while ((end = buffer.search(/\r?\n\r?\n/)) >= 0) {
      const event = buffer.slice(0, end);
      buffer = buffer.slice(end).replace(/^\r?\n\r?\n/, '');
      const data = event
        .split(/\r?\n/)
        .filter((l) => l.startsWith('data:'))
        .map((l) => l.slice(5).replace(/^ /, ''))
        .join('\n');
      if (!data) continue;
      try {
        onProgress(JSON.parse(data) as Progress);
      } catch {
        // A malformed event is skipped; the next one carries the full state again.
      }
    }
  }
}

/** Refetch a document's pages and lines (a page's OCR finished while it is open). */
export function revalidatePages(documentId: number) {
  return revalidate([getDocument.keyFor(documentId), getSegments.keyFor(documentId)]);
}

/** Refetch what OCR progress changes. */
export function revalidateDocument(documentId: number) {
  return revalidate([getDocuments.key, getDocument.keyFor(documentId), getSegments.keyFor(documentId)]);
}

// ---------------------------------------------------------------- search and research

export type SearchQuery = InferRequestType<Api['search']['lines']['$get']>['query'];
export type SearchFacetsQuery = InferRequestType<Api['search']['facets']['$get']>['query'];
export type SearchLines = InferResponseType<Api['search']['lines']['$get'], 200>;
export type SearchFacets = InferResponseType<Api['search']['facets']['$get'], 200>;
export type SearchHit = SearchLines['hits'][number];
export type FacetCount = SearchFacets['facets'][string][number];
export type SearchAggregates = InferResponseType<Api['search']['aggregates']['$get'], 200>;
export type AggregatesQuery = InferRequestType<Api['search']['aggregates']['$get']>['query'];

/**
 * Typing fires a search per pause; a request that a newer one of the same kind has replaced is
 * cancelled so the server and the connection only work for the words on screen.
 */
function latestOnly<P, R>(name: string, fetcher: (params: P, signal: AbortSignal) => Promise<R>) {
  let inFlight: { key: string; controller: AbortController } | undefined;
  const cached = query(async (params: P): Promise<R> => {
    const key = cached.keyFor(params);
    if (inFlight && inFlight.key !== key) {
      inFlight.controller.abort();
      // The cancelled entry must not be served from the cache when the user types back to it.
      void revalidate(inFlight.key, true);
    }
    const controller = new AbortController();
    inFlight = { key, controller };
    try {
      return await fetcher(params, controller.signal);
    } finally {
      if (inFlight?.controller === controller) inFlight = undefined;
    }
  }, name);
  return cached;
}

/**
 * The page of matching lines with highlights and "did you mean": what a person waits for after a
 * keystroke. Totals and facets come from `getSearchFacets`, asked at the same time and drawn when
 * they arrive (a new page of results does not ask for them again).
 */
export const getSearchLines = latestOnly('searchLines', async (params: SearchQuery, signal): Promise<SearchLines> =>
  (await ok(client.api.search.lines.$get({ query: params }, { init: { signal } }))).json(),
);

/** Totals and documents per facet value for a query and its filters. */
export const getSearchFacets = latestOnly('searchFacets', async (params: SearchFacetsQuery, signal): Promise<SearchFacets> =>
  (await ok(client.api.search.facets.$get({ query: params }, { init: { signal } }))).json(),
);

/** Where the browser downloads every matching line as CSV (the session cookie goes along). */
export function searchExportUrl(params: SearchQuery): string {
  const flat = Object.entries(params).filter((kv): kv is [string, string] => typeof kv[1] === 'string' && kv[1] !== '');
  return `/api/search/export.csv?${new URLSearchParams(flat)}`;
}

/** Counts for the research view: documents over time, by unit, person and place. */
export const getAggregates = query(
  async (params: AggregatesQuery): Promise<SearchAggregates> => (await ok(client.api.search.aggregates.$get({ query: params }))).json(),
  'searchAggregates',
);

// ---------------------------------------------------------------- entity register

export type EntityList = InferResponseType<Api['entities']['$get'], 200>;
export type Entity = EntityList['entities'][number];
export type EntityKind = Entity['kind'];
export type EntityPage = InferResponseType<Api['entities'][':id']['$get'], 200>;
export type EntityMentions = InferResponseType<Api['entities'][':id']['mentions']['$get'], 200>;
export type EntityMention = EntityMentions['mentions'][number];
export type EntityTranslations = InferResponseType<Api['entities'][':id']['translations']['$get'], 200>;
export type EntityChange = InferRequestType<Api['entities'][':id']['$patch']>['json'];

export const getEntities = query(async (params: { kind?: EntityKind; q?: string; offset: number; limit: number }): Promise<EntityList> => {
  const q: InferRequestType<Api['entities']['$get']>['query'] = { limit: params.limit, offset: params.offset };
  if (params.kind) q.kind = params.kind;
  if (params.q?.trim()) q.q = params.q.trim();
  return (await ok(client.api.entities.$get({ query: q }))).json();
}, 'entities');

export const getEntity = query(
  async (id: number): Promise<EntityPage> => (await ok(client.api.entities[':id'].$get({ param: { id }, query: {} }))).json(),
  'entity',
);

export const getEntityMentions = query(
  async (id: number, offset: number, limit: number): Promise<EntityMentions> =>
    (await ok(client.api.entities[':id'].mentions.$get({ param: { id }, query: { offset, limit } }))).json(),
  'entityMentions',
);

export const getEntityTranslations = query(
  async (id: number): Promise<EntityTranslations> =>
    (await ok(client.api.entities[':id'].translations.$get({ param: { id }, query: {} }))).json(),
  'entityTranslations',
);

function revalidateEntities() {
  return revalidate([
    getEntities.key,
    getEntity.key,
    getEntityMentions.key,
    getEntityTranslations.key,
    getSearchLines.key,
    getSearchFacets.key,
  ]);
}

/** Rename or edit an entity; its old canonical names stay as aliases. */
export async function updateEntity(id: number, change: EntityChange): Promise<Entity> {
  const { entity } = await (await ok(client.api.entities[':id'].$patch({ param: { id }, json: change }))).json();
  await revalidateEntities();
  return entity;
}

/** Merge entity `id` into `intoId`: aliases kept, every mention moved. */
export async function mergeEntity(id: number, intoId: number): Promise<{ entity: Entity; mentionsMoved: number }> {
  const result = await (await ok(client.api.entities[':id'].merge.$post({ param: { id }, json: { intoId } }))).json();
  await revalidateEntities();
  return result;
}

// ---------------------------------------------------------------- certification and custody

export type Certification = InferResponseType<Api['documents'][':id']['certifications']['$get'], 200>['certifications'][number];
// The route answers JSON or CSV; the JSON shape is the one with events.
export type Custody = Extract<InferResponseType<Api['documents'][':id']['custody']['$get'], 200>, { events: unknown }>;
export type CustodyEvent = Custody['events'][number];
export type Verification = InferResponseType<Api['verify'][':sha256']['$get'], 200>;
export type ReviewQueue = InferResponseType<Api['review']['queue']['$get'], 200>;
export type CertifyInput = InferRequestType<Api['documents'][':id']['certify']['$post']>['json'];
/** A line that keeps a document from being certified (from a refused certification). */
export type UnreviewedLine = { segmentId: number; pageNo: number; lineNo: number; status: string };

export const getCertifications = query(
  async (documentId: number): Promise<Certification[]> =>
    (await (await ok(client.api.documents[':id'].certifications.$get({ param: { id: documentId } }))).json()).certifications,
  'certifications',
);

export type CertificationPreview = InferResponseType<Api['documents'][':id']['certify']['preview']['$get'], 200>;

/** The declaration exactly as the server's template would print it now (nothing is stored). */
export const getCertificationPreview = query(
  async (documentId: number, place: string, credential: string): Promise<CertificationPreview> =>
    (
      await ok(
        client.api.documents[':id'].certify.preview.$get({
          param: { id: documentId },
          query: { place, ...(credential ? { credential } : {}) },
        }),
      )
    ).json(),
  'certificationPreview',
);

export type CertifyResult =
  { kind: 'certified'; certification: Certification } | { kind: 'unreviewed'; message: string; unreviewed: UnreviewedLine[] };

/** Certify the document as it is now; a refusal because of unreviewed lines lists them. */
export async function certifyDocument(documentId: number, input: CertifyInput): Promise<CertifyResult> {
  try {
    const { certification } = await (
      await ok(client.api.documents[':id'].certify.$post({ param: { id: documentId }, json: input }))
    ).json();
    await revalidate([getCertifications.keyFor(documentId), getDocument.keyFor(documentId), getDocuments.key]);
    return { kind: 'certified', certification };
  } catch (err) {
    if (err instanceof ApiError && err.code === 'unreviewed_lines') {
      const body = err.body as { unreviewed?: UnreviewedLine[] };
      return { kind: 'unreviewed', message: err.message, unreviewed: body.unreviewed ?? [] };
    }
    throw err;
  }
}

/** Where the browser downloads a certified PDF exactly as issued (newest, or one certification). */
export function certifiedPdfUrl(documentId: number, certificationId?: number): string {
  return `/api/documents/${documentId}/certified.pdf${certificationId ? `?certification=${certificationId}` : ''}`;
}

export const getCustody = query(
  async (documentId: number): Promise<Custody> =>
    (await ok(client.api.documents[':id'].custody.$get({ param: { id: documentId }, query: {} }))).json() as Promise<Custody>,
  'custody',
);

export function custodyCsvUrl(documentId: number): string {
  return `/api/documents/${documentId}/custody?format=csv`;
}

export const getReviewQueue = query(async (): Promise<ReviewQueue> => (await ok(client.api.review.queue.$get())).json(), 'reviewQueue');

/** Public: whether a SHA-256 matches a certification (no session needed). */
export const getVerification = query(
  async (sha256: string): Promise<Verification> =>
    (await ok(client.api.verify[':sha256'].$get({ param: { sha256 } }), { allow401: true })).json(),
  'verification',
);
