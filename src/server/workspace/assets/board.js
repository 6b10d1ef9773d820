// 态势看板: open incidents by level with live deadline countdowns, duty, the late-report ledger and
// the signal topics with their spread. Redrawn whenever the server says something changed.
import { tick, startTicking } from './countdown.js';
import { $, api, dateTime, duration, esc, levelName, live, time } from './common.js';

const LEVELS = ['red', 'orange', 'yellow', 'blue'];
let chart = null;

function countdown(dueAt) {
  return `<span class="countdown" data-due="${dueAt}"></span>`;
}

function incidentHtml(i) {
  const next = i.nextDeadline
    ? `${esc(i.nextDeadline.label)} · ${time(i.nextDeadline.dueAt)} 截止 · ${countdown(i.nextDeadline.dueAt)}`
    : '<span class="tag ok">时限均已完成</span>';
  const unclaimed = i.unclaimed.length
    ? i.unclaimed.map((d) => `${esc(d.department)} ${d.tasks.length} 项（${d.tasks.map((t) => esc(t.ref)).join('、')}）`).join('；')
    : '无';
  const waiting = i.waiting.length ? i.waiting.map((w) => `${esc(w.ref)} v${w.version} · ${esc(w.step)} · 等 ${esc(w.who)}`).join('；') : '无';
  const progress = i.latestProgress ? `${time(i.latestProgress.at)} ${esc(i.latestProgress.text)}` : '暂无';
  return `<article class="incident ${esc(i.level)}" data-number="${esc(i.number)}">
  <h3><a href="/incidents/${encodeURIComponent(i.number)}">${esc(i.number)}</a> ${esc(i.title)} ${i.isDrill ? '<span class="tag">演练</span>' : ''}<span class="tag">${esc(i.status)}</span></h3>
  <dl class="facts">
    <div><dt>下一时限：</dt><dd>${next}</dd></div>
    <div><dt>待认领：</dt><dd>${unclaimed}</dd></div>
    <div><dt>待审批：</dt><dd>${waiting}</dd></div>
    <div><dt>最新进展：</dt><dd>${progress}</dd></div>
  </dl>
</article>`;
}

function dutyHtml(duty) {
  const shift = (label, s) =>
    s
      ? `<p><b>${label}</b> ${esc(s.shiftName)} ${time(s.start)}–${time(s.end)}：${s.people.map((p) => `${esc(p.role)} ${esc(p.name)}`).join('，')}</p>`
      : `<p><b>${label}</b> 没有排班</p>`;
  if (duty.plain.length) return `<p><b>值班</b> ${duty.plain.map(esc).join('、')}</p>`;
  return shift('现在', duty.now) + shift('下一班', duty.next);
}

function ledgerHtml(rows) {
  if (!rows.length) return '<p class="empty">没有迟报或漏报。</p>';
  return `<div class="table-wrap"><table><thead><tr><th>事件</th><th>时限</th><th>应于</th><th>情况</th></tr></thead><tbody>${rows
    .map(
      (r) =>
        `<tr><td><a href="/incidents/${encodeURIComponent(r.incident)}">${esc(r.incident)}</a></td><td>${esc(r.label)}</td><td>${dateTime(r.dueAt)}</td><td>${r.metAt ? `<span class="tag late">迟报 ${duration(r.metAt - r.dueAt)}</span>${esc(r.metBy || '')}` : '<span class="tag late">漏报</span>'}</td></tr>`,
    )
    .join('')}</tbody></table></div>`;
}

function topicsHtml(topics) {
  if (!topics.length) return '<p class="empty">最近 24 小时没有监测信号。</p>';
  return `<div class="table-wrap"><table><thead><tr><th>话题</th><th>评分</th><th>信号</th><th>事件</th></tr></thead><tbody>${topics
    .map(
      (t) =>
        `<tr><td>${t.level ? `<span class="dot ${esc(t.level)}"></span> ` : ''}${esc(t.title)}</td><td>${Math.round(t.score)}</td><td>${t.signals}</td><td>${t.incident ? `<a href="/incidents/${encodeURIComponent(t.incident)}">${esc(t.incident)}</a>` : '—'}</td></tr>`,
    )
    .join('')}</tbody></table></div><div id="chart" role="img" aria-label="话题传播趋势"></div>`;
}

async function drawChart(spread) {
  const el = $('#chart');
  if (!el || !spread.series.length) return;
  if (!window.echarts) {
    await new Promise((resolve, reject) => {
      const s = document.createElement('script');
      s.src = '/assets/echarts.min.js';
      s.onload = resolve;
      s.onerror = reject;
      document.head.append(s);
    });
  }
  if (chart) chart.dispose();
  chart = window.echarts.init(el);
  chart.setOption({
    textStyle: { fontFamily: getComputedStyle(document.body).fontFamily },
    tooltip: { trigger: 'axis' },
    legend: { type: 'scroll', top: 0 },
    grid: { left: 36, right: 12, top: 56, bottom: 28 },
    xAxis: { type: 'category', data: spread.hours.map(time), boundaryGap: false },
    yAxis: { type: 'value', name: '累计信号', minInterval: 1 },
    series: spread.series.map((s) => ({ name: s.name, type: 'line', smooth: true, showSymbol: false, data: s.counts })),
  });
}

async function refresh() {
  const data = await api('/board');
  const main = $('#main');
  if (data.guest) {
    main.innerHTML = `<section class="panel"><h1>我上报的线索</h1><p class="muted">你还没有登记在组织名册里：这里只显示你自己上报的线索。</p>${
      data.reports.length
        ? `<ul>${data.reports.map((r) => `<li>${dateTime(r.createdAt)} ${esc(r.summary)}${r.link ? ` <a href="${esc(r.link)}" rel="noopener noreferrer" target="_blank">原文</a>` : ''}</li>`).join('')}</ul>`
        : '<p class="empty">还没有。在聊天里发送「上报 描述 链接」上报线索。</p>'
    }</section>`;
    return;
  }
  const groups = LEVELS.map((l) => ({ level: l, items: data.incidents.filter((i) => i.level === l) })).filter((g) => g.items.length);
  main.innerHTML = `<div class="grid">
  <div>
    <section class="panel" id="incidents"><h1>进行中的事件 <span id="live">· 实时</span></h1>${
      groups.length
        ? groups
            .map(
              (g) =>
                `<div class="level-group ${g.level}"><h2><span class="dot"></span>${levelName(g.level)}预警 · ${g.items.length} 起</h2>${g.items.map(incidentHtml).join('')}</div>`,
            )
            .join('')
        : '<p class="empty">没有进行中的事件。</p>'
    }</section>
    <section class="panel" id="topics"><h2>监测话题</h2>${topicsHtml(data.topics)}</section>
  </div>
  <div>
    <section class="panel" id="duty"><h2>值班</h2>${dutyHtml(data.duty)}</section>
    <section class="panel" id="ledger"><h2>迟报台账</h2>${ledgerHtml(data.ledger)}</section>
  </div>
</div>`;
  tick();
  await drawChart(data.spread).catch((err) => console.warn('chart', err));
}

live(refresh);
startTicking();
window.addEventListener('resize', () => chart && chart.resize());
