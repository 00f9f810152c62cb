import type { StepRecord } from './types';

/** A step in the timeline: where it sits (depth, why it is nested) and its children. */
export interface TimelineNode {
  step: StepRecord;
  depth: number;
  /** Why it sits under its parent: a foreach item, an else branch, a fallback. */
  tag?: string;
  children: TimelineNode[];
}

/**
 * Nests step records by their step ids (`steps[1].steps[0]#0.steps[0]` runs inside
 * `steps[1].steps[0]`, item 0; `steps[2].on-failure.fallback[0]` is a fallback of `steps[2]`).
 * A record without a step id (written before they existed) stays at the top level.
 */
export function buildTimeline(steps: StepRecord[]): TimelineNode[] {
  const roots: TimelineNode[] = [];
  const byId = new Map<string, TimelineNode>();
  for (const step of steps) {
    const node: TimelineNode = { step, depth: 0, children: [] };
    const parent = step.stepId ? parentOf(step.stepId, byId) : undefined;
    if (parent) {
      node.depth = parent.depth + 1;
      node.tag = tagOf(step.stepId!.slice(parent.step.stepId!.length));
      parent.children.push(node);
    } else {
      roots.push(node);
    }
    if (step.stepId) byId.set(step.stepId, node);
  }
  return roots;
}

function parentOf(stepId: string, byId: Map<string, TimelineNode>): TimelineNode | undefined {
  // The longest known step id that this one continues with "." or "#".
  for (let end = stepId.length - 1; end > 0; end--) {
    const c = stepId[end];
    if (c !== '.' && c !== '#') continue;
    const found = byId.get(stepId.slice(0, end));
    if (found) return found;
  }
  return undefined;
}

function tagOf(rest: string): string | undefined {
  const item = /^#(\d+)/.exec(rest);
  if (item) return `item ${item[1]}`;
  if (rest.startsWith('.on-failure.fallback')) return 'fallback';
  if (rest.startsWith('.else')) return 'else';
  return undefined;
}

/** Every node, depth first (the order the timeline draws them). */
export function flatten(nodes: TimelineNode[]): TimelineNode[] {
  return nodes.flatMap((n) => [n, ...flatten(n.children)]);
}
