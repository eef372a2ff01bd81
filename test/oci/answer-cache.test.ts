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

describe('answer cache keys', () => {
  it('tells apart tenant ids and bodies that would run together, and bodies differing in any byte', () => {
    const cache = new AnswerCache();
    cache.set('a', 1, b('b{}'), b('first'));
    expect(cache.get('ab', 1, b('{}'))).toBeUndefined();
    cache.set('ab', 1, b('{}'), b('second'));
    expect(cache.get('a', 1, b('b{}'))?.toString()).toBe('first');
    expect(cache.get('ab', 1, b('{}'))?.toString()).toBe('second');
    // Bytes that are not valid UTF-8 still key exactly.
    cache.set('t', 1, Buffer.from([0xc3, 0x28]), b('x'));
    expect(cache.get('t', 1, Buffer.from([0xc3, 0x29]))).toBeUndefined();
    expect(cache.get('t', 1, Buffer.from([0xc3, 0x28]))?.toString()).toBe('x');
  });

  it('keeps its capacity when one body is set again (an update, not a new entry)', () => {
    const cache = new AnswerCache(2);
    cache.set('tg', 1, b('1'), b('one'));
    cache.set('tg', 2, b('1'), b('one again'));
    cache.set('tg', 2, b('2'), b('two'));
    expect(cache.get('tg', 2, b('1'))?.toString()).toBe('one again');
    expect(cache.get('tg', 2, b('2'))?.toString()).toBe('two');
  });
});
