/** Runs `simulate` on its own: `npm run simulate -w @pilewatch/simulator -- --url … --chargers N`. */
import { simulateCommand } from './cli/command.js';

process.exitCode = await simulateCommand(process.argv.slice(2));
