/**
 * The three-year plan: public piles per county against Annex 1, city totals, the pile-to-EV ratio,
 * coverage, central stations, charging distance — and the monthly reports. Admins also enter EV counts,
 * import the administrative divisions and ask for a report.
 */
import { ApiFailure, type ApiClient } from '../api/client.js';
import type { PlanAnswer, ReportSummary } from '../api/types.js';
import { chartIn, chartText } from '../charts/echarts.js';
import { lang, t } from '../i18n/i18n.js';
import type { LabelKey } from '../i18n/dictionary.js';
import { dateTime, num, percent, shanghaiMonth } from '../model/format.js';
import { link } from '../router.js';
import { can } from '../session.js';
import { h, replace, table, td } from '../ui/dom.js';
import type { View, ViewContext } from './view.js';

type Measure = { actual: number; target: number | null; percent: number | null; gap: number | null; met: boolean | null };

const planYears = [2023, 2024, 2025] as const;
let chosenYear: number | undefined;

export const planView: View = async (ctx) => {
  const { root, api, me, reference } = ctx;
  const year = chosenYear ?? Math.min(2025, Math.max(2023, Number(shanghaiMonth(new Date()).slice(0, 4))));
  const answer = await api.get<PlanAnswer>('/api/v1/plan/progress', { year });
  const p = answer.progress;

  const yearSelect = h('select', { id: 'plan-year' }, planYears.map((y) => h('option', { value: String(y), selected: y === p.year }, String(y))));
  yearSelect.addEventListener('change', () => {
    chosenYear = Number(yearSelect.value);
    ctx.navigate(`${link.plan()}?year=${chosenYear}`);
  });

  const areaName = (a: { nameZh: string; nameEn: string }) => (lang() === 'zh' ? a.nameZh : a.nameEn);
  const metCell = (m: Measure) => td(m.met === null ? '—' : m.met ? t('plan.met') : t('plan.notMet'), { class: m.met === null ? '' : m.met ? 'ok' : 'bad' });

  // ---- headline figures
  const ratio = p.pileToEvRatio;
  const headline = h(
    'section',
    { class: 'kpis' },
    kpi('publicPiles', t('plan.publicPiles'), `${num(p.city.publicPiles.actual)} / ${num(p.city.publicPiles.target)}`, percent(p.city.publicPiles.percent)),
    kpi('newPiles', t('plan.newPiles'), `${num(p.city.newPublicPiles.actual)} / ${num(p.city.newPublicPiles.target)}`, percent(p.city.newPublicPiles.percent)),
    kpi('ratio', t('plan.ratio'), ratio.evsPerPile === null ? '—' : `1 : ${num(ratio.evsPerPile, 1)}`, t('plan.ratioTarget', { target: ratio.targetEvsPerPile, goal: ratio.goalEvsPerPile })),
    kpi('townships', t('plan.townships'), `${num(p.coverage.townships.actual)} / ${num(p.coverage.townships.target)}`, percent(p.coverage.townships.percent)),
    kpi('villages', t('plan.villages'), `${num(p.coverage.villages.actual)} / ${num(p.coverage.villages.target)}`, percent(p.coverage.villages.percent)),
    kpi('distance', t('plan.maxDistance'), p.chargingDistance?.maxKm === null || !p.chargingDistance ? '—' : `${num(p.chargingDistance.maxKm, 1)} km`, t('plan.limit', { km: p.targets.maxChargingDistanceKm })),
  );

  // ---- Annex 1 per county
  const annex = table(
    [t('plan.area'), t('plan.yearBuilt'), t('plan.yearTarget'), t('plan.percent'), t('plan.gap'), t('plan.cumulative'), t('plan.cumulativeTarget'), t('plan.allPublicPiles')],
    p.areas,
    (a) => [
      areaName(a),
      td(num(a.year.actual), { 'data-field': 'yearActual' }),
      td(num(a.year.target), { 'data-field': 'yearTarget' }),
      td(percent(a.year.percent), { 'data-field': 'yearPercent' }),
      td(num(a.year.gap), { 'data-field': 'yearGap' }),
      td(num(a.cumulative.actual), { 'data-field': 'cumulativeActual' }),
      td(num(a.cumulative.target), { 'data-field': 'cumulativeTarget' }),
      td(num(a.publicPiles), { 'data-field': 'publicPiles' }),
    ],
    { id: 'plan-counties' },
  );
  annex.querySelectorAll('tbody tr').forEach((tr, i) => tr.setAttribute('data-area', p.areas[i]!.areaId));
  const chartEl = h('div', { class: 'chart' });
  const chart = chartIn(chartEl);
  chart.chart.setOption({
    textStyle: chartText,
    grid: { left: 50, right: 20, top: 30, bottom: 70 },
    legend: { textStyle: { color: chartText.color } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'category', data: p.areas.map(areaName), axisLabel: { color: chartText.color, rotate: 40 } },
    yAxis: { type: 'value', axisLabel: { color: chartText.color }, splitLine: { lineStyle: { color: '#1d3557' } } },
    series: [
      { name: t('plan.yearBuilt'), type: 'bar', data: p.areas.map((a) => a.year.actual), itemStyle: { color: '#2f9bff' } },
      { name: t('plan.yearTarget'), type: 'bar', data: p.areas.map((a) => a.year.target), itemStyle: { color: '#40557a' } },
    ],
  });

  // ---- pile-to-EV ratio per county
  const ratioTable = table(
    [t('plan.county'), t('plan.publicPilesShort'), t('plan.registeredEvs'), t('plan.evsPerPile'), t('plan.meetsTarget')],
    ratio.byCounty,
    (r) => [
      reference.countyName(r.countyCode),
      num(r.publicPiles),
      num(r.registeredEvs),
      r.evsPerPile === null ? '—' : `1 : ${num(r.evsPerPile, 1)}`,
      r.meetsTarget === null ? '—' : r.meetsTarget ? t('plan.met') : t('plan.notMet'),
    ],
    { id: 'plan-ratio' },
  );
  const evNote = h('p', { class: 'muted small' }, answer.registeredEvs.length ? t('plan.evsAsOf', { day: answer.registeredEvs.map((e) => e.asOf).sort().at(-1)! }) : t('plan.noEvs'));

  // ---- coverage
  const coverageRows: Array<[LabelKey, Measure]> = [
    ['plan.cov.townships', p.coverage.townships],
    ['plan.cov.villages', p.coverage.villages],
    ['plan.cov.scenicAreas', p.coverage.scenicAreas],
    ['plan.cov.highwayServiceAreas', p.coverage.highwayServiceAreas],
    ['plan.cov.highwayFast', p.coverage.highwayServiceAreasWithFastCharge],
    ['plan.cov.trunkRoad', p.coverage.trunkRoadParkingAreas],
    ['plan.cov.touristPosts', p.coverage.touristRoadPosts],
    ['plan.cov.rvCamps', p.coverage.touristRoadRvCamps],
    ['plan.cov.avgPerTownship', p.averagePilesPerTownship],
    ['plan.cov.countiesWithCentral', p.centralStations.countiesWithCentralStation],
  ];
  const coverage = table([t('plan.measure'), t('plan.actual'), t('plan.target'), t('plan.percent'), t('plan.status')], coverageRows, ([key, m]) => [
    t(key),
    num(m.actual, Number.isInteger(m.actual) ? 0 : 1),
    num(m.target),
    percent(m.percent),
    metCell(m),
  ], { id: 'plan-coverage' });
  const central = table(
    [t('plan.county'), t('plan.centralStations'), t('plan.centralPiles'), t('plan.status')],
    p.centralStations.counties,
    (c) => [reference.countyName(c.countyCode), num(c.centralStations), num(c.pilesInCentralStations), c.met === null ? '—' : c.met ? t('plan.met') : t('plan.notMet')],
  );

  // ---- charging distance
  const distance = p.chargingDistance
    ? h(
        'div',
        {},
        h('p', {}, t('plan.distanceSummary', { places: num(p.chargingDistance.places), max: num(p.chargingDistance.maxKm, 1), over: num(p.chargingDistance.overLimit.length) })),
        p.chargingDistance.overLimit.length
          ? table([t('plan.place'), t('plan.code'), t('plan.distance'), t('plan.limitShort')], p.chargingDistance.overLimit.slice(0, 30), (d) => [d.name ?? '—', d.placeId, d.km === null ? '—' : `${num(d.km, 1)} km`, `${d.limitKm} km`], { id: 'plan-over-limit' })
          : null,
      )
    : h('p', { class: 'muted' }, t('plan.noDivisions'));

  const sections: Array<HTMLElement | null> = [
    h('div', { class: 'card' }, h('h1', {}, t('plan.title'), ' ', yearSelect), h('p', { class: 'muted small' }, t('plan.cutoff', { at: dateTime(p.cutoff) }), p.unplacedPublicPiles ? ` · ${t('plan.unplaced', { n: p.unplacedPublicPiles })}` : '')),
    headline,
    h('div', { class: 'card' }, h('h2', {}, t('plan.annex1')), annex, chartEl),
    h('div', { class: 'row2' }, h('div', { class: 'card' }, h('h2', {}, t('plan.ratioTitle')), ratioTable, evNote, can.administer(me.role) ? evForm(ctx) : null), h('div', { class: 'card' }, h('h2', {}, t('plan.coverage')), coverage)),
    h('div', { class: 'row2' }, h('div', { class: 'card' }, h('h2', {}, t('plan.centralTitle')), central), h('div', { class: 'card' }, h('h2', {}, t('plan.distanceTitle')), distance, can.administer(me.role) ? divisionsForm(ctx, answer) : null)),
    can.readReports(me.role) ? await reportsCard(ctx) : null,
  ];
  replace(root, ...sections);
  return () => chart.dispose();
};

