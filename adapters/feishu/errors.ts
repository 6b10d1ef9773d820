// Feishu's answers sorted into what the delivery does next: come back at the platform's reset
// time, give up (the same request can never succeed), or try again later with backoff.
// Codes from the error tables of 发送消息, 更新应用发送的消息卡片 and 发送应用内加急
// (https://open.feishu.cn/document/uAjLw4CM/ukTMukTMukTM/reference/im-v1/message/create and
// …/message/patch, …/message/urgent_app) and 频控策略. The reasons are for people: they end up in
// the dead-letter report in the command centre, so each says what to fix.
import { PermanentDeliveryError, RetryLaterError } from '../../src/core/outbound/index';

/**
 * Codes after which retrying the same request cannot succeed. Not here on purpose: 230001 ("参数错误"
 * in the tables, but also "Internal Error …请咨询技术支持" in 如何解决 230001 错误) and 230049 ("消息
 * 正在发送中，请稍后"), which are retried with backoff; the drain still gives up after its last attempt.
 */
const PERMANENT: Record<number, string> = {
  230002: '机器人不在该群',
  230006: '应用未启用机器人能力',
  230011: '消息已被撤回',
  230012: '机器人不是这条消息的发送者',
  230013: '机器人对此人不可用：请在开发者后台「版本管理与发布」把此人加入应用的可用范围，发布新版本后生效',
  230017: '机器人不是该资源的所有者',
  230018: '群设置不允许此操作',
  230022: '消息含有敏感信息',
  230025: '消息超过飞书的长度上限（卡片 30 KB）',
  230027: '应用缺少所需权限，或外部群不支持此操作',
  230028: '消息未通过数据防泄漏审查',
  230029: '此人已离职',
  230031: '消息发送超过 14 天，不能再更新',
  230034: '接收者 ID 无效',
  230035: '机器人没有发言权限（群已禁言或被屏蔽）',
  230038: '不能给其他企业的人发单聊消息',
  230053: '此人已设置不再接收机器人消息',
  230054: '互通群不支持这种消息',
  230075: '不能向密聊发送消息',
  230099: '卡片格式错误',
  230110: '消息已被删除',
  232009: '群已解散',
};
/** Throttling: wait for the reset the platform names (or a second). 频控策略: 99991400; IM: 230020, 232019; legacy 11232/11233/11247. */
const THROTTLED = new Set([99991400, 230020, 232019, 11232, 11233, 11247]);

interface ApiAnswer {
  code?: number;
  msg?: string;
  data?: { message_id?: string } & Record<string, unknown>;
}

/** Runs one SDK call and turns every failure shape (HTTP error, code ≠ 0) into the delivery's error kinds. */
export async function callFeishu(fn: () => Promise<unknown>): Promise<ApiAnswer> {
  let answer: ApiAnswer;
  try {
    answer = (await fn()) as ApiAnswer;
  } catch (err) {
    const res = (err as { response?: { status?: number; data?: ApiAnswer; headers?: Record<string, string> } }).response;
    if (!res) throw err; // network error, timeout: retried with backoff
    throw classify(res.data?.code, res.data?.msg ?? `HTTP ${res.status}`, res.status, res.headers?.['x-ogw-ratelimit-reset']);
  }
  if (answer.code !== undefined && answer.code !== 0) throw classify(answer.code, answer.msg ?? '', 200, undefined);
  return answer;
}

/** Feishu answered (an HTTP error or a code ≠ 0), as opposed to no answer at all (a timeout, a dropped connection). */
export function answeredByFeishu(err: unknown): boolean {
  return typeof (err as { feishuCode?: unknown } | undefined)?.feishuCode === 'number';
}

function classify(code: number | undefined, msg: string, status: number | undefined, reset: string | undefined): Error {
  const text = `飞书返回 ${code ?? status}：${msg}`;
  const answer = { feishuCode: code ?? status ?? 0 };
  if (status === 429 || (code !== undefined && THROTTLED.has(code))) {
    const seconds = Number(reset);
    return Object.assign(new RetryLaterError(text, Number.isFinite(seconds) && seconds > 0 ? seconds * 1000 : 1000), answer);
  }
  if (code !== undefined && code in PERMANENT) return Object.assign(new PermanentDeliveryError(`${text}（${PERMANENT[code]}）`), answer);
  return Object.assign(new Error(text), answer);
}
