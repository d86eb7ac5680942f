/**
 * One charger: its connectors' live status, the last day's status timeline, power and energy, recent
 * sessions and alerts, and — for its operator and admins — the commands OCPP lets us send it.
 */
import { ApiFailure } from '../api/client.js';
import type { Alert, Charger, MeterBucket, PagedJson, Station, Transaction } from '../api/types.js';
import type { ConnectivityEventView, StatusEventView } from '@pilewatch/store';
import type { Json } from '../api/types.js';
import { chartIn, chartText } from '../charts/echarts.js';
import { t, tOr } from '../i18n/i18n.js';
import { dateTime, kwh, num, time } from '../model/format.js';
import { classOf, statusColours, type StatusClass } from '../model/status.js';
import { connectionBars, statusBars, type TimelineBar } from '../model/timeline.js';
import { link } from '../router.js';
import { can } from '../session.js';
import { h, replace, table } from '../ui/dom.js';
import { acknowledgeDialog } from './alerts.js';
import { activeAlerts } from './fleet-data.js';
import { debounce, type View } from './view.js';

const dayMs = 86_400_000;

export const chargerView: View = async ({ root, api, params, me, live, reference }) => {
  const id = params.id!;
  const path = `/api/v1/chargers/${encodeURIComponent(id)}`;
  const to = Date.now();
  const from = to - dayMs;
  const range = { from: new Date(from).toISOString(), to: new Date(to + 60_000).toISOString() };
  let charger = await api.get<Charger>(path);
  const station = charger.stationId ? await api.get<Station>(`/api/v1/stations/${encodeURIComponent(charger.stationId)}`) : null;
  const [statusEvents, connectivity, meter, transactions, alerts] = await Promise.all([
    api.get<PagedJson<StatusEventView>>(`${path}/status-events`, { ...range, limit: 500 }),
    api.get<PagedJson<ConnectivityEventView>>(`${path}/connectivity-events`, { ...range, limit: 500 }),
    api.get<PagedJson<MeterBucket>>(`${path}/meter`, { bucket: '15m', ...range, limit: 500 }),
    api.get<PagedJson<Transaction>>('/api/v1/transactions', { chargerId: id, limit: 10 }),
    activeAlerts(api, { chargerId: id }),
  ]);

  // ---- facts and connectors
  const head = h('div', { class: 'card' });
  const connectorsBox = h('div', { class: 'connectors', id: 'connectors' });
  const drawHead = () => {
    replace(
      head,
      h(
        'p',
        { class: 'crumbs' },
        h('a', { href: link.counties() }, t('nav.counties')),
        station ? [' / ', h('a', { href: link.county(station.countyCode) }, reference.countyName(station.countyCode)), ' / ', h('a', { href: link.station(station.id) }, station.name)] : null,
        ' / ',
        charger.id,
      ),
      h('h1', {}, charger.id, ' ', h('span', { class: `pill ${charger.online ? 'ok' : 'offline'}`, id: 'charger-online' }, charger.online ? t('charger.online') : t('charger.offline'))),
      h(
        'dl',
        { class: 'facts' },
        (
          [
            [t('station.operator'), reference.operatorName(charger.operatorId)],
            [t('charger.vendorModel'), [charger.vendor, charger.model].filter(Boolean).join(' ') || '—'],
            [t('charger.serial'), charger.serialNumber ?? '—'],
            [t('charger.firmware'), charger.firmwareVersion ?? '—'],
            [t('charger.protocol'), charger.protocol ?? '—'],
            [t('charger.registration'), charger.registrationStatus],
            [t('charger.lastSeen'), dateTime(charger.lastSeenAt)],
            [t('charger.lastBoot'), dateTime(charger.lastBootAt)],
          ] as Array<[string, string]>
        ).flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]),
      ),
    );
    replace(
      connectorsBox,
      charger.connectors.map((k) => {
        const cls: StatusClass = charger.online ? classOf(k.status) : 'offline';
        return h(
          'div',
          { class: 'connector', 'data-evse': k.evseId, 'data-status': cls, style: `border-color:${statusColours[cls]}` },
          h('div', { class: 'connector-id' }, `#${k.evseId}${k.connectorId > 1 ? `-${k.connectorId}` : ''}`),
          h('div', { class: 'connector-status', style: `color:${statusColours[cls]}` }, t(`status.${cls}`)),
          h('div', { class: 'muted small' }, [k.currentType, k.connectorType, k.maxPowerKw ? `${k.maxPowerKw} kW` : null].filter(Boolean).join(' · ')),
          k.errorCode && k.errorCode !== 'NoError' ? h('div', { class: 'bad small' }, [k.errorCode, k.vendorErrorCode].filter(Boolean).join(' / ')) : null,
          h('div', { class: 'muted small' }, time(k.statusAt)),
        );
      }),
    );
  };
  drawHead();

  // ---- timeline
  const timelineEl = h('div', { class: 'chart timeline' });
  const bars: TimelineBar[] = [
    ...connectionBars(connectivity.items, { from, to }, t('charger.connection')),
    ...statusBars(statusEvents.items, { from, to }),
  ];
  const rows = [...new Set(bars.map((b) => b.row))];
  // A charger known for less than a day: the axis starts at its first record, so the bars are readable.
  const axisFrom = bars.length ? Math.max(from, Math.min(...bars.map((b) => b.from)) - 60_000) : from;
  const timeline = chartIn(timelineEl);
  timeline.chart.setOption({
    textStyle: chartText,
    grid: { left: 80, right: 20, top: 10, bottom: 30 },
    xAxis: { type: 'time', min: axisFrom, max: to, axisLabel: { color: chartText.color } },
    yAxis: { type: 'category', data: rows, axisLabel: { color: chartText.color } },
    tooltip: { formatter: (p: { data: { value: number[]; label: string } }) => `${escapeHtml(p.data.label)}<br/>${time(new Date(p.data.value[1]!).toISOString())} – ${time(new Date(p.data.value[2]!).toISOString())}` },
    series: [
      {
        type: 'custom',
        encode: { x: [1, 2], y: 0 },
        renderItem: (_params: unknown, api: { value(i: number): number; coord(v: number[]): number[]; size(v: number[]): number[]; style(): object }) => {
          const start = api.coord([api.value(1), api.value(0)]);
          const end = api.coord([api.value(2), api.value(0)]);
          const height = api.size([0, 1])[1]! * 0.6;
          return { type: 'rect', shape: { x: start[0], y: start[1]! - height / 2, width: Math.max(1, end[0]! - start[0]!), height }, style: api.style() };
        },
        data: bars.map((b) => ({ value: [rows.indexOf(b.row), b.from, b.to], label: b.row === t('charger.connection') ? t(`connectivity.${b.label}` as 'connectivity.connected') : `${t(`status.${b.cls}`)} (${b.label})`, itemStyle: { color: statusColours[b.cls] } })),
      },
    ],
  });

  // ---- power and energy
  const meterEl = h('div', { class: 'chart' });
  const power = chartIn(meterEl);
  const byBucket = new Map<string, { powerW: number; energyWh: number }>();
  for (const b of meter.items) {
    const v = byBucket.get(b.bucket) ?? { powerW: 0, energyWh: 0 };
    v.powerW += b.powerAvgW ?? 0;
    v.energyWh += b.energyWh ?? 0;
    byBucket.set(b.bucket, v);
  }
  const buckets = [...byBucket].sort(([a], [b]) => a.localeCompare(b));
  power.chart.setOption({
    textStyle: chartText,
    grid: { left: 50, right: 50, top: 30, bottom: 30 },
    legend: { textStyle: { color: chartText.color } },
    tooltip: { trigger: 'axis' },
    xAxis: { type: 'time', min: from, max: to, axisLabel: { color: chartText.color } },
    yAxis: [
      { type: 'value', name: 'kW', axisLabel: { color: chartText.color }, splitLine: { lineStyle: { color: '#1d3557' } } },
      { type: 'value', name: 'kWh', axisLabel: { color: chartText.color }, splitLine: { show: false } },
    ],
    series: [
      { name: t('charger.powerAvg'), type: 'line', step: 'end', showSymbol: false, data: buckets.map(([at, v]) => [at, v.powerW / 1000]), itemStyle: { color: '#2f9bff' } },
      { name: t('charger.energy'), type: 'bar', yAxisIndex: 1, data: buckets.map(([at, v]) => [at, v.energyWh / 1000]), itemStyle: { color: '#33c3d6' } },
    ],
  });
  const meterNote = meter.items.length === 0 ? h('p', { class: 'muted' }, t('charger.noMeter')) : null;
  if (meterNote) meterEl.style.display = 'none';

  // ---- sessions
  const sessions = transactions.items.length === 0 ? h('p', { class: 'muted' }, t('charger.noSessions')) : table(
    [t('tx.started'), t('tx.stopped'), t('tx.connector'), t('tx.energy'), t('tx.duration'), t('tx.reason')],
    transactions.items,
    (x) => [dateTime(x.startedAt), x.stoppedAt ? dateTime(x.stoppedAt) : h('span', { class: 'charging' }, t('tx.active')), x.evseId ?? '—', kwh(x.energyWh), x.durationS === null ? '—' : t('tx.minutes', { n: num(x.durationS / 60) }), x.stopReason ?? '—'],
    { id: 'charger-transactions' },
  );

  // ---- alerts
  const alertBox = h('div', { id: 'charger-alerts' });
  let chargerAlerts = alerts;
  const drawAlerts = () => {
    if (chargerAlerts === null) return replace(alertBox, h('p', { class: 'muted' }, t('alerts.notAvailable')));
    if (chargerAlerts.length === 0) return replace(alertBox, h('p', { class: 'muted' }, t('charger.noAlerts')));
    replace(
      alertBox,
      table([t('alerts.severity'), t('alerts.rule'), t('alerts.connector'), t('alerts.opened'), t('alerts.status'), ''], chargerAlerts, (a: Alert) => [
        h('span', { class: `sev-badge sev-${a.severity}` }, t(`severity.${a.severity}` as 'severity.1')),
        tOr(`rule.${a.rule}`, a.rule),
        `#${a.evseId}`,
        dateTime(a.openedAt),
        t(`alerts.status.${a.status}` as 'alerts.status.open'),
        can.acknowledge(me.role) && a.status === 'open' ? h('button', { onclick: () => acknowledgeDialog(api, a, reloadAlerts) }, t('alerts.acknowledge')) : '',
      ]),
    );
  };
  const reloadAlerts = () => void activeAlerts(api, { chargerId: id }).then((a) => ((chargerAlerts = a), drawAlerts()));
  drawAlerts();

  // ---- commands
  const commandsBox = can.command(me.role) ? commandPanel(api, path, () => charger) : null;

  replace(
    root,
    head,
    h('div', { class: 'card' }, h('h2', {}, t('charger.connectors')), connectorsBox),
    h('div', { class: 'card' }, h('h2', {}, t('charger.timeline')), timelineEl),
    h('div', { class: 'card' }, h('h2', {}, t('charger.powerEnergy')), meterEl, meterNote),
    h('div', { class: 'row2' }, h('div', { class: 'card' }, h('h2', {}, t('charger.sessions')), sessions), h('div', { class: 'card' }, h('h2', {}, t('charger.alerts')), alertBox)),
    commandsBox,
  );

  const refresh = debounce(() => {
    void api.get<Charger>(path).then((c) => {
      charger = c;
      drawHead();
    });
  }, 300);
  const off = live.on((e) => {
    if (e.chargerId !== id) return;
    if (e.type === 'alert') reloadAlerts();
    else refresh();
  });
  return () => {
    off();
    refresh.cancel();
    timeline.dispose();
    power.dispose();
  };
};

