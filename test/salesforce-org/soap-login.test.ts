import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseXml, XmlError, type XmlElement } from '../../emulator/salesforce-org/soap/xml.js';
import { startEmulator, type Running } from '../helpers/emulator.js';
import { ADMIN, API, loginEnvelope, ORG, soapLogin } from './helpers.js';

// The partner SOAP login the Postman collection's "Log In Flow" uses, read the way its test script reads it:
// xml2Json(text)['soapenv:Envelope']['soapenv:Body'].loginResponse.result.

let run: Running;
beforeAll(async () => {
  run = await startEmulator();
});
afterAll(() => run.close());

/** Postman's xml2Json shape: qualified names as keys, text-only elements as strings, attributes under `$`. */
function xml2Json(text: string): Record<string, unknown> {
  const convert = (el: XmlElement): unknown => {
    if (el.children.length === 0 && Object.keys(el.attrs).length === 0) return el.text;
    const out: Record<string, unknown> = Object.keys(el.attrs).length > 0 ? { $: el.attrs } : {};
    for (const c of el.children) out[c.name] = convert(c);
    return out;
  };
  const root = parseXml(text);
  return { [root.name]: convert(root) };
}

const result = (text: string) => {
  const envelope = xml2Json(text)['soapenv:Envelope'] as Record<string, Record<string, Record<string, Record<string, unknown>>>>;
  return envelope['soapenv:Body']!.loginResponse!.result!;
};

describe('SOAP partner login', () => {
  it('good credentials → loginResponse with a session that works on the REST API', async () => {
    const res = await soapLogin(run, loginEnvelope(ADMIN.username, ADMIN.password));
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/xml;charset=UTF-8');
    expect(res.text).toMatch(/^<\?xml version="1.0" encoding="UTF-8"\?><soapenv:Envelope xmlns:soapenv="http:\/\/schemas.xmlsoap.org\/soap\/envelope\/" xmlns="urn:partner.soap.sforce.com"/);
    const r = result(res.text);
    expect(r).toMatchObject({
      metadataServerUrl: `${run.url}/services/Soap/m/58.0/${ORG.orgId}`,
      passwordExpired: 'false',
      sandbox: 'false',
      serverUrl: `${run.url}/services/Soap/u/58.0/${ORG.orgId}`,
      userId: ADMIN.id,
    });
    const userInfo = r.userInfo as Record<string, unknown>;
    expect(userInfo).toMatchObject({ organizationId: ORG.orgId, organizationName: ORG.orgName, userName: ADMIN.username, userEmail: ORG.admin.email, userFullName: ORG.admin.name });
    expect(userInfo.roleId).toEqual({ $: { 'xsi:nil': 'true' } });
    // The collection keeps the scheme and host of serverUrl as the instance URL.
    const url = String(r.serverUrl).split('/');
    expect(`${url[0]}//${url[2]}`).toBe(run.url);
    const sessionId = String(r.sessionId);
    expect(sessionId).toMatch(/^00D000000000001!/);
    const rest = await run.http.get(`${API}/sobjects/Location/describe`).set('Authorization', `Bearer ${sessionId}`);
    expect(rest.status).toBe(200);
  });

  it('password with the security token appended also logs in', async () => {
    expect((await soapLogin(run, loginEnvelope(ADMIN.username, ADMIN.password + ADMIN.securityToken))).status).toBe(200);
  });

  it.each([
    ['a wrong password', ADMIN.username, 'Wrong-1'],
    ['an unknown user', 'nobody@demo-retail.example', ADMIN.password],
    ['an empty username', '', ''],
  ])('%s → 500 sf:INVALID_LOGIN fault', async (_name, username, password) => {
    const res = await soapLogin(run, loginEnvelope(username, password));
    expect(res.status).toBe(500);
    expect(res.headers['content-type']).toBe('text/xml;charset=UTF-8');
    const fault = (xml2Json(res.text)['soapenv:Envelope'] as Record<string, Record<string, Record<string, unknown>>>)['soapenv:Body']!['soapenv:Fault'] as Record<
      string,
      unknown
    >;
    expect(fault.faultcode).toBe('sf:INVALID_LOGIN');
    expect(fault.faultstring).toBe('INVALID_LOGIN: Invalid username, password, security token; or user locked out.');
    expect(fault.detail).toMatchObject({ 'sf:LoginFault': { 'sf:exceptionCode': 'INVALID_LOGIN' } });
  });

  it('a retired or unknown API version → sf:UNSUPPORTED_API_VERSION', async () => {
    for (const version of ['30.0', '99.0']) {
      const res = await soapLogin(run, loginEnvelope(ADMIN.username, ADMIN.password), version);
      expect(res.status).toBe(500);
      expect(res.text).toContain('<faultcode>sf:UNSUPPORTED_API_VERSION</faultcode>');
    }
  });

  it('malformed XML, a DOCTYPE, another operation or no SOAPAction → soapenv:Client faults', async () => {
    const malformed = await soapLogin(run, '<env:Envelope');
    expect(malformed.status).toBe(500);
    expect(malformed.text).toContain('<faultcode>soapenv:Client</faultcode>');
    const xxe = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>${loginEnvelope('&e;', 'x').replace(/^<\?xml[^>]*>/, '')}`;
    const doctype = await soapLogin(run, xxe);
    expect(doctype.status).toBe(500);
    expect(doctype.text).toContain('DOCTYPE is disallowed');
    const other = await soapLogin(run, loginEnvelope(ADMIN.username, ADMIN.password).replace(/n1:login>/g, 'n1:logout>'));
    expect(other.text).toContain('No operation available for request {urn:partner.soap.sforce.com}logout');
    const noAction = await run.http.post('/services/Soap/u/58.0').set('Content-Type', 'text/xml').send(loginEnvelope(ADMIN.username, ADMIN.password));
    expect(noAction.status).toBe(500);
    expect(noAction.text).toContain('No SOAPAction header!');
  });
});

describe('the tiny XML parser', () => {
  it('resolves namespaces, CDATA and character references', () => {
    const el = parseXml('<a:x xmlns:a="urn:a" xmlns="urn:d"><y k="1 &amp; 2">t&#x41;&lt;<![CDATA[<raw>]]></y></a:x>');
    expect(el).toMatchObject({ local: 'x', ns: 'urn:a' });
    expect(el.children[0]).toMatchObject({ local: 'y', ns: 'urn:d', attrs: { k: '1 & 2' }, text: 'tA<<raw>' });
  });

  it.each(['<x>&unknown;</x>', '<x><y></x>', '<p:x/>', '<x a="1" a="2"/>', '<x/><y/>', '<!ENTITY e "x"><x/>'])('refuses %s', (text) => {
    expect(() => parseXml(text)).toThrow(XmlError);
  });
});
