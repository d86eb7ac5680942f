/** The composed platform, for end-to-end tests and benchmarks; the command line is `bin/pilewatch.js`. */
export { startPlatform, type Platform, type PlatformOptions, type SimulateOptions } from './platform.js';
export { main } from './cli.js';
