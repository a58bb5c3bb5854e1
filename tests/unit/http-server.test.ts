/**
 * The HTTP server against clients that misbehave at the socket (issue 12): headers trickled
 * slowly are cut off, a body that stops moving is cut off, and what Node answers by itself
 * (headers over 16 KB) is JSON like every other error. A real socket, a trivial app, short timeouts.
 */
import type { Server } from 'node:http';
import { connect, type Socket } from 'node:net';
import { Hono } from 'hono';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listen } from '../../api/http/node-server';
import { maxUrlLength } from '../../api/http/text-input';

let server: Server;
let port: number;

beforeAll(async () => {
  const app = new Hono();
  app.get('/ok', (c) => c.json({ ok: true }));
  app.post('/echo', async (c) => c.json({ bytes: (await c.req.arrayBuffer()).byteLength }));
  app.get('*', (c) => (c.req.url.length > maxUrlLength ? c.json({ error: 'uri_too_long' }, 414) : c.json({ error: 'not_found' }, 404)));
  const started = await listen(app.fetch, { port: 0, hostname: '127.0.0.1', timeouts: { headersMs: 800, requestMs: 1500, idleMs: 1000, checkEveryMs: 200 } });
  server = started.server;
  port = started.info.port;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** Opens a socket, runs `send` on it, and resolves with everything the server wrote and when it closed. */
function converse(send: (socket: Socket) => void, giveUpMs = 6000) {
  return new Promise<{ text: string; closedAfterMs: number }>((resolve, reject) => {
    const started = Date.now();
    const socket = connect(port, '127.0.0.1', () => send(socket));
    let text = '';
    socket.on('data', (d) => (text += d.toString('utf8')));
    socket.on('error', () => {}); // a reset after the answer is fine
    socket.on('close', () => resolve({ text, closedAfterMs: Date.now() - started }));
    setTimeout(() => {
      socket.destroy();
      reject(new Error(`the server kept the connection open for ${giveUpMs} ms; got: ${text.slice(0, 200)}`));
    }, giveUpMs);
  });
}

describe('the HTTP server and slow or oversized clients', () => {
  it('cuts off a client that trickles its headers, with a JSON 408', async () => {
    let timer: NodeJS.Timeout | undefined;
    const { text, closedAfterMs } = await converse((socket) => {
      socket.write('GET /ok HTTP/1.1\r\nHost: x\r\n');
      let n = 0;
      timer = setInterval(() => socket.writable && socket.write(`X-Slow-${n++}: a\r\n`), 150);
    });
    clearInterval(timer);
    expect(text).toMatch(/^HTTP\/1\.1 408 /);
    expect(text).toMatch(/content-type: application\/json/i);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: 'timeout' });
    expect(closedAfterMs).toBeLessThan(3000);
  });

  it('cuts off a client whose body stops moving', async () => {
    const { text, closedAfterMs } = await converse((socket) => {
      socket.write('POST /echo HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 1000000\r\n\r\nfirst bytes');
    });
    expect(text).not.toMatch(/200 OK/);
    expect(closedAfterMs).toBeLessThan(4000);
  });

  it('answers headers over Node’s 16 KB limit with JSON (431), like every other error', async () => {
    const { text } = await converse((socket) => socket.write(`GET /ok?q=${'a'.repeat(20_000)} HTTP/1.1\r\nHost: x\r\n\r\n`));
    expect(text).toMatch(/^HTTP\/1\.1 431 /);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: 'too_large' });
  });

  it('answers bytes that are not HTTP with JSON (400)', async () => {
    const { text } = await converse((socket) => socket.write('NOT HTTP AT ALL\r\n\r\n'));
    expect(text).toMatch(/^HTTP\/1\.1 400 /);
    expect(JSON.parse(text.slice(text.indexOf('\r\n\r\n') + 4))).toMatchObject({ error: 'bad_request' });
  });

  it('still serves a well-behaved client', async () => {
    const res = await fetch(`http://127.0.0.1:${port}/ok`);
    expect(await res.json()).toEqual({ ok: true });
  });
});
