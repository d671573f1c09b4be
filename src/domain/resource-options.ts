/** Per-entity switches, declared on the entity (CONVENTIONS §8), read by the registry. */
export interface ResourceOptions {
  /** In `public`, a caller sees only their own row (users). */
  ownRowOnlyInPublic?: boolean;
  /** Write-only fields stored as an argon2id hash (users.password). */
  passwordFields?: string[];
  /** Text properties with a format Django's EmailField or SlugField would check: `{ email: 'email' }`. */
  formats?: Record<string, TextFormat>;
}

export type TextFormat = 'email' | 'slug';

const optionsByEntity = new WeakMap<object, ResourceOptions>();

export function Resource(options: ResourceOptions): ClassDecorator {
  return (target) => void optionsByEntity.set(target, options);
}

export function resourceOptionsOf(entity: object): ResourceOptions {
  return optionsByEntity.get(entity) ?? {};
}
