// How browser tests and the browser benchmark start Debian's Chromium (shared by tests/e2e/harness.ts and
// tests/bench/ready-bench.mjs, which is plain Node and cannot import TypeScript).

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** SwiftShader gives headless Chromium WebGL 2 without a GPU; the rest keeps Chromium off the network. */
export const CHROMIUM_ARGS = [
  '--use-angle=swiftshader',
  '--enable-unsafe-swiftshader',
  '--no-sandbox',
  '--disable-background-networking',
  '--disable-component-update',
  '--no-first-run',
  '--disable-sync',
  '--disable-default-apps',
];
