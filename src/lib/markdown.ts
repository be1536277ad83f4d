import MarkdownIt from 'markdown-it';

// Descriptions are Markdown written by people: raw HTML is not interpreted (it shows as text),
// link targets are limited to http(s) and mailto, and images are off (the CSP would block them anyway).
const md = new MarkdownIt({ html: false, linkify: true, typographer: false });
md.disable(['image']);

const SAFE_LINK = /^(https?:|mailto:|\/|#)/i;
md.validateLink = (url) => SAFE_LINK.test(url.trim());

const defaultLinkOpen = md.renderer.rules.link_open ?? ((tokens, idx, options, _env, self) => self.renderToken(tokens, idx, options));
md.renderer.rules.link_open = (tokens, idx, options, env, self) => {
	tokens[idx].attrSet('rel', 'nofollow ugc noopener');
	return defaultLinkOpen(tokens, idx, options, env, self);
};

export function renderMarkdown(source: string): string {
	return md.render(source);
}
