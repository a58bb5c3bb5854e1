// Tags (mentions): a line's or a document's tags, tagging a span, deciding a suggestion, and
// linking a tag to the register (an entry it may be, or a new one drafted from its line).
import type { InferRequestType, InferResponseType } from 'hono/client';
import { client, ok, type Api } from './client.ts';
import { revalidateEntities } from './entities.ts';

export type Mention = InferResponseType<Api['mentions']['$get'], 200>['mentions'][number];
export type MentionKind = Mention['kind'];
export type MentionField = Mention['field'];
export type RegisterMatches = InferResponseType<Api['mentions'][':id']['matches']['$get'], 200>;
export type RegisterMatch = RegisterMatches['matches'][number];
/** What accepting a tag may say about its entry: an existing one, or a new one with its forms. */
export type AcceptBody = NonNullable<InferRequestType<Api['mentions'][':id']['accept']['$post']>['json']>;

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

/** The register entries a tag may be, best first (with their mention counts), and a new entry drafted from its line. */
export async function getRegisterMatches(id: number): Promise<RegisterMatches> {
  return (await ok(client.api.mentions[':id'].matches.$get({ param: { id }, query: {} }))).json();
}

/**
 * Links a tag to a register entry (`entityId`) or to a new one (`newEntity`), accepting it; the
 * register and entity pages count it from then on, so their cached answers are asked again.
 */
export async function linkMention(id: number, body: AcceptBody): Promise<Mention> {
  const { mention } = await (await ok(client.api.mentions[':id'].accept.$post({ param: { id }, json: body }))).json();
  await revalidateEntities();
  return mention;
}

/** Sets which register entry a tag is, or none (the undo of a link puts back what it was). */
export async function setMentionEntry(id: number, input: { segmentVersion: number; entityId: number | null; normalized: string | null }): Promise<Mention> {
  const { mention } = await (await ok(client.api.mentions[':id'].$patch({ param: { id }, json: input }))).json();
  await revalidateEntities();
  return mention;
}

export async function removeMention(id: number): Promise<void> {
  await ok(client.api.mentions[':id'].$delete({ param: { id } }));
}
