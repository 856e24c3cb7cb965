export declare const CHROMIUM_PATH: string;
/** SwiftShader gives headless Chromium WebGL 2 without a GPU; the rest keeps Chromium off the network. */
export declare const CHROMIUM_ARGS: string[];
