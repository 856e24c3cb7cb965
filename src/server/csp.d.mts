/** The app's Content-Security-Policy (see csp.mjs for why each directive is what it is). */
export declare function contentSecurityPolicy(options?: { dev?: boolean; meta?: boolean }): string;
export declare const CSP_HEADER: 'Content-Security-Policy';
