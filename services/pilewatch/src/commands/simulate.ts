import { simulateCommand as runSimulate, simulateHelp } from '@pilewatch/simulator';
import type { Command } from './index.js';

export const simulateCommand: Command = {
  summary: 'run a simulated charger fleet against any OCPP central system',
  async run(argv, { stdout, stderr }) {
    if (argv[0] === '--help' || argv[0] === '-h') return void stdout.write(`${simulateHelp}\n`), 0;
    return runSimulate(argv, { stdout, stderr });
  },
};
