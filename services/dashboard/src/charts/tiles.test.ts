import { describe, expect, it } from 'vitest';
import { tileGrid, tileUrl, zoomFor } from './tiles.js';

const xinzhou = { west: 110.85, east: 114.05, north: 39.8, south: 38.05 };

describe('map tiles', () => {
  it('picks the zoom whose tiles match the view: the whole city (3.2° wide) in 1,000 px is zoom 9', () => {
    expect(zoomFor(xinzhou, 1000)).toBe(9);
    expect(zoomFor({ ...xinzhou, east: xinzhou.west + 0.2 }, 1000)).toBe(13);
  });

  it('fills the template, with a subdomain for {s}', () => {
    expect(tileUrl('https://t{s}.example/{z}/{x}/{y}.png', 8, 207, 97)).toBe('https://tb.example/8/207/97.png');
  });

  it('covers the view with tiles whose corners enclose it', () => {
    const tiles = tileGrid(xinzhou, 1000, '/tiles/{z}/{x}/{y}.png');
    expect(tiles.length).toBeGreaterThan(1);
    expect(Math.min(...tiles.map((t) => t.west))).toBeLessThanOrEqual(xinzhou.west);
    expect(Math.max(...tiles.map((t) => t.east))).toBeGreaterThanOrEqual(xinzhou.east);
    expect(Math.max(...tiles.map((t) => t.north))).toBeGreaterThanOrEqual(xinzhou.north);
    expect(Math.min(...tiles.map((t) => t.south))).toBeLessThanOrEqual(xinzhou.south);
    expect(tiles[0]!.url).toBe(`/tiles/9/${tiles[0]!.x}/${tiles[0]!.y}.png`);
  });

  it('never asks for more tiles than the limit', () => {
    expect(tileGrid(xinzhou, 100_000, '{z}/{x}/{y}', 50)).toHaveLength(50);
  });
});
