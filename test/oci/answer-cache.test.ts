import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../emulator/oci/availability/answer-cache.js';

const b = (s: string) => Buffer.from(s);

describe('get-availability answer cache', () => {
  it('answers only for the same tenant, the same bytes and the same state version', () => {
    const cache = new AnswerCache();
    cache.set('tg1', 7, b('{"skus":["a"]}'), b('answer'));
    expect(cache.get('tg1', 7, b('{"skus":["a"]}'))?.toString()).toBe('answer');
    expect(cache.get('tg1', 8, b('{"skus":["a"]}'))).toBeUndefined();
    expect(cache.get('tg2', 7, b('{"skus":["a"]}'))).toBeUndefined();
    expect(cache.get('tg1', 7, b('{"skus":["b"]}'))).toBeUndefined();
    cache.set('tg1', 8, b('{"skus":["a"]}'), b('newer'));
    expect(cache.get('tg1', 8, b('{"skus":["a"]}'))?.toString()).toBe('newer');
  });

  it('keeps its own copy of the request and forgets the oldest entries beyond its capacity', () => {
    const cache = new AnswerCache(2);
    const request = b('{"x":1}');
    cache.set('tg', 1, request, b('one'));
    request.write('{"y":2}');
    expect(cache.get('tg', 1, b('{"x":1}'))?.toString()).toBe('one');
    cache.set('tg', 1, b('{"x":2}'), b('two'));
    cache.set('tg', 1, b('{"x":3}'), b('three'));
    expect(cache.get('tg', 1, b('{"x":1}'))).toBeUndefined();
    expect(cache.get('tg', 1, b('{"x":3}'))?.toString()).toBe('three');
  });
});
