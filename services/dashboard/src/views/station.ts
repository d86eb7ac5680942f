/** One station: where and what it is, and each of its chargers with live status. */
import type { ChargerRow } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { dateTime } from '../model/format.js';
import { statusColours } from '../model/status.js';
import { link } from '../router.js';
import { h, replace, table } from '../ui/dom.js';
import { loadFleet } from './fleet-data.js';
import { debounce, type View } from './view.js';

export const stationView: View = async ({ root, api, params, reference, live }) => {
  const [{ stations, fleet }, chargers] = await Promise.all([
    loadFleet(api, { stationId: params.id! }),
    api.all<ChargerRow>('/api/v1/chargers', { stationId: params.id }),
  ]);
  const s = stations[0]!;
  const facts: Array<[string, string]> = [
    [t('station.id'), s.id],
    [t('station.operator'), reference.operatorName(s.operatorId)],
    [t('station.county'), reference.countyName(s.countyCode)],
    [t('station.township'), [s.township, s.village].filter(Boolean).join(' / ') || '—'],
    [t('station.category'), t(`category.${s.category}` as 'category.urban_public')],
    [t('station.public'), s.isPublic ? t('common.yes') : t('common.no')],
    [t('station.address'), s.address ?? '—'],
    [t('station.coordinates'), s.lat !== null && s.lon !== null ? `${s.lat.toFixed(5)}, ${s.lon.toFixed(5)}` : '—'],
    [t('station.openingHours'), s.openingHours ?? '—'],
  ];
  const list = h('div', {});
  const draw = () =>
    replace(
      list,
      table(
        [t('charger.id'), t('charger.vendorModel'), t('charger.protocol'), t('charger.status'), t('charger.lastSeen')],
        chargers,
        (c) => {
          const cls = fleet.chargerClass(c.id);
          return [
            h('a', { href: link.charger(c.id) }, c.id),
            [c.vendor, c.model].filter(Boolean).join(' ') || '—',
            c.protocol ?? '—',
            cls ? h('span', { class: 'pill', style: `background:${statusColours[cls]}`, 'data-status': cls }, t(`status.${cls}`)) : '—',
            dateTime(c.lastSeenAt),
          ];
        },
        { id: 'station-chargers' },
      ),
    );
  draw();
  replace(
    root,
    h(
      'div',
      { class: 'card' },
      h('p', { class: 'crumbs' }, h('a', { href: link.counties() }, t('nav.counties')), ' / ', h('a', { href: link.county(s.countyCode) }, reference.countyName(s.countyCode)), ' / ', s.name),
      h('h1', {}, s.name),
      h('dl', { class: 'facts' }, facts.flatMap(([k, v]) => [h('dt', {}, k), h('dd', {}, v)])),
    ),
    h('div', { class: 'card' }, h('h2', {}, t('station.chargers')), list),
  );
  const redraw = debounce(draw, 300);
  const off = live.on((e) => {
    if (fleet.apply(e)) redraw();
  });
  return () => {
    off();
    redraw.cancel();
  };
};
