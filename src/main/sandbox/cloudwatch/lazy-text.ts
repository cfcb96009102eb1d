/**
 * A text worded the first time it is read. An alarm's StateReason lists its datapoints with their
 * values and times, and formatting those numbers is most of what a state change costs; a world
 * changes alarm states thousands of times and most reasons are never read (only when someone opens
 * the alarm's history or an event reaches a rule or a topic), so the reason is kept as the inputs
 * it is worded from. Reading it always gives the same text the alarm would have written at once.
 */
export class LazyText {
  private value: string | undefined

  constructor(private make: (() => string) | null) {}

  get text(): string {
    if (this.value === undefined) {
      this.value = (this.make as () => string)()
      // The inputs are not needed any more.
      this.make = null
    }
    return this.value
  }
}

/** A text now, or one worded when first read. */
export type Text = string | LazyText

export function textOf(t: Text): string {
  return typeof t === 'string' ? t : t.text
}
