/**
 * A scenario's timed incidents (a fault storm, a county-wide power cut, flapping links) turned into
 * scheduled actions on the chargers they select. Which chargers are hit, and when within the spread, is
 * drawn from the seed, so the same storm hits the same piles every run.
 */
import type { VirtualCharger } from '../charger/charger.js';
import { defaultFaultMix } from '../charger/faults.js';
import { Random } from '../random.js';
import type { Scheduler } from '../scheduler.js';
import type { Incident, Scenario, Selection } from '../scenario/scenario.js';

const SECOND = 1000;

export function selects(sel: Selection, c: VirtualCharger): boolean {
  if (sel.ids && !sel.ids.includes(c.id)) return false;
  if (sel.categories && !sel.categories.includes(c.station.category)) return false;
  if (sel.counties && !sel.counties.includes(c.station.countyCode)) return false;
  if (sel.protocols && !sel.protocols.includes(c.protocol)) return false;
  return true;
}

/** Schedules every incident of `scenario` for `chargers`, relative to the simulated start. */
export function scheduleIncidents(opts: {
  scenario: Scenario;
  chargers: readonly VirtualCharger[];
  scheduler: Scheduler;
  start: number;
  seed: number | string;
  chaos: boolean;
}): number {
  const { scenario, chargers, scheduler, start } = opts;
  let scheduled = 0;
  scenario.incidents.forEach((incident, index) => {
    if (incident.do === 'chaos' && !opts.chaos) return;
    const rng = new Random(opts.seed).derive(`incident:${index}`);
    for (const c of chargers) {
      // Draw for every charger, selected or not, so adding a charger does not change who else is hit.
      const hit = rng.next() < incident.select.share;
      const offset = rng.next() * incident.spreadS * SECOND;
      if (!hit || !selects(incident.select, c)) continue;
      const act = action(incident, c, rng.derive(c.id));
      scheduler.at(start + incident.at * SECOND + offset, act);
      scheduled++;
    }
  });
  return scheduled;
}

function between(rng: Random, range: readonly [number, number]): number {
  return rng.between(range[0], range[1]);
}

function action(incident: Incident, c: VirtualCharger, rng: Random): (at: number) => void {
  switch (incident.do) {
    case 'fault':
      return (at) => {
        if (!c.powered) return;
        const kind = incident.fault ?? rng.weighted(defaultFaultMix);
        c.fault(kind, { at, durationMs: between(rng, incident.durationS) * SECOND });
      };
    case 'overheat':
      return () => c.overheat(incident.riseCPerMin);
    case 'powerLoss':
      return (at) => c.powerLoss(between(rng, incident.outageS) * SECOND, at);
    case 'networkLoss':
      return (at) => c.networkLoss(between(rng, incident.outageS) * SECOND, at);
    case 'flapping':
      return (at) => c.flap(incident.durationS * SECOND, incident.upS, incident.downS, at);
    case 'clockSkew':
      return () => c.setClockSkew(Math.round(between(rng, incident.skewS) * SECOND));
    case 'meterReset':
      return () => c.resetMeter();
    case 'chaos':
      return () => {
        for (let i = 0; i < incident.frames; i++) c.sendChaosFrame();
      };
  }
}
