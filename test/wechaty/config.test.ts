// WECHATY_* at start-up: off unless a puppet is named; a puppet service without its token or
// endpoint, or a token without a puppet, stops start-up naming the variable to set.
import { describe, expect, it } from 'vitest';
import { wechatyConfigFrom } from '../../adapters/wechaty/config';
import { EnvError, readEnv } from '../../src/config/env';

describe('wechatyConfigFrom', () => {
  it('is off when WECHATY_PUPPET is unset or blank', () => {
    expect(wechatyConfigFrom({})).toBeUndefined();
    expect(wechatyConfigFrom({ WECHATY_PUPPET: '  ', WECHATY_PUPPET_SERVICE_TOKEN: '' })).toBeUndefined();
  });

  it('a puppet service without its token names WECHATY_PUPPET_SERVICE_TOKEN', () => {
    expect(() => wechatyConfigFrom({ WECHATY_PUPPET: 'wechaty-puppet-service' })).toThrow(EnvError);
    expect(() => wechatyConfigFrom({ WECHATY_PUPPET: 'wechaty-puppet-service' })).toThrow(/需要 WECHATY_PUPPET_SERVICE_TOKEN/);
  });

  it('a puppet service without its endpoint names WECHATY_PUPPET_SERVICE_ENDPOINT (the token lookup would crash the process)', () => {
    expect(() => wechatyConfigFrom({ WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_workpro_x' })).toThrow(
      /需要 WECHATY_PUPPET_SERVICE_ENDPOINT/,
    );
  });

  it('redact hides the token wherever a puppet error quotes it', async () => {
    const { redact } = await import('../../adapters/wechaty/config');
    expect(redact('token puppet_workpro_abc is invalid (puppet_workpro_abc)', 'puppet_workpro_abc')).toBe('token *** is invalid (***)');
    expect(redact('no token here', undefined)).toBe('no token here');
  });

  it('a token without a puppet names WECHATY_PUPPET', () => {
    expect(() => wechatyConfigFrom({ WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_workpro_x' })).toThrow(/没有设置 WECHATY_PUPPET。/);
  });

  it('accepts a puppet service with its token, and other puppets without one', () => {
    expect(
      wechatyConfigFrom({
        WECHATY_PUPPET: ' wechaty-puppet-service ',
        WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_workpro_x',
        WECHATY_PUPPET_SERVICE_ENDPOINT: '10.0.0.8:8788',
      }),
    ).toEqual({
      puppet: 'wechaty-puppet-service',
      token: 'puppet_workpro_x',
      endpoint: '10.0.0.8:8788',
    });
    expect(wechatyConfigFrom({ WECHATY_PUPPET: 'wechaty-puppet-wechat4u' })).toEqual({
      puppet: 'wechaty-puppet-wechat4u',
      token: undefined,
      endpoint: undefined,
    });
    expect(wechatyConfigFrom({ WECHATY_PUPPET: '@juzi/wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 't' })?.puppet).toBe(
      '@juzi/wechaty-puppet-service',
    );
  });

  it('refuses a puppet that is not an npm package name', () => {
    expect(() => wechatyConfigFrom({ WECHATY_PUPPET: 'wechaty puppet service' })).toThrow(/要写 puppet 的 npm 包名/);
  });

  it('both variables are part of the checked environment', () => {
    const env = readEnv({ WECHATY_PUPPET: 'wechaty-puppet-service', WECHATY_PUPPET_SERVICE_TOKEN: 'puppet_workpro_x' });
    expect([env.WECHATY_PUPPET, env.WECHATY_PUPPET_SERVICE_TOKEN]).toEqual(['wechaty-puppet-service', 'puppet_workpro_x']);
  });
});
