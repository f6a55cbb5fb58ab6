// The engine for a run's mode. autocannon is loaded only for --max (a quarter of a second of
// start-up the paced modes do not need).
import { connectionCap } from '../fd-limit.js';
import { peakLevel } from '../plan.js';
import type { Engine, EngineOptions } from './engine.js';
import { RateEngine } from './rate-engine.js';
import { UsersEngine } from './users-engine.js';

/** --max without --connections (the command's default is in run-options.ts). */
const MAX_CONNECTIONS = 64;

export async function createEngine(o: EngineOptions): Promise<Engine> {
  switch (o.mode) {
    case 'users':
      return new UsersEngine(o);
    case 'rate':
      return new RateEngine(o, Math.min(connectionCap(), o.connections ?? defaultRateConnections(peakLevel(o.plan))));
    case 'max':
      return new (await import('./max-engine.js')).MaxEngine(o, o.connections ?? MAX_CONNECTIONS);
  }
}

/**
 * --rate without --connections: enough connections for answers up to 250 ms at the peak rate
 * (Little's law), at least 64. The pool only grows that far when answers slow down.
 */
export function defaultRateConnections(peakRate: number): number {
  return Math.max(64, Math.ceil(peakRate * 0.25));
}
