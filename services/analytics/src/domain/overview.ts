/** What the database counts for one window of the overview. */
export interface WindowCounts {
  articles: number;
  summaries: number;
  posts: number;
  llmCostUsd: number;
  /** 95th percentile (continuous) of fetch -> publish latency of the window's posts. */
  p95PipelineLatencyMs: number | null;
}

/** Numbers analytics does not store but the caller knows (from DLQ metrics, for example). */
export interface OperationalInputs {
  failuresLastHour?: number;
  failuresLastDay?: number;
  dlqDepth?: number;
}

export interface OverviewWindow extends WindowCounts {
  /** Exclusive start and inclusive end, RFC 3339. */
  from: string;
  to: string;
  articlesPerMinute: number;
  /** Null when the caller did not supply failure counts. */
  failures: number | null;
}

export interface Overview {
  generatedAt: string;
  lastHour: OverviewWindow;
  lastDay: OverviewWindow;
  dlqDepth: number | null;
}

export const HOUR_MS = 3_600_000;
export const DAY_MS = 86_400_000;

/** Assembles the overview of the hour and the day before `now` from the counted windows. */
export function shapeOverview(now: Date, hour: WindowCounts, day: WindowCounts, inputs: OperationalInputs = {}): Overview {
  return {
    generatedAt: now.toISOString(),
    lastHour: toWindow(now, HOUR_MS, hour, inputs.failuresLastHour),
    lastDay: toWindow(now, DAY_MS, day, inputs.failuresLastDay),
    dlqDepth: inputs.dlqDepth ?? null,
  };
}

function toWindow(now: Date, lengthMs: number, counts: WindowCounts, failures: number | undefined): OverviewWindow {
  return {
    from: new Date(now.getTime() - lengthMs).toISOString(),
    to: now.toISOString(),
    ...counts,
    articlesPerMinute: counts.articles / (lengthMs / 60_000),
    failures: failures ?? null,
  };
}
