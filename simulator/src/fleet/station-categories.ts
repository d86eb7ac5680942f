/**
 * The kinds of site the plan names, what they look like and how busy they are. The category key is what a
 * station carries in the fleet file (and the `stations.category` column).
 */

export const stationCategories = [
  'central_public', // 集中式公共充电站: each county's big public station (plan: ≥2 per county, ≥30 piles)
  'urban_public', // 城市公共停车场、商业区、交通枢纽
  'township', // 乡镇公共充电点
  'village', // 行政村充电点
  'scenic_area', // 景区停车场
  'highway_service_area', // 高速公路服务区 (18 in the city)
  'trunk_road_parking', // 普通国省干线公路停车区 (38)
  'tourist_road_post', // 三个一号旅游公路驿站 (10)
  'rv_camp', // 房车营地 (11)
  'residential', // 居住小区
  'institution', // 党政机关、企事业单位内部专用桩
  'bus_depot', // 公交场站
] as const;

export type StationCategory = (typeof stationCategories)[number];

export interface CategoryProfile {
  /** Chinese suffix for station names. */
  label: string;
  isPublic: boolean;
  /** Piles per station, inclusive range. */
  pilesPerStation: readonly [number, number];
  /** Share of piles that are DC fast chargers. */
  dcShare: number;
  /** DC power ratings (kW) offered at this kind of site, with weights. */
  dcPower: Readonly<Partial<Record<'60' | '80' | '120' | '160' | '180', number>>>;
  /** Distance from the county seat, km, inclusive range. */
  distanceKm: readonly [number, number];
  parkingPerPile: readonly [number, number];
  openingHours: string;
}

export const categoryProfiles: Record<StationCategory, CategoryProfile> = {
  central_public: {
    label: '集中式公共充电站',
    isPublic: true,
    pilesPerStation: [10, 30],
    dcShare: 0.6,
    dcPower: { '60': 1, '120': 3, '160': 2 },
    distanceKm: [0.3, 4],
    parkingPerPile: [1, 2],
    openingHours: '00:00-24:00',
  },
  urban_public: {
    label: '公共充电站',
    isPublic: true,
    pilesPerStation: [3, 12],
    dcShare: 0.4,
    dcPower: { '60': 2, '80': 1, '120': 2 },
    distanceKm: [0.2, 6],
    parkingPerPile: [2, 6],
    openingHours: '00:00-24:00',
  },
  township: {
    label: '乡镇充电站',
    isPublic: true,
    pilesPerStation: [2, 6],
    dcShare: 0.3,
    dcPower: { '60': 3, '80': 1 },
    distanceKm: [6, 35],
    parkingPerPile: [2, 5],
    openingHours: '06:00-22:00',
  },
  village: {
    label: '村级充电点',
    isPublic: true,
    pilesPerStation: [1, 2],
    dcShare: 0.1,
    dcPower: { '60': 1 },
    distanceKm: [4, 40],
    parkingPerPile: [1, 3],
    openingHours: '00:00-24:00',
  },
  scenic_area: {
    label: '景区充电站',
    isPublic: true,
    pilesPerStation: [2, 8],
    dcShare: 0.4,
    dcPower: { '60': 2, '120': 1 },
    distanceKm: [8, 45],
    parkingPerPile: [3, 8],
    openingHours: '07:00-20:00',
  },
  highway_service_area: {
    label: '服务区充电站',
    isPublic: true,
    pilesPerStation: [4, 10],
    dcShare: 0.9,
    dcPower: { '120': 2, '160': 2, '180': 1 },
    distanceKm: [8, 40],
    parkingPerPile: [5, 8],
    openingHours: '00:00-24:00',
  },
  trunk_road_parking: {
    label: '停车区充电站',
    isPublic: true,
    pilesPerStation: [2, 4],
    dcShare: 0.8,
    dcPower: { '60': 1, '120': 2 },
    distanceKm: [10, 45],
    parkingPerPile: [4, 10],
    openingHours: '00:00-24:00',
  },
  tourist_road_post: {
    label: '旅游公路驿站充电站',
    isPublic: true,
    pilesPerStation: [2, 4],
    dcShare: 0.7,
    dcPower: { '60': 1, '120': 2 },
    distanceKm: [15, 50],
    parkingPerPile: [3, 8],
    openingHours: '06:00-22:00',
  },
  rv_camp: {
    label: '房车营地充电站',
    isPublic: true,
    pilesPerStation: [2, 4],
    dcShare: 0.5,
    dcPower: { '60': 2, '120': 1 },
    distanceKm: [15, 50],
    parkingPerPile: [2, 6],
    openingHours: '00:00-24:00',
  },
  residential: {
    label: '小区充电桩',
    isPublic: false,
    pilesPerStation: [4, 20],
    dcShare: 0.05,
    dcPower: { '60': 1 },
    distanceKm: [0.3, 5],
    parkingPerPile: [1, 1],
    openingHours: '00:00-24:00',
  },
  institution: {
    label: '单位专用充电站',
    isPublic: false,
    pilesPerStation: [2, 6],
    dcShare: 0.2,
    dcPower: { '60': 2, '80': 1 },
    distanceKm: [0.2, 5],
    parkingPerPile: [1, 3],
    openingHours: '08:00-18:00',
  },
  bus_depot: {
    label: '公交场站充电站',
    isPublic: false,
    pilesPerStation: [6, 20],
    dcShare: 1,
    dcPower: { '120': 2, '160': 2, '180': 3 },
    distanceKm: [0.5, 6],
    parkingPerPile: [1, 2],
    openingHours: '00:00-24:00',
  },
};

/**
 * Share of a county's piles in each category (normalised before use). Sites the plan counts city-wide
 * (18 highway service areas, 38 trunk-road parking areas, 10 tourist-road posts, 11 RV camps, ~40 scenic
 * areas) get their piles from this share and their number of sites from the plan.
 */
export const countyCategoryShares: Record<StationCategory, number> = {
  central_public: 0.09,
  urban_public: 0.22,
  township: 0.14,
  village: 0.3,
  scenic_area: 0.03,
  highway_service_area: 0.025,
  trunk_road_parking: 0.025,
  tourist_road_post: 0.01,
  rv_camp: 0.01,
  residential: 0.07,
  institution: 0.04,
  bus_depot: 0.03,
};

/** The Mount Wutai Scenic Area is a scenic administrative area, not a county: its piles serve visitors. */
export const scenicAreaCategoryShares: Partial<Record<StationCategory, number>> = {
  scenic_area: 0.75,
  tourist_road_post: 0.06,
  rv_camp: 0.06,
  bus_depot: 0.05,
  institution: 0.04,
  urban_public: 0.04,
};
