// 会议: the 应急会议 of an incident — see it, set its time and place, record its decisions.
import { z } from 'zod';
import { parseMeetingTime } from '../read/meetings';
import { recordMeetingDecision } from '../verbs/record-meeting-decision';
import { setMeeting } from '../verbs/set-meeting';
import { showMeeting } from '../verbs/show-meeting';
import { Refusal } from '../errors';
import { leadingIncident } from './args';
import { defineCommand } from './spec';

const TIME_WORDS = ['时间', 'time'];
const PLACE_WORDS = ['地点', '链接', 'place', 'link'];
const DECISION_WORDS = ['决定', 'decision', 'decide'];

/** `时间 明天 14:30 地点 三楼会议室` → the time words and the place; either may be absent. */
function timeAndPlace(words: string[]): { time: string[] | undefined; place: string | undefined } {
  const placeAt = words.findIndex((w) => PLACE_WORDS.includes(w.toLowerCase()));
  const timeAt = words.findIndex((w) => TIME_WORDS.includes(w.toLowerCase()));
  const time = timeAt < 0 ? undefined : words.slice(timeAt + 1, placeAt > timeAt ? placeAt : undefined);
  const place = placeAt < 0 ? undefined : words.slice(placeAt + 1, timeAt > placeAt ? timeAt : undefined).join(' ');
  return { time, place };
}

export const meeting = defineCommand({
  name: '会议',
  aliases: ['meeting'],
  usage: '会议 [事件编号] [时间 <14:30|明天 09:00|30分钟后>] [地点 <地点或链接>] | 会议 [事件编号] 决定 <内容>',
  example: '会议 时间 14:30 地点 三楼会议室',
  summary: '应急会议：查看，设定时间、地点或会议链接，记录会议决定（记入时间线）',
  read: (words, rest) => {
    const r = leadingIncident(words, rest);
    const first = (r.words[0] ?? '').toLowerCase();
    if (!first) return { incidentNumber: r.incidentNumber, action: 'show' };
    if (DECISION_WORDS.includes(first))
      return { incidentNumber: r.incidentNumber, action: 'decide', text: r.rest.slice(r.rest.indexOf(r.words[0]!) + r.words[0]!.length).trim() };
    if (TIME_WORDS.includes(first) || PLACE_WORDS.includes(first)) return { incidentNumber: r.incidentNumber, action: 'set', ...timeAndPlace(r.words) };
    return { incidentNumber: r.incidentNumber, action: 'unknown', word: r.words[0] };
  },
  args: z.discriminatedUnion('action', [
    z.object({ action: z.literal('show'), incidentNumber: z.string().optional() }),
    z.object({ action: z.literal('decide'), incidentNumber: z.string().optional(), text: z.string().trim().min(1, '缺少会议决定的内容') }),
    z.object({
      action: z.literal('set'),
      incidentNumber: z.string().optional(),
      time: z.array(z.string()).min(1, '「时间」后面缺少时间，例如 14:30').optional(),
      place: z.string().trim().min(1, '「地点」后面缺少地点或会议链接').optional(),
    }),
    z.object({ action: z.literal('unknown'), incidentNumber: z.string().optional(), word: z.string() }),
  ]),
  run: (ctx, a) => {
    switch (a.action) {
      case 'show':
        return { reply: showMeeting(ctx, a), toast: '已发送会议' };
      case 'decide':
        return recordMeetingDecision(ctx, { incidentNumber: a.incidentNumber, text: a.text });
      case 'unknown':
        throw new Refusal(`「${a.word}」不是会议的操作。可以写：会议 时间 14:30、会议 地点 三楼会议室、会议 决定 内容。`);
      case 'set': {
        const startsAt = a.time ? parseMeetingTime(a.time, ctx.now, ctx.core.timeZone) : undefined;
        if (a.time && startsAt === undefined) throw new Refusal(`「${a.time.join(' ')}」不是时间。可以写 14:30、明天 09:00 或 30分钟后。`);
        return setMeeting(ctx, { incidentNumber: a.incidentNumber, startsAt, place: a.place });
      }
    }
  },
});
