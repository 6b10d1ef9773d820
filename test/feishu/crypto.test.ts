// The official Feishu test vectors (docs/platforms/feishu.md, Receiving) and the request check built on them.
import { describe, expect, it } from 'vitest';
import { decryptEnvelope, safeEqual, signatureOf } from '../../adapters/feishu/crypto';
import { verifyFeishuRequest } from '../../adapters/feishu/verify';
import { encryptLikeFeishu } from '../fakes/feishu-events';

const F3 =
  'bZ3L7yh6m3Fkuffl4g+3uGjIHnhOm5fVZbKVuyT8t7tcd5ABMYm8l28/X900ZL3knZ7n+sCREu/H2WnIzft0amC7+xWqNH8o25IU63N4BnZWfHh+4hyG76QPd19vkw2bPJCx9aqxK8Nz+xqFNbk0RdgyWhmgd30jSxHtcQXAllkI7FMpGpOCteJad3bLXPDBQIV/xkCtKICCS7Z63gakpxZCLaRZ3qCXP1fapHh+LBIupxenrU6ysc7I3nHmjmKie41IiWwS5puG4zQHhVbq6KWLcgWm/3NBZOPQy53ucMu75SXA55I7jarVLZXWUcqBGrcgE3vouWbtwgZuzmoTQl0GSh5VYSVvpW992BuGxUWj0XjPYdICJm6Cr7xouNXwMcdb7N8caVdkdSZeEnswG19qSyDoQhklwzNGW0yiaayulBqJNjfge/G5V3401c2XaIuAeEIo+QQ4RSNpRGfnHkbu/j55FGQAGWjpuBNaIwZbaUoVP3NkGP+vM5rpEDe3sL2GN+Xsd+g9yBs7FqdMV8mXTGgLjCqjrPrke5/km76Q3Pe6KPs2YexMRG4MkSx3xUTzZnNn7zIzShPcjeSwBd2pxk6ht5N+fzueZdxl6Oo=';
const F3_PLAIN =
  '{"schema":"2.0","header":{"event_id":"f7984f25108f8137722bb63cee927e66","event_type":"contact.user.created_v3","app_id":"cli_xxxxxxxx","tenant_key":"xxxxxxx","create_time":"1603977298000000","token":"v"},"event":{"object":{"open_id":"ou_7dab8a3d3cdcc9da365777c7ad535d62","union_id":"on_576833b917gda3d939b9a3c2d53e72c8","user_id":"e33ggbyz","name":"张三","employee_no":"employee_no"}},"challenge":"1212","type":"url_verification"}';

describe('official vectors', () => {
  it('F1: "test key" decrypts to hello world', () => {
    expect(decryptEnvelope('test key', 'P37w+VZImNgPEO1RBhJ6RtKl7n6zymIbEG1pReEzghk=')).toBe('hello world');
  });
  it('F2: the SDK challenge vector decrypts to its challenge', () => {
    const plain = decryptEnvelope(
      'mazhe.nerd',
      'tT1xP+ovuc0T3b/rnZX3ax76exqAn0ANQ6/U45GcciC0mgNBc8JtvqOJGNAPMKpgRs2dVU1NYk9VDeqS8T4SYtU0hzNU54aS84WnxvZ3VFfDcy/RyABlNqlUiGyLDzFI0yxdCMT4KR/YEQXlt6nZi50KwRlZ+A75r645KesZuLMljezYyY8VeeXEVjPw35+e',
    );
    expect(JSON.parse(plain)).toEqual({
      challenge: '5634b122-c042-4634-bc7f-b07a3c3e77ad',
      token: 'iRdCP2WwXNBXRM3mGLqhrgch3cn0gbT6',
      type: 'url_verification',
    });
  });
  it('F3: the Go SDK vector decrypts byte for byte', () => {
    expect(decryptEnvelope('1212121212', F3)).toBe(F3_PLAIN);
  });
  it('signature over the F3 plaintext (the Go SDK test inputs; value computed, no official one exists)', () => {
    expect(signatureOf('timestamp', 'nonce', '1212121212', Buffer.from(F3_PLAIN, 'utf8'))).toBe(
      '4dca085198cb3216defc5b65b0668c1328b038a22dbadf2bc6c4fdc3d32bbc45',
    );
  });
  it('safeEqual compares whole strings of any length', () => {
    expect(safeEqual('abc', 'abc')).toBe(true);
    expect(safeEqual('abc', 'abd')).toBe(false);
    expect(safeEqual('abc', 'abcd')).toBe(false);
  });
});

