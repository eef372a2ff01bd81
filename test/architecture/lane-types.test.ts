import { describe, expect, it } from 'vitest';
import { fast } from '../../emulator/core/http/resource.js';

// Handlers on the fast lane get Node's request and response, not Express's: what only Express adds must not
// compile there. The `@ts-expect-error` lines are the test (the type check fails when one of them compiles);
// the assertion only says the chain was built.

describe('fast-lane handlers', () => {
  it('are typed for what the lane gives them', () => {
    const chain = fast((req, res) => {
      // @ts-expect-error the lane has no res.status
      res.status(204);
      // @ts-expect-error nor res.json
      res.json({});
      // @ts-expect-error nor req.query
      void req.query;
      // @ts-expect-error nor req.get
      req.get('host');
      res.statusCode = 204;
      res.end();
    });
    expect(chain.fast).toHaveLength(1);
  });
});
