// A local fake of Feishu's long connection (长连接), as @larksuiteoapi/node-sdk's WSClient speaks it
// (the SDK's source is the protocol's only published description): POST /callback/ws/endpoint with
// {AppID, AppSecret} answers {code, msg, data: {URL, ClientConfig}}; code 0 is ok, 1 "system busy",
// 514 auth failed (the SDK's ErrorCode enum). The URL is a WebSocket carrying protobuf `pbbp2.Frame`s
// (SeqID/LogID uint64, service, method 0 control / 1 data, headers, payload). The server pushes an
// event as a data frame (headers type=event, message_id, sum, seq, trace_id; payload = the event's
// JSON); the client acks with the same frame, a biz_rt header added and payload {"code":200}.
import { randomBytes } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

// The frame codec is written out here (protobuf wire format, 64-bit integers as BigInt) rather
// than taken from protobufjs: configuring protobufjs in this process would also configure the
// SDK's copy, and hide the precision problem the tests look for.
interface Frame {
  seqId: bigint;
  logId: bigint;
  service: number;
  method: number;
  headers: { key: string; value: string }[];
  payload: Uint8Array;
}

function varint(value: bigint): number[] {
  const out: number[] = [];
  let v = value;
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

function field(number: number, wire: 0 | 2, body: number[] | Uint8Array): number[] {
  const tag = varint(BigInt((number << 3) | wire));
  return wire === 0 ? [...tag, ...body] : [...tag, ...varint(BigInt(body.length)), ...body];
}

export function encodeFrame(f: Frame): Uint8Array {
  const utf8 = (t: string) => [...Buffer.from(t, 'utf8')];
  return Uint8Array.from([
    ...field(1, 0, varint(f.seqId)),
    ...field(2, 0, varint(f.logId)),
    ...field(3, 0, varint(BigInt(f.service))),
    ...field(4, 0, varint(BigInt(f.method))),
    ...f.headers.flatMap((h) => field(5, 2, [...field(1, 2, utf8(h.key)), ...field(2, 2, utf8(h.value))])),
    ...field(8, 2, f.payload),
  ]);
}

function fields(bytes: Uint8Array): { number: number; varint?: bigint; bytes?: Uint8Array }[] {
  const out: { number: number; varint?: bigint; bytes?: Uint8Array }[] = [];
  let i = 0;
  const readVarint = () => {
    let result = 0n;
    let shift = 0n;
    for (;;) {
      const byte = bytes[i++]!;
      result |= BigInt(byte & 0x7f) << shift;
      shift += 7n;
      if ((byte & 0x80) === 0) return result;
    }
  };
  while (i < bytes.length) {
    const tag = Number(readVarint());
    if ((tag & 7) === 0) out.push({ number: tag >> 3, varint: readVarint() });
    else {
      const length = Number(readVarint());
      out.push({ number: tag >> 3, bytes: bytes.subarray(i, i + length) });
      i += length;
    }
  }
  return out;
}

export function decodeFrame(bytes: Uint8Array): Frame {
  const all = fields(bytes);
  const text = (b: Uint8Array | undefined) => Buffer.from(b ?? []).toString('utf8');
  return {
    seqId: all.find((f) => f.number === 1)?.varint ?? 0n,
    logId: all.find((f) => f.number === 2)?.varint ?? 0n,
    service: Number(all.find((f) => f.number === 3)?.varint ?? 0n),
    method: Number(all.find((f) => f.number === 4)?.varint ?? 0n),
    headers: all
      .filter((f) => f.number === 5)
      .map((h) => {
        const kv = fields(h.bytes!);
        return { key: text(kv.find((f) => f.number === 1)?.bytes), value: text(kv.find((f) => f.number === 2)?.bytes) };
      }),
    payload: all.find((f) => f.number === 8)?.bytes ?? new Uint8Array(),
  };
}

export interface Ack {
  logId: string;
  seqId: string;
  messageId: string;
  code: number;
  data: unknown;
}

export class FakeFeishuLongConnection {
  url = '';
  /** Answers for the next endpoint calls, in order; when empty, code 0 with a URL. */
  readonly endpointAnswers: { code: number; msg: string }[] = [];
  readonly endpointCalls: { at: number; code: number }[] = [];
  /** Connections made, in order. */
  connections = 0;
  private server?: WebSocketServer;
  private sockets = new Set<WebSocket>();
  private waitingAcks = new Map<string, (ack: Ack) => void>();
  private connected: (() => void)[] = [];

  constructor(
    private readonly appId: string,
    private readonly appSecret: string,
  ) {}

  async start(): Promise<this> {
    this.server = new WebSocketServer({ host: '127.0.0.1', port: 0 });
    await new Promise<void>((resolve) => this.server!.once('listening', () => resolve()));
    this.url = `ws://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    this.server.on('connection', (socket) => {
      this.connections++;
      this.sockets.add(socket);
      socket.on('close', () => this.sockets.delete(socket));
      socket.on('message', (data: Buffer) => this.onFrame(socket, data));
      for (const resolve of this.connected.splice(0)) resolve();
    });
    return this;
  }

  /** What POST /callback/ws/endpoint answers (mounted on the fake Open API's server). */
  endpoint(body: { AppID?: string; AppSecret?: string }): { code: number; msg: string; data?: unknown } {
    const planned = this.endpointAnswers.shift();
    const answer =
      body.AppID !== this.appId || body.AppSecret !== this.appSecret
        ? { code: 514, msg: 'auth failed' }
        : (planned ?? {
            code: 0,
            msg: 'ok',
            data: {
              URL: `${this.url}/ws?device_id=fake-device&service_id=7`,
              // Seconds. A 1 s reconnect interval keeps the test short; the SDK adds up to ReconnectNonce at random.
              ClientConfig: { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 },
            },
          });
    this.endpointCalls.push({ at: Date.now(), code: answer.code });
    return answer.code === 0 ? answer : { ...answer, data: {} };
  }

  /** Resolves when a client is connected (at once if one is). */
  whenConnected(): Promise<void> {
    if (this.sockets.size > 0) return Promise.resolve();
    return new Promise((resolve) => this.connected.push(resolve));
  }

  /** Drops every connection, as a network failure or a server restart would. */
  dropAll(): void {
    for (const socket of this.sockets) socket.terminate();
  }

  /** Pushes one event (a v2 envelope) as a data frame; resolves with the client's ack. */
  /** The LogID defaults to 2^63 - 1: a double cannot hold it. */
  push(event: Record<string, unknown>, logId = 9223372036854775807n): Promise<Ack> {
    const socket = [...this.sockets][0];
    if (!socket) throw new Error('no client connected');
    const messageId = `msg_${randomBytes(6).toString('hex')}`;
    const frame = encodeFrame({
      seqId: 1n,
      logId,
      service: 7,
      method: 1,
      headers: [
        { key: 'type', value: 'event' },
        { key: 'message_id', value: messageId },
        { key: 'sum', value: '1' },
        { key: 'seq', value: '0' },
        { key: 'trace_id', value: `trace_${messageId}` },
      ],
      payload: Buffer.from(JSON.stringify(event)),
    });
    const acked = new Promise<Ack>((resolve) => this.waitingAcks.set(messageId, resolve));
    socket.send(frame);
    return acked;
  }

  stop(): void {
    for (const socket of this.sockets) socket.terminate();
    this.server?.close();
  }

  private onFrame(socket: WebSocket, data: Buffer): void {
    const frame = decodeFrame(new Uint8Array(data));
    const header = (key: string) => frame.headers.find((h) => h.key === key)?.value;
    if (frame.method === 0 && header('type') === 'ping') {
      const config = { PingInterval: 120, ReconnectCount: -1, ReconnectInterval: 1, ReconnectNonce: 0 };
      socket.send(encodeFrame({ ...frame, headers: [{ key: 'type', value: 'pong' }], payload: Buffer.from(JSON.stringify(config)) }));
      return;
    }
    const messageId = header('message_id');
    const waiting = messageId ? this.waitingAcks.get(messageId) : undefined;
    if (!waiting || !messageId) return;
    this.waitingAcks.delete(messageId);
    const body = JSON.parse(Buffer.from(frame.payload).toString('utf8')) as { code: number; data?: string };
    waiting({
      logId: frame.logId.toString(),
      seqId: frame.seqId.toString(),
      messageId,
      code: body.code,
      data: body.data ? JSON.parse(Buffer.from(body.data, 'base64').toString('utf8')) : undefined,
    });
  }
}
