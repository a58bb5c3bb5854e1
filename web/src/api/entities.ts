// The entity register: people, units and places, their mentions and translations; rename, merge.
import { query, revalidate } from '@solidjs/router';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { client, ok, type Api } from './client.ts';
import { getAggregates, getSearchFacets, getSearchLines } from './search.ts';

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

/** The register's cached answers, asked again after a change to an entry or to what is linked to it. */
export function revalidateEntities() {
  return revalidate([
    getEntities.key,
    getEntity.key,
    getEntityMentions.key,
    getEntityTranslations.key,
    getSearchLines.key,
    getSearchFacets.key,
    getAggregates.key,
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
