import { tooManyRequestsBody } from './rate-limit';

describe('the rate limit refusal', () => {
  it('is a GraphQL response with TOO_MANY_REQUESTS on the GraphQL path', () => {
    expect(tooManyRequestsBody(true, 42)).toEqual({
      data: null,
      errors: [{ message: 'Too many requests from this address; retry in 42 seconds', extensions: { code: 'TOO_MANY_REQUESTS' } }],
    });
  });

  it('is a plain error elsewhere', () => {
    expect(tooManyRequestsBody(false, 1)).toMatchObject({ statusCode: 429, code: 'TOO_MANY_REQUESTS', error: 'Too Many Requests' });
  });
});
