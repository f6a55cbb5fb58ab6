// Where the bench's processes run: with two cores and taskset, the service (and PostgreSQL) on
// core 0 and every generator on core 1, as the measurement did; otherwise anywhere.
import os from 'node:os';
import { tasksetAvailable } from '../../test/support/cpu-pinning.js';

export const PINNED = os.cpus().length >= 2 && tasksetAvailable();
export const SERVICE_CORE = 0;
export const LOAD_CORE = 1;

/** `core` when pinning, else undefined (startProcess's `cpu`: anywhere). */
export const onCore = (core: number): number | undefined => (PINNED ? core : undefined);
