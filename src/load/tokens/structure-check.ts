// Bounds a parsed YAML/JSON document before anything walks it: YAML aliases make shared (or
// cyclic) references, so a 1 KB "billion laughs" file expands to billions of nodes in any code
// that walks it as a tree. One iterative pass computes each node's expanded size and height
// once (memoized by identity) and refuses cycles, documents whose aliases add more than a
// million nodes, and nesting deeper than a limit. No recursion: a 100,000-deep document is fine.

import { InputError } from "../input-error.js";
import { tooDeepMessage } from "../nesting.js";

export interface StructureLimits {
  /** deepest nesting of mappings/lists */
  maxDepth: number;
  /** how many nodes aliases may add beyond the distinct nodes of the document */
  maxAliasExpansion: number;
}

export const DEFAULT_LIMITS: StructureLimits = Object.freeze({ maxDepth: 1000, maxAliasExpansion: 1_000_000 });

export interface StructureFacts {
  /** distinct objects and arrays */
  distinct: number;
  /** nodes as a tree walk would see them (aliases expanded) */
  expanded: number;
  /** whether any object is reached twice (a YAML alias) */
  shared: boolean;
}

interface Frame {
  node: object;
  children: unknown[];
  /** an object's keys (children in the same order); null for arrays */
  keys: string[] | null;
  next: number;
  size: number;
  height: number;
}

function frameOf(node: object): Frame {
  if (Array.isArray(node)) return { node, children: node, keys: null, next: 0, size: 1, height: 1 };
  const keys = Object.keys(node);
  const children = keys.map((k) => (node as Record<string, unknown>)[k]);
  return { node, children, keys, next: 0, size: 1, height: 1 };
}

/** The path from the root to the child each frame is visiting. */
function pathOf(stack: readonly Frame[]): (string | number)[] {
  return stack.map((f) => (f.keys === null ? f.next - 1 : f.keys[f.next - 1]!));
}

export function checkStructure(root: unknown, file: string, limits: StructureLimits = DEFAULT_LIMITS): StructureFacts {
  const facts: StructureFacts = { distinct: 0, expanded: 1, shared: false };
  if (typeof root !== "object" || root === null) return facts;
  // size/height of finished nodes; a node on the stack is in `open`
  const done = new Map<object, { size: number; height: number }>();
  const open = new Set<object>();
  const stack: Frame[] = [frameOf(root)];
  open.add(root);
  facts.distinct = 1;
  const tooMany = () =>
    new InputError(file, `YAML aliases expand this document beyond ${limits.maxAliasExpansion.toLocaleString("en-US")} extra nodes (an alias bomb?); refused`);
  while (stack.length > 0) {
    const top = stack[stack.length - 1]!;
    if (top.next < top.children.length) {
      const child = top.children[top.next++];
      if (typeof child !== "object" || child === null) {
        top.size += 1;
        continue;
      }
      const finished = done.get(child);
      if (finished) {
        facts.shared = true;
        top.size += finished.size;
        top.height = Math.max(top.height, finished.height + 1);
        if (top.size - facts.distinct > limits.maxAliasExpansion) throw tooMany();
        continue;
      }
      if (open.has(child)) throw new InputError(file, "a YAML alias refers to a node that contains it (a cycle); refused");
      if (stack.length >= limits.maxDepth) throw new InputError(file, tooDeepMessage(limits.maxDepth, pathOf(stack)));
      open.add(child);
      facts.distinct++;
      stack.push(frameOf(child));
      continue;
    }
    stack.pop();
    open.delete(top.node);
    if (top.height > limits.maxDepth) throw new InputError(file, `${tooDeepMessage(limits.maxDepth, pathOf(stack))} (through YAML aliases)`);
    done.set(top.node, { size: top.size, height: top.height });
    const parent = stack[stack.length - 1];
    if (parent) {
      parent.size += top.size;
      parent.height = Math.max(parent.height, top.height + 1);
      if (parent.size - facts.distinct > limits.maxAliasExpansion) throw tooMany();
    } else facts.expanded = top.size;
  }
  return facts;
}
