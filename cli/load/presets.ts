// Named load shapes. A preset supplies flag values; flags the user passes override them.
export interface PresetFlags {
  users?: string;
  rate?: string;
  max?: boolean;
  stages?: string;
  ramp?: string;
  duration?: string;
  maxP99?: string;
  maxErrorRate?: string;
}

export interface Preset {
  name: string;
  description: string;
  flags: PresetFlags;
  /** Printed when the run starts (e.g. what the preset does not do yet). */
  note?: string;
  /** Hold the load until this alert fires (and is delivered), as --until-alert does. */
  untilAlert?: string;
}

export const PRESETS: Record<string, Preset> = {
  smoke: {
    name: 'smoke',
    description: '5 users for 15 s: does it answer, and without errors?',
    flags: { users: '5', duration: '15s', maxErrorRate: '1%' },
  },
  ramp: {
    name: 'ramp',
    description: '0 → 100 users over 1 min, then hold 1 min',
    flags: { users: '100', ramp: '1m', duration: '1m' },
  },
  stress: {
    name: 'stress',
    description: 'steps 100 → 300 → 600 users (1 min each, 20 s ramps), then down to 0',
    flags: { stages: '20s:100,1m:100,20s:300,1m:300,20s:600,1m:600,20s:0' },
  },
  'trigger-alert': {
    name: 'trigger-alert',
    description: '200 users (~200 requests/s, over the 100 RPS alert) until HighRequestRate reaches Telegram (3 min at most)',
    flags: { users: '200', ramp: '10s', duration: '3m' },
    untilAlert: 'HighRequestRate',
    note:
      'trigger-alert: 200 users until the request-rate alert fires and Alertmanager delivers it to ' +
      'Telegram (about 40 s with the default rules), then it stops and says how long each step took.',
  },
};

export function presetNames(): string[] {
  return Object.keys(PRESETS);
}
