/**
 * At most `perNode` live inbox streams open at once for each node (`IREN_STREAMS_PER_NODE`, per
 * gateway): each one polls the database, so one node's clients must not be able to open thousands.
 */
export class StreamSlots {
  private readonly open = new Map<string, number>();

  constructor(private readonly perNode: number) {}

  /**
   * Takes one of `node`'s places and answers the function that gives it back (once, however often
   * it is called); undefined when every place is taken.
   */
  take(node: string): (() => void) | undefined {
    const held = this.open.get(node) ?? 0;
    if (held >= this.perNode) return undefined;
    this.open.set(node, held + 1);
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const left = (this.open.get(node) ?? 1) - 1;
      if (left > 0) this.open.set(node, left);
      else this.open.delete(node);
    };
  }

  /** Places `node` holds now. */
  held(node: string): number {
    return this.open.get(node) ?? 0;
  }

  /** Streams open now, all nodes together. */
  get total(): number {
    let total = 0;
    for (const held of this.open.values()) total += held;
    return total;
  }
}
