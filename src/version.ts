import manifest from '../package.json' with { type: 'json' };

/** helm-publish's own version, from package.json when the bundle is built. */
export const TOOL_VERSION: string = manifest.version;
