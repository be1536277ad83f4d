// What every command answers. It lives below the aggregates so that each of them can name it without importing
// another aggregate's commands (organisations, consortia and funds used to import each other in a circle for it).

/** `holder`: the organisation that already holds a SIREN, named in the refusal so the person knows whom to ask. */
export type Refusal = { ok: false; code: string; holder?: string };
export type Outcome<T = object> = ({ ok: true } & T) | Refusal;