/** The commands an operator may send, each with the charger's answer shown beside it. */
function commandPanel(api: import('../api/client.js').ApiClient, path: string, current: () => Charger): HTMLElement {
  const result = h('pre', { class: 'command-result', id: 'command-result' });
  const send = async (command: Record<string, unknown>) => {
    result.textContent = t('commands.sending');
    try {
      const answer = await api.send<unknown>('POST', `${path}/commands`, command);
      result.textContent = `${t('commands.answer')}: ${JSON.stringify(answer)}`;
    } catch (err) {
      result.textContent = err instanceof ApiFailure ? `${err.code}: ${err.message}` : String(err);
    }
  };
  const evse = h('select', { id: 'command-evse' }, [h('option', { value: '0' }, t('commands.wholeCharger')), ...current().connectors.map((k) => h('option', { value: String(k.evseId) }, `#${k.evseId}`))]);
  const evseId = () => Number(evse.value);
  const button = (label: string, command: () => Record<string, unknown>, danger = false) =>
    h('button', { class: danger ? 'danger' : '', onclick: () => void send(command()) }, label);
  return h(
    'div',
    { class: 'card', id: 'commands' },
    h('h2', {}, t('charger.commands')),
    h('div', { class: 'commands' }, h('label', {}, t('commands.evse'), ' ', evse)),
    h(
      'div',
      { class: 'commands' },
      button(t('commands.triggerStatus'), () => ({ kind: 'triggerMessage', message: 'StatusNotification', ...(evseId() ? { evseId: evseId() } : {}) })),
      button(t('commands.makeAvailable'), () => ({ kind: 'changeAvailability', evseId: evseId(), available: true })),
      button(t('commands.makeUnavailable'), () => ({ kind: 'changeAvailability', evseId: evseId(), available: false })),
      button(t('commands.unlock'), () => ({ kind: 'unlockConnector', evseId: Math.max(1, evseId()) })),
      button(t('commands.softReset'), () => ({ kind: 'reset', type: 'soft' }), true),
      button(t('commands.hardReset'), () => ({ kind: 'reset', type: 'hard' }), true),
    ),
    result,
  );
}

export type { Json };

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
