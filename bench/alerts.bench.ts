// Time from the start of trigger-alert-like load (200 req/s) to HighRequestRate firing in
// Prometheus and to its delivery at a fake Telegram, with the DEFAULT config (5 s scrape and
// evaluation, 30 s window, 15 s for, 2 s group wait), on loopback: real service, PostgreSQL,
// Prometheus, Alertmanager. Target: delivery <= 45 s. O11Y_BENCH_ALERT_RUNS=n repeats each shape.
import { untilAlert } from '../cli/alerts/until-alert.js';
import { startAlertLab, waitForMessage } from '../test/support/alert-lab.js';
import { startPacedLoad, startRampedLoad, type PacedLoad } from '../test/support/paced-load.js';
import type { BenchSection } from './support/types.js';

const TARGET_S = 45;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Shape {
  name: string;
  start(url: string): PacedLoad;
}

const shapes: Shape[] = [
  { name: '200 req/s from the first second', start: (url) => startPacedLoad(url, 200, 90) },
  { name: '0 → 200 req/s over 10 s (trigger-alert preset ramp)', start: (url) => startRampedLoad(url, 200, 10, 90) },
];

async function once(shape: Shape): Promise<Record<string, string | number>> {
  const lab = await startAlertLab();
  try {
    const until = untilAlert(lab.lab.config, lab.secrets, 'HighRequestRate', { urls: lab.urls, timeoutMs: 90_000 });
    const startedAt = Date.now();
    const load = shape.start(`${lab.service.url}/students/`);
    try {
      while (!until.stopWhen()) await sleep(250);
    } finally {
      await load.stop();
      until.cancel();
    }
    const result = await until.settle();
    // The fake's own clock: when the message actually arrived.
    await waitForMessage(lab, ['HighRequestRate', 'FIRING'], 10_000);
    const arrived = lab.fake.received().find((r) => r.method === 'sendMessage' && String(r.body.text).includes('HighRequestRate'));
    const atFakeS = arrived ? (Date.parse((arrived as unknown as { at: string }).at) - startedAt) / 1000 : NaN;
    const s = (ms?: number) => (ms === undefined ? '-' : Number((ms / 1000).toFixed(1)));
    return {
      load: shape.name,
      'pending (s)': s(result.pendingAfterMs),
      'firing (s)': s(result.firingAfterMs),
      'delivered, AM metrics (s)': s(result.deliveredAfterMs),
      'at fake Telegram (s)': Number(atFakeS.toFixed(1)),
      [`<= ${TARGET_S} s`]: atFakeS <= TARGET_S ? 'yes' : 'NO',
    };
  } finally {
    await lab.stop();
  }
}

export default async function alertsBench(): Promise<BenchSection[]> {
  const runs = Number(process.env.O11Y_BENCH_ALERT_RUNS ?? 1);
  const rows: Array<Record<string, string | number>> = [];
  for (const shape of shapes) for (let i = 0; i < runs; i++) rows.push(await once(shape));
  return [
    {
      name: 'Load start → HighRequestRate firing → Telegram delivery (default config)',
      rows,
      notes: [
        'Loopback, no Docker: real service + PostgreSQL, Prometheus 2.42, Alertmanager 0.25, fake Telegram.',
        'The spread comes from where the load starts within the 5 s scrape and evaluation cycles.',
      ],
    },
  ];
}
