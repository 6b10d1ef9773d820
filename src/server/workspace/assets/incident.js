// One incident: the full timeline, leads with their figures, tasks and owners, releases with every
// version and decision, deadlines met or late.
import { startTicking, tick } from './countdown.js';
import { $, api, dateTime, duration, esc, live } from './common.js';

const number = document.body.dataset.number;
const TASK_STATUS = { open: '待认领', claimed: '处置中', done: '已完成' };

function deadlines(list) {
  if (!list.length) return '<p class="empty">没有响应时限。</p>';
  return `<div class="table-wrap"><table><thead><tr><th>时限</th><th>应于</th><th>情况</th></tr></thead><tbody>${list
    .map((d) => {
      const due = Date.parse(d.dueAt);
      const met = d.metAt ? Date.parse(d.metAt) : null;
      const state = met
        ? met > due
          ? `<span class="tag late">迟 ${duration(met - due)} 完成</span>`
          : '<span class="tag ok">按时完成</span>'
        : `<span class="countdown" data-due="${due}"></span>`;
      return `<tr><td>${esc(d.label)}</td><td>${dateTime(due)}</td><td>${state}</td></tr>`;
    })
    .join('')}</tbody></table></div>`;
}

function tasks(list) {
  if (!list.length) return '<p class="empty">没有任务。</p>';
  return `<div class="table-wrap"><table><thead><tr><th>任务</th><th>部门</th><th>负责人</th><th>状态</th></tr></thead><tbody>${list
    .map(
      (t) =>
        `<tr><td>${esc(t.id)} ${esc(t.title)}</td><td>${esc(t.departmentName || '—')}</td><td>${esc(t.owner || '—')}</td><td>${TASK_STATUS[t.status] || esc(t.status)}</td></tr>`,
    )
    .join('')}</tbody></table></div>`;
}

function leads(list, total) {
  if (!list.length) return '<p class="empty">没有线索。</p>';
  const figures = (s) =>
    s
      ? `<span class="muted">阅读 ${s.metrics.reads} · 转发 ${s.metrics.reposts} · 评论 ${s.metrics.comments} · 点赞 ${s.metrics.likes} · 近一小时提及 ${s.metrics.mentionsLastHour} · ${esc(s.author.name)}（粉丝 ${s.author.followers}${s.author.verified ? '，认证' : ''}）</span>`
      : '';
  return `<ul>${list
    .map(
      (l) =>
        `<li>${esc(l.id)} ${esc(l.summary)} ${l.link ? `<a href="${esc(l.link)}" target="_blank" rel="noopener noreferrer">原文</a>` : ''} <span class="muted">${esc(l.source)}${l.reportedBy ? ` · ${esc(l.reportedBy)} 上报` : ''} · ${dateTime(l.createdAt)}</span><br>${figures(l.signal)}</li>`,
    )
    .join('')}</ul>${total > list.length ? `<p class="muted">共 ${total} 条，显示前 ${list.length} 条。</p>` : ''}`;
}

function releases(list) {
  if (!list.length) return '<p class="empty">没有信息发布稿。</p>';
  return list
    .map(
      (
        r,
      ) => `<div class="item"><div class="head"><b>${esc(r.ref)}</b><span class="tag">${esc(r.statusName)}</span>${r.step ? `<span class="muted">等待：${esc(r.step)}</span>` : ''}<span class="muted">起草：${esc(r.author)} · 审批链：${r.chain.map(esc).join(' → ')}</span></div>
${r.versions.map((v) => `<p class="muted">第 ${v.version} 版 · ${dateTime(v.createdAt)}</p><div class="content">${esc(v.content)}</div>`).join('')}
${r.decisions.length ? `<ul>${r.decisions.map((d) => `<li>v${d.version} ${esc(d.step)}：${esc(d.decider)} ${d.decision === 'approve' ? '同意' : '驳回'}${d.reason ? `（${esc(d.reason)}）` : ''} · ${dateTime(d.at)}</li>`).join('')}</ul>` : '<p class="muted">还没有审批意见。</p>'}</div>`,
    )
    .join('');
}

async function refresh() {
  let data;
  try {
    data = await api(`/incidents/${encodeURIComponent(number)}`);
  } catch (err) {
    $('#main').innerHTML = `<section class="panel notice"><h1>无法查看</h1><p>${esc(err.message)}</p><p><a href="/">回到看板</a></p></section>`;
    return;
  }
  const i = data.incident;
  document.title = `${i.number} · 烽火`;
  $('#main').innerHTML = `<section class="panel incident ${esc(i.level)}"><h1>${esc(i.number)} ${esc(i.title)}</h1>
  <p><span class="dot ${esc(i.level)}"></span> ${esc(i.levelName)} · ${esc(i.statusName)}${i.isDrill ? ' · 演练' : ''} · ${dateTime(Date.parse(i.createdAt))} 发布</p>
  ${i.summary ? `<p>${esc(i.summary)}</p>` : ''}<p><a href="/incidents/${encodeURIComponent(i.number)}/review">${i.isDrill ? '演练评估' : '总结评估'}</a></p></section>
<div class="grid">
  <div>
    <section class="panel"><h2>任务</h2>${tasks(i.tasks)}</section>
    <section class="panel"><h2>信息发布</h2>${releases(i.releases)}</section>
    <section class="panel"><h2>线索</h2>${leads(i.leads, i.leadTotal)}</section>
  </div>
  <div>
    <section class="panel"><h2>响应时限</h2>${deadlines(i.deadlines)}</section>
    <section class="panel"><h2>时间线</h2><ul class="timeline">${i.timeline.map((e) => `<li><time>${dateTime(Date.parse(e.at))}</time>${esc(e.text)}</li>`).join('')}</ul></section>
  </div>
</div>`;
  tick();
}

live(refresh);
startTicking();
