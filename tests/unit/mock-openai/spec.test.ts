// The validators the mock runs on every request and response really enforce openapi.yaml.
import { describe, expect, it } from 'vitest';
import { loadSpec } from '../../mocks/openai/app.mjs';

const spec = loadSpec();

const video = {
  id: 'video_1',
  object: 'video',
  model: 'sora-2',
  status: 'queued',
  progress: 0,
  created_at: 1,
  completed_at: null,
  expires_at: null,
  prompt: 'p',
  size: '720x1280',
  seconds: '4',
  remixed_from_video_id: null,
  error: null,
};

describe('openapi.yaml validators', () => {
  it('VideoResource: every key required, nullable ones accept null, enums enforced', () => {
    expect(spec.schema('VideoResource')(video).valid).toBe(true);
    const { error: _e, ...missing } = video;
    expect(spec.schema('VideoResource')(missing).valid).toBe(false);
    expect(spec.schema('VideoResource')({ ...video, size: '1080x1080' }).valid).toBe(false);
    expect(spec.schema('VideoResource')({ ...video, status: 'done' }).valid).toBe(false);
    expect(spec.schema('VideoResource')({ ...video, error: { code: 'moderation_blocked' } }).valid).toBe(
      false,
    );
  });

  it('request bodies come from the operation in the document', () => {
    expect(spec.requestSchemaName('/videos', 'post', 'multipart/form-data')).toBe('CreateVideoMultipartBody');
    expect(spec.requestSchemaName('/videos', 'post', 'application/json')).toBe('CreateVideoJsonBody');
    const body = spec.schema('CreateVideoJsonBody');
    expect(body({ prompt: 'x', seconds: '8' }).valid).toBe(true);
    expect(body({ prompt: 'x', seconds: 8 }).valid).toBe(false);
    expect(body({ seconds: '8' }).valid).toBe(false);
  });

  it('OpenAPI 3.0 nullable is honoured (CreateImageRequest)', () => {
    const img = spec.schema('CreateImageRequest');
    expect(img({ prompt: 'x', model: null, n: null, size: null }).valid).toBe(true);
    expect(img({ prompt: 'x', n: 11 }).valid).toBe(false);
    expect(img({ prompt: 'x', quality: 'ultra' }).valid).toBe(false);
  });

  it('query parameters (list)', () => {
    const q = spec.query('/videos', 'get');
    expect(q({ limit: 100, order: 'asc', after: 'video_1' }).valid).toBe(true);
    expect(q({ limit: 101 }).valid).toBe(false);
    expect(q({ order: 'up' }).valid).toBe(false);
  });

  it('error envelopes', () => {
    expect(
      spec.schema('ErrorResponse')({ error: { message: 'm', type: 't', param: null, code: null } }).valid,
    ).toBe(true);
    expect(spec.schema('ErrorResponse')({ error: { code: '401', message: 'm' } }).valid).toBe(false);
    expect(spec.schema('AzureError')({ error: { code: '401', message: 'm' } }).valid).toBe(true);
  });
});
