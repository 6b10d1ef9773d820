// 总结评估 of one incident: the measured figures, the 经验 / 问题 / 改进措施 people wrote (and a form
// to add one), 签发 for the commander, the Word document.
import { $, api, dateTime, esc, live, post, toast } from './common.js';

const number = document.body.dataset.number;
const PARTS = { experience: '经验', problem: '问题', improvement: '改进措施' };
const OUTCOME = { on_time: '按时', late: '迟', missed: '未完成', open: '未到期' };
const mins = (ms) => (ms == null ? '—' : `${Math.round(ms / 60000)} 分钟`);

function table(head, rows) {
  if (!rows.length) return '<p class="empty">没有。</p>';
  return `<div class="table-wrap"><table><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join('')}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join('')}</tr>`)
    .join('')}</tbody></table></div>`;
}

function figures(f) {
  const speed = [
    [
      '首条线索 → 预警',
      f.firstLead
        ? `${dateTime(f.firstLead.at)}（${esc(f.firstLead.source)}）→ ${dateTime(f.warning.at)}：${mins(f.warning.leadToWarningMs)}`
        : '没有在先的线索',
    ],
    [
      '首次续报',
      f.firstProgress
        ? `${dateTime(f.firstProgress.at)} ${esc(f.firstProgress.by || '')}：预警后 ${mins(f.firstProgress.fromWarningMs)}（共 ${f.progressCount} 次）`
        : '没有续报',
    ],
    ...f.approved.map((a) => [`审批通过 ${esc(a.ref)}`, `第 ${a.version} 版 ${dateTime(a.at)}：预警后 ${mins(a.fromWarningMs)}`]),
    ...f.publications.map((p) => [`对外发布 ${esc(p.ref)}`, `${dateTime(p.at)} ${p.channels.map(esc).join('、')}：预警后 ${mins(p.fromWarningMs)}`]),
    ...f.reports.map((r) => [`上报${esc(r.typeName)}`, `${dateTime(r.at)} ${esc(r.method || '')} ${esc(r.recipient || '')}：预警后 ${mins(r.fromWarningMs)}`]),
  ];
  const e = f.escalations;
  return `<section class="panel"><h2>响应时效</h2>${table(
    ['项目', '情况'],
    speed.map(([a, b]) => [a, b]),
  )}</section>
<section class="panel"><h2>任务认领</h2>${table(
    ['任务', '部门', '认领人', '认领时间', '预警后', '情况', '催办'],
    f.claims.map((c) => [
      `${esc(c.ref)} ${esc(c.title)}`,
      esc(c.department || '—'),
      esc(c.by || '—'),
      c.claimedAt ? dateTime(c.claimedAt) : '未认领',
      mins(c.fromWarningMs),
      c.claimedAt === null
        ? '<span class="tag late">未认领</span>'
        : c.late
          ? `<span class="tag late">超时 ${mins(c.lateByMs)}</span>`
          : '<span class="tag ok">时限内</span>',
      c.rungs ? `${c.rungs} 级` : '—',
    ]),
  )}</section>
<section class="panel"><h2>审批</h2>${table(
    ['发布稿', '步骤', '审批人', '结果', '等待', '时间'],
    f.approvals.map((a) => [
      `${esc(a.ref)} 第 ${a.version} 版`,
      esc(a.step),
      esc(a.decider),
      a.decision === 'approve' ? '同意' : '驳回',
      mins(a.waitMs),
      dateTime(a.decidedAt),
    ]),
  )}</section>
<section class="panel"><h2>响应时限</h2>${table(
    ['时限', '截止', '完成', '情况'],
    f.deadlines.map((d) => [
      esc(d.label),
      dateTime(d.dueAt),
      d.metAt ? `${dateTime(d.metAt)}${d.by ? ` ${esc(d.by)}` : ''}` : '—',
      `<span class="tag ${d.outcome === 'on_time' ? 'ok' : d.outcome === 'open' ? '' : 'late'}">${OUTCOME[d.outcome]}${d.outcome === 'late' || d.outcome === 'missed' ? ` ${mins(d.marginMs)}` : ''}</span>`,
    ]),
  )}<p class="muted">催办 ${e.taskRungs} 级次 · 审批提醒 ${e.approvalRungs} 次 · 续报提醒 ${e.updateRequests} 次 · 时限提醒 ${e.deadlineReminders} 次</p></section>
