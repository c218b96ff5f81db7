/** The inputs: one schema (src/inputs/schema.ts) and the parser built on it. */
export {
  INPUTS,
  INPUT_DEFAULTS,
  INPUT_NAMES,
  inputSpec,
  type InputGetter,
  type InputName,
  type InputSpec,
} from './inputs/schema.js';
export { parseInputs, type ParsedInputs } from './inputs/parse.js';
export { isSemVer2 } from './inputs/sections/chart-options.js';
export { DEFAULT_HELM_VERSION } from './inputs/sections/helm.js';
export { NAMESPACE_PLACEHOLDER, resolveRepoUrl } from './inputs/sections/repo-url.js';
