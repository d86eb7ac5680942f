/**
 * The map of Xinzhou drawn from coordinates alone, so it works with no internet: the city's extent, each
 * county seat named, every station a point coloured by its worst connector status and sized by its piles,
 * and (when imported) the townships and villages as faint dots. Pan and zoom with the mouse; a click on a
 * station opens it. When a tile URL is set (Settings), map tiles are laid under the points.
 */
import { lang, t } from '../i18n/i18n.js';
import { statusColours, type StatusClass } from '../model/status.js';
import { chartIn, chartText, echarts, type ECharts } from './echarts.js';
import { tileGrid } from './tiles.js';

export interface MapStation {
  id: string;
  name: string;
  lat: number;
  lon: number;
  piles: number;
  worst: StatusClass | undefined;
}

export interface MapSeat {
  nameZh: string;
  nameEn: string;
  lat: number;
  lon: number;
}

export interface MapPlace {
  name: string;
  lat: number;
  lon: number;
}

/** The city's extent (WGS-84, about 110.9–114.0 E, 38.1–39.7 N) with a margin for sites near the border. */
export const xinzhouBounds = { west: 110.6, east: 114.2, south: 37.95, north: 39.85 };

const mapName = 'xinzhou-extent';
let registered = false;

function registerExtent(): void {
  if (registered) return;
  const { west, east, south, north } = xinzhouBounds;
  // A graticule every half degree, so distances read at a glance (0.5° of latitude ≈ 55 km).
  const meridians = [];
  for (let lon = Math.ceil(west * 2) / 2; lon <= east; lon += 0.5) meridians.push([[lon, south], [lon, north]]);
  const parallels = [];
  for (let lat = Math.ceil(south * 2) / 2; lat <= north; lat += 0.5) parallels.push([[west, lat], [east, lat]]);
  echarts.registerMap(mapName, {
    type: 'FeatureCollection',
    features: [
      {
        type: 'Feature',
        properties: { name: 'Xinzhou' },
        geometry: { type: 'Polygon', coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] },
      },
      { type: 'Feature', properties: { name: 'graticule' }, geometry: { type: 'MultiLineString', coordinates: [...meridians, ...parallels] } },
    ],
  } as never);
  registered = true;
}

export const pointSize = (piles: number) => Math.min(34, 7 + Math.sqrt(piles) * 4);

export interface StationMap {
  setData(data: { stations: MapStation[]; seats: MapSeat[]; places?: MapPlace[] }): void;
  /** New worst statuses (live updates), without redrawing the rest. */
  setStatuses(worst: ReadonlyMap<string, StatusClass | undefined>): void;
  dispose(): void;
}