function kpi(key: string, label: string, value: string, note: string): HTMLElement {
  return h('div', { class: 'kpi', 'data-kpi': key }, h('div', { class: 'kpi-value' }, value), h('div', { class: 'kpi-label' }, label), h('div', { class: 'kpi-note' }, note));
}

function evForm({ api, reference, navigate }: ViewContext): HTMLElement {
  const county = h('select', { id: 'ev-county' }, reference.counties.filter((c) => c.code).map((c) => h('option', { value: c.code! }, reference.countyName(c.code))));
  const day = h('input', { id: 'ev-day', type: 'date', required: true, value: new Date(Date.now() + 8 * 3_600_000).toISOString().slice(0, 10) });
  const evs = h('input', { id: 'ev-count', type: 'number', min: 0, step: 1, required: true });
  const message = h('p', { class: 'form-error', role: 'alert' });
  const form = h('form', { class: 'inline-form' }, h('h3', {}, t('plan.enterEvs')), county, day, evs, h('button', { class: 'primary', type: 'submit' }, t('common.save')), message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    try {
      await api.send('PUT', `/api/v1/evs/${county.value}/${day.value}`, { evs: Number(evs.value) });
      navigate(`${link.plan()}?saved=${Date.now()}`);
    } catch (err) {
      message.textContent = err instanceof ApiFailure ? err.message : String(err);
    }
  });
  return form;
}

