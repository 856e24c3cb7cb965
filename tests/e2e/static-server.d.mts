export declare const MIME_TYPES: Record<string, string>;

export interface StaticServer {
  /** e.g. "http://127.0.0.1:41234" */
  origin: string;
  /** Absolute URL of a path on this server. */
  url(path?: string): string;
  close(): Promise<void>;
}

/**
 * Serves folders on 127.0.0.1 at a random free port; `mounts` maps URL prefixes to folders, `options.files` exact
 * URL paths to files served in their place (a test's own config.json).
 */
export declare function startStaticServer(
  mounts: Record<string, string>,
  options?: { files?: Record<string, string> },
): Promise<StaticServer>;
