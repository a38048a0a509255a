// RFC 6962 Merkle tree hashing (as restated in RFC 9162 section 2.1) and proof generation.
// IMPORTANT: leaf hash = SHA-256(0x00 || entry bytes) and node hash = SHA-256(0x01 || left ||
// right) are part of audit-log format version 1 and must never change within it. The tree of n
// leaves splits at the largest power of two below n, so every earlier tree is a prefix of a later
// one. That prefix property is what makes consistency proofs possible.
import { createHash } from 'node:crypto';
import { HASH_BYTES, LEAF_HASH_PREFIX, NODE_HASH_PREFIX } from './labels.js';

const LEAF_PREFIX = new Uint8Array([LEAF_HASH_PREFIX]);
const NODE_PREFIX = new Uint8Array([NODE_HASH_PREFIX]);

/** Root of the empty tree: SHA-256 of no bytes. */
export const EMPTY_TREE_ROOT = new Uint8Array(createHash('sha256').digest());

export function leafHash(entryBytes: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(LEAF_PREFIX).update(entryBytes).digest());
}

export function nodeHash(left: Uint8Array, right: Uint8Array): Uint8Array {
  return new Uint8Array(createHash('sha256').update(NODE_PREFIX).update(left).update(right).digest());
}

export function isPowerOfTwo(n: number): boolean {
  return n > 0 && Number.isInteger(Math.log2(n));
}

