// What 平息 and 结案 do beyond the status (calm-incident.ts, close-incident.ts call these): 平息
// opens the review and plans the end of the observation period; 结案 of a level whose review must
// be signed first (playbook review.requiredFor) opens the review instead of closing; a drill played
// from a scenario ends by 演练 结束 (or its clock), not 结案.
import type { VerbContext } from '../context';
import { Refusal } from '../errors';
import { observationMs } from '../read/closing-rules';
import { drillOfIncident } from '../read/drills';
import type { Incident } from '../read/incidents';
import { reviewOfIncident } from '../read/reviews';
import { humanDuration, shortTime } from '../time';
import { openReview } from './reviews';
import { scheduleJob } from './schedule-job';

/** After 平息: the review opens, and the end of the watch is a stored job. Returns a sentence for the reply. */
export function afterCalm(ctx: VerbContext, incident: Incident): string {
  const { tx, core, now } = ctx;
  openReview(ctx, incident);
  const watch = observationMs(core, incident);
  if (watch === 0) return `总结评估已开启，请补充经验、问题和改进措施（「总结 ${incident.number} 经验 …」）。`;
  scheduleJob(tx, { kind: 'observation_end', subject: `incident:${incident.id}:${now}`, step: 0, dueAt: now + watch, now });
  return `观察期 ${humanDuration(watch)}（${shortTime(now + watch, core.timeZone, now)} 期满），期间请继续跟踪；总结评估已开启，请补充经验、问题和改进措施。`;
}

/**
 * 结案 of a level that needs a signed review: undefined when it may close; otherwise the review is
 * opened (the answer says so) or, already open, the close is refused with what is missing.
 * `later` is said after that: what 结案 will still ask once the review is signed.
 */
export function reviewRequiredBeforeClose(ctx: VerbContext, incident: Incident, summary: string, later = ''): { reply: string; toast: string } | undefined {
  const { tx, core } = ctx;
  const drill = incident.isDrill ? drillOfIncident(tx, incident.id) : undefined;
  if (drill && drill.endedAt === null)
    throw new Refusal(`${incident.number} 是按剧本进行的演练：请发送「演练 结束 ${incident.number}」结束，结束时按预案时限评分。`, '请用「演练 结束」');
  if (incident.isDrill || !core.playbook.review.requiredFor.includes(incident.level)) return undefined;
  const review = reviewOfIncident(tx, incident.id);
  if (review?.status === 'signed') return undefined;
  const signers = core.playbook.permissions.signReview.join('、');
  const level = core.playbook.levels[incident.level].name;
  const how = `请补充经验、问题和改进措施（「总结 ${incident.number} 经验 …」「总结 ${incident.number} 问题 …」「总结 ${incident.number} 改进 …」），由${signers}发送「总结 ${incident.number} 签发」后再结案。${later}`;
  if (review) throw new Refusal(`未结案：${incident.number} 是${level}，总结评估还没有签发。${how}`, '总结评估未签发，不能结案');
  openReview(ctx, incident, { summary });
  return { reply: `未结案：${incident.number} 是${level}，需要先完成总结评估并由${signers}签发。已开启总结评估，${how}`, toast: '需先签发总结评估' };
}
