/** The app's Content-Security-Policy (see csp.mjs for why each directive is what it is). */
export declare function contentSecurityPolicy(options?: { dev?: boolean; meta?: boolean; tileOrigins?: string[] }): string;
export declare const CSP_HEADER: 'Content-Security-Policy';
/** 天地图's Web-Mercator tile hosts (https://t0 … t7.tianditu.gov.cn), which `tianditu` in GS_TILE_ORIGINS stands for. */
export declare const TIANDITU_ORIGINS: string[];
/** 'GS_TILE_ORIGINS' */
export declare const TILE_ORIGINS_ENV: 'GS_TILE_ORIGINS';
/** Extra tile origins from a GS_TILE_ORIGINS value; throws on a part that is not http(s)://host[:port] or `tianditu`. */
export declare function parseTileOrigins(value: string | undefined): string[];
/** GS_TILE_ORIGINS of `env` (default: process.env). */
export declare function tileOriginsFromEnv(env?: Record<string, string | undefined>): string[];