/** Largest power of two strictly below n (n >= 2): the size of the left subtree. */
export function splitPoint(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/**
 * The right frontier of a tree: the roots of its perfect subtrees from the largest (leftmost) to
 * the smallest, one per set bit of the size. Appending a leaf and computing the root both cost
 * O(log n) hashes, so a large log never rehashes its old leaves.
 */
export class MerkleFrontier {
  private constructor(
    private treeSize: number,
    private readonly nodes: Uint8Array[],
  ) {}

  static empty(): MerkleFrontier {
    return new MerkleFrontier(0, []);
  }

  /** Restores a frontier from `serialize()` output; throws on a length that does not fit the size. */
  static deserialize(size: number, bytes: Uint8Array): MerkleFrontier {
    const expected = popCount(size) * HASH_BYTES;
    if (!Number.isSafeInteger(size) || size < 0 || bytes.length !== expected) {
      throw new Error(`stored Merkle frontier for size ${size} has ${bytes.length} bytes, expected ${expected}`);
    }
    const nodes: Uint8Array[] = [];
    for (let offset = 0; offset < bytes.length; offset += HASH_BYTES) nodes.push(bytes.slice(offset, offset + HASH_BYTES));
    return new MerkleFrontier(size, nodes);
  }

  get size(): number {
    return this.treeSize;
  }

  /** Concatenated frontier hashes, largest subtree first. */
  serialize(): Uint8Array {
    const out = new Uint8Array(this.nodes.length * HASH_BYTES);
    this.nodes.forEach((node, i) => out.set(node, i * HASH_BYTES));
    return out;
  }

  clone(): MerkleFrontier {
    return new MerkleFrontier(this.treeSize, this.nodes.slice());
  }

  /** Adds a leaf hash. Each trailing one bit of the old size merges two equal subtrees. */
  append(leaf: Uint8Array): void {
    let hash = leaf;
    for (let bits = this.treeSize; bits & 1; bits = Math.floor(bits / 2)) {
      hash = nodeHash(this.nodes.pop()!, hash);
    }
    this.nodes.push(hash);
    this.treeSize += 1;
  }

  /** Merkle tree hash of the current size: the frontier folded from the right. */
  root(): Uint8Array {
    if (this.nodes.length === 0) return EMPTY_TREE_ROOT;
    let hash = this.nodes[this.nodes.length - 1]!;
    for (let i = this.nodes.length - 2; i >= 0; i--) hash = nodeHash(this.nodes[i]!, hash);
    return hash;
  }
}

function popCount(n: number): number {
  let count = 0;
  for (let bits = n; bits > 0; bits = Math.floor(bits / 2)) count += bits & 1;
  return count;
}

/**
 * An in-memory tree over a list of leaf hashes, for proof generation. It caches every perfect
 * subtree (level h holds the roots of aligned runs of 2^h leaves), so one proof costs O(log n)
 * hashes after an O(n) build.
 */
export class MerkleTree {
  private readonly levels: Uint8Array[][];

  constructor(leaves: Uint8Array[]) {
    this.levels = [leaves];
    let level = leaves;
    while (level.length > 1) {
      const next: Uint8Array[] = [];
      for (let i = 0; i + 1 < level.length; i += 2) next.push(nodeHash(level[i]!, level[i + 1]!));
      this.levels.push(next);
      level = next;
    }
  }

  get size(): number {
    return this.levels[0]!.length;
  }

  /** Merkle tree hash of the first `size` leaves. */
  root(size = this.size): Uint8Array {
    this.checkSize(size);
    return size === 0 ? EMPTY_TREE_ROOT : this.rangeHash(0, size);
  }

  /** Audit path of leaf `index` in the tree of the first `size` leaves (RFC 9162 2.1.3.1). */
  inclusionProof(index: number, size = this.size): Uint8Array[] {
    this.checkSize(size);
    if (!Number.isSafeInteger(index) || index < 0 || index >= size) {
      throw new RangeError(`leaf index ${index} is outside the tree of size ${size}`);
    }
    const proof: Uint8Array[] = [];
    this.collectPath(index, 0, size, proof);
    return proof;
  }

  /** Consistency proof from the tree of size1 to the tree of size2 (RFC 9162 2.1.4.1). */
  consistencyProof(size1: number, size2 = this.size): Uint8Array[] {
    this.checkSize(size2);
    if (!Number.isSafeInteger(size1) || size1 < 0 || size1 > size2) {
      throw new RangeError(`tree size ${size1} cannot be proven consistent with size ${size2}`);
    }
    const proof: Uint8Array[] = [];
    if (size1 > 0 && size1 < size2) this.collectSubproof(size1, 0, size2, true, proof);
    return proof;
  }

  private checkSize(size: number): void {
    if (!Number.isSafeInteger(size) || size < 0 || size > this.size) {
      throw new RangeError(`tree size ${size} is outside 0..${this.size}`);
    }
  }

  /** Hash of leaves [start, end); uses the cache for aligned perfect subtrees. */
  private rangeHash(start: number, end: number): Uint8Array {
    const width = end - start;
    if (isPowerOfTwo(width) && start % width === 0) {
      const level = Math.log2(width);
      return this.levels[level]![start / width]!;
    }
    const k = splitPoint(width);
    return nodeHash(this.rangeHash(start, start + k), this.rangeHash(start + k, end));
  }

  // PATH(m, D[start:end]) with m relative to start; nodes are pushed leaf side first.
  private collectPath(m: number, start: number, end: number, out: Uint8Array[]): void {
    const width = end - start;
    if (width <= 1) return;
    const k = splitPoint(width);
    if (m < k) {
      this.collectPath(m, start, start + k, out);
      out.push(this.rangeHash(start + k, end));
    } else {
      this.collectPath(m - k, start + k, end, out);
      out.push(this.rangeHash(start, start + k));
    }
  }

  // SUBPROOF(m, D[start:end], wholeSubtree) with m relative to start.
  private collectSubproof(m: number, start: number, end: number, wholeSubtree: boolean, out: Uint8Array[]): void {
    const width = end - start;
    if (m === width) {
      if (!wholeSubtree) out.push(this.rangeHash(start, end));
      return;
    }
    const k = splitPoint(width);
    if (m <= k) {
      this.collectSubproof(m, start, start + k, wholeSubtree, out);
      out.push(this.rangeHash(start + k, end));
    } else {
      this.collectSubproof(m - k, start + k, end, false, out);
      out.push(this.rangeHash(start, start + k));
    }
  }
}
