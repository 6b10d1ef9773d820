// The memory of accepted signatures behind POST /api/signals' replay refusal: a repeat inside the
// window is refused (whatever the case of its hex), it is forgotten once its timestamp has left the
// window, and a failed request's signature can be used again.
import { describe, expect, it } from 'vitest';
import { RecentSignatures } from '../../src/server/signals/replay';
import { signSignals, SIGNATURE_HEADER, verifySignalsRequest } from '../../src/server/signals/verify';

const WINDOW = 300_000;
const T0 = Date.UTC(2026, 10, 21, 1, 0, 0);

describe('recent signatures', () => {
  it('refuses a repeat within the window and forgets it after', () => {
    const recent = new RecentSignatures(WINDOW);
    expect(recent.claim('sha256=ab', T0, T0)).toBe(true);
    expect(recent.claim('sha256=AB', T0, T0 + WINDOW)).toBe(false);
    expect(recent.claim('sha256=cd', T0 + 1_000, T0 + WINDOW + 1)).toBe(true);
    // ab's timestamp has left the window: forgotten (the timestamp check refuses it by now anyway).
    expect(recent.size).toBe(1);
    expect(recent.claim('sha256=ab', T0, T0 + WINDOW + 2)).toBe(true);
  });

  it('lets a released signature be used again', () => {
    const recent = new RecentSignatures(WINDOW);
    recent.claim('sha256=ab', T0, T0);
    recent.release('sha256=AB');
    expect(recent.claim('sha256=ab', T0, T0 + 1)).toBe(true);
  });

  it('in verification: the same signed request twice is refused, upper-cased hex included; a refused one uses nothing up', () => {
    const config = { tokens: new Map([['monitor', 'monitor-token-0123456789']]), hmacSecret: 'hmac-secret-0123456789abcdef', toleranceSeconds: 300 };
    const body = new TextEncoder().encode('{"items":[]}');
    const headers = signSignals(config.hmacSecret, body, T0);
    const recent = new RecentSignatures(WINDOW);
    const verify = (h: Record<string, string>) => verifySignalsRequest(config, (n) => h[n], body, T0 + 1_000, recent);

    // A right signature beside a wrong token is refused, and does not use the signature up.
    expect(verify({ ...headers, authorization: 'Bearer wrong-token-0123456789' })).toMatchObject({ ok: false, status: 401 });
    expect(verify(headers)).toEqual({ ok: true, sender: 'hmac', signature: headers[SIGNATURE_HEADER] });
    expect(verify(headers)).toEqual({ ok: false, status: 401, reason: expect.stringContaining('重复的签名请求') });
    expect(verify({ ...headers, [SIGNATURE_HEADER]: headers[SIGNATURE_HEADER]!.toUpperCase().replace('SHA256=', 'sha256=') })).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringContaining('重复'),
    });
  });
});
