// Distinct, encrypted, signed im.message.receive_v1 requests, as Feishu would send them.
// Group messages that do not @mention the bot: each is verified, decrypted, decoded and its
// message id persisted before the answer, with no reply queued (so the load is ingest alone).
import { createCipheriv, createHash, randomBytes } from 'node:crypto';

export const BENCH_ENCRYPT_KEY = 'bench-encrypt-key';
export const BENCH_TOKEN = 'bench-verification-token';

export interface BenchRequest {
  body: string;
  headers: Record<string, string>;
}

export function makeRequests(n: number): BenchRequest[] {
  const key = createHash('sha256').update(BENCH_ENCRYPT_KEY).digest();
  const out: BenchRequest[] = [];
  for (let i = 0; i < n; i++) {
    const event = {
      schema: '2.0',
      header: {
        event_id: `bench-ev-${i}`,
        event_type: 'im.message.receive_v1',
        create_time: String(Date.now()),
        token: BENCH_TOKEN,
        app_id: 'cli_bench',
        tenant_key: 'tk',
      },
      event: {
        sender: { sender_id: { open_id: `ou_sender_${i % 200}` }, sender_type: 'user', tenant_key: 'tk' },
        message: {
          message_id: `om_bench_${i}`,
          create_time: String(Date.now()),
          chat_id: 'oc_bench',
          chat_type: 'group',
          message_type: 'text',
          content: JSON.stringify({ text: `第 ${i} 条：网传某地停水，大家怎么看` }),
        },
      },
    };
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', key, iv);
    const encrypt = Buffer.concat([iv, cipher.update(JSON.stringify(event), 'utf8'), cipher.final()]).toString('base64');
    const body = JSON.stringify({ encrypt });
    const timestamp = String(Math.floor(Date.now() / 1000));
    const nonce = randomBytes(8).toString('hex');
    const signature = createHash('sha256')
      .update(timestamp + nonce + BENCH_ENCRYPT_KEY)
      .update(body)
      .digest('hex');
    out.push({
      body,
      headers: { 'content-type': 'application/json', 'x-lark-request-timestamp': timestamp, 'x-lark-request-nonce': nonce, 'x-lark-signature': signature },
    });
  }
  return out;
}
