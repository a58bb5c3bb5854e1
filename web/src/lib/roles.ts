import type { Role } from '../api.ts';

// Which roles the server lets do what (api/auth/permissions.ts); the UI only hides actions the
// server would refuse anyway, and the server checks again.
const allowed = {
  'entity.edit': ['admin', 'translator', 'reviewer'],
  'entity.merge': ['admin', 'reviewer'],
  'document.certify': ['admin', 'reviewer', 'legal'],
  'custody.read': ['admin', 'legal'],
} as const satisfies Record<string, readonly Role[]>;

export type UiPermission = keyof typeof allowed;

export function roleMay(role: Role, permission: UiPermission): boolean {
  return (allowed[permission] as readonly Role[]).includes(role);
}
