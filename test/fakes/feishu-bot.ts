// A bot wired to the fake Feishu Open API: the demo organisation plus Feishu identities and three
// Feishu groups, webhook mode with an Encrypt Key and a Verification Token.
import { loadYamlFile } from '../../src/config/load-yaml';
import { organisationSchema, type Organisation } from '../../src/core/org/schema';
import type { Playbook } from '../../src/core/playbook/schema';
import { startBot, type TestBot } from '../helpers/runtime';
import { FakeFeishuApi } from './feishu-api';
import { feishuRequest } from './feishu-events';
import { afterEach, expect } from 'vitest';
import { outbox, urgentPushes } from '../../src/db/schema';
import type { Logger } from '../../src/logger';
import type { WebOptions } from '../../src/server/workspace/settings';

export const ENCRYPT_KEY = 'test-encrypt-key';
export const VERIFICATION_TOKEN = 'test-verification-token';
export const FEISHU_CHATS = { command: 'oc_command', cyber: 'oc_cyber', all: 'oc_all' } as const;

const fakes: FakeFeishuApi[] = [];
afterEach(() => {
  while (fakes.length > 0) fakes.pop()!.stop();
});

export type FeishuTestBot = TestBot & {
  api: FakeFeishuApi;
  /** Delivers everything queued (urgent pushes too), waiting out the platform's rate limits as the drain does. */
  deliverAll(): Promise<void>;
  /** Posts a payload to /webhook/feishu, encrypted and signed like the platform unless told otherwise. */
  post(
    payload: unknown,
    opts?: { encryptKey?: string | null; serialise?: (o: unknown) => string; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any }>;
};

export async function startFeishuBot(
  options: {
    encryptKey?: string | undefined;
    mode?: 'webhook' | 'ws';
    httpTimeoutMs?: number;
    logger?: Logger;
    web?: WebOptions;
    /** Changes the organisation before the bot starts (more groups, more people); the fake learns its chats and members. */
    extend?: (org: Organisation) => void;
    /** Runs before the bot starts (e.g. to give the fake a long-connection server). */
    beforeStart?: (api: FakeFeishuApi) => Promise<void> | void;
    restartDelaysMs?: readonly number[];
    /** Instead of the shipped playbook. */
    playbook?: Playbook;
  } = {
    encryptKey: ENCRYPT_KEY,
  },
): Promise<FeishuTestBot> {
  const encryptKey = 'encryptKey' in options ? options.encryptKey : ENCRYPT_KEY;
  const api = await new FakeFeishuApi().start();
  fakes.push(api);
  const org = loadYamlFile('config/organisation.yaml', organisationSchema);
  for (const m of org.members) m.ids.feishu = `ou_${m.key}`;
  // The bot and every member of the organisation are in the three groups.
  for (const chat of Object.values(FEISHU_CHATS)) {
    api.chats.add(chat);
    api.addMembers(
      chat,
      org.members.map((m) => m.ids.feishu!),
    );
  }
  org.groups.push(
    { key: 'fs-command', name: '飞书指挥中心', platform: 'feishu', chatId: FEISHU_CHATS.command, purpose: 'command' },
    { key: 'fs-cyber', name: '飞书网信群', platform: 'feishu', chatId: FEISHU_CHATS.cyber, purpose: 'department', department: 'cyber' },
    { key: 'fs-all', name: '飞书全员群', platform: 'feishu', chatId: FEISHU_CHATS.all, purpose: 'broadcast' },
  );
  if (options.extend) {
    options.extend(org);
    // Every Feishu group of the organisation has the bot and every Feishu member in it.
    const everyone = org.members.flatMap((m) => (m.ids.feishu ? [m.ids.feishu] : []));
    for (const g of org.groups.filter((g) => g.platform === 'feishu')) {
      api.chats.add(g.chatId);
      api.addMembers(g.chatId, everyone);
    }
  }
  const bot = startBot({
    overrides: {
      ...(options.logger ? { logger: options.logger } : {}),
      ...(options.web ? { web: options.web } : {}),
      organisation: { value: org },
      ...(options.playbook ? { playbook: { value: options.playbook } } : {}),
      platforms: {
        feishu: {
          appId: api.appId,
          appSecret: api.appSecret,
          encryptKey,
          verificationToken: VERIFICATION_TOKEN,
          domain: api.url,
          mode: options.mode ?? 'webhook',
          httpTimeoutMs: options.httpTimeoutMs,
          restartDelaysMs: options.restartDelaysMs,
        },
      },
    },
  });
  await options.beforeStart?.(api);
  await bot.start();
  return Object.assign(bot, {
    api,
    async deliverAll() {
      await expect
        .poll(
          async () => {
            await bot.drain.drain();
            const waiting = bot.core.db
              .select()
              .from(outbox)
              .all()
              .filter((r) => r.status === 'pending').length;
            return (
              waiting +
              bot.core.db
                .select()
                .from(urgentPushes)
                .all()
                .filter((p) => p.status === 'pending' || p.status === 'calling').length
            );
          },
          { timeout: 30_000, interval: 100 },
        )
        .toBe(0);
    },
    async post(payload: unknown, opts: { encryptKey?: string | null; serialise?: (o: unknown) => string; headers?: Record<string, string> } = {}) {
      const key = opts.encryptKey === null ? undefined : (opts.encryptKey ?? encryptKey);
      const req = feishuRequest(payload, { ...(key ? { encryptKey: key } : {}), ...(opts.serialise ? { serialise: opts.serialise } : {}) });
      const res = await bot.app.request('/webhook/feishu', { method: 'POST', headers: { ...req.headers, ...opts.headers }, body: new Uint8Array(req.body) });
      const text = await res.text();
      return { status: res.status, body: text ? JSON.parse(text) : undefined };
    },
  });
}
