import { describe, expect, it } from 'vitest';
import { FAL_QUEUE_BASE, falBaseUrl, falHosts } from '../../../src/components/settings/fal-help.ts';

describe('fal connection base URL', () => {
  it('empty or the queue means fal.ai; a test server is kept as given', () => {
    expect(falBaseUrl('')).toEqual({ url: FAL_QUEUE_BASE });
    expect(falBaseUrl('  https://queue.fal.run/ ')).toEqual({ url: FAL_QUEUE_BASE });
    expect(falBaseUrl('http://127.0.0.1:4020/queue/')).toEqual({ url: 'http://127.0.0.1:4020/queue' });
  });

  it('a fal.ai address that is not the queue, or not an address, gets a specific message', () => {
    for (const input of [
      'https://fal.ai',
      'https://fal.run',
      'https://rest.fal.ai',
      'https://queue.fal.run/fal-ai',
    ]) {
      const result = falBaseUrl(input);
      expect('problem' in result && result.problem).toMatch(/queue/);
    }
    expect(falBaseUrl('queue.fal.run')).toMatchObject({
      problem: expect.stringMatching(/not a web address/),
    });
  });

  it('says where the key goes', () => {
    expect(falHosts(undefined)).toBe('queue.fal.run and rest.fal.ai');
    expect(falHosts('https://queue.fal.run')).toBe('queue.fal.run and rest.fal.ai');
    expect(falHosts('http://127.0.0.1:4020/queue')).toBe('127.0.0.1:4020');
  });
});
