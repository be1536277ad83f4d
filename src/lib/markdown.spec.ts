import { describe, expect, it } from 'vitest';
import { renderMarkdown } from './markdown';

describe('renderMarkdown', () => {
	it('renders ordinary Markdown', () => {
		const html = renderMarkdown('## Objectifs\n\n- **Réduire** les trajets\n- [Site](https://example.fr)');
		expect(html).toContain('<h2>Objectifs</h2>');
		expect(html).toContain('<strong>Réduire</strong>');
		expect(html).toContain('<a href="https://example.fr" rel="nofollow ugc noopener">Site</a>');
	});

	const payloads = [
		'<script>alert(1)</script>',
		'<img src=x onerror=alert(1)>',
		'<a href="javascript:alert(1)">x</a>',
		'[clic](javascript:alert(1))',
		'[clic](JaVaScRiPt:alert(1))',
		'[clic](  javascript:alert(1))',
		'[clic](vbscript:msgbox(1))',
		'[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
		'![x](javascript:alert(1))',
		'<svg onload=alert(1)>',
		'<iframe src="https://evil.example"></iframe>',
		'<div style="background:url(javascript:alert(1))">x</div>',
		'[x](https://example.fr "title" onmouseover="alert(1)")',
		'<a href="https://example.fr" onclick="alert(1)">x</a>'
	];

	it.each(payloads)('leaves nothing executable from %s', (payload) => {
		const html = renderMarkdown(payload);
		expect(html).not.toMatch(/<(script|img|svg|iframe|div|a [^>]*on\w+=)/i);
		expect(html).not.toMatch(/href="\s*(javascript|vbscript|data):/i);
		expect(html).not.toMatch(/<[^>]+\son\w+=/i);
	});

	it('shows raw HTML as text rather than dropping what was written', () => {
		expect(renderMarkdown('<b>gras</b>')).toContain('&lt;b&gt;gras&lt;/b&gt;');
	});
});
