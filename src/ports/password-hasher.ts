/** Passwords kept as a slow, salted hash: a copy of the store must not give anyone a password quickly. */
export interface PasswordHasher {
  /** A new salt each time; what is returned says how it was hashed, so the cost can rise later. */
  hash(password: string): Promise<string>;
  /** Whether `password` is the one `stored` was made from; false for a stored value it cannot read. */
  verify(password: string, stored: string): Promise<boolean>;
}
