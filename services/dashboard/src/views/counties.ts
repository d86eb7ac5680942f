/**
 * Counties (an operator: where its fleet is): piles, online, faulted, uptime and plan progress per county,
 * and one county's stations with their live status — the way down to a station and its chargers.
 */
import type { Overview, PlanAnswer, UptimeFigure } from '../api/types.js';
import { t } from '../i18n/i18n.js';
import { num, percent } from '../model/format.js';
import { statusColours } from '../model/status.js';
import { link } from '../router.js';
import { h, replace, table } from '../ui/dom.js';
import { loadFleet, uptime } from './fleet-data.js';
import { debounce, type View } from './view.js';

export const countiesView: View = async ({ root, api, reference, live }) => {
  const [counts, plan, up30] = await Promise.all([
    api.get<Overview>('/api/v1/status/counts'),
    api.get<PlanAnswer>('/api/v1/plan/progress'),
    uptime(api, 'county', 29),
  ]);
  const planByCode = new Map(plan.progress.areas.filter((a) => a.code).map((a) => [a.code!, a]));
  const upByCounty = new Map((up30 ?? []).map((u: UptimeFigure) => [u.key, u]));
  const box = h('div', { class: 'card' });
  const draw = (o: Overview) =>
    replace(
      box,
      h('h1', {}, t('counties.title')),
      table(
        [t('county.name'), t('county.piles'), t('county.online'), t('county.charging'), t('county.faulted'), t('county.offline'), t('county.onlineRate'), t('county.uptime30d'), t('county.planYear'), t('county.planCumulative')],
        o.counties,
        (c) => {
          const area = c.countyCode ? planByCode.get(c.countyCode) : undefined;
          return [
            h('a', { href: link.county(c.countyCode) }, reference.countyName(c.countyCode)),
            num(c.chargers.total),
            num(c.chargers.online),
            num(c.chargers.charging),
            h('span', { class: c.chargers.faulted ? 'bad' : '' }, num(c.chargers.faulted)),
            num(c.chargers.offline),
            percent(c.chargers.total ? (100 * c.chargers.online) / c.chargers.total : null),
            up30 === null ? '—' : percent(upByCounty.get(c.countyCode)?.uptimePercent),
            area ? `${num(area.year.actual)} / ${num(area.year.target)} (${percent(area.year.percent)})` : '—',
            area ? `${num(area.cumulative.actual)} / ${num(area.cumulative.target)}` : '—',
          ];
        },
        { id: 'counties-table' },
      ),
    );
  draw(counts);
  replace(root, box);
  const refresh = debounce(() => void api.get<Overview>('/api/v1/status/counts').then(draw), 800);
  const off = live.on((e) => {
    if (e.type === 'status' || e.type === 'connectivity') refresh();
  });
  return () => {
    off();
    refresh.cancel();
  };
};

export const countyView: View = async ({ root, api, params, reference, live }) => {
  const code = params.code === 'none' ? undefined : params.code;
  const { stations, fleet } = await loadFleet(api, code ? { countyCode: code } : {});
  const shown = code ? stations : stations.filter((s) => s.countyCode === null);
  const box = h('div', { class: 'card' });
  const draw = () => {
    const summary = fleet.stations();
    replace(
      box,
      h('p', { class: 'crumbs' }, h('a', { href: link.counties() }, t('nav.counties')), ' / ', reference.countyName(code ?? null)),
      h('h1', {}, reference.countyName(code ?? null), h('span', { class: 'muted small' }, ` ${t('county.stationCount', { n: shown.length })}`)),
      table(
        [t('station.name'), t('station.id'), t('station.operator'), t('station.category'), t('station.township'), t('station.piles'), t('station.status')],
        shown,
        (s) => {
          const worst = summary.get(s.id)?.worst;
          return [
            h('a', { href: link.station(s.id) }, s.name),
            s.id,
            reference.operatorName(s.operatorId),
            t(`category.${s.category}` as 'category.urban_public'),
            s.township ?? '—',
            num(s.chargers),
            worst ? h('span', { class: 'pill', style: `background:${statusColours[worst]}`, 'data-status': worst }, t(`status.${worst}`)) : '—',
          ];
        },
        { id: 'county-stations' },
      ),
    );
  };
  draw();
  replace(root, box);
  const redraw = debounce(draw, 300);
  const off = live.on((e) => {
    if (fleet.apply(e)) redraw();
  });
  return () => {
    off();
    redraw.cancel();
  };
};
