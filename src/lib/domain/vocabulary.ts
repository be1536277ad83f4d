// A code read from outside the typed columns (a notification's parameters, Stripe's answers, an address) checked
// against its vocabulary's `as const` tuple before a label or a rule is asked of it.

export function isOneOf<T extends string>(values: readonly T[], value: string | null | undefined): value is T {
	return (values as readonly (string | null | undefined)[]).includes(value);
}
