// The list of commands, in the order `o11y --help` shows them.
import type { Command } from 'commander';
import { registerInit, registerUp, registerDown, registerStatus, registerLogs, registerRender } from './stack-commands.js';
import { registerServe } from './serve.js';
import { registerLoad } from './load.js';
import { registerImages } from './images.js';
import { registerDoctor } from './doctor.js';
import { registerOpen } from './open.js';
import { registerAlerts } from './alerts.js';
import { registerChaos } from './chaos.js';

export function registerCommands(program: Command): void {
  [registerInit, registerUp, registerDown, registerStatus, registerLogs, registerRender].forEach((r) => r(program));
  registerServe(program);
  registerLoad(program);
  registerImages(program);
  registerDoctor(program);
  registerOpen(program);
  registerAlerts(program);
  registerChaos(program);
}
