/**
 * The city at a glance (an operator: its own fleet): chargers by status, online rate and uptime, open
 * alerts by severity, the map, the counties — all kept current by the live feed, without reloading.
 */
import type { Alert, Overview, PlanAnswer, UptimeFigure } from '../api/types.js';
import { createStationMap, type MapStation } from '../charts/station-map.js';
import { t, tOr } from '../i18n/i18n.js';
import { dateTime, num, percent, time } from '../model/format.js';
import { classOf, statusClasses, statusColours, type StatusClass } from '../model/status.js';
import { link } from '../router.js';
import { tileUrlSetting } from '../session.js';
import { h, replace, table } from '../ui/dom.js';
import { activeAlerts, loadFleet, uptime } from './fleet-data.js';
import { debounce, type View } from './view.js';

export const overviewView: View = async ({ root, api, live, reference, navigate }) => {
  const [counts, fleetData, alerts, plan, up1, up30, upCounties] = await Promise.all([
    api.get<Overview>('/api/v1/status/counts'),
    loadFleet(api),
    activeAlerts(api),
    api.get<PlanAnswer>('/api/v1/plan/progress'),
    uptime(api, 'city', 1),
    uptime(api, 'city', 29),
    uptime(api, 'county', 29),
  ]);
  const { fleet, stations } = fleetData;

  // ---- counts
  const kpis = h('section', { class: 'kpis', id: 'kpis' });
  const drawCounts = (o: Overview) => {
    const c = o.city.chargers;
    const idle = Math.max(0, c.online - c.charging - c.faulted);
    const card = (key: string, label: string, value: string, cls = '') =>
      h('div', { class: `kpi ${cls}`, 'data-kpi': key }, h('div', { class: 'kpi-value' }, value), h('div', { class: 'kpi-label' }, label));
    replace(
      kpis,
      card('total', t('overview.total'), num(c.total)),
      card('online', t('overview.online'), num(c.online), 'ok'),
      card('charging', t('overview.charging'), num(c.charging), 'charging'),
      card('idle', t('overview.idle'), num(idle)),
      card('faulted', t('overview.faulted'), num(c.faulted), c.faulted > 0 ? 'bad' : ''),
      card('offline', t('overview.offline'), num(c.offline), c.offline > 0 ? 'warn' : ''),
      card('onlineRate', t('overview.onlineRateNow'), percent(c.total ? (100 * c.online) / c.total : null)),
      card('uptime24h', t('overview.uptime24h'), uptimeText(up1), up1 === null ? 'pending' : ''),
      card('uptime30d', t('overview.uptime30d'), uptimeText(up30), up30 === null ? 'pending' : ''),
      card('online30d', t('overview.onlineRate30d'), up30 === null ? '—' : percent(up30[0]?.onlineRatePercent)),
    );
  };
  drawCounts(counts);

  // ---- alerts by severity, and the latest
  const alertBox = h('div', { class: 'card alerts-card' });
  let openAlerts = alerts;
  const drawAlerts = () => {
    if (openAlerts === null) {
      replace(alertBox, h('h2', {}, t('overview.openAlerts')), h('p', { class: 'muted' }, t('alerts.notAvailable')));
      return;
    }
    const by = [1, 2, 3].map((s) => openAlerts!.filter((a) => a.severity === s).length);
    replace(
      alertBox,
      h('h2', {}, t('overview.openAlerts'), ' ', h('a', { href: link.alerts(), class: 'more' }, t('common.all'))),
      h(
        'div',
        { class: 'severities', id: 'alert-severities' },
        by.map((n, i) => h('div', { class: `sev sev-${i + 1}`, 'data-severity': i + 1 }, h('b', {}, num(n)), h('span', {}, t(`severity.${i + 1}` as 'severity.1')))),
      ),
      h(
        'ul',
        { class: 'alert-list', id: 'recent-alerts' },
        openAlerts.slice(0, 8).map((a: Alert) =>
          h(
            'li',
            { class: `sev-${a.severity}`, 'data-alert': a.id },
            h('span', { class: 'when' }, time(a.openedAt)),
            h('a', { href: link.charger(a.chargerId) }, a.chargerId),
            ' ',
            tOr(`rule.${a.rule}`, a.rule),
          ),
        ),
      ),
    );
  };
  drawAlerts();

  // ---- map
  const mapEl = h('div', { class: 'map', id: 'station-map' });
  const legend = h('div', { class: 'legend', id: 'map-legend' });
  const faultedList = h('ul', { class: 'faulted-list', id: 'faulted-stations' });
  const stationName = new Map(stations.map((s) => [s.id, s.name]));
  const map = createStationMap(mapEl, { onStation: (id) => navigate(link.station(id)), tileUrl: tileUrlSetting() });
  const mapStations = (): MapStation[] => {
    const summary = fleet.stations();
    return stations
      .filter((s) => s.lat !== null && s.lon !== null)
      .map((s) => ({ id: s.id, name: s.name, lat: s.lat!, lon: s.lon!, piles: summary.get(s.id)?.piles ?? s.chargers, worst: summary.get(s.id)?.worst }));
  };
  const drawLegend = () => {
    const summary = fleet.stations();
    const n = (cls: StatusClass) => [...summary.values()].filter((s) => s.worst === cls).length;
    replace(
      legend,
      statusClasses.map((cls) =>
        h('span', { class: 'legend-item', 'data-class': cls }, h('i', { style: `background:${statusColours[cls]}` }), `${t(`status.${cls}`)} ${n(cls)}`),
      ),
    );
    const faulted = [...summary].filter(([, s]) => s.worst === 'faulted').map(([id]) => id);
    replace(
      faultedList,
      faulted.length === 0
        ? h('li', { class: 'muted' }, t('overview.noFaultedStations'))
        : faulted.map((id) => h('li', { 'data-station': id }, h('a', { href: link.station(id) }, stationName.get(id) ?? id), ` (${id})`)),
    );
  };
  map.setData({
    stations: mapStations(),
    seats: reference.counties.map((c) => ({ nameZh: c.nameZh, nameEn: c.nameEn, lat: c.seat.lat, lon: c.seat.lon })),
  });
  drawLegend();
  const withoutCoordinates = stations.filter((s) => s.lat === null || s.lon === null).length;

  // ---- counties
  const countyBox = h('div', { class: 'card' });
  const planByCode = new Map(plan.progress.areas.filter((a) => a.code).map((a) => [a.code!, a]));
  const upByCounty = new Map((upCounties ?? []).map((u: UptimeFigure) => [u.key, u]));
  const drawCounties = (o: Overview) => {
    replace(
      countyBox,
      h('h2', {}, t('overview.counties'), ' ', h('a', { href: link.counties(), class: 'more' }, t('common.all'))),
      table(
        [t('county.name'), t('county.piles'), t('county.online'), t('county.faulted'), t('county.onlineRate'), t('county.uptime30d'), t('county.planYear')],
        o.counties,
        (c) => {
          const area = c.countyCode ? planByCode.get(c.countyCode) : undefined;
          return [
            h('a', { href: link.county(c.countyCode) }, reference.countyName(c.countyCode)),
            num(c.chargers.total),
            num(c.chargers.online),
            h('span', { class: c.chargers.faulted ? 'bad' : '' }, num(c.chargers.faulted)),
            percent(c.chargers.total ? (100 * c.chargers.online) / c.chargers.total : null),
            upCounties === null ? '—' : percent(upByCounty.get(c.countyCode)?.uptimePercent),
            area ? percent(area.year.percent) : '—',
          ];
        },
        { id: 'overview-counties' },
      ),
    );
  };
  drawCounties(counts);

  // ---- live events
  const ticker = h('ul', { class: 'ticker', id: 'live-ticker' });
  const tick = (text: string, cls = '') => {
    ticker.prepend(h('li', { class: cls }, h('span', { class: 'when' }, time(new Date().toISOString())), text));
    while (ticker.children.length > 12) ticker.lastElementChild?.remove();
  };

  replace(
    root,
    kpis,
    h(
      'section',
      { class: 'row' },
      h(
        'div',
        { class: 'card map-card' },
        h('h2', {}, t('overview.map'), h('span', { class: 'muted small' }, ` ${t('overview.mapHint')}`)),
        legend,
        mapEl,
        withoutCoordinates ? h('p', { class: 'muted small' }, t('overview.withoutCoordinates', { n: withoutCoordinates })) : null,
        h('h3', {}, t('overview.faultedStations')),
        faultedList,
      ),
      h('div', { class: 'side' }, alertBox, h('div', { class: 'card' }, h('h2', {}, t('overview.liveEvents')), ticker)),
    ),
    countyBox,
    h('p', { class: 'muted small' }, t('overview.asOf', { at: dateTime(new Date().toISOString()) })),
  );

  // ---- live updates
  const refreshMap = debounce(() => {
    map.setStatuses(new Map([...fleet.stations()].map(([id, s]) => [id, s.worst])));
    drawLegend();
  }, 250);
  const refreshCounts = debounce(() => {
    void api.get<Overview>('/api/v1/status/counts').then((o) => {
      drawCounts(o);
      drawCounties(o);
    });
  }, 800);
  const refreshAlerts = debounce(() => {
    void activeAlerts(api).then((a) => {
      openAlerts = a;
      drawAlerts();
    });
  }, 400);
  const off = live.on((event) => {
    if (event.type === 'alert') {
      refreshAlerts();
      tick(`${event.chargerId} ${t(`alerts.transition.${String(event.transition)}` as 'alerts.transition.opened')} ${tOr(`rule.${String(event.rule)}`, String(event.rule))}`, `sev-${String(event.severity)}`);
      return;
    }
    if (fleet.apply(event)) refreshMap();
    if (event.type === 'status' || event.type === 'connectivity') refreshCounts();
    if (event.type === 'status') tick(`${event.chargerId} #${String(event.evseId)} → ${t(`status.${classOfEvent(event.status)}`)}`, event.status === 'Faulted' ? 'sev-1' : '');
    if (event.type === 'connectivity') tick(`${event.chargerId} ${t(`connectivity.${String(event.event)}` as 'connectivity.connected')}`);
  });
  // Events were lost while disconnected for long: start again from the API's picture.
  const offReset = live.onReset(() => location.reload());
  return () => {
    off();
    offReset();
    refreshMap.cancel();
    refreshCounts.cancel();
    refreshAlerts.cancel();
    map.dispose();
  };
};

function uptimeText(figures: UptimeFigure[] | null): string {
  if (figures === null) return '—';
  return percent(figures[0]?.uptimePercent);
}

function classOfEvent(status: unknown): StatusClass {
  return classOf(typeof status === 'string' ? status : null);
}
