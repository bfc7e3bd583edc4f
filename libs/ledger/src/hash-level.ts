import { HASH_SIZE } from './hashing';

const INITIAL_CAPACITY = 64;

/**
 * One level of the tree: the hashes of its perfect subtrees of equal width, left to right, packed
 * in one growable buffer. Packing keeps a million leaves at 32 MB instead of a million small
 * Buffer objects on the JavaScript heap; doubling keeps appends amortised O(1).
 */
export class HashLevel {
  private bytes = Buffer.allocUnsafe(INITIAL_CAPACITY * HASH_SIZE);
  private count = 0;

  /** How many hashes the level holds. */
  get length(): number {
    return this.count;
  }

  /** Adds a hash at the right end; the caller has checked it is 32 bytes. */
  push(hash: Uint8Array): void {
    if ((this.count + 1) * HASH_SIZE > this.bytes.length) this.grow();
    this.bytes.set(hash, this.count * HASH_SIZE);
    this.count++;
  }

  /**
   * The hash at a position, as a view into the level's storage: cheap for hashing, but callers
   * that hand it out must copy it (a stored hash is never rewritten, so the view stays valid).
   */
  at(position: number): Buffer {
    const offset = position * HASH_SIZE;
    return this.bytes.subarray(offset, offset + HASH_SIZE);
  }

  private grow(): void {
    const bigger = Buffer.allocUnsafe(this.bytes.length * 2);
    this.bytes.copy(bigger, 0, 0, this.count * HASH_SIZE);
    this.bytes = bigger;
  }
}
