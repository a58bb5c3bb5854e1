// Tags (mentions): a line's or a document's tags, tagging a span, deciding a suggestion.
import type { InferResponseType } from 'hono/client';
import { client, ok, type Api } from './client.ts';

export type Mention = InferResponseType<Api['mentions']['$get'], 200>['mentions'][number];
export type MentionKind = Mention['kind'];
export type MentionField = Mention['field'];

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
