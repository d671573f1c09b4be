import { createGraphiQLFetcher } from '@graphiql/toolkit';

/**
 * Our own `/graphql`, same origin: the browser sends the admin session cookie with each request
 * (and an Origin header on POST, which cookie-authenticated writes need).
 */
export const fetcher = createGraphiQLFetcher({
  url: '/graphql',
  // No @defer/@stream here: plain JSON responses, no multipart parsing.
  enableIncrementalDelivery: false,
  fetch: (input, init) => fetch(input, { ...init, credentials: 'same-origin' }),
});
