// Fournisseur OpenID Connect de test, sur la boucle locale : la bibliothèque certifiée `oidc-provider`, avec des
// pages de connexion en français, des comptes fixés par la suite de tests et quelques falsifications voulues
// (jeton d'identité signé pour une autre audience, déjà expiré, d'une autre demande, ou signé par une autre clé) pour vérifier que la plateforme les refuse.
//
// Entrée : la variable FOURNISSEUR_OIDC, en JSON : { "clients": [...], "comptes": { "identifiant": {...} } }.
// Sortie : une ligne JSON { "issuer": "http://127.0.0.1:PORT" } dès que le serveur écoute (port libre choisi par
// le système). S'arrête à la fermeture de son entrée standard : la suite de tests ne laisse jamais de processus.
import http from 'node:http';
import { randomBytes } from 'node:crypto';
import * as jose from 'jose';
import Provider from 'oidc-provider';

const { clients, comptes } = JSON.parse(process.env.FOURNISSEUR_OIDC);

const { privateKey } = await jose.generateKeyPair('RS256', { extractable: true });
const cle = { ...(await jose.exportJWK(privateKey)), kid: 'cle-de-test', alg: 'RS256', use: 'sig' };

const echapper = (texte) => String(texte).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const page = (titre, corps) => `<!DOCTYPE html>
<html lang="fr"><head><meta charset="utf-8"><title>${echapper(titre)}</title></head>
<body><main><h1>${echapper(titre)}</h1>${corps}</main></body></html>`;

let provider;
const serveur = http.createServer((req, res) => {
  const interaction = req.url.match(/^\/interaction\/([\w-]+)(\/connexion)?$/);
  if (interaction) {
    pagesDeConnexion(req, res, interaction[2]).catch((erreur) => {
      res.statusCode = 400;
      res.end(page('Erreur', `<p>${echapper(erreur.message)}</p>`));
    });
    return;
  }
  provider.callback()(req, res);
});

// Les pages de connexion du fournisseur : un identifiant, sans mot de passe (fournisseur de test).
async function pagesDeConnexion(req, res, envoi) {
  const details = await provider.interactionDetails(req, res);
  if (!envoi) {
    res.setHeader('Content-Type', 'text/html; charset=utf-8');
    res.end(page('Fournisseur d’identité de test', `
      <form method="post" action="/interaction/${details.uid}/connexion">
        <label for="identifiant">Identifiant</label>
        <input id="identifiant" name="identifiant" autocomplete="off">
        <button type="submit">Valider</button>
      </form>`));
    return;
  }
  let corps = '';
  for await (const morceau of req) corps += morceau;
  const identifiant = new URLSearchParams(corps).get('identifiant');
  if (!comptes[identifiant]) throw new Error(`Compte inconnu du fournisseur : ${identifiant}`);
  await provider.interactionFinished(req, res, { login: { accountId: identifiant } }, { mergeWithLastSubmission: false });
}

const { port } = await new Promise((resolve) => serveur.listen(0, '127.0.0.1', () => resolve(serveur.address())));
const issuer = `http://127.0.0.1:${port}`;

provider = new Provider(issuer, {
  clients,
  jwks: { keys: [cle] },
  cookies: { keys: [randomBytes(32).toString('hex')] },
  claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['given_name', 'family_name'] },
  scopes: ['openid', 'email', 'profile'],
  features: {
    devInteractions: { enabled: false },
    // ProConnect rend les informations de l'utilisateur en JWT signé : le client de test « proconnect » aussi.
    jwtUserinfo: { enabled: true },
    rpInitiatedLogout: {
      enabled: true,
      logoutSource: async (ctx, form) => {
        ctx.body = page('Déconnexion du fournisseur', `${form}
          <button type="submit" form="op.logoutForm" value="yes" name="logout">Se déconnecter du fournisseur</button>`);
      },
      postLogoutSuccessSource: async (ctx) => {
        ctx.body = page('Déconnecté du fournisseur', '<p>Vous êtes déconnecté.</p>');
      },
    },
  },
  pkce: { required: () => true },
  interactions: { url: (ctx, interaction) => `/interaction/${interaction.uid}` },
  renderError: async (ctx, out) => {
    ctx.type = 'html';
    ctx.body = page('Erreur du fournisseur', `<p>${echapper(out.error)} : ${echapper(out.error_description)}</p>`);
  },
  // Le consentement est implicite : la plateforme est un client de confiance du fournisseur.
  loadExistingGrant: async (ctx) => {
    const grant = new ctx.oidc.provider.Grant({ clientId: ctx.oidc.client.clientId, accountId: ctx.oidc.session.accountId });
    grant.addOIDCScope('openid email profile');
    await grant.save();
    return grant;
  },
  findAccount: async (ctx, sub) => {
    const compte = comptes[sub];
    if (!compte) return undefined;
    return {
      accountId: sub,
      claims: async () => ({
        sub,
        email: compte.email,
        email_verified: compte.email_verified,
        given_name: compte.given_name,
        family_name: compte.family_name,
      }),
    };
  },
});

// Falsifications voulues, par compte : le jeton d'identité rendu par /token est re-signé, pour une autre audience,
// avec une date d'expiration passée, avec le nonce d'une autre demande, ou par une autre clé que celle publiée.
provider.use(async (ctx, next) => {
  await next();
  if (ctx.oidc?.route !== 'token' || !ctx.body?.id_token) return;
  const charge = jose.decodeJwt(ctx.body.id_token);
  const falsification = comptes[charge.sub]?.falsification;
  if (!falsification) return;
  if (falsification === 'audience') charge.aud = 'un-autre-client';
  if (falsification === 'expire') {
    charge.iat -= 7200;
    charge.exp = charge.iat + 600;
  }
  if (falsification === 'nonce') charge.nonce = 'nonce-d-une-autre-demande';
  // « signature » : même identifiant de clé, mais une autre clé privée, celle d'un faussaire.
  const signataire = falsification === 'signature' ? (await jose.generateKeyPair('RS256')).privateKey : privateKey;
  ctx.body = { ...ctx.body, id_token: await new jose.SignJWT(charge).setProtectedHeader({ alg: 'RS256', kid: cle.kid }).sign(signataire) };
});

process.stdout.write(`${JSON.stringify({ issuer })}\n`);
process.stdin.resume();
process.stdin.on('end', () => process.exit(0));
