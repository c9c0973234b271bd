// Page-based pagination with `Link` headers shaped exactly like GitHub's, so
// `octokit.paginate` and any code that follows `rel="next"` work unchanged.

export interface PageOf<T> {
  readonly items: T[];
  /** The `Link` header value, absent when everything fits on one page. */
  readonly link: string | undefined;
}

/** GitHub's default page size. */
export const DEFAULT_PER_PAGE = 30;

/**
 * Cuts one page out of `items` for `per_page` and `page` (already validated), linking to the
 * other pages with absolute URLs on the request's own host.
 *
 * @example paginate(Array.from({ length: 250 }), { requestUrl: new URL('http://h/x?per_page=100'), perPage: 100, page: 1 }).link
 *   // '<http://h/x?per_page=100&page=2>; rel="next", <http://h/x?per_page=100&page=3>; rel="last"'
 */
export function paginate<T>(items: readonly T[], input: { requestUrl: URL; perPage?: number; page?: number }): PageOf<T> {
  const perPage = input.perPage ?? DEFAULT_PER_PAGE;
  const page = Math.max(1, input.page ?? 1);
  const lastPage = Math.max(1, Math.ceil(items.length / perPage));
  const slice = items.slice((page - 1) * perPage, page * perPage);
  if (lastPage === 1 && page === 1) return { items: slice, link: undefined };

  const urlFor = (target: number): string => {
    const url = new URL(input.requestUrl);
    url.searchParams.set('page', String(target));
    return url.toString();
  };
  const links: string[] = [];
  if (page > 1) links.push(`<${urlFor(Math.min(page - 1, lastPage))}>; rel="prev"`);
  if (page < lastPage) links.push(`<${urlFor(page + 1)}>; rel="next"`, `<${urlFor(lastPage)}>; rel="last"`);
  if (page > 1) links.push(`<${urlFor(1)}>; rel="first"`);
  return { items: slice, link: links.join(', ') };
}
