import type { Role } from '../../db/schema';
import type { SessionUser } from '../../db/queries/users';
import { forbidden } from '../lib/errors';

/** Who may do what, in one table. Reading is governed by collections (db/queries/documents.ts). */
const allowed = {
  'document.upload': ['admin', 'translator', 'reviewer'],
  'segment.edit': ['admin', 'translator', 'reviewer'],
  'user.manage': ['admin'],
  'review.submit': ['admin', 'translator', 'reviewer'],
  'review.decide': ['admin', 'reviewer'],
  /** And the account's `canCertify` flag (api/certification/certify.ts). */
  'document.certify': ['admin', 'reviewer', 'legal'],
  'custody.read': ['admin', 'legal'],
  'tag.edit': ['admin', 'translator', 'reviewer'],
  'entity.edit': ['admin', 'translator', 'reviewer'],
  'entity.merge': ['admin', 'reviewer'],
} as const satisfies Record<string, readonly Role[]>;

export type Permission = keyof typeof allowed;

export function can(user: SessionUser, permission: Permission): boolean {
  return (allowed[permission] as readonly Role[]).includes(user.role);
}

const reasons: Record<Permission, string> = {
  'document.upload': 'Your role may not upload documents.',
  'segment.edit': 'Your role may read but not change transcriptions or translations.',
  'user.manage': 'Only administrators manage accounts.',
  'review.submit': 'Your role may not send documents to review.',
  'review.decide': 'Only reviewers approve or return lines.',
  'document.certify': 'Your role may not certify translations.',
  'custody.read': 'Only administrators and the legal team read the chain of custody.',
  'tag.edit': 'Your role may read tags but not add, change or decide them.',
  'entity.edit': 'Your role may read the register but not add to it or rename entries.',
  'entity.merge': 'Only reviewers and administrators merge entities.',
};

export function assertCan(user: SessionUser, permission: Permission): void {
  if (!can(user, permission)) throw forbidden(reasons[permission]);
}

/** Everything this user's role may do, for the web client to show or hide actions. */
export function permissionsOf(user: SessionUser): Permission[] {
  return (Object.keys(allowed) as Permission[]).filter((p) => can(user, p));
}
