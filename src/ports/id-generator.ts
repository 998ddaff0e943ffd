export interface IdGenerator {
  /** A new, unguessable id with the given prefix, e.g. `apt_…`. */
  next(prefix: string): string;
}
