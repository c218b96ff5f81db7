// The action's main step, loaded by main.ts once Node's compile cache is set up.
import { runAction } from './action.js';

await runAction();
