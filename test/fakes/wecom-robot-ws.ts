// A local fake of WeCom's intelligent-robot long connection, speaking the frames of
// @wecom/aibot-node-sdk's protocol: the client subscribes with {cmd:"aibot_subscribe", body:{bot_id,
// secret}} and is answered {headers:{req_id}, errcode}; pings are acknowledged; the server pushes
// aibot_msg_callback / aibot_event_callback frames; aibot_send_msg (post into a chat) and
// aibot_respond_update_msg / aibot_respond_welcome_msg (answers to an event, within its 5 s) are
// acknowledged by req_id. Sends are limited to 20 a minute per chat, answered 45009 beyond. What
// the documents say WeCom refuses is refused with its errcode (checks and quotes: wecom-rules.ts).
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';
import { markdownV2Refusal, taskIdRefusal, templateCardRefusal, type Refusal } from './wecom-rules';

export interface PostedFrame {
  cmd: string;
  reqId: string;
  body: any;
}

export class FakeRobotServer {
  readonly botId = 'aib-fake-bot';
  readonly secret = 'fake-robot-secret';
  url = '';
  /** aibot_send_msg bodies, in order. */
  readonly sent: any[] = [];
  /** Answers to events (card updates, welcomes), with the event's req_id. */
  readonly updates: PostedFrame[] = [];
  throttled = 0;
  authFailures = 0;
  /**
   * The stricter reading of a point the documents leave open: aibot_send_msg only into a chat
   * where someone has talked to the robot (a summary of WWD 101463 says "前提：用户先在本会话中找过
   * 机器人"; we could not read the page itself). Off by default; a test turns it on to show either
   * reading works. No errcode is known; 40058 stands in.
   */
  onlyChatsSpokenIn = false;
  private readonly spokenIn = new Set<string>();
  /** Frames refused for breaking a documented rule, with the reason. */
  readonly refused: { cmd: string; errcode: number; errmsg: string; body: any }[] = [];
  private readonly taskIds = new Set<string>();
  /** The task_id of the card each pending event's click was on. */
  private readonly eventTaskIds = new Map<string, string>();
  private server?: WebSocketServer;
  private socket?: WebSocket;
  private authenticated?: () => void;
  private readonly authedPromise = new Promise<void>((resolve) => (this.authenticated = resolve));
  private readonly perChat = new Map<string, number[]>();
  private readonly eventTimes = new Map<string, number>();
  private readonly waiters: { predicate: () => boolean; resolve: () => void }[] = [];

