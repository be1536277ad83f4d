// What a search engine or a shared link shows under a page's title: the page's own words, plain and short.

const LIMIT = 160;

/** Plain text of a (markdown) text, cut at a word before 160 characters. Bounded before any per-character work. */
export function metaDescription(text: string): string {
	const plain = text
		.slice(0, 2000)
		.replace(/!?\[([^\]]*)\]\([^)]*\)/g, '$1')
		.replace(/[#>*_`~|]+/g, ' ')
		.replace(/\s+/g, ' ')
		.trim();
	if (plain.length <= LIMIT) return plain;
	const cut = plain.slice(0, LIMIT - 1);
	const space = cut.lastIndexOf(' ');
	return `${(space > 80 ? cut.slice(0, space) : cut).replace(/[\s,;:.]+$/, '')}…`;
}
