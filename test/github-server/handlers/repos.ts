// The account and repository endpoints: who am I, what is this repository, what may a user do.
import { collaboratorPermission, fullRepository, privateUser, rateLimitOverview } from '../serialize.ts';
import { type Handler, forbidden, notFound, readableRepo } from './context.ts';

/** `GET /repos/{owner}/{repo}` */
export const getRepo: Handler = (context) => {
  const repo = readableRepo(context);
  return { status: 200, body: fullRepository(context.state, repo, context.viewer, context.urls) };
};

/**
 * `GET /user`. An app's installation token (the token GitHub Actions gives a workflow) authenticates as the app's
 * bot account, which GitHub does not describe to itself: the request is refused.
 */
export const getAuthenticatedUser: Handler = (context) => {
  if (context.viewer.type === 'Bot') throw forbidden(context, 'Resource not accessible by integration');
  return { status: 200, body: privateUser(context.viewer, context.urls) };
};

/** `GET /rate_limit`: reading the budget does not spend it. */
export const getRateLimit: Handler = (context) => ({ status: 200, body: rateLimitOverview(context.rateLimit) });

/** `GET /repos/{owner}/{repo}/collaborators/{username}/permission` */
export const getCollaboratorPermission: Handler = (context) => {
  const repo = readableRepo(context);
  const user = context.state.user(String(context.params.username));
  if (!user) throw notFound(context, `${String(context.params.username)} is not a user`);
  return { status: 200, body: collaboratorPermission(repo, user, context.state.permissionOf(repo, user.login), context.urls) };
};
