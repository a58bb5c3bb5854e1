import { createRoute, z } from '@hono/zod-openapi';
import { verifyAuditChain } from '../audit/chain';
import { readCheckpoints, writeCheckpoint } from '../audit/checkpoints';
import { assertCan } from '../auth/permissions';
import { AppError } from '../lib/errors';
import { errorResponse, jsonContent } from './schemas';
import { protectedRouter } from './router';

const CheckpointSchema = z
  .object({
    type: z.literal('sijill.audit-checkpoint'),
    v: z.literal(1),
    seq: z.number(),
    hash: z.string(),
    at: z.string(),
    keyId: z.string().openapi({ description: 'SHA-256 of the signing public key (DER)' }),
    signature: z.string().openapi({ description: 'Ed25519, base64, over the canonical JSON of the other fields' }),
  })
  .openapi('AuditCheckpoint');

const verifyRoute = createRoute({
  method: 'get',
  path: '/verify',
  tags: ['audit'],
  summary: 'Check the whole audit chain against its signed checkpoints and the certifications (as `sijill audit verify`)',
  responses: {
    200: jsonContent(
      z.object({
        ok: z.boolean(),
        count: z.number().openapi({ description: 'Events verified (before the first bad one)' }),
        checkpoints: z.number().openapi({ description: 'Signed checkpoints the chain was held against' }),
        firstBadSeq: z.number().optional(),
        reason: z.string().optional(),
        publicKey: z.string().openapi({ description: 'The public key checkpoints are signed with (PEM)' }),
      }),
      'The result',
    ),
    403: errorResponse('Only administrators and the legal team'),
  },
});

const checkpointRoute = createRoute({
  method: 'post',
  path: '/checkpoints',
  tags: ['audit'],
  summary: 'Sign the chain’s head now and store the checkpoint; the answer is the checkpoint, to keep elsewhere (as `sijill audit checkpoint`)',
  responses: {
    201: jsonContent(z.object({ checkpoint: CheckpointSchema, publicKey: z.string() }), 'The checkpoint'),
    403: errorResponse('Only administrators and the legal team'),
    409: errorResponse('The chain is empty'),
  },
});

export const auditRoutes = protectedRouter()
  .openapi(verifyRoute, async (c) => {
    assertCan(c.var.user, 'audit.read');
    const { database, blobs, auditSigner } = c.var.deps;
    const result = await verifyAuditChain(database.db, { checkpoints: { stored: await readCheckpoints(blobs), publicKey: auditSigner.publicKey } });
    return c.json({ ...result, publicKey: auditSigner.publicKeyPem }, 200);
  })
  .openapi(checkpointRoute, async (c) => {
    assertCan(c.var.user, 'audit.read');
    const { database, blobs, auditSigner } = c.var.deps;
    const checkpoint = await writeCheckpoint({ db: database.db, blobs, signer: auditSigner });
    if (!checkpoint) throw new AppError(409, 'empty_chain', 'The audit chain is empty: there is nothing to sign yet.');
    return c.json({ checkpoint, publicKey: auditSigner.publicKeyPem }, 201);
  });