function divisionsForm({ api, navigate }: ViewContext, answer: PlanAnswer): HTMLElement {
  const file = h('input', { id: 'divisions-file', type: 'file', accept: '.csv,text/csv', required: true });
  const replaceAll = h('input', { id: 'divisions-replace', type: 'checkbox' });
  const message = h('p', { class: 'form-message', role: 'status' });
  const form = h(
    'form',
    { class: 'inline-form' },
    h('h3', {}, t('plan.importDivisions')),
    h('p', { class: 'muted small' }, t('plan.divisionsNow', { townships: answer.divisions.townships, villages: answer.divisions.villages, located: answer.divisions.withCoordinates })),
    file,
    h('label', {}, replaceAll, ' ', t('plan.replaceDivisions')),
    h('button', { class: 'primary', type: 'submit' }, t('plan.import')),
    message,
  );
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const chosen = file.files?.[0];
    if (!chosen) return;
    try {
      const counts = await api.send<{ townships: number; villages: number; removed: number }>('POST', `/api/v1/divisions/import${replaceAll.checked ? '?replace=true' : ''}`, await chosen.text(), 'text/csv');
      message.textContent = t('plan.imported', counts);
      setTimeout(() => navigate(`${link.plan()}?imported=${Date.now()}`), 800);
    } catch (err) {
      message.textContent = err instanceof ApiFailure ? err.message : String(err);
    }
  });
  return form;
}

async function reportsCard({ api, me }: ViewContext): Promise<HTMLElement> {
  const reports = await api.get<{ items: ReportSummary[] }>('/api/v1/reports/monthly', { limit: 24 });
  const message = h('p', { class: 'form-message', id: 'report-message', role: 'status' });
  const list = table(
    [t('reports.month'), t('reports.generated'), t('reports.trigger'), ''],
    reports.items,
    (r) => [
      r.month,
      dateTime(r.generatedAt),
      r.trigger === 'schedule' ? t('reports.scheduled') : `${t('reports.onDemand')}${r.requestedBy ? ` (${r.requestedBy})` : ''}`,
      h(
        'span',
        { class: 'actions' },
        h('a', { href: link.report(r.month), class: 'button' }, t('reports.view')),
        ' ',
        h('button', { onclick: () => void download(api, r.month, message), 'data-download': r.month }, t('reports.csv')),
      ),
    ],
    { id: 'reports-table' },
  );
  let generate: HTMLElement | null = null;
  if (can.administer(me.role)) {
    const previous = shanghaiMonth(new Date(Date.now() - 20 * 86_400_000));
    const month = h('input', { id: 'report-month', type: 'month', value: previous, max: shanghaiMonth(new Date()) });
    const button = h('button', { class: 'primary', id: 'report-generate' }, t('reports.generate'));
    button.addEventListener('click', async () => {
      try {
        await api.send('POST', `/api/v1/reports/monthly/${month.value}`);
        message.textContent = t('reports.queued', { month: month.value });
      } catch (err) {
        message.textContent = err instanceof ApiFailure ? err.message : String(err);
      }
    });
    generate = h('div', { class: 'inline-form' }, month, button);
  }
  return h(
    'div',
    { class: 'card' },
    h('h2', {}, t('reports.title')),
    h('p', { class: 'muted small' }, t('reports.hint')),
    reports.items.length ? list : h('p', { class: 'muted' }, t('reports.none')),
    generate,
    message,
  );
}

/** Fetches the CSV with the token (a plain link cannot carry it) and saves it under its own name. */
async function download(api: ApiClient, month: string, message: HTMLElement): Promise<void> {
  const res = await api.raw(`/api/v1/reports/monthly/${month}/csv`);
  if (!res.ok) {
    message.textContent = `${t('common.failed')}: ${res.status}`;
    return;
  }
  const url = URL.createObjectURL(await res.blob());
  const a = h('a', { href: url, download: `pilewatch-monthly-report-${month}.csv` });
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
