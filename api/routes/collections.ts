import { createRoute, z } from '@hono/zod-openapi';
import { can, roleIn } from '../auth/permissions';
import type { SessionUser } from '../../db/queries/users';
import { changeCollection, createCollection, members, removeMember, setMember } from '../documents/collections';
import { listCollections, type CollectionRow } from '../../db/queries/collections';
import { roles } from '../../db/schema';
import { errorResponse, IdParam, jsonBody, jsonContent, maxId } from './schemas';
import { protectedRouter } from './router';

export const CollectionSchema = z
  .object({
    id: z.number(),
    name: z.string(),
    restricted: z.boolean(),
    createdAt: z.string(),
    documents: z.number(),
    members: z.number(),
    /** The caller's role in it (their global role unless the collection gives them another). */
    myRole: z.enum(roles),
    /** Whether the caller may restrict it and decide its members. */
    canManage: z.boolean(),
  })
  .openapi('Collection');

const memberRoles = roles.filter((r) => r !== 'admin') as [Exclude<(typeof roles)[number], 'admin'>, ...Array<Exclude<(typeof roles)[number], 'admin'>>];

const MemberSchema = z
  .object({
    userId: z.number(),
    email: z.string(),
    name: z.string(),
    globalRole: z.enum(roles),
    /** Their role in this collection; null: their global role applies. */
    role: z.enum(roles).nullable(),
    manager: z.boolean(),
    disabled: z.boolean(),
  })
  .openapi('CollectionMember');

const MemberParams = IdParam.extend({
  userId: z.coerce.number().int().positive().max(maxId).openapi({ param: { name: 'userId', in: 'path' }, example: 2 }),
});

const collectionErrors = {
  401: errorResponse('Not signed in'),
  403: errorResponse('Not an administrator or a manager of this collection'),
  404: errorResponse('No such collection, or one the caller may not read'),
};

const listRoute = createRoute({
  method: 'get',
  path: '/',
  tags: ['collections'],
  summary: 'The collections the caller may read, with their role in each',
  responses: { 200: jsonContent(z.object({ collections: z.array(CollectionSchema) }), 'By name'), 401: errorResponse('Not signed in') },
});

const createCollectionRoute = createRoute({
  method: 'post',
  path: '/',
  tags: ['collections'],
  summary: 'Create a collection (administrators)',
  request: { body: jsonBody(z.object({ name: z.string().trim().min(1).max(200), restricted: z.boolean().optional() })) },
  responses: {
    201: jsonContent(z.object({ collection: CollectionSchema }), 'Created'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not an administrator'),
    409: errorResponse('A collection of that name exists'),
  },
});

const changeRoute = createRoute({
  method: 'patch',
  path: '/{id}',
  tags: ['collections'],
  summary: 'Rename a collection, or restrict it to its members / open it to everyone (administrators, its managers)',
  request: { params: IdParam, body: jsonBody(z.object({ name: z.string().trim().min(1).max(200).optional(), restricted: z.boolean().optional() })) },
  responses: { 200: jsonContent(z.object({ collection: CollectionSchema }), 'As it is now'), ...collectionErrors, 409: errorResponse('A collection of that name exists') },
});

const membersRoute = createRoute({
  method: 'get',
  path: '/{id}/members',
  tags: ['collections'],
  summary: 'Who belongs to a collection, with their role in it (administrators, its managers)',
  request: { params: IdParam },
  responses: { 200: jsonContent(z.object({ members: z.array(MemberSchema) }), 'By email'), ...collectionErrors },
});

const setMemberRoute = createRoute({
  method: 'put',
  path: '/{id}/members/{userId}',
  tags: ['collections'],
  summary: 'Add a member or change their role in the collection (administrators, its managers)',
  description:
    '`role` replaces the member’s global role in this collection, higher or lower (a translator who is a `researcher` here reads its lines but does not change them); null: their global role applies. `manager`: they may manage it too.',
  request: { params: MemberParams, body: jsonBody(z.object({ role: z.enum(memberRoles).nullable(), manager: z.boolean().optional() })) },
  responses: { 200: jsonContent(z.object({ members: z.array(MemberSchema) }), 'The members now'), ...collectionErrors },
});

const removeMemberRoute = createRoute({
  method: 'delete',
  path: '/{id}/members/{userId}',
  tags: ['collections'],
  summary: 'Remove a member (administrators, its managers)',
  request: { params: MemberParams },
  responses: { 200: jsonContent(z.object({ removed: z.boolean(), members: z.array(MemberSchema) }), 'The members now'), ...collectionErrors },
});

export const collectionRoutes = protectedRouter()
  .openapi(listRoute, async (c) => {
    const user = c.var.user;
    return c.json({ collections: (await listCollections(c.var.deps.database.db, user)).map((row) => collectionOut(user, row)) }, 200);
  })
  .openapi(createCollectionRoute, async (c) => {
    const row = await createCollection(c.var.deps.database.db, c.var.user, c.req.valid('json'));
    return c.json({ collection: collectionOut(c.var.user, row) }, 201);
  })
  .openapi(changeRoute, async (c) => {
    const row = await changeCollection(c.var.deps.database.db, c.var.user, c.req.valid('param').id, c.req.valid('json'));
    return c.json({ collection: collectionOut(c.var.user, row) }, 200);
  })
  .openapi(membersRoute, async (c) => c.json({ members: await members(c.var.deps.database.db, c.var.user, c.req.valid('param').id) }, 200))
  .openapi(setMemberRoute, async (c) => {
    const { id, userId } = c.req.valid('param');
    const db = c.var.deps.database.db;
    await setMember(db, c.var.user, id, userId, c.req.valid('json'));
    return c.json({ members: await members(db, c.var.user, id) }, 200);
  })
  .openapi(removeMemberRoute, async (c) => {
    const { id, userId } = c.req.valid('param');
    const db = c.var.deps.database.db;
    const removed = await removeMember(db, c.var.user, id, userId);
    return c.json({ removed, members: await members(db, c.var.user, id) }, 200);
  });

/** A collection as the caller sees it: with their role in it and whether they manage it. */
function collectionOut(user: SessionUser, row: CollectionRow) {
  return { ...row, createdAt: row.createdAt.toISOString(), myRole: roleIn(user, row.id), canManage: can(user, 'collection.manage', row.id) };
}
