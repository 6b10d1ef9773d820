// Opens the incident of a warning-engine topic at a level: by the engine itself (an automatic
// level), or by the person who confirmed a 预警建议 (decide-proposal.ts checked who may). It goes to
// the command centre as if raised there; the topic's signals and spread become the incident's.
import type { AnyActor, VerbContext } from '../context';
import type { Level } from '../levels';
import { commandDestinations } from '../read/groups';
import type { Incident } from '../read/incidents';
import { signalCount, type Topic } from '../read/signals';
import { attachTopic } from '../write/topics';
import { openIncident } from './open-incident';

export function raiseTopicWarning(ctx: VerbContext<AnyActor>, input: { topic: Topic; level: Level; proposal?: string | undefined }): Incident {
  const { tx, core } = ctx;
  const { topic, level } = input;
  const rule = core.playbook.levels[level];
  const origin = commandDestinations(tx)[0];
  if (!origin) throw new Error('no command-centre group: the organisation check should have refused to start');
  const count = signalCount(tx, [topic.id]);
  const who = ctx.actor.member === null ? '监测信号自动发布' : `${ctx.actor.member.name} 确认预警建议 ${input.proposal ?? ''}，发布`;
  const { incident } = openIncident(ctx, {
    level,
    title: topic.title,
    links: [],
    isDrill: false,
    raisedBy: 'signals',
    origin,
    timeline: {
      text: `${who}${rule.name}：${topic.title}（评分 ${topic.score}，信号 ${count} 条）`,
      data: { level, topicId: topic.id, score: topic.score, signals: count, proposal: input.proposal ?? null },
    },
    onCreated: (created) => attachTopic(tx, topic.id, created),
  });
  return incident;
}
