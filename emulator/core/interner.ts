// One string object per distinct value, for strings that outlive their request in big tables (journal entries,
// change-feed SKUs, reservation lines): each kept copy of a request's fresh string is one more object for the
// garbage collector to visit. Bounded: past `limit` distinct values it starts over, which only costs duplicates.

export class Interner {
  readonly #limit: number;
  readonly #known = new Map<string, string>();

  constructor(limit: number) {
    this.#limit = limit;
  }

  intern(text: string): string {
    const known = this.#known.get(text);
    if (known !== undefined) return known;
    if (this.#known.size >= this.#limit) this.#known.clear();
    this.#known.set(text, text);
    return text;
  }

  clear(): void {
    this.#known.clear();
  }
}
