import type { Browser, Page, CDPSession } from 'playwright-core';

export interface WallProbe {
  layers: number;
  sources: number;
  echarts: number;
  canvases: number;
  domNodes: number;
  version: number;
  checks: number;
  unchanged: number;
  tourSteps: number;
  incidents: string | null;
}

export interface SoakResult {
  cycles: number;
  seconds: number;
  before: WallProbe & { heap: number; workers: WorkerHeaps };
  after: WallProbe & { heap: number; workers: WorkerHeaps };
  heapGrowth: number;
  /** Heap after the first tour round when the warm-up is longer than that, else null. */
  early: number | null;
  /** Least-squares heap trend through the measured cycles, bytes per 100 cycles. */
  heapSlopePer100: number;
  samples: [number, number][];
  breakdown: { before: HeapBreakdown; after: HeapBreakdown } | null;
  stale: { text: string; lastGood: string | null; whileStale: string | null };
  /** Dataset responses by HTTP status. */
  responses: Record<string, number>;
  problems: string[];
}

/** Used heap of the wall's worker and MapLibre's workers after forced GC (the least of a few readings), bytes. */
export interface WorkerHeaps {
  wall: number;
  maplibre: number;
  /** How many workers of each kind the page had. */
  count: { wall: number; maplibre: number };
}

export interface HeapBreakdown {
  code: number;
  objects: number;
  buffers: number;
  engine: number;
  dom: number;
}

export declare function probe(page: Page): Promise<WallProbe>;
export declare function heapAfterGc(cdp: CDPSession): Promise<number>;
export declare function settledHeap(cdp: CDPSession, page: Page, n?: number): Promise<number>;
export declare function heapBreakdown(cdp: CDPSession, readings?: number): Promise<HeapBreakdown>;
export declare function workerHeaps(browser: Browser, origin: string, readings?: number): Promise<WorkerHeaps>;
export declare function runSoak(o: {
  browser: Browser;
  dist: string;
  cycles: number;
  tourSteps: number;
  /** Changing cycles (and one tour round) before the baseline. Default 0. */
  warmup?: number;
  /** Heap snapshots at the baseline and the end, summed by kind. */
  breakdown?: boolean;
  onCycle?: (i: number, probe: WallProbe, folder: string, page: Page, cdp: CDPSession) => unknown;
  log?: (line: string) => void;
}): Promise<SoakResult>;
