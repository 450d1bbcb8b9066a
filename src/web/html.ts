// HTML building blocks. Everything from the corpus or a request is untrusted and goes through `esc`.

const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };
export const esc = (s: string): string => s.replace(/[&<>"']/gu, (c) => ENTITIES[c]!);

export const STYLE = `
:root { color-scheme: light dark; --fg: #1a1a1a; --bg: #fdfdfb; --muted: #666; --line: #ddd; --accent: #1f5fa8; --mark: #fff1a8; }
@media (prefers-color-scheme: dark) { :root { --fg: #e8e6e3; --bg: #161616; --muted: #9a9a9a; --line: #333; --accent: #7fb2ec; --mark: #5a4b00; } }
* { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; }
body { margin: 0; background: var(--bg); color: var(--fg);
  font-family: system-ui, -apple-system, "PingFang SC", "Hiragino Sans GB", "Noto Sans CJK SC", "Source Han Sans SC", "Microsoft YaHei", sans-serif;
  font-size: 18px; line-height: 1.8; }
main, header.site, footer.site { max-width: 38em; margin: 0 auto; padding: 0 1rem; }
header.site { padding-top: 1rem; display: flex; gap: 1rem; align-items: baseline; flex-wrap: wrap; border-bottom: 1px solid var(--line); }
header.site a.home { font-weight: 700; color: var(--fg); text-decoration: none; }
header.site form { margin-left: auto; display: flex; gap: .4rem; }
input[type=search] { font: inherit; font-size: 16px; padding: .2rem .5rem; width: 12em; max-width: 50vw; }
button { font: inherit; font-size: 16px; }
h1 { font-size: 1.6rem; line-height: 1.4; margin: 1.2rem 0 .4rem; }
.meta { color: var(--muted); font-size: .9rem; margin: 0 0 1.2rem; text-indent: 0; }
article p { margin: 0 0 1em; text-indent: 2em; text-align: justify; overflow-wrap: anywhere; }
mark { background: var(--mark); color: inherit; padding: .1em 0; scroll-margin-top: 30vh; }
blockquote { margin: .6rem 0; padding: .2rem 0 .2rem 1rem; border-left: 3px solid var(--accent); }
a { color: var(--accent); }
ul.list { padding-left: 1.2rem; } ul.list li { margin: .3rem 0; }
.note { color: var(--muted); font-size: .9rem; text-indent: 0; }
footer.site { color: var(--muted); font-size: .8rem; padding: 2rem 1rem; }
`;

export function layout(title: string, body: string, opts: { lang?: string } = {}): string {
  return `<!doctype html>
<html lang="${opts.lang ?? 'zh-CN'}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<link rel="stylesheet" href="/style.css">
</head>
<body>
<header class="site"><a class="home" href="/">本地新闻档案</a><form action="/search" method="get" role="search"><input type="search" name="q" aria-label="搜索" placeholder="搜索新闻…"><button>搜索</button></form></header>
<main>
${body}
</main>
<footer class="site">Quotes and articles as printed by the papers; dates marked “inferred” come from the article text.</footer>
</body>
</html>
`;
}
