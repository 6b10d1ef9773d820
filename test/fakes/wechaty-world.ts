// A WeChat account at the network edge: wechaty-puppet-mock's Mocker plays the account, its
// contacts and rooms; the real runtime drives it through a real Wechaty with the mock puppet.
// Every member of the demo organisation is a contact (ids.wechaty = wx-<key>); three rooms:
// the command room (configured by room id), the cyber room (configured by topic) and a family
// room the organisation file does not know.
import { and, eq } from 'drizzle-orm';
import { vi } from 'vitest';
import { types } from 'wechaty';
import { mock, PuppetMock } from 'wechaty-puppet-mock';
import { loadYamlFile } from '../../src/config/load-yaml';
import { organisationSchema, type Organisation } from '../../src/core/org/schema';
import { inbox } from '../../src/db/schema';
import { startBot, type TestBot } from '../helpers/runtime';

type ContactMock = ReturnType<mock.Mocker['createContact']>;
type RoomMock = ReturnType<mock.Mocker['createRoom']>;
type Group = Organisation['groups'][number];

export const COMMAND_ROOM_ID = 'room-command@chatroom';
/** The cyber room is named in the organisation file by its topic, not its id. */
export const CYBER_ROOM_TOPIC = '网信部微信群';
export const BOT_CONTACT_ID = 'wx-bot';

export type WechatyTestBot = TestBot & {
  mocker: mock.Mocker;
  puppet: StallablePuppet;
  /** The bot's own account. */
  self: ContactMock;
  /** The demo organisation's members as contacts, by member key; plus `stranger`, who is not in it. */
  people: Record<string, ContactMock>;
  rooms: { command: RoomMock; cyber: RoomMock; family: RoomMock };
  /** Emits a text message like ContactMock.say does, with an id we choose; returns the id. */
  emit(from: ContactMock, text: string, where: RoomMock | 'private', opts?: { mentionBot?: boolean; id?: string }): string;
  /** emit, then wait until the core has recorded it and the drain has delivered what it queued. */
  chat(from: ContactMock, text: string, where: RoomMock | 'private', opts?: { mentionBot?: boolean; id?: string }): Promise<string>;
  /** The puppet delivering a message it already delivered once. */
  redeliver(id: string): void;
  /** Whether the core has recorded a message (commands and chatter alike). */
  recorded(id: string): boolean;
  /** What the bot has said in a room or to one person, oldest first. */
  saidIn(room: RoomMock): string[];
  saidTo(person: ContactMock): string[];
};

export function wechatyOrganisation(extraGroups: Group[] = []): Organisation {
  const org = loadYamlFile('config/organisation.yaml', organisationSchema);
  for (const m of org.members) m.ids.wechaty = `wx-${m.key}`;
  org.groups.push(
    { key: 'wx-command', name: '微信应急指挥群', platform: 'wechaty', chatId: COMMAND_ROOM_ID, purpose: 'command' },
    { key: 'wx-cyber', name: '网信部微信群', platform: 'wechaty', chatId: CYBER_ROOM_TOPIC, purpose: 'department', department: 'cyber' },
    ...extraGroups,
  );
  return org;
}

/**
 * Logs the account in, then says 'ready' as a real puppet does once its contacts and rooms are
 * loaded (the mock puppet never does by itself).
 */
export async function logIn(mocker: mock.Mocker, puppet: PuppetMock, self: ContactMock): Promise<void> {
  mocker.login(self);
  await vi.waitFor(() => {
    if (!puppet.isLoggedIn) throw new Error('not logged in yet');
  });
  puppet.emit('ready', { data: 'ready' });
}

/** The mock puppet, except that reading a room member (the bot's alias in a room) can be made to hang. */
class StallablePuppet extends PuppetMock {
  stallRoomMembers = false;
  override async roomMemberRawPayload(roomId: string, contactId: string) {
    if (this.stallRoomMembers) return new Promise<never>(() => undefined);
    return super.roomMemberRawPayload(roomId, contactId);
  }
}

