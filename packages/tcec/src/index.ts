/** T/CEC 102 information exchange: what the API serves to the province and the worker pushes to it. */
export * from './errors.js';
export * from './crypto.js';
export * from './china-time.js';
export * from './envelope.js';
export * from './replay-guard.js';
export * from './spelling.js';
export * from './codec.js';
export * from './objects.js';
export * from './interfaces.js';
export * from './gcj02.js';
export * from './mapping.js';
export * from './partners.js';
export * from './tokens.js';
export * from './endpoint.js';
export * from './client.js';
export { readPartnersFile } from './partners-file.js';
