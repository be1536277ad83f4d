import { ApiError, encodeCursor } from './http';

// Offset paging behind an opaque cursor, for lists ordered by something other than their id.

export function offsetFromCursor(cursor: string | null): number {
	if (cursor === null) return 0;
	const offset = Number(/^o(\d{1,7})$/.exec(cursor)?.[1] ?? NaN);
	if (!Number.isInteger(offset)) throw new ApiError(400, 'invalid_cursor', 'cursor must be a value returned as "next".');
	return offset;
}

export function cursorFromOffset(offset: number | null): string | null {
	return offset === null ? null : encodeCursor(`o${offset}`);
}
