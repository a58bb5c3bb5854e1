import { createRoute, z } from '@hono/zod-openapi';
import { sql } from 'drizzle-orm';
import { jsonContent } from './schemas';
import { publicRouter } from './router';

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags: ['meta'],
  responses: {
    200: jsonContent(z.object({ ok: z.boolean(), database: z.enum(['embedded', 'postgres']) }), 'Up'),
    503: jsonContent(z.object({ ok: z.boolean(), database: z.enum(['embedded', 'postgres']) }), 'Database unreachable'),
  },
});

export const healthRoutes = publicRouter().openapi(healthRoute, async (c) => {
  const { db, kind } = c.var.deps.database;
  try {
    await db.execute(sql`SELECT 1`);
    return c.json({ ok: true, database: kind }, 200);
  } catch {
    return c.json({ ok: false, database: kind }, 503);
  }
});
