import type { Role } from '../../db/schema';
import type { SessionUser } from '../../db/queries/users';
import { forbidden } from '../lib/errors';

/** Who may do what, in one table. Reading is governed by collections (db/queries/documents.ts). */
const allowed = {
  'document.upload': ['admin', 'translator', 'reviewer'],
  /** Title, archive reference, document date, notes, collection (moving out of a restricted collection: collection.manage too). */
  'document.edit': ['admin', 'translator', 'reviewer'],
  'segment.edit': ['admin', 'translator', 'reviewer'],
  'user.manage': ['admin'],
  'collection.manage': ['admin'],
  'review.submit': ['admin', 'translator', 'reviewer'],
  'review.decide': ['admin', 'reviewer'],
  /** And the account's `canCertify` flag. */
  'document.certify': ['admin', 'reviewer', 'legal'],
  'custody.read': ['admin', 'legal'],
  'audit.read': ['admin', 'legal'],
  'tag.edit': ['admin', 'translator', 'reviewer'],
  'entity.edit': ['admin', 'translator', 'reviewer'],
  'entity.merge': ['admin', 'reviewer'],
  /** Fill untranslated lines with translation-memory suggestions (a document or a collection). */
  'translation.pretranslate': ['admin', 'translator', 'reviewer'],
  /** Import a TMX memory into a collection. */
  'translation.import': ['admin', 'translator', 'reviewer'],
  /** Add, change, delete or import a collection's terms. */
  'term.edit': ['admin', 'translator', 'reviewer'],
  /** Certify despite QA errors, with a reason (audited); with `document.certify`. */
  'qa.override': ['admin', 'reviewer', 'legal'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof allowed;

/**
 * Permissions that act on one collection's documents: there, a member's role in the collection
 * (`collection_members.role`) replaces their global role, higher or lower. The others (accounts,
 * the audit chain, the shared register of people, units and places, creating collections) follow
 * the global role only. `collection.manage` on one collection is also given by being its manager.
 */
const inCollection = new Set<Permission>([
  'document.upload',
  'document.edit',
  'segment.edit',
  'review.submit',
  'review.decide',
  'document.certify',
  'custody.read',
  'tag.edit',
  'translation.pretranslate',
  'translation.import',
  'term.edit',
  'qa.override',
]);

/** The role that applies to this user in this collection: administrators are administrators everywhere. */
export function roleIn(user: SessionUser, collectionId: number): Role {
  if (user.role === 'admin') return 'admin';
  return user.memberships?.[collectionId]?.role ?? user.role;
}

const roleAllows = (role: Role, permission: Permission) => (allowed[permission] as readonly Role[]).includes(role);

/**
 * The one permission check. With `collectionId` (the collection of the document, line, tag or
 * term acted on): the user's role in that collection decides, and `collection.manage` is also
 * the collection's manager's. Without it, for a permission that acts in a collection: whether
 * the user may do it in some collection (their global role or a role they hold in one), so that
 * a request can be refused before anything is read; the thing acted on is then checked again
 * with its collection. `document.certify` also needs the account's `canCertify` flag.
 */
export function can(user: SessionUser, permission: Permission, collectionId?: number): boolean {
  if (permission === 'document.certify' && !user.canCertify) return false;
  if (collectionId !== undefined && permission === 'collection.manage') {
    return roleAllows(user.role, permission) || Boolean(user.memberships?.[collectionId]?.manager);
  }
  if (!inCollection.has(permission)) return roleAllows(user.role, permission);
  if (collectionId !== undefined) return roleAllows(roleIn(user, collectionId), permission);
  return roleAllows(user.role, permission) || Object.values(user.memberships ?? {}).some((m) => m.role !== null && roleAllows(m.role, permission));
}

const reasons: Record<Permission, string> = {
  'document.upload': 'Your role may not upload documents.',
  'document.edit': 'Your role may not change a document’s details.',
  'segment.edit': 'Your role may read but not change transcriptions or translations.',
  'user.manage': 'Only administrators manage accounts.',
  'collection.manage': 'Only administrators create collections; administrators and a collection’s managers decide who belongs to it.',
  'review.submit': 'Your role may not send documents to review.',
  'review.decide': 'Only reviewers approve or return lines.',
  'document.certify': 'Your role may not certify translations.',
  'custody.read': 'Only administrators and the legal team read the chain of custody.',
  'audit.read': 'Only administrators and the legal team check the audit chain.',
  'tag.edit': 'Your role may read tags but not add, change or decide them.',
  'entity.edit': 'Your role may read the register but not add to it or rename entries.',
  'entity.merge': 'Only reviewers and administrators merge entities.',
  'translation.pretranslate': 'Your role may not pre-translate documents.',
  'translation.import': 'Your role may not import translation memories.',
  'term.edit': 'Your role may read the termbase but not change it.',
  'qa.override': 'Your role may not certify over QA errors.',
};

export function assertCan(user: SessionUser, permission: Permission, collectionId?: number): void {
  if (can(user, permission, collectionId)) return;
  const role = collectionId === undefined ? user.role : roleIn(user, collectionId);
  if (permission === 'document.certify' && roleAllows(role, permission)) {
    throw forbidden('Your account is not allowed to certify translations. An administrator can grant it.');
  }
  if (collectionId !== undefined && role !== user.role) {
    throw forbidden(`${reasons[permission]} (Your role in this collection is ${role}.)`);
  }
  throw forbidden(reasons[permission]);
}

/**
 * Everything this user's role may do, for the web client to show or hide actions: somewhere
 * (GET /api/auth/me), or with `collectionId` in that collection — their role there — as a
 * document's detail reports it for that document.
 */
export function permissionsOf(user: SessionUser, collectionId?: number): Permission[] {
  return (Object.keys(allowed) as Permission[]).filter((p) => can(user, p, collectionId));
}

/**
 * What a route's id (in its path, query or body) names, and so which collection's rule applies
 * (`collection-read`: a collection named by `collectionId` that the caller must be able to read,
 * 404 otherwise, as a termbase or a memory export; `collection-path`: the same, named by the
 * path's `{id}`):
 * a document, page, line (segment) or tag (mention) belongs to its document's collection; an
 * upload names its collection; a register entry (entity) is seen as `entityVisibleTo` says
 * (db/queries/entities.ts); an export job (`export`) is its requester's (and administrators'),
 * and holds only what its requester could read.
 */
export type RouteTarget = 'document' | 'page' | 'segment' | 'mention' | 'entity' | 'collection' | 'collection-read' | 'collection-path' | 'export';

/**
 * How a route may be called:
 * - `public`: without an account;
 * - `signed-in`: any signed-in user or API token; with `permission`, only roles that have it
 *   (403 otherwise); with `target`, the thing the request names must be readable by the caller
 *   (404 otherwise, the same answer as for an id that does not exist; an upload into a
 *   collection the caller is not a member of gets 403).
 *
 * Lists and searches without a target return only what the caller may read.
 */
export type RouteAccess = { access: 'public' } | { access: 'signed-in'; permission?: Permission; target?: RouteTarget };

const anyone = { access: 'public' } as const;
const signedIn = { access: 'signed-in' } as const;
const reads = (target: RouteTarget) => ({ access: 'signed-in', target }) as const;
const needs = (permission: Permission, target?: RouteTarget) => ({ access: 'signed-in', permission, target }) as const;

/**
 * The permission table: every route of /api/openapi.json, keyed `METHOD /api/path/{param}`.
 * tests/api/permission-walk.test.ts calls each one as every role, as a member and a non-member
 * of a restricted collection and without credentials, and checks each answer against this
 * entry; a route missing here fails that test.
 */
export const routeAccess: Record<string, RouteAccess> = {
  'GET /api/health': anyone,
  'POST /api/auth/login': anyone,
  'POST /api/auth/logout': signedIn,
  'GET /api/auth/me': signedIn,
  'POST /api/auth/logout-everywhere': signedIn,
  'POST /api/auth/password': signedIn,
  // The one-time token in the body is the credential.
  'POST /api/auth/set-password': anyone,
  // Own tokens; `all=true` (everyone's) and other users' tokens need user.manage (checked in the route).
  'GET /api/tokens': signedIn,
  'POST /api/tokens': signedIn,
  'DELETE /api/tokens/{id}': signedIn,

  // Creating is global (administrators); the rest is per collection: administrators and its managers.
  'GET /api/collections': signedIn,
  'POST /api/collections': needs('collection.manage'),
  'PATCH /api/collections/{id}': needs('collection.manage', 'collection-path'),
  'GET /api/collections/{id}/members': needs('collection.manage', 'collection-path'),
  'PUT /api/collections/{id}/members/{userId}': needs('collection.manage', 'collection-path'),
  'DELETE /api/collections/{id}/members/{userId}': needs('collection.manage', 'collection-path'),

  'GET /api/users': needs('user.manage'),
  'POST /api/users': needs('user.manage'),
  'PATCH /api/users/{id}': needs('user.manage'),
  'POST /api/users/{id}/password': needs('user.manage'),

  'GET /api/documents': signedIn,
  'POST /api/documents': needs('document.upload', 'collection'),
  'GET /api/documents/{id}': reads('document'),
  'PATCH /api/documents/{id}': needs('document.edit', 'document'),
  'GET /api/documents/filters': signedIn,
  'GET /api/documents/{id}/segments': reads('document'),
  'GET /api/documents/{id}/progress': reads('document'),
  // Who else is in the document and the lines saved there: whoever may read it.
  'GET /api/documents/{id}/events': reads('document'),
  'POST /api/documents/{id}/presence': reads('document'),
  'POST /api/documents/{id}/certify': needs('document.certify', 'document'),
  'GET /api/documents/{id}/certify/preview': reads('document'),
  'GET /api/documents/{id}/certifications': reads('document'),
  'GET /api/documents/{id}/certified.pdf': reads('document'),
  'GET /api/documents/{id}/custody': needs('custody.read', 'document'),
  'GET /api/documents/{id}/export': reads('document'),
  'POST /api/documents/archive': needs('document.upload', 'collection'),
  // Collection exports: a collection the caller may read (404 otherwise), or a search, which
  // finds only what the caller may read; the job and its archive are the requester's.
  'POST /api/exports': reads('collection-read'),
  'GET /api/exports': signedIn,
  'GET /api/exports/{id}': reads('export'),
  'GET /api/exports/{id}/download': reads('export'),
  'GET /api/verify/{sha256}': anyone,
  'GET /api/audit/verify': needs('audit.read'),
  'POST /api/audit/checkpoints': needs('audit.read'),

  'GET /api/review/queue': signedIn,
  'GET /api/review/documents/{id}': reads('document'),
  'POST /api/review/documents/{id}/submit': needs('review.submit', 'document'),
  'POST /api/review/segments/{id}': needs('review.decide', 'segment'),
  'POST /api/review/pages/{id}': needs('review.decide', 'page'),

  'PATCH /api/pages/{id}': needs('segment.edit', 'page'),
  'POST /api/pages/{id}/segments': needs('segment.edit', 'page'),
  'GET /api/pages/{id}/image': reads('page'),
  'PATCH /api/segments/{id}': needs('segment.edit', 'segment'),
  'POST /api/segments/{id}/split': needs('segment.edit', 'segment'),
  'POST /api/segments/{id}/merge': needs('segment.edit', 'segment'),
  'DELETE /api/segments/{id}': needs('segment.edit', 'segment'),
  'POST /api/segments/{id}/restore': needs('segment.edit', 'segment'),
  'GET /api/segments/{id}': reads('segment'),
  'GET /api/segments/{id}/versions': reads('segment'),

  'GET /api/search': signedIn,
  'GET /api/search/lines': signedIn,
  'GET /api/search/facets': signedIn,
  'GET /api/search/export.csv': signedIn,
  'GET /api/search/aggregates': signedIn,

  'GET /api/entities': signedIn,
  'POST /api/entities': needs('entity.edit'),
  'GET /api/entities/{id}': reads('entity'),
  'PATCH /api/entities/{id}': needs('entity.edit', 'entity'),
  'GET /api/entities/{id}/mentions': reads('entity'),
  'POST /api/entities/{id}/merge': needs('entity.merge', 'entity'),
  'GET /api/entities/{id}/translations': reads('entity'),

  'GET /api/mentions': reads('document'),
  'POST /api/mentions': needs('tag.edit', 'segment'),
  'POST /api/mentions/suggest': needs('tag.edit', 'document'),
  'POST /api/mentions/annotate': signedIn,
  'PATCH /api/mentions/{id}': needs('tag.edit', 'mention'),
  'DELETE /api/mentions/{id}': needs('tag.edit', 'mention'),
  'POST /api/mentions/{id}/accept': needs('tag.edit', 'mention'),
  'POST /api/mentions/{id}/reject': needs('tag.edit', 'mention'),
  'GET /api/mentions/{id}/matches': reads('mention'),

  'GET /api/segments/{id}/translation-suggestion': reads('segment'),
  'GET /api/segments/{id}/qa': reads('segment'),
  'GET /api/documents/{id}/qa': reads('document'),
  'GET /api/documents/{id}/xliff': reads('document'),
  'POST /api/documents/{id}/xliff': needs('segment.edit', 'document'),
  // Suggestions come only from collections the caller may read (api/translation/service.ts).
  'POST /api/translation/suggest': signedIn,
  'POST /api/translation/pretranslate': needs('translation.pretranslate', 'document'),
  'GET /api/translation/jobs/{id}': reads('document'),
  'GET /api/translation/memory.tmx': reads('collection-read'),
  'POST /api/translation/memory.tmx': needs('translation.import', 'collection-read'),
  'GET /api/translation/terms': reads('collection-read'),
  'POST /api/translation/terms': needs('term.edit', 'collection-read'),
  'PATCH /api/translation/terms/{id}': needs('term.edit', 'collection-read'),
  'DELETE /api/translation/terms/{id}': needs('term.edit', 'collection-read'),
  'GET /api/translation/terms.csv': reads('collection-read'),
  'POST /api/translation/terms.csv': needs('term.edit', 'collection-read'),
};
