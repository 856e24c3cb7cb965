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
  before: WallProbe & { heap: number };
  after: WallProbe & { heap: number };
  heapGrowth: number;
  stale: { text: string; lastGood: string | null; whileStale: string | null };
  /** Dataset responses by HTTP status. */
  responses: Record<string, number>;
  problems: string[];
}

export declare function probe(page: Page): Promise<WallProbe>;
export declare function heapAfterGc(cdp: CDPSession): Promise<number>;
export declare function runSoak(o: {
  browser: Browser;
  dist: string;
  cycles: number;
  tourSteps: number;
  /** Changing cycles (and one tour round) before the baseline. Default 0. */
  warmup?: number;
  onCycle?: (i: number, probe: WallProbe, folder: string) => unknown;
  log?: (line: string) => void;
}): Promise<SoakResult>;
