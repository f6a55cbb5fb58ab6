// Exit codes of `o11y load` (docs/load.md): decided by the run's outputs (their verdicts).
export const LOAD_EXIT = { ok: 0, error: 1, thresholds: 3, interrupted: 130 } as const;
