/** The `simulate` command's help text: every flag, with its default. */
import { MAX_FLEET_SIZE } from '../fleet/generate.js';
import { bundledScenarios } from '../scenario/scenario.js';

export const simulateHelp = `Usage:
  simulate --url ws://HOST:PORT/ocpp --chargers N [options]
  simulate fleet --chargers N --seed S --out fleet.json [--ocpp201-share F] [--plan FILE]

Runs a virtual Xinzhou charger fleet against an OCPP central system, over OCPP-J 1.6 and 2.0.1 only (so
it works against any central system), showing live progress on stderr and a summary at the end.
Piles authenticate with HTTP Basic auth (identity + password): register them first, e.g. by importing the
file written by \`simulate fleet\` with the same --chargers, --seed and --ocpp201-share.

Options:
  --url URL              central system endpoint without the identity (ws:// or wss://); required
  --chargers N           piles to run, 1 to ${MAX_FLEET_SIZE}; required unless --fleet is given
                         (with --fleet: run the first N piles of the file; default all of them)
  --seed S               seed for the fleet and everything that happens (number or text); default 1
  --fleet FILE           run the piles of this fleet file instead of generating them
  --ocpp201-share F      share of generated piles speaking OCPP 2.0.1, 0 to 1; default 0.3
  --scenario NAME|FILE   a bundled scenario (${bundledScenarios.join(', ')}) or a scenario
                         JSON file (format: simulator/README.md); default weekday
  --speed X              simulated seconds per real second (144 = a day in ten minutes);
                         default the scenario's (1 for weekday)
  --start ISO            simulated start instant, e.g. 2026-10-01T07:00:00+08:00; default the scenario's
  --meter-interval S     simulated seconds between meter samples while charging; default the scenario's (60)
  --duration S           stop after S simulated seconds (wall time = S / speed); default the scenario's,
                         or run until Ctrl-C
  --ramp N               piles started per second; default 200
  --chaos                also send malformed frames (at the scenario's rate) — opt-in
  --json FILE            write the summary as JSON (counts per action, ack latency percentiles, …)
  --quiet                no live progress line, only the summary
  --help                 this text

simulate fleet writes the fleet (operators, stations, piles with passwords and connectors) as JSON to
--out (- for stdout); the same options always give the same file.

Exit codes: 0 done; 1 no pile could ever connect, or a file could not be written; 2 bad arguments or
an unreadable or invalid scenario or fleet file (reported before any connection is opened).`;
