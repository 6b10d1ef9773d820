// What the intelligent-robot tests share: the organisation with two WeCom groups (the robot's
// command group, and a group reached only by its group robot webhook), and callback bodies in
// the documented shape (WWD 100719 messages, 101027 events).
import { randomBytes } from 'node:crypto';
import { loadYamlFile } from '../../src/config/load-yaml';
import { organisationSchema } from '../../src/core/org/schema';

export const TOKEN = 'robot-token';
export const AES_KEY = 'jWmYm7qr5nMoAUwZRjGtBxmz3KA1tkAj3ykkR6q2B2C';

/** `commandExtra`: the robot group's organisation-file extras (e.g. a mentionKey). */
export function organisation(commandExtra?: Record<string, string>) {
  const org = loadYamlFile('config/organisation.yaml', organisationSchema);
  for (const m of org.members) m.ids.wecom = m.key;
  org.groups.push(
    // The intelligent robot is in this one; the other is reached only through its group robot.
    {
      key: 'wc-command',
      name: '企业微信应急指挥群',
      platform: 'wecom',
      chatId: 'wrk-command',
      purpose: 'command',
      ...(commandExtra ? { extra: commandExtra } : {}),
    },
    { key: 'wc-all', name: '企业微信全员群', platform: 'wecom', chatId: 'wrk-all', purpose: 'broadcast', extra: { webhookKey: 'robot-all' } },
  );
  return org;
}

export const groupText = (from: string, content: string, msgid = randomBytes(6).toString('hex'), extra: Record<string, unknown> = {}) => ({
  msgid,
  aibotid: 'aib-fake-bot',
  chatid: 'wrk-command',
  chattype: 'group',
  from: { userid: from },
  msgtype: 'text',
  text: { content },
  ...extra,
});

/** A message in the robot's own private chat: no chatid ("仅群聊类型时候返回"). */
export const singleText = (from: string, content: string, msgid = randomBytes(6).toString('hex'), extra: Record<string, unknown> = {}) => ({
  msgid,
  aibotid: 'aib-fake-bot',
  chattype: 'single',
  from: { userid: from },
  msgtype: 'text',
  text: { content },
  ...extra,
});

export const groupClick = (from: string, key: string, taskId: string, msgid = randomBytes(6).toString('hex'), extra: Record<string, unknown> = {}) => ({
  msgid,
  create_time: Math.floor(Date.now() / 1000),
  aibotid: 'aib-fake-bot',
  chatid: 'wrk-command',
  chattype: 'group',
  from: { userid: from },
  msgtype: 'event',
  event: { eventtype: 'template_card_event', template_card_event: { card_type: 'button_interaction', event_key: key, task_id: taskId } },
  ...extra,
});
