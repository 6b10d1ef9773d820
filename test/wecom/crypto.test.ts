// The official WeCom vectors (docs/platforms/wecom.md §5) through @wecom/crypto, and the refusals around them.
import { describe, expect, it } from 'vitest';
import { seal } from '../../adapters/wecom/crypto';
import { parseCallbackXml, verifyCallback, verifyUrl } from '../../adapters/wecom/verify';
import { getSignature } from '@wecom/crypto';

const secrets = { token: 'QDG6eK', encodingAESKey: 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C', receiveId: 'wx5823bf96d3bd56c7' };
const W2_ENCRYPT =
  'RypEvHKD8QQKFhvQ6QleEB4J58tiPdvo+rtK1I9qca6aM/wvqnLSV5zEPeusUiX5L5X/0lWfrf0QADHHhGd3QczcdCUpj911L3vg3W/sYYvuJTs3TUUkSUXxaccAS0qhxchrRYt66wiSpGLYL42aM6A8dTT+6k4aSknmPj48kzJs8qLjvd4Xgpue06DOdnLxAUHzM6+kDZ+HMZfJYuR+LtwGc2hgf5gsijff0ekUNXZiqATP7PF5mZxZ3Izoun1s4zG4LUMnvw2r+KqCKIw+3IQH03v+BCA9nMELNqbSf6tiWSrXJB3LAVGUcallcrw8V2t9EL4EhzJWrQUax5wLVMNS0+rUPA3k22Ncx4XXZS9o0MBH27Bo6BpNelZpS+/uh9KsNlY6bHCmJU9p8g7m3fVKn28H3KDYA5Pl/T8Z1ptDAVe0lXdQ2YoyyH2uyPIGHBZZIs2pDBS8R07+qN+E7Q==';
const W2_BODY = `<xml><ToUserName><![CDATA[wx5823bf96d3bd56c7]]></ToUserName><Encrypt><![CDATA[${W2_ENCRYPT}]]></Encrypt><AgentID><![CDATA[218]]></AgentID></xml>`;
const W2_QUERY = { msg_signature: '477715d11cdb4164915debcba66cb864d751f3e6', timestamp: '1409659813', nonce: '1372623149' };
/** The moment the vectors were signed: the callback window is measured from it. */
const W1_AT = 1409659589_000;
const W2_AT = 1409659813_000;

describe('official WeCom vectors', () => {
  it('W1: the URL check signature verifies and echostr decrypts to 1616140317555161061', () => {
    const query = {
      msg_signature: '5c45ff5e21c57e6ad56bac8758b79b1d9ac89fd3',
      timestamp: '1409659589',
      nonce: '263014780',
      echostr: decodeURIComponent('P9nAzCzyDtyTWESHep1vC5X9xho%2FqYX3Zpb4yKa9SKld1DsH3Iyt3tP3zNdtp%2B4RPcs8TgAE7OaBO%2BFZXvnaqQ%3D%3D'),
    };
    expect(verifyUrl(query, secrets, W1_AT)).toEqual({ ok: true, plaintext: '1616140317555161061' });
  });

  it('W2: the callback signature verifies and decrypts to the text-message XML', () => {
    const checked = verifyCallback(W2_QUERY, W2_BODY, secrets, W2_AT);
    expect(checked.ok).toBe(true);
    const fields = parseCallbackXml((checked as { plaintext: string }).plaintext);
    expect(fields).toMatchObject({
      ToUserName: 'wx5823bf96d3bd56c7',
      FromUserName: 'mycreate',
      CreateTime: '1409659813',
      MsgType: 'text',
      Content: 'hello',
      MsgId: '4561255354251345929',
      AgentID: '218',
    });
  });
});

describe('refusals', () => {
  it('a wrong signature, a wrong corp id, a wrong key, missing query fields and malformed XML are refused', () => {
    expect(verifyCallback({ ...W2_QUERY, msg_signature: '0'.repeat(40) }, W2_BODY, secrets, W2_AT)).toMatchObject({
      ok: false,
      status: 401,
      reason: 'bad msg_signature',
    });
    expect(verifyCallback(W2_QUERY, W2_BODY, { ...secrets, receiveId: 'ww_other_corp' }, W2_AT)).toMatchObject({ ok: false, status: 401 });
    expect(verifyCallback(W2_QUERY, W2_BODY, { ...secrets, encodingAESKey: 'a'.repeat(43) }, W2_AT)).toMatchObject({ ok: false, status: 401 });
    expect(verifyCallback({ timestamp: '1', nonce: '2' }, W2_BODY, secrets, W2_AT)).toMatchObject({ ok: false, status: 400 });
    expect(verifyCallback(W2_QUERY, '<xml><Encrypt>unclosed', secrets, W2_AT)).toMatchObject({ ok: false, status: 400 });
    expect(verifyCallback(W2_QUERY, '{"encrypt":"json is not xml"}', secrets, W2_AT)).toMatchObject({ ok: false, status: 400 });
    expect(verifyUrl({ msg_signature: 'x', timestamp: '1', nonce: '2' }, secrets, W2_AT)).toMatchObject({ ok: false, status: 400 });
  });

  it('a correctly signed callback is refused once its signed timestamp is more than the window from now, either way', async () => {
    const { CALLBACK_WINDOW_MS } = await import('../../adapters/wecom/verify');
    expect(verifyCallback(W2_QUERY, W2_BODY, secrets, W2_AT + CALLBACK_WINDOW_MS)).toMatchObject({ ok: true });
    expect(verifyCallback(W2_QUERY, W2_BODY, secrets, W2_AT - CALLBACK_WINDOW_MS)).toMatchObject({ ok: true });
    expect(verifyCallback(W2_QUERY, W2_BODY, secrets, W2_AT + CALLBACK_WINDOW_MS + 1000)).toMatchObject({
      ok: false,
      status: 401,
      reason: expect.stringContaining('stale or replayed'),
    });
    expect(verifyCallback(W2_QUERY, W2_BODY, secrets, W2_AT - CALLBACK_WINDOW_MS - 1000)).toMatchObject({ ok: false, status: 401 });
    // Today, the official sample of 2014 is a replay.
    expect(verifyCallback(W2_QUERY, W2_BODY, secrets, Date.now())).toMatchObject({ ok: false, status: 401 });
  });

  it('what we seal for a corp opens only for that corp (the fake sender uses this)', () => {
    const sealed = seal(secrets.encodingAESKey, '<xml><MsgType>text</MsgType></xml>', secrets.receiveId);
    const query = { msg_signature: getSignature(secrets.token, '1', '2', sealed), timestamp: '1', nonce: '2' };
    const body = `<xml><Encrypt><![CDATA[${sealed}]]></Encrypt></xml>`;
    expect(verifyCallback(query, body, secrets, 1000)).toEqual({ ok: true, plaintext: '<xml><MsgType>text</MsgType></xml>' });
    expect(verifyCallback(query, body, { ...secrets, receiveId: '' }, 1000)).toMatchObject({ ok: false });
  });
});

describe('decodeWecomApp', () => {
  it('the W2 text message is a command from mycreate in its app session, deduplicated by MsgId', async () => {
    const { decodeWecomApp } = await import('../../adapters/wecom/decode');
    const fields = parseCallbackXml((verifyCallback(W2_QUERY, W2_BODY, secrets, W2_AT) as { plaintext: string }).plaintext)!;
    expect(decodeWecomApp(fields)).toEqual({
      kind: 'message',
      event: {
        kind: 'message',
        platform: 'wecom',
        eventId: 'msg:4561255354251345929',
        chatId: 'user:mycreate',
        chatType: 'p2p',
        sender: { platformUserId: 'mycreate' },
        text: 'hello',
        addressed: true,
      },
    });
  });

  it('a template_card_event (the documented sample shape) is a button action, deduplicated by sender + time + card + button', async () => {
    const { decodeWecomApp } = await import('../../adapters/wecom/decode');
    const xml = `<xml><ToUserName><![CDATA[toUser]]></ToUserName><FromUserName><![CDATA[FromUser]]></FromUserName><CreateTime>123456789</CreateTime><MsgType><![CDATA[event]]></MsgType><Event><![CDATA[template_card_event]]></Event><EventKey><![CDATA[approve:A12]]></EventKey><TaskId><![CDATA[taskid111]]></TaskId><CardType><![CDATA[button_interaction]]></CardType><ResponseCode><![CDATA[ResponseCode]]></ResponseCode><AgentID>1</AgentID></xml>`;
    expect(decodeWecomApp(parseCallbackXml(xml)!)).toEqual({
      kind: 'action',
      taskId: 'taskid111',
      responseCode: 'ResponseCode',
      event: {
        kind: 'action',
        platform: 'wecom',
        eventId: 'evt:FromUser:123456789:taskid111:approve:A12',
        chatId: 'user:FromUser',
        chatType: 'p2p',
        sender: { platformUserId: 'FromUser' },
        action: 'approve',
        value: 'A12',
      },
    });
    // The sample's own key (not one of ours) decodes to an action the core will call stale.
    const foreign = xml.replace('approve:A12', 'key111');
    expect(decodeWecomApp(parseCallbackXml(foreign)!)).toMatchObject({ kind: 'action', event: { action: 'key111', value: '' } });
  });

  it('other events are ignored; shapeless ones are invalid', async () => {
    const { decodeWecomApp } = await import('../../adapters/wecom/decode');
    expect(decodeWecomApp({ FromUserName: 'u', CreateTime: '1', MsgType: 'event', Event: 'enter_agent' })).toEqual({
      kind: 'ignored',
      reason: 'event/enter_agent',
    });
    expect(decodeWecomApp({ MsgType: 'text' })).toMatchObject({ kind: 'invalid' });
    expect(decodeWecomApp({ FromUserName: 'u', CreateTime: '1', MsgType: 'text' })).toMatchObject({ kind: 'invalid' });
  });
});

describe('WECOM_* variables', () => {
  it('none set: off; some set: start-up names what is missing; values are checked', async () => {
    const { wecomAppConfigFrom } = await import('../../adapters/wecom/config');
    expect(wecomAppConfigFrom({})).toBeUndefined();
    expect(() => wecomAppConfigFrom({ WECOM_CORP_ID: 'ww1' })).toThrow(/缺少 WECOM_AGENT_ID、WECOM_SECRET、WECOM_TOKEN、WECOM_AES_KEY/);
    const full = { WECOM_CORP_ID: 'ww1', WECOM_AGENT_ID: '1000002', WECOM_SECRET: 's', WECOM_TOKEN: 't', WECOM_AES_KEY: 'a'.repeat(43) };
    expect(wecomAppConfigFrom(full)).toMatchObject({ corpId: 'ww1', agentId: 1000002, apiBase: 'https://qyapi.weixin.qq.com' });
    expect(() => wecomAppConfigFrom({ ...full, WECOM_AGENT_ID: 'abc' })).toThrow(/WECOM_AGENT_ID 要是数字/);
    expect(() => wecomAppConfigFrom({ ...full, WECOM_AES_KEY: 'short' })).toThrow(/43 个字符/);
  });
});
