// Switchable faults: which requests they fire on, in the order they were added.
import type { RouteKind } from './routes.js';
import type { ActiveFault, Fault } from './types.js';

export type MutableFault = Fault & { id: number; hits: number; seen: number };

function validateFault(fault: Fault): Fault & { route: RouteKind | 'any' } {
  const indexOnly = fault.invalidIndex === true || fault.truncatedIndex === true;
  const route = fault.route ?? (indexOnly ? 'index' : fault.afterStore ? 'upload' : 'any');
  if (indexOnly && route !== 'index')
    throw new Error('invalidIndex/truncatedIndex need route index');
  if (fault.afterStore && (route !== 'upload' || fault.reset !== true))
    throw new Error('afterStore needs route upload and reset');
  return { ...fault, route };
}

export class FaultList {
  private list: MutableFault[] = [];
  private nextId = 1;

  get all(): readonly ActiveFault[] {
    return this.list;
  }

  add(fault: Fault): ActiveFault {
    const active: MutableFault = { ...validateFault(fault), id: this.nextId++, hits: 0, seen: 0 };
    this.list.push(active);
    return active;
  }

  clear(): void {
    this.list = [];
  }

  /** The first fault that fires on this request (counting it), if any. */
  take(kind: RouteKind, ns: string, path: string): MutableFault | undefined {
    for (const f of this.list) {
      if (f.route !== 'any' && f.route !== kind) continue;
      if (f.namespace !== undefined && f.namespace !== ns) continue;
      if (f.pathEndsWith !== undefined && !path.endsWith(f.pathEndsWith)) continue;
      if (f.hits >= (f.times ?? 1)) continue;
      f.seen++;
      if (f.seen <= (f.skip ?? 0)) continue;
      f.hits++;
      return f;
    }
    return undefined;
  }
}