export async function startWechatyBot(opts: { extraGroups?: Group[]; login?: boolean; messageTimeoutMs?: number } = {}): Promise<WechatyTestBot> {
  const org = wechatyOrganisation(opts.extraGroups);
  const mocker = new mock.Mocker();
  const puppet = new StallablePuppet({ mocker });
  const self = mocker.createContact({ id: BOT_CONTACT_ID, name: '烽火' });
  const people: Record<string, ContactMock> = {};
  for (const m of org.members) people[m.key] = mocker.createContact({ id: `wx-${m.key}`, name: m.name });
  people.stranger = mocker.createContact({ id: 'wx-stranger', name: '路人甲' });
  const everyone = [self.id, ...Object.values(people).map((p) => p.id)];
  const rooms = {
    command: mocker.createRoom({ id: COMMAND_ROOM_ID, topic: '舆情应急指挥群', memberIdList: everyone }),
    cyber: mocker.createRoom({
      id: 'room-cyber@chatroom',
      topic: CYBER_ROOM_TOPIC,
      memberIdList: [self.id, people['li-wangxin']!.id, people['zheng-jiance']!.id],
    }),
    family: mocker.createRoom({ id: 'room-family@chatroom', topic: '相亲相爱一家人', memberIdList: [self.id, people.stranger.id, people['zheng-jiance']!.id] }),
  };

  // Everything the bot account sends comes back through the mocker as a message talked by it.
  const said = new Map<string, string[]>();
  const listen = (conversation: RoomMock | ContactMock) =>
    conversation.on('message', (m: { payload: { talkerId: string; text?: string; listenerId?: string } }) => {
      if (m.payload.talkerId !== self.id) return;
      if ('listenerId' in m.payload && m.payload.listenerId !== conversation.id) return;
      said.set(conversation.id, [...(said.get(conversation.id) ?? []), m.payload.text ?? '']);
    });
  for (const room of Object.values(rooms)) listen(room);
  for (const person of Object.values(people)) listen(person);

  const bot = startBot({
    overrides: {
      organisation: { value: org },
      platforms: {
        wechaty: { config: { puppet: 'wechaty-puppet-mock', token: undefined, endpoint: undefined }, puppet, messageTimeoutMs: opts.messageTimeoutMs },
      },
    },
  });
  await bot.start();
  if (opts.login ?? true) await logIn(mocker, puppet, self);

  let seq = 0;
  const emit: WechatyTestBot['emit'] = (from, text, where, o = {}) => {
    const id = o.id ?? `msg-${++seq}`;
    const base = { id, talkerId: from.id, text, timestamp: Date.now(), type: types.Message.Text };
    mocker.MessageMock.create(
      where === 'private' ? { ...base, listenerId: self.id } : { ...base, roomId: where.id, mentionIdList: o.mentionBot ? [self.id] : [] },
    );
    puppet.emit('message', { messageId: id });
    return id;
  };
  const recorded = (id: string) =>
    bot.core.db
      .select()
      .from(inbox)
      .where(and(eq(inbox.platform, 'wechaty'), eq(inbox.eventId, `msg:${id}`)))
      .get() !== undefined;

  return Object.assign(bot, {
    mocker,
    puppet,
    self,
    people,
    rooms,
    emit,
    async chat(from: ContactMock, text: string, where: RoomMock | 'private', o: { mentionBot?: boolean; id?: string } = {}) {
      const id = emit(from, text, where, o);
      await vi.waitFor(() => {
        if (!recorded(id)) throw new Error(`message ${id} not handled yet`);
      });
      await bot.drain.drain();
      return id;
    },
    redeliver(id: string) {
      puppet.emit('message', { messageId: id });
    },
    recorded,
    saidIn: (room: RoomMock) => said.get(room.id) ?? [],
    saidTo: (person: ContactMock) => said.get(person.id) ?? [],
  });
}