export function createStationMap(el: HTMLElement, options: { onStation(id: string): void; tileUrl?: string | null }): StationMap {
  registerExtent();
  const { chart, dispose } = chartIn(el);
  let stations: MapStation[] = [];
  let seats: MapSeat[] = [];
  let places: MapPlace[] = [];
  const tileUrl = options.tileUrl?.trim() || null;

  const stationData = () =>
    stations.map((s) => ({
      name: s.name,
      value: [s.lon, s.lat, s.piles],
      stationId: s.id,
      symbolSize: pointSize(s.piles),
      itemStyle: { color: statusColours[s.worst ?? 'unknown'], borderColor: '#0b1a30', borderWidth: 1 },
      // Faults on top, so a red point is never hidden under a green one.
      z: s.worst === 'faulted' ? 3 : 2,
    }));

  const render = () => {
    chart.setOption(
      {
        textStyle: chartText,
        tooltip: {
          trigger: 'item',
          formatter: (p: { seriesId?: string; name: string; value: number[]; data: { stationId?: string } }) =>
            p.seriesId === 'stations' ? `${escape(p.name)}<br/>${escape(p.data.stationId ?? '')} · ${t('map.piles', { n: p.value[2] ?? 0 })}` : escape(p.name),
        },
        geo: {
          map: mapName,
          roam: true,
          // Degrees of longitude are shorter than degrees of latitude this far north.
          aspectScale: Math.cos((38.9 * Math.PI) / 180),
          // Height fills the box; the width follows from the aspect, so the map is never stretched.
          top: 6,
          bottom: 6,
          left: 'center',
          silent: true,
          itemStyle: { areaColor: tileUrl ? 'transparent' : '#0f2a4a', borderColor: tileUrl ? 'rgba(42, 81, 133, 0.3)' : '#1f3f6b', borderWidth: 1 },
          label: { show: false },
        },
        series: [
          {
            id: 'places',
            type: 'scatter',
            coordinateSystem: 'geo',
            silent: true,
            symbolSize: 2,
            itemStyle: { color: 'rgba(160, 190, 230, 0.35)' },
            data: places.map((p) => ({ name: p.name, value: [p.lon, p.lat] })),
            z: 1,
          },
          {
            id: 'seats',
            type: 'scatter',
            coordinateSystem: 'geo',
            symbol: 'diamond',
            symbolSize: 6,
            itemStyle: { color: '#e8eef8' },
            label: { show: true, position: 'right', color: '#e8eef8', fontSize: 12, formatter: '{b}' },
            data: seats.map((s) => ({ name: lang() === 'zh' ? s.nameZh : s.nameEn, value: [s.lon, s.lat] })),
            z: 4,
          },
          { id: 'stations', type: 'scatter', coordinateSystem: 'geo', data: stationData(), emphasis: { scale: 1.4 }, z: 2 },
        ],
      },
      { replaceMerge: ['series'] },
    );
    drawTiles();
  };

  const drawTiles = () => {
    if (!tileUrl) return;
    const w = chart.getWidth();
    const hgt = chart.getHeight();
    const topLeft = chart.convertFromPixel({ geoIndex: 0 }, [0, 0]) as number[] | undefined;
    const bottomRight = chart.convertFromPixel({ geoIndex: 0 }, [w, hgt]) as number[] | undefined;
    if (!topLeft || !bottomRight) return;
    const tiles = tileGrid({ west: topLeft[0]!, north: topLeft[1]!, east: bottomRight[0]!, south: bottomRight[1]! }, w, tileUrl);
    const elements = tiles.map((tile) => {
      const a = chart.convertToPixel({ geoIndex: 0 }, [tile.west, tile.north]) as number[];
      const b = chart.convertToPixel({ geoIndex: 0 }, [tile.east, tile.south]) as number[];
      return {
        type: 'image',
        silent: true,
        z: -10,
        style: { image: tile.url, x: a[0], y: a[1], width: b[0]! - a[0]!, height: b[1]! - a[1]! },
      };
    });
    chart.setOption({ graphic: { elements } }, { replaceMerge: ['graphic'] });
  };

  let tileTimer: ReturnType<typeof setTimeout> | undefined;
  if (tileUrl) {
    chart.on('georoam', () => {
      clearTimeout(tileTimer);
      tileTimer = setTimeout(drawTiles, 120);
    });
  }

  chart.on('click', (p: { seriesId?: string; data?: unknown }) => {
    const id = (p.data as { stationId?: string } | undefined)?.stationId;
    if (p.seriesId === 'stations' && id) options.onStation(id);
  });

  const exposeStatuses = () => {
    // What the points show, readable without looking at the canvas (assistive tools, browser tests).
    el.dataset.worst = JSON.stringify(Object.fromEntries(stations.map((s) => [s.id, s.worst ?? 'unknown'])));
  };

  return {
    setData(data) {
      stations = data.stations;
      seats = data.seats;
      places = data.places ?? [];
      render();
      exposeStatuses();
    },
    setStatuses(worst) {
      let changed = false;
      stations = stations.map((s) => {
        if (!worst.has(s.id) || worst.get(s.id) === s.worst) return s;
        changed = true;
        return { ...s, worst: worst.get(s.id) };
      });
      if (!changed) return;
      chart.setOption({ series: [{ id: 'stations', data: stationData() }] });
      exposeStatuses();
    },
    dispose() {
      clearTimeout(tileTimer);
      dispose();
    },
  };
}

function escape(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}

export type { ECharts };
