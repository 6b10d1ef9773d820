// The baseline for bench/startup: a bare Hono server on @hono/node-server answering /healthz,
// compiled and started exactly as Fenghuo is (esbuild bundle, `node file.js`).
import { serve } from '@hono/node-server';
import { Hono } from 'hono';

const app = new Hono();
app.get('/healthz', (c) => c.json({ ok: true }));
serve({ fetch: app.fetch, port: Number(process.env.PORT), hostname: '127.0.0.1' });
