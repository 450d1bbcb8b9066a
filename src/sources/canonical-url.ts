// One article, one URL: the same page reached from two feeds, or with a tracking parameter, is one key.

/** Query parameters that say how a reader arrived, never which article it is. */
const TRACKING = [
  /^utm_/iu,
  /^(?:fbclid|gclid|dclid|msclkid|yclid|mc_cid|mc_eid|igshid|_hsenc|_hsmi|mkt_tok)$/iu,
  // Chinese platforms' share and tracking parameters (Alibaba spm, WeChat/Toutiao share marks).
  /^(?:spm|scm|from|scene|share|share_token|sharer|shareid|share_from|isappinstalled|wxshare|wx_share|tt_from)$/iu,
  /^(?:ref|ref_src|referrer)$/iu,
];

/**
 * The canonical form of an article URL: lower-case scheme and host, no default port, no fragment, tracking
 * parameters removed and the rest sorted. The path is kept as it is: servers may treat its case as meaningful.
 */
export function canonicalUrl(raw: string, base?: string): string {
  const u = new URL(raw, base);
  u.hash = '';
  u.username = '';
  u.password = '';
  if ((u.protocol === 'http:' && u.port === '80') || (u.protocol === 'https:' && u.port === '443')) u.port = '';
  const kept = [...u.searchParams.entries()].filter(([k]) => !TRACKING.some((re) => re.test(k)));
  kept.sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : av > bv ? 1 : 0));
  u.search = '';
  for (const [k, v] of kept) u.searchParams.append(k, v);
  return u.toString();
}

/** Resolve a link against its page and keep it only when it is http(s). */
export function httpLink(href: string | null | undefined, base: string): string | undefined {
  if (!href) return undefined;
  try {
    const u = new URL(href.trim(), base);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u.toString() : undefined;
  } catch {
    return undefined;
  }
}
