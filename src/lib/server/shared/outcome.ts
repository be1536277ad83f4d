// What every command answers. It lives below the aggregates so that each of them can name it without importing
// another aggregate's commands (organisations, consortia and funds used to import each other in a circle for it).

/**
 * A command's refusal. `Code` is the aggregate's union of refusal codes (FundRefusal, ConsortiumRefusal…) where it
 * has one. `holder`: the organisation that already holds a SIREN, named in the refusal so the person knows whom to ask.
 */
export type Refusal<Code extends string = string> = { ok: false; code: Code; holder?: string };
export type Outcome<T = object, Code extends string = string> = ({ ok: true } & T) | Refusal<Code>;

/**
 * What a policy predicate answers: permission, or the refusal the command gives. A page asks the same predicate to
 * show a form or say why not; a command returns the refusal as its outcome.
 */
export type Verdict<Code extends string> = { ok: true } | { ok: false; code: Code };

export const allowed = { ok: true } as const;
export const refused = <Code extends string>(code: Code) => ({ ok: false, code }) as const;
