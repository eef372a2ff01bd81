import { child, escapeXml, parseXml, XmlError } from './xml.js';

// The partner SOAP API's login call on the wire: the request envelope in, the loginResponse or a SOAP fault out,
// compact and with the prefixes Salesforce uses (`soapenv`, default namespace urn:partner.soap.sforce.com, `sf`
// for faults) so that clients reading the XML by prefixed names find what they expect.

export const SOAP_ENV_NS = 'http://schemas.xmlsoap.org/soap/envelope/';
export const PARTNER_NS = 'urn:partner.soap.sforce.com';
const XSI_NS = 'http://www.w3.org/2001/XMLSchema-instance';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8"?>';

/** A SOAP fault: `faultcode` (`soapenv:Client`, `sf:INVALID_LOGIN`…) and `faultstring`, with an `sf:` detail when Salesforce sends one. */
export class SoapFault extends Error {
  readonly faultcode: string;
  readonly detail: { type: string; exceptionCode: string; exceptionMessage: string } | undefined;
  readonly explain: string;

  constructor(faultcode: string, faultstring: string, explain: string, detail?: SoapFault['detail']) {
    super(faultstring);
    this.faultcode = faultcode;
    this.detail = detail;
    this.explain = explain;
  }
}

export const soapFaults = {
  client: (message: string, explain = message) => new SoapFault('soapenv:Client', message, explain),
  invalidLogin: (explain: string) =>
    new SoapFault('sf:INVALID_LOGIN', 'INVALID_LOGIN: Invalid username, password, security token; or user locked out.', explain, {
      type: 'LoginFault',
      exceptionCode: 'INVALID_LOGIN',
      exceptionMessage: 'Invalid username, password, security token; or user locked out.',
    }),
  unknown: () => new SoapFault('sf:UNKNOWN_EXCEPTION', 'UNKNOWN_EXCEPTION: An unexpected error occurred.', 'an unexpected error; see the emulator log'),
  unsupportedVersion: (explain: string) =>
    new SoapFault('sf:UNSUPPORTED_API_VERSION', 'UNSUPPORTED_API_VERSION: Invalid Api version specified on URL', explain, {
      type: 'UnexpectedErrorFault',
      exceptionCode: 'UNSUPPORTED_API_VERSION',
      exceptionMessage: 'Invalid Api version specified on URL',
    }),
};

export function parseLoginRequest(xml: string): { username: string; password: string } {
  let envelope;
  try {
    envelope = parseXml(xml);
  } catch (error) {
    if (error instanceof XmlError) throw soapFaults.client(error.message, `the request is not well-formed XML: ${error.message}`);
    throw error;
  }
  if (envelope.local !== 'Envelope' || envelope.ns !== SOAP_ENV_NS) {
    throw soapFaults.client('Unable to find envelope', `the root element is ${envelope.name}, not a SOAP 1.1 Envelope`);
  }
  const body = child(envelope, 'Body', SOAP_ENV_NS);
  const call = body?.children[0];
  if (!call) throw soapFaults.client('Unable to find body', 'the envelope has no soapenv:Body with an operation');
  if (call.local !== 'login' || call.ns !== PARTNER_NS) {
    throw soapFaults.client(
      `No operation available for request {${call.ns ?? ''}}${call.local}, please check the WSDL for the service.`,
      'the emulator answers only the partner API login call',
    );
  }
  return { username: (child(call, 'username', PARTNER_NS)?.text ?? '').trim(), password: child(call, 'password', PARTNER_NS)?.text ?? '' };
}

export interface LoginResult {
  metadataServerUrl: string;
  serverUrl: string;
  sessionId: string;
  userId: string;
  sessionSecondsValid: number;
  user: { email: string; fullName: string; username: string; profileId: string };
  org: { id: string; name: string };
}

export function renderLoginResponse(r: LoginResult): string {
  // userInfo's fields in the order of the partner WSDL.
  const userInfo: [string, string | null][] = [
    ['accessibilityMode', 'false'],
    ['chatterExternal', 'false'],
    ['currencySymbol', '$'],
    ['orgAttachmentFileSizeLimit', '5242880'],
    ['orgDefaultCurrencyIsoCode', 'USD'],
    ['orgDefaultCurrencyLocale', 'en_US'],
    ['orgDisallowHtmlAttachments', 'false'],
    ['orgHasPersonAccounts', 'false'],
    ['organizationId', r.org.id],
    ['organizationMultiCurrency', 'false'],
    ['organizationName', r.org.name],
    ['profileId', r.user.profileId],
    ['roleId', null],
    ['sessionSecondsValid', String(r.sessionSecondsValid)],
    ['userDefaultCurrencyIsoCode', null],
    ['userEmail', r.user.email],
    ['userFullName', r.user.fullName],
    ['userId', r.userId],
    ['userLanguage', 'en_US'],
    ['userLocale', 'en_US'],
    ['userName', r.user.username],
    ['userTimeZone', 'America/Los_Angeles'],
    ['userType', 'Standard'],
    ['userUiSkin', 'Theme3'],
  ];
  const result =
    el('metadataServerUrl', r.metadataServerUrl) +
    el('passwordExpired', 'false') +
    el('sandbox', 'false') +
    el('serverUrl', r.serverUrl) +
    el('sessionId', r.sessionId) +
    el('userId', r.userId) +
    `<userInfo>${userInfo.map(([name, value]) => (value === null ? `<${name} xsi:nil="true"/>` : el(name, value))).join('')}</userInfo>`;
  return (
    `${XML_DECL}<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns="${PARTNER_NS}" xmlns:xsi="${XSI_NS}">` +
    `<soapenv:Body><loginResponse><result>${result}</result></loginResponse></soapenv:Body></soapenv:Envelope>`
  );
}

export function renderFault(fault: SoapFault): string {
  const d = fault.detail;
  const detail = d
    ? `<detail><sf:${d.type} xsi:type="sf:${d.type}">` +
      `<sf:exceptionCode>${escapeXml(d.exceptionCode)}</sf:exceptionCode><sf:exceptionMessage>${escapeXml(d.exceptionMessage)}</sf:exceptionMessage>` +
      `</sf:${d.type}></detail>`
    : '';
  return (
    `${XML_DECL}<soapenv:Envelope xmlns:soapenv="${SOAP_ENV_NS}" xmlns:sf="urn:fault.partner.soap.sforce.com" xmlns:xsi="${XSI_NS}">` +
    `<soapenv:Body><soapenv:Fault><faultcode>${escapeXml(fault.faultcode)}</faultcode><faultstring>${escapeXml(fault.message)}</faultstring>${detail}` +
    `</soapenv:Fault></soapenv:Body></soapenv:Envelope>`
  );
}

function el(name: string, value: string): string {
  return `<${name}>${escapeXml(value)}</${name}>`;
}
