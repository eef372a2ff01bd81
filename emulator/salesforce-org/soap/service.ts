import { checkVersion } from '../api-versions.js';
import { passwordMatches } from '../auth/credentials.js';
import { ORG_SESSION_SECONDS, type OrgTokens } from '../auth/org-tokens.js';
import { to18 } from '../ids.js';
import type { SalesforceRepository } from '../repository.js';
import { parseLoginRequest, renderLoginResponse, soapFaults } from './envelope.js';

// The partner API login (`POST /services/Soap/u/{version}`): username and password (security token appended or
// not) become a session id with scope `full`; the server URL points back at the emulator.

export class SoapLoginService {
  readonly #d: { repo: SalesforceRepository; tokens: OrgTokens };

  constructor(deps: { repo: SalesforceRepository; tokens: OrgTokens }) {
    this.#d = deps;
  }

  async login(request: { xml: string; version: string; baseUrl: string }): Promise<{ xml: string; username: string }> {
    const version = checkVersion(request.version, false);
    if (!version.ok) throw soapFaults.unsupportedVersion(`${request.version} is not a supported API version`);
    const { username, password } = parseLoginRequest(request.xml);
    const user = username ? this.#d.repo.user(username) : undefined;
    const org = user ? this.#d.repo.org(user.orgId) : undefined;
    if (!user || !org || !passwordMatches(user, password)) {
      throw soapFaults.invalidLogin(user ? `wrong password (or security token) for ${username}` : `no user ${username || '(missing)'}`);
    }
    const sessionId = await this.#d.tokens.issue({ orgId: org.id, userId: user.id, username: user.username, clientId: undefined, scopes: ['full'] });
    const v = `${version.version}.0`;
    const xml = renderLoginResponse({
      metadataServerUrl: `${request.baseUrl}/services/Soap/m/${v}/${org.id}`,
      serverUrl: `${request.baseUrl}/services/Soap/u/${v}/${org.id}`,
      sessionId,
      userId: user.id,
      sessionSecondsValid: ORG_SESSION_SECONDS,
      user: { email: user.email, fullName: user.name, username: user.username, profileId: to18(`00e${user.id.slice(3, 15)}`) ?? '' },
      org: { id: org.id, name: org.name },
    });
    return { xml, username: user.username };
  }
}
