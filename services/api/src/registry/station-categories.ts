/**
 * The kinds of site the action plan names (the `stations.category` column).
 * The simulator's fleet model (`simulator/src/fleet/station-categories.ts`) uses the same keys; a service
 * cannot import the simulator, so the list is repeated here until it moves to a shared domain package.
 */
export const stationCategories = [
  'central_public',
  'urban_public',
  'township',
  'village',
  'scenic_area',
  'highway_service_area',
  'trunk_road_parking',
  'tourist_road_post',
  'rv_camp',
  'residential',
  'institution',
  'bus_depot',
] as const;

export type StationCategory = (typeof stationCategories)[number];
