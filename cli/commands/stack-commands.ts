// The stack's commands, in the order `o11y --help` lists them (one registry line for all six).
export { registerInit } from './init.js';
export { registerUp } from './up.js';
export { registerDown } from './down.js';
export { registerStatus } from './status.js';
export { registerLogs } from './logs.js';
export { registerRender } from './render.js';
