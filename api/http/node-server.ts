import type { Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { serve } from '@hono/node-server';

export type HttpTimeouts = {
  /** A client must have sent its whole request line and headers within this time (slow-header attacks). */
  headersMs: number;
  /** …and its whole request, body included, within this one (an upload of MAX_UPLOAD_MB on a slow line must fit). */
  requestMs: number;
  /** A connection on which nothing moves for this long is closed (a body trickled byte by byte). */
  idleMs: number;
  /** How often Node checks the first two; they are only as precise as this. */
  checkEveryMs?: number;
};

/**
 * What Node answers by itself, before the app sees a request, as JSON like every other error:
 * headers or URL over Node's 16 KB limit (431), a request not received in time (408), bytes
 * that are not HTTP (400).
 */
function answerClientError(err: Error & { code?: string }, socket: Socket) {
  if (!socket.writable) return socket.destroy();
  const [status, reason, error, message] =
    err.code === 'HPE_HEADER_OVERFLOW'
      ? [431, 'Request Header Fields Too Large', 'too_large', 'The address or the headers are too long (over 16 KB).']
      : err.code === 'ERR_HTTP_REQUEST_TIMEOUT'
        ? [408, 'Request Timeout', 'timeout', 'The request was not received in time; the connection is closed.']
        : [400, 'Bad Request', 'bad_request', 'The request is not valid HTTP.'];
  const body = JSON.stringify({ error, message });
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
  );
}

/** The HTTP server for `fetch` (the Hono app), with timeouts for slow clients; resolves once it listens. */
export async function listen(fetch: (req: Request) => Response | Promise<Response>, opts: { port: number; hostname: string; timeouts: HttpTimeouts }) {
  const { headersMs, requestMs, idleMs, checkEveryMs = 1000 } = opts.timeouts;
  let server!: Server;
  const info = await new Promise<AddressInfo>((resolve) => {
    server = serve(
      {
        fetch,
        port: opts.port,
        hostname: opts.hostname,
        serverOptions: { headersTimeout: headersMs, requestTimeout: requestMs, connectionsCheckingInterval: checkEveryMs },
      },
      resolve,
    ) as Server;
  });
  server.setTimeout(idleMs, (socket) => socket.destroy());
  server.removeAllListeners('clientError');
  server.on('clientError', answerClientError);
  return { server, info };
}
