// Accounts and access (issue 12): my API tokens and sign-out everywhere; for administrators the
// accounts; for administrators and managers the members of collections and their roles there.
import { query, revalidate } from '@solidjs/router';
import type { InferRequestType, InferResponseType } from 'hono/client';
import { client, ok, type Api } from './client.ts';

export type ApiToken = InferResponseType<Api['tokens']['$get'], 200>['tokens'][number];
export type Account = InferResponseType<Api['users']['$get'], 200>['users'][number];
export type NewAccount = InferRequestType<Api['users']['$post']>['json'];
export type AccountChange = InferRequestType<Api['users'][':id']['$patch']>['json'];
export type Collection = InferResponseType<Api['collections']['$get'], 200>['collections'][number];
export type Member = InferResponseType<Api['collections'][':id']['members']['$get'], 200>['members'][number];
export type MemberPlace = InferRequestType<Api['collections'][':id']['members'][':userId']['$put']>['json'];

export const getMyTokens = query(async (): Promise<ApiToken[]> => (await (await ok(client.api.tokens.$get({ query: {} }))).json()).tokens, 'myTokens');
export const getAccounts = query(async (): Promise<Account[]> => (await (await ok(client.api.users.$get())).json()).users, 'accounts');
export const getCollections = query(async (): Promise<Collection[]> => (await (await ok(client.api.collections.$get())).json()).collections, 'collections');
export const getMembers = query(
  async (id: number): Promise<Member[]> => (await (await ok(client.api.collections[':id'].members.$get({ param: { id } }))).json()).members,
  'collectionMembers',
);

/** A new token for me, shown once (`token`). */
export async function createToken(name: string, expiresAt?: string) {
  const created = await (await ok(client.api.tokens.$post({ json: { name, ...(expiresAt ? { expiresAt } : {}) } }))).json();
  await revalidate(getMyTokens.key);
  return created;
}

export async function revokeToken(id: number) {
  await ok(client.api.tokens[':id'].$delete({ param: { id } }));
  await revalidate(getMyTokens.key);
}

/** Ends every session and token of mine, this one included. */
export async function signOutEverywhere() {
  await ok(client.api.auth['logout-everywhere'].$post());
  await revalidate();
}

export async function changeMyPassword(currentPassword: string, newPassword: string) {
  return (await ok(client.api.auth.password.$post({ json: { currentPassword, newPassword } }), { allow401: true })).json();
}

export async function addAccount(input: NewAccount) {
  const added = await (await ok(client.api.users.$post({ json: input }))).json();
  await revalidate(getAccounts.key);
  return added;
}

export async function changeAccount(id: number, change: AccountChange) {
  await ok(client.api.users[':id'].$patch({ param: { id }, json: change }));
  await revalidate(getAccounts.key);
}

/** Resets a password with a one-time set-password token (returned once). */
export async function resetAccountPassword(id: number) {
  const reset = await (await ok(client.api.users[':id'].password.$post({ param: { id }, json: {} }))).json();
  await revalidate(getAccounts.key);
  return reset;
}

export async function createCollection(name: string, restricted: boolean) {
  await ok(client.api.collections.$post({ json: { name, restricted } }));
  await revalidate(getCollections.key);
}

export async function changeCollection(id: number, change: { restricted?: boolean; name?: string }) {
  await ok(client.api.collections[':id'].$patch({ param: { id }, json: change }));
  await revalidate(getCollections.key);
}

export async function setMember(id: number, userId: number, place: MemberPlace) {
  await ok(client.api.collections[':id'].members[':userId'].$put({ param: { id, userId }, json: place }));
  await revalidate([getMembers.key, getCollections.key]);
}

export async function removeMember(id: number, userId: number) {
  await ok(client.api.collections[':id'].members[':userId'].$delete({ param: { id, userId } }));
  await revalidate([getMembers.key, getCollections.key]);
}
