/** A small least-recently-used cache: simulation results per (scenario, seed), runs per inputs. */
export class Lru<V> {
  private readonly map = new Map<string, V>()

  constructor(private readonly capacity: number) {}

  get(key: string): V | undefined {
    const v = this.map.get(key)
    if (v === undefined) return undefined
    this.map.delete(key)
    this.map.set(key, v)
    return v
  }

  set(key: string, value: V): void {
    this.map.delete(key)
    this.map.set(key, value)
    while (this.map.size > this.capacity) {
      const oldest = this.map.keys().next().value as string
      this.map.delete(oldest)
    }
  }

  getOrCreate(key: string, make: () => V): V {
    const hit = this.get(key)
    if (hit !== undefined) return hit
    const v = make()
    this.set(key, v)
    return v
  }

  clear(): void {
    this.map.clear()
  }

  get size(): number {
    return this.map.size
  }
}