/** A minute after the signing time used below (2026-11-21 09:00 Asia/Shanghai). */
const NOW = 1_795_222_800_000 + 60_000;

describe('verifyFeishuRequest', () => {
  const secrets = { encryptKey: 'k3y', verificationToken: 'vt' };
  const event = { schema: '2.0', header: { event_id: 'e1', event_type: 'im.message.receive_v1', token: 'vt' }, event: {} };
  function signed(plain: string, key = 'k3y', tweak = (raw: string) => raw) {
    const raw = Buffer.from(tweak(JSON.stringify({ encrypt: encryptLikeFeishu(key, plain) })), 'utf8');
    const headers = {
      'x-lark-request-timestamp': '1795222800',
      'x-lark-request-nonce': 'n0nce',
      'x-lark-signature': signatureOf('1795222800', 'n0nce', key, raw),
    };
    return { raw, headers };
  }

  it('accepts an encrypted, signed event and returns the plaintext payload', () => {
    const { raw, headers } = signed(JSON.stringify(event));
    expect(verifyFeishuRequest(raw, headers, secrets, NOW)).toEqual({ ok: true, payload: event });
  });

  it('verifies the raw bytes: extra spaces in the body do not matter', () => {
    const { raw, headers } = signed(JSON.stringify(event), 'k3y', (r) => r.replace('{', '{ ').replace(':', ' : '));
    expect(JSON.stringify(JSON.parse(raw.toString()))).not.toBe(raw.toString());
    expect(verifyFeishuRequest(raw, headers, secrets, NOW).ok).toBe(true);
  });

  it('rejects a bad or missing signature, a wrong key, a wrong token, plain bodies and garbage', () => {
    const { raw, headers } = signed(JSON.stringify(event));
    expect(verifyFeishuRequest(raw, { ...headers, 'x-lark-signature': '0'.repeat(64) }, secrets, NOW)).toMatchObject({
      ok: false,
      status: 401,
      reason: 'bad X-Lark-Signature',
    });
    expect(verifyFeishuRequest(raw, { ...headers, 'x-lark-signature': undefined }, secrets, NOW)).toMatchObject({ ok: false, status: 401 });
    const other = signed(JSON.stringify(event), 'another key');
    expect(verifyFeishuRequest(other.raw, other.headers, secrets, NOW)).toMatchObject({ ok: false, status: 401 });
    const wrongToken = signed(JSON.stringify({ ...event, header: { ...event.header, token: 'nope' } }));
    expect(verifyFeishuRequest(wrongToken.raw, wrongToken.headers, secrets, NOW)).toMatchObject({ ok: false, status: 401, reason: 'wrong verification token' });
    expect(verifyFeishuRequest(Buffer.from(JSON.stringify(event)), {}, secrets, NOW)).toMatchObject({ ok: false, status: 401 });
    expect(verifyFeishuRequest(Buffer.from('not json'), {}, secrets, NOW)).toMatchObject({ ok: false, status: 400 });
    expect(verifyFeishuRequest(Buffer.from('[1,2]'), {}, secrets, NOW)).toMatchObject({ ok: false, status: 400 });
    expect(verifyFeishuRequest(Buffer.from(JSON.stringify({ encrypt: 'AAAA' })), headers, secrets, NOW)).toMatchObject({ ok: false, status: 401 });
  });

  it('refuses a signed request outside the 24 h window, and anything at all when no secret is configured', () => {
    const { raw, headers } = signed(JSON.stringify(event));
    expect(verifyFeishuRequest(raw, headers, secrets, NOW + 25 * 3600_000)).toMatchObject({
      ok: false,
      status: 401,
      reason: 'X-Lark-Request-Timestamp outside the accepted window',
    });
    expect(verifyFeishuRequest(raw, headers, secrets, NOW - 25 * 3600_000)).toMatchObject({ ok: false, status: 401 });
    expect(verifyFeishuRequest(raw, headers, secrets, NOW + 23 * 3600_000).ok).toBe(true);
    expect(verifyFeishuRequest(Buffer.from(JSON.stringify(event)), {}, {}, NOW)).toMatchObject({ ok: false, status: 401 });
  });

  it('checks the signature before decrypting: a forged body is refused without being decrypted', () => {
    const { headers } = signed(JSON.stringify(event));
    const forged = Buffer.from(JSON.stringify({ encrypt: 'AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=' }));
    expect(verifyFeishuRequest(forged, headers, secrets, NOW)).toMatchObject({ ok: false, status: 401, reason: 'bad X-Lark-Signature' });
  });

  it('URL verification: encrypted challenge needs no signature but the right token', () => {
    const challenge = JSON.stringify({ challenge: 'c-1', token: 'vt', type: 'url_verification' });
    const raw = Buffer.from(JSON.stringify({ encrypt: encryptLikeFeishu('k3y', challenge) }));
    expect(verifyFeishuRequest(raw, {}, secrets, NOW)).toMatchObject({ ok: true, payload: { challenge: 'c-1' } });
    const wrong = Buffer.from(JSON.stringify({ encrypt: encryptLikeFeishu('k3y', challenge.replace('"vt"', '"x"')) }));
    expect(verifyFeishuRequest(wrong, {}, secrets, NOW)).toMatchObject({ ok: false, status: 401 });
  });

  it('without an Encrypt Key: plain bodies pass on the token and a recent create_time; encrypted ones are refused', () => {
    const plainSecrets = { verificationToken: 'vt' };
    const recent = { ...event, header: { ...event.header, create_time: String(NOW - 60_000) } };
    expect(verifyFeishuRequest(Buffer.from(JSON.stringify(recent)), {}, plainSecrets, NOW).ok).toBe(true);
    expect(verifyFeishuRequest(Buffer.from(JSON.stringify(event)), {}, plainSecrets, NOW).ok).toBe(false);
    expect(verifyFeishuRequest(Buffer.from(JSON.stringify({ ...recent, header: { ...recent.header, token: 'x' } })), {}, plainSecrets, NOW).ok).toBe(false);
    const { raw, headers } = signed(JSON.stringify(event));
    expect(verifyFeishuRequest(raw, headers, plainSecrets, NOW)).toMatchObject({ ok: false, status: 400 });
  });
});

describe('decodeFeishu mentions', () => {
  it('replaces every @_user_N placeholder in one pass: @_user_1 is not matched inside @_user_10', async () => {
    const { decodeFeishu } = await import('../../adapters/feishu/decode');
    const mentions = Array.from({ length: 10 }, (_, i) => ({ key: `@_user_${i + 1}`, id: { open_id: i === 9 ? 'ou_bot' : `ou_${i + 1}` }, name: `N${i + 1}` }));
    const decoded = decodeFeishu(
      {
        schema: '2.0',
        header: { event_id: 'e', event_type: 'im.message.receive_v1' },
        event: {
          sender: { sender_id: { open_id: 'ou_s' }, sender_type: 'user' },
          message: {
            message_id: 'om_1',
            chat_id: 'oc_1',
            chat_type: 'group',
            message_type: 'text',
            content: JSON.stringify({ text: '@_user_10 转交 T3 @_user_1' }),
            mentions,
          },
        },
      },
      'ou_bot',
    );
    expect(decoded).toMatchObject({ kind: 'message', event: { text: '转交 T3 @N1', addressed: true } });
  });
});
