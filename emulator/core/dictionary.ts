// Strings kept once and referred to by a small integer: places, dates and event types in columnar tables.

/** Strings kept once, referred to by index. */
export class Dictionary {
  readonly values: string[];
  readonly #ids = new Map<string, number>();

  constructor(values: string[] = []) {
    this.values = [...values];
    this.values.forEach((v, i) => this.#ids.set(v, i));
  }

  id(value: string): number {
    let id = this.#ids.get(value);
    if (id === undefined) {
      id = this.values.length;
      this.values.push(value);
      this.#ids.set(value, id);
    }
    return id;
  }

  value(id: number): string {
    return this.values[id]!;
  }
}
