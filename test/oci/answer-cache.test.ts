import { describe, expect, it } from 'vitest';
import { AnswerCache } from '../../emulator/oci/availability/answer-cache.js';

const b = (s: string) => Buffer.from(s);

/** An answer computed for a body asked twice: the cache keeps it from the second time on. */
function keep(cache: AnswerCache, tenant: string, version: number, request: Buffer, answer: Buffer): void {
  cache.set(cache.key(tenant, request), version, answer);
  cache.set(cache.key(tenant, request), version, answer);
}

const get = (cache: AnswerCache, tenant: string, version: number, request: Buffer) => cache.get(cache.key(tenant, request), version)?.toString();

describe('get-availability answer cache', () => {
  it('answers only for the same tenant, the same bytes and the same state version', () => {
    const cache = new AnswerCache();
    keep(cache, 'tg1', 7, b('{"skus":["a"]}'), b('answer'));
    expect(get(cache, 'tg1', 7, b('{"skus":["a"]}'))).toBe('answer');
    expect(get(cache, 'tg1', 8, b('{"skus":["a"]}'))).toBeUndefined();
    expect(get(cache, 'tg2', 7, b('{"skus":["a"]}'))).toBeUndefined();
    expect(get(cache, 'tg1', 7, b('{"skus":["b"]}'))).toBeUndefined();
    cache.set(cache.key('tg1', b('{"skus":["a"]}')), 8, b('newer'));
    expect(get(cache, 'tg1', 8, b('{"skus":["a"]}'))).toBe('newer');
  });

  it('keeps an answer only once its body was asked twice: one-off queries leave nothing behind', () => {
    const cache = new AnswerCache(2);
    cache.set(cache.key('tg', b('1')), 1, b('one'));
    expect(get(cache, 'tg', 1, b('1'))).toBeUndefined();
    cache.set(cache.key('tg', b('1')), 1, b('one'));
    expect(get(cache, 'tg', 1, b('1'))).toBe('one');
    // Bodies seen once are remembered only for the last `capacity` new bodies.
    cache.set(cache.key('tg', b('2')), 1, b('two'));
    cache.set(cache.key('tg', b('3')), 1, b('three'));
    cache.set(cache.key('tg', b('4')), 1, b('four'));
    cache.set(cache.key('tg', b('2')), 1, b('two'));
    expect(get(cache, 'tg', 1, b('2'))).toBeUndefined();
    cache.set(cache.key('tg', b('4')), 1, b('four'));
    expect(get(cache, 'tg', 1, b('4'))).toBe('four');
  });

  it('keeps its own copy of the request and forgets the oldest entries beyond its capacity', () => {
    const cache = new AnswerCache(2);
    const request = b('{"x":1}');
    keep(cache, 'tg', 1, request, b('one'));
    request.write('{"y":2}');
    expect(get(cache, 'tg', 1, b('{"x":1}'))).toBe('one');
    keep(cache, 'tg', 1, b('{"x":2}'), b('two'));
    keep(cache, 'tg', 1, b('{"x":3}'), b('three'));
    expect(get(cache, 'tg', 1, b('{"x":1}'))).toBeUndefined();
    expect(get(cache, 'tg', 1, b('{"x":3}'))).toBe('three');
  });
});

describe('answer cache keys', () => {
  it('tells apart tenant ids and bodies that would run together, and bodies differing in any byte', () => {
    const cache = new AnswerCache();
    keep(cache, 'a', 1, b('b{}'), b('first'));
    expect(get(cache, 'ab', 1, b('{}'))).toBeUndefined();
    keep(cache, 'ab', 1, b('{}'), b('second'));
    expect(get(cache, 'a', 1, b('b{}'))).toBe('first');
    expect(get(cache, 'ab', 1, b('{}'))).toBe('second');
    // Bytes that are not valid UTF-8 still key exactly.
    keep(cache, 't', 1, Buffer.from([0xc3, 0x28]), b('x'));
    expect(get(cache, 't', 1, Buffer.from([0xc3, 0x29]))).toBeUndefined();
    expect(get(cache, 't', 1, Buffer.from([0xc3, 0x28]))).toBe('x');
  });

  it('keeps its capacity when one body is set again (an update, not a new entry)', () => {
    const cache = new AnswerCache(2);
    keep(cache, 'tg', 1, b('1'), b('one'));
    cache.set(cache.key('tg', b('1')), 2, b('one again'));
    keep(cache, 'tg', 2, b('2'), b('two'));
    expect(get(cache, 'tg', 2, b('1'))).toBe('one again');
    expect(get(cache, 'tg', 2, b('2'))).toBe('two');
  });
});
