// Serves a Hono app on a free loopback port, for fakes of platform APIs and browser tests.
import { createServer, type AddressInfo } from 'node:net';
import { serve } from '@hono/node-server';
import type { Hono } from 'hono';

/** A port free on loopback now, for a server whose address must be known before it starts (PUBLIC_URL). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

export function listenOnLoopback(app: Pick<Hono<any>, 'fetch'>, port = 0): Promise<{ url: string; close: () => void }> {
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port, hostname: '127.0.0.1' }, (info: AddressInfo) => {
      resolve({ url: `http://127.0.0.1:${info.port}`, close: () => server.close() });
    });
  });
}

/** A fake platform server: `serve(app)` in start(), `stop()` when the test is done. */
export abstract class LoopbackFake {
  url = '';
  private close?: () => void;

  protected async serve(app: Pick<Hono<any>, 'fetch'>): Promise<void> {
    const listening = await listenOnLoopback(app);
    this.url = listening.url;
    this.close = listening.close;
  }

  stop(): void {
    this.close?.();
  }
}