  async start(): Promise<this> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.server!.once('listening', () => resolve()));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.server.on('connection', (socket) => {
      socket.on('message', (data) => this.onFrame(socket, JSON.parse(String(data))));
    });
    return this;
  }

  /** Resolves once a client has subscribed with the right credentials. */
  authenticatedOnce(): Promise<void> {
    return this.authedPromise;
  }

  /** Pushes a message callback, as WeCom does when someone @mentions the robot. */
  pushMessage(body: Record<string, unknown>): string {
    const b = body as { chatid?: string; from?: { userid?: string } };
    this.spokenIn.add(String(b.chatid ?? b.from?.userid));
    return this.push('aibot_msg_callback', body);
  }

  /** Pushes an event callback (a template card click); the answer must come within 5 s. */
  pushEvent(body: Record<string, unknown>): string {
    const reqId = this.push('aibot_event_callback', body);
    this.eventTimes.set(reqId, Date.now());
    const event = (body as { event?: any }).event;
    const taskId = event?.template_card_event?.task_id ?? event?.task_id;
    if (typeof taskId === 'string') this.eventTaskIds.set(reqId, taskId);
    return reqId;
  }

  /** Waits until `predicate` holds, checked after every frame the client sends. */
  until(predicate: () => boolean, timeoutMs = 4000): Promise<void> {
    if (predicate()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error('fake robot: timed out waiting')), timeoutMs);
      this.waiters.push({ predicate, resolve: () => (clearTimeout(timer), resolve()) });
    });
  }

  /** Cuts every connection, as a network outage would; the client is expected to come back. */
  dropClients(): void {
    for (const client of this.server?.clients ?? []) client.terminate();
    this.socket = undefined;
  }

  stop(): void {
    this.socket?.terminate();
    this.server?.close();
  }

  private push(cmd: string, body: Record<string, unknown>): string {
    if (!this.socket) throw new Error('fake robot: no client connected');
    const reqId = `${cmd}_${randomBytes(6).toString('hex')}`;
    this.socket.send(JSON.stringify({ cmd, headers: { req_id: reqId }, body }));
    return reqId;
  }

  private onFrame(socket: WebSocket, frame: { cmd?: string; headers?: { req_id?: string }; body?: any }): void {
    const reqId = frame.headers?.req_id ?? '';
    const ack = (errcode = 0, errmsg = 'ok') => socket.send(JSON.stringify({ headers: { req_id: reqId }, errcode, errmsg }));
    switch (frame.cmd) {
      case 'aibot_subscribe':
        if (frame.body?.bot_id !== this.botId || frame.body?.secret !== this.secret) {
          this.authFailures++;
          ack(40001, 'invalid credential');
          break;
        }
        this.socket = socket;
        ack();
        this.authenticated?.();
        break;
      case 'ping':
        ack();
        break;
      case 'aibot_send_msg': {
        const chat = String(frame.body?.chatid ?? '');
        const now = Date.now();
        const recent = (this.perChat.get(chat) ?? []).filter((t) => t > now - 60_000);
        if (recent.length >= 20) {
          this.throttled++;
          ack(45009, 'api freq out of limit');
          break;
        }
        const refusal =
          this.onlyChatsSpokenIn && !this.spokenIn.has(chat)
            ? { errcode: 40058, errmsg: 'no conversation with the robot in this chat' }
            : this.sendRefusal(frame.body);
        if (refusal) {
          this.refused.push({ cmd: frame.cmd, ...refusal, body: frame.body });
          ack(refusal.errcode, refusal.errmsg);
          break;
        }
        if (frame.body.msgtype === 'template_card') this.taskIds.add(frame.body.template_card.task_id);
        recent.push(now);
        this.perChat.set(chat, recent);
        this.sent.push(frame.body);
        ack();
        break;
      }
      case 'aibot_respond_welcome_msg':
      case 'aibot_respond_update_msg': {
        const pushedAt = this.eventTimes.get(reqId);
        // The event's req_id, once, within 5 seconds: otherwise WeCom has moved on.
        if (pushedAt === undefined || Date.now() - pushedAt > 5000) {
          ack(40099, 'response expired or unknown req_id');
          break;
        }
        const refusal = frame.cmd === 'aibot_respond_update_msg' ? this.updateRefusal(reqId, frame.body) : welcomeRefusal(frame.body);
        if (refusal) {
          this.refused.push({ cmd: frame.cmd, ...refusal, body: frame.body });
          ack(refusal.errcode, refusal.errmsg);
          break;
        }
        this.eventTimes.delete(reqId);
        this.updates.push({ cmd: frame.cmd, reqId, body: frame.body });
        ack();
        break;
      }
      default:
        ack(40008, `unknown cmd ${frame.cmd}`);
    }
    for (const w of this.waiters.splice(0)) {
      if (w.predicate()) w.resolve();
      else this.waiters.push(w);
    }
  }

  to(chatId: string): any[] {
    return this.sent.filter((m) => m.chatid === chatId);
  }

  /**
   * aibot_send_msg carries markdown or a template card (the SDK's SendMsgBody: "支持 markdown 或
   * template_card 格式", plus uploaded media); a text body is answered 40008. The robot's markdown
   * is markdown_v2 (WWD 101138: "回复内容content字段支持常见的markdown格式" → markdown-v2类型).
   */
  private sendRefusal(body: any): Refusal | undefined {
    if (body?.msgtype === 'markdown') return markdownV2Refusal(body.markdown?.content);
    if (body?.msgtype === 'template_card') return taskIdRefusal(body.template_card?.task_id, this.taskIds) ?? templateCardRefusal(body.template_card);
    return { errcode: 40008, errmsg: `invalid message type ${String(body?.msgtype)}` };
  }

  /**
   * A click's answer: "response_type 响应类型，此处固定为 update_template_card", and "注：模板卡片中的
   * task_id需跟回调收到的task_id一致" (WWD 101031); the card follows the card rules.
   */
  private updateRefusal(reqId: string, body: any): Refusal | undefined {
    if (body?.response_type !== 'update_template_card') return { errcode: 40008, errmsg: 'response_type must be update_template_card' };
    const clicked = this.eventTaskIds.get(reqId);
    if (clicked !== undefined && body.template_card?.task_id !== clicked) return { errcode: 40058, errmsg: 'task_id differs from the clicked card' };
    return templateCardRefusal(body.template_card);
  }
}

/** A welcome is text or a template card: "目前仅支持进入会话回调事件时，支持被动回复文本消息" (WWD 101031). */
function welcomeRefusal(body: any): Refusal | undefined {
  if (body?.msgtype === 'text') return typeof body.text?.content === 'string' && body.text.content ? undefined : { errcode: 44004, errmsg: 'empty content' };
  if (body?.msgtype === 'template_card') return templateCardRefusal(body.template_card);
  return { errcode: 40008, errmsg: `invalid message type ${String(body?.msgtype)}` };
}