<section class="panel"><h2>谁做了什么</h2>${table(
    ['人员', '部门', '做了什么'],
    f.people.map((p) => [esc(p.name), esc(p.department || '—'), p.actions.map((a) => `${esc(a.action)} ${a.count}`).join('、')]),
  )}</section>`;
}

function notes(data) {
  const signed = data.review.status === 'signed';
  const parts = Object.entries(PARTS)
    .map(([kind, name]) => {
      const list = data.notes.filter((n) => n.kind === kind);
      return `<h3>${name}</h3>${list.length ? `<ol>${list.map((n) => `<li>${esc(n.text)} <span class="muted">${esc(n.author)} · ${dateTime(n.at)}</span></li>`).join('')}</ol>` : '<p class="empty">还没有。</p>'}`;
    })
    .join('');
  const form = signed
    ? '<p class="muted">已签发：内容以签发时为准。</p>'
    : `<form class="actions note-form"><select name="part" aria-label="栏目"><option>经验</option><option>问题</option><option value="改进">改进措施</option></select><input type="text" name="text" placeholder="写下经验、问题或改进措施" aria-label="内容" required><button class="btn primary" type="submit">补充</button></form>
${data.canSign ? '<div class="actions"><button class="btn" id="sign" type="button">签发总结评估</button></div>' : ''}`;
  return `<section class="panel"><h2>经验、问题与改进措施</h2>${parts}${form}</section>`;
}

async function refresh() {
  let data;
  try {
    data = await api(`/incidents/${encodeURIComponent(number)}/review`);
  } catch (err) {
    $('#main').innerHTML = `<section class="panel notice"><h1>无法查看</h1><p>${esc(err.message)}</p><p><a href="/">回到看板</a></p></section>`;
    return;
  }
  const i = data.incident;
  const title = i.isDrill ? '演练评估' : '总结评估';
  document.title = `${i.number} ${title} · 烽火`;
  if (!data.review) {
    $('#main').innerHTML =
      `<section class="panel notice"><h1>${esc(i.number)} 还没有${title}</h1><p>事件平息或结案时开启；也可以在群里发送「总结 ${esc(i.number)}」。</p><p><a href="/incidents/${encodeURIComponent(i.number)}">回到事件详情</a></p></section>`;
    return;
  }
  const r = data.review;
  const state =
    r.status === 'signed' ? `<span class="tag ok">已签发 · ${esc(r.signer || '')} ${dateTime(r.signedAt)}</span>` : '<span class="tag">待补充、待签发</span>';
  const score = data.score
    ? `<section class="panel"><h2>演练得分 ${data.score.score}</h2><p class="muted">共 ${data.score.items.length} 项：按时 ${data.score.onTime}、迟 ${data.score.late}、未完成 ${data.score.missed}</p>${table(
        ['项目', '结果', '情况'],
        data.score.items.map((it) => [esc(it.what), OUTCOME[it.outcome], esc(it.detail)]),
      )}</section>`
    : '';
  $('#main').innerHTML = `<section class="panel incident ${esc(i.level)}"><h1>${i.isDrill ? '【演练】' : ''}${esc(i.number)} ${title}</h1>
<p>${esc(i.title)}</p><p>${state}${r.summary ? ` · 总结：${esc(r.summary)}` : ''}</p>
<div class="actions"><a class="btn" href="/workspace/api/incidents/${encodeURIComponent(i.number)}/review.docx">导出 Word</a><a href="/incidents/${encodeURIComponent(i.number)}">事件详情</a></div></section>
${score}${notes(data)}${figures(data.figures)}`;
}

document.addEventListener('submit', async (e) => {
  const form = e.target.closest('form.note-form');
  if (!form) return;
  e.preventDefault();
  const r = await post('commands', { command: '总结', number, part: form.part.value, text: form.text.value });
  if (r) toast(r.outcome === 'done' ? r.toast : r.reply || r.toast);
});
document.addEventListener('click', async (e) => {
  if (!e.target.closest('#sign')) return;
  const r = await post('commands', { command: '总结', number, part: '签发' });
  if (r) toast(r.outcome === 'done' ? r.toast : r.reply || r.toast);
});

live(refresh);
