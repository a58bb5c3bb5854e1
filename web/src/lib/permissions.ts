import { createAsync } from '@solidjs/router';
import { getSession } from '../api.ts';

/**
 * What the signed-in user's role may do, as the server lists it (GET /api/auth/me). The UI only
 * hides actions the server would refuse anyway; the server checks again.
 */
export function usePermissions(): (permission: string) => boolean {
  const session = createAsync(() => getSession());
  return (permission) => session()?.permissions.includes(permission) ?? false;
}
