/**
 * Which web-map tiles (the usual z/x/y Web Mercator scheme) cover a view, for deployments that set a tile
 * server URL. Tiles are placed by their corner coordinates; over one city the straight-line placement
 * between corners is far finer than a pixel.
 */

export interface TileBox {
  west: number;
  east: number;
  north: number;
  south: number;
}

export interface Tile extends TileBox {
  z: number;
  x: number;
  y: number;
  url: string;
}

const lonToX = (lon: number, z: number) => ((lon + 180) / 360) * 2 ** z;
const latToY = (lat: number, z: number) => {
  const r = (lat * Math.PI) / 180;
  return ((1 - Math.log(Math.tan(r) + 1 / Math.cos(r)) / Math.PI) / 2) * 2 ** z;
};
const xToLon = (x: number, z: number) => (x / 2 ** z) * 360 - 180;
const yToLat = (y: number, z: number) => (Math.atan(Math.sinh(Math.PI * (1 - (2 * y) / 2 ** z))) * 180) / Math.PI;

/** The zoom level whose 256-pixel tiles best match the view's scale. */
export function zoomFor(view: TileBox, widthPx: number): number {
  const degreesPerPx = Math.abs(view.east - view.west) / Math.max(1, widthPx);
  return Math.max(3, Math.min(18, Math.round(Math.log2(360 / (degreesPerPx * 256)))));
}

/** `{z}`, `{x}`, `{y}` (and `{s}`, a subdomain a–c) in `template`. */
export function tileUrl(template: string, z: number, x: number, y: number): string {
  return template
    .replaceAll('{z}', String(z))
    .replaceAll('{x}', String(x))
    .replaceAll('{y}', String(y))
    .replaceAll('{s}', 'abc'[(x + y) % 3]!);
}

export function tileGrid(view: TileBox, widthPx: number, template: string, maxTiles = 200): Tile[] {
  const z = zoomFor(view, widthPx);
  const n = 2 ** z;
  const clampLat = (lat: number) => Math.max(-85, Math.min(85, lat));
  const x0 = Math.max(0, Math.floor(lonToX(view.west, z)));
  const x1 = Math.min(n - 1, Math.floor(lonToX(view.east, z)));
  const y0 = Math.max(0, Math.floor(latToY(clampLat(view.north), z)));
  const y1 = Math.min(n - 1, Math.floor(latToY(clampLat(view.south), z)));
  const tiles: Tile[] = [];
  for (let x = x0; x <= x1; x++) {
    for (let y = y0; y <= y1; y++) {
      if (tiles.length >= maxTiles) return tiles;
      tiles.push({ z, x, y, url: tileUrl(template, z, x, y), west: xToLon(x, z), east: xToLon(x + 1, z), north: yToLat(y, z), south: yToLat(y + 1, z) });
    }
  }
  return tiles;
}
