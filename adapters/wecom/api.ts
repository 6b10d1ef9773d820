// The WeCom server API as the app uses it: an access token cached until shortly before it
// expires and fetched again when WeCom says it is invalid (40014/42001); every answer sorted by
// errcode (decide by errcode, never errmsg). https://developer.work.weixin.qq.com/document/path/91039
import { PermanentDeliveryError, RetryLaterError } from '../../src/core/outbound/index';

export interface Answer {
  errcode?: number;
  errmsg?: string;
  [k: string]: unknown;
}

const TOKEN_INVALID = new Set([40001, 40014, 42001]);
/** Frequency limits: blocked for the rest of the minute (WWD 90454). */
const THROTTLED = new Set([45009, 45033, 45047]);
const PERMANENT: Record<number, string> = {
  81013: '接收人全部无效',
  42014: 'task_id 重复或无效',
  42045: '模板卡片缺少有效的 card_action',
  40003: '无效的 UserID',
  40008: '消息类型无效',
  44004: '消息内容为空',
  45002: '消息过长',
};

export class WecomApi {
  private token: { value: string; until: number } | undefined;

  constructor(private readonly cfg: { apiBase: string; corpId: string; secret: string; timeoutMs?: number }) {}

  async post(path: string, body: unknown): Promise<Answer> {
    for (let attempt = 0; attempt < 2; attempt++) {
      const token = await this.accessToken();
      const answer = await fetchJson(`${this.cfg.apiBase}${path}?access_token=${encodeURIComponent(token)}`, jsonPost(body), this.cfg.timeoutMs);
      if (answer.errcode && TOKEN_INVALID.has(answer.errcode)) {
        this.token = undefined; // fetched again on the next turn of the loop
        continue;
      }
      return check(answer);
    }
    throw new Error('企业微信 access_token 连续无效：检查 WECOM_SECRET');
  }

  private async accessToken(): Promise<string> {
    if (this.token && this.token.until > Date.now()) return this.token.value;
    const url = `${this.cfg.apiBase}/cgi-bin/gettoken?corpid=${encodeURIComponent(this.cfg.corpId)}&corpsecret=${encodeURIComponent(this.cfg.secret)}`;
    const fetched = await fetchJson(url, { method: 'GET' }, this.cfg.timeoutMs);
    // A wrong CorpID or Secret will not fix itself: say which variable to check.
    if (fetched.errcode === 40001 || fetched.errcode === 40013)
      throw Object.assign(
        new PermanentDeliveryError(`企业微信 gettoken 返回 ${fetched.errcode}：CorpID 或 Secret 不对，请检查 WECOM_CORP_ID 和 WECOM_SECRET`),
        { errcode: fetched.errcode },
      );
    const answer = check(fetched);
    const value = String(answer.access_token ?? '');
    if (!value) throw new Error('企业微信 gettoken 没有返回 access_token');
    this.token = { value, until: Date.now() + (Number(answer.expires_in ?? 7200) - 300) * 1000 };
    return value;
  }
}

/**
 * A POST that needs no access token: a group robot's webhook (the key is the credential, so the
 * URL never reaches a log) or an intelligent-robot message's one-time response_url.
 */
export async function postWithoutToken(url: string, body: unknown, timeoutMs?: number): Promise<Answer> {
  return check(await fetchJson(url, jsonPost(body), timeoutMs));
}

export function robotWebhookUrl(apiBase: string, key: string): string {
  return `${apiBase}/cgi-bin/webhook/send?key=${encodeURIComponent(key)}`;
}

const jsonPost = (body: unknown): RequestInit => ({ method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json' } });

async function fetchJson(url: string, init: RequestInit, timeoutMs = 15_000): Promise<Answer> {
  const res = await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) });
  if (res.status >= 500) throw new Error(`企业微信 HTTP ${res.status}`);
  return (await res.json()) as Answer;
}

/** Sorts an answer by errcode: throttled → retry at the minute's end, permanent → dead letter, else retry. */
export function check(answer: Answer): Answer {
  const code = answer.errcode ?? 0;
  if (code === 0) return answer;
  const text = `企业微信返回 ${code}：${answer.errmsg ?? ''}`;
  if (THROTTLED.has(code)) return throwIt(new RetryLaterError(text, 60_000), code);
  if (code in PERMANENT) return throwIt(new PermanentDeliveryError(`${text}（${PERMANENT[code]}）`), code);
  return throwIt(new Error(text), code);
}

/** True when WeCom answered the call (with an errcode), as opposed to the network failing. */
export function answeredByWecom(err: unknown): boolean {
  return typeof (err as { errcode?: unknown } | null)?.errcode === 'number';
}

function throwIt(err: Error, errcode: number): never {
  throw Object.assign(err, { errcode });
}
