// A local fake of WeCom's intelligent-robot long connection, speaking the frames of
// @wecom/aibot-node-sdk's protocol: the client subscribes with {cmd:"aibot_subscribe", body:{bot_id,
// secret}} and is answered {headers:{req_id}, errcode}; pings are acknowledged; the server pushes
// aibot_msg_callback / aibot_event_callback frames; aibot_send_msg (post into a chat) and
// aibot_respond_update_msg / aibot_respond_welcome_msg (answers to an event, within its 5 s) are
// acknowledged by req_id. Sends are limited to 20 a minute per chat, answered 45009 beyond.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

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
    return this.push('aibot_msg_callback', body);
  }

  /** Pushes an event callback (a template card click); the answer must come within 5 s. */
  pushEvent(body: Record<string, unknown>): string {
    const reqId = this.push('aibot_event_callback', body);
    this.eventTimes.set(reqId, Date.now());
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
        if (frame.body?.msgtype === 'template_card' && !frame.body.template_card?.task_id) {
          ack(40008, 'invalid message type');
          break;
        }
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
}
