"""A small but real OpenID Connect provider for tests: discovery, authorize, token, userinfo and keys over HTTP.

It signs ID tokens with its own RSA key (RS256), checks the client's id, secret and redirect
address, and consents for one fixed person at once (there is no login page to drive).
"""

import json
import secrets
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from jwt.algorithms import RSAAlgorithm


class Provider:
    def __init__(self, client_id="broadsheet", secret="s3cret", person=None):
        self.client_id, self.secret = client_id, secret
        self.person = person or {
            "sub": "ada-1815",
            "email": "ada@analytical.example",
            "email_verified": True,
            "name": "Ada L.",
        }
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = secrets.token_hex(4)
        self.codes, self.tokens = {}, {}
        self.server = ThreadingHTTPServer(("127.0.0.1", 0), self.handler())
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()

    def discovery(self):
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
        }

    def jwks(self):
        key = json.loads(RSAAlgorithm.to_jwk(self.key.public_key()))
        return {"keys": [key | {"kid": self.kid, "use": "sig", "alg": "RS256"}]}

    def handler(self):
        provider = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def reply(self, status, body=None, headers=None):
                data = json.dumps(body).encode() if body is not None else b""
                self.send_response(status)
                for name, value in (headers or {}).items():
                    self.send_header(name, value)
                if body is not None:
                    self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def do_GET(self):
                url = urlsplit(self.path)
                query = {k: v[0] for k, v in parse_qs(url.query).items()}
                if url.path == "/.well-known/openid-configuration":
                    return self.reply(200, provider.discovery())
                if url.path == "/jwks":
                    return self.reply(200, provider.jwks())
                if url.path == "/authorize":
                    if query.get("client_id") != provider.client_id or query.get("response_type") != "code":
                        return self.reply(400, {"error": "invalid_request"})
                    code = secrets.token_urlsafe(16)
                    provider.codes[code] = (query["redirect_uri"], query.get("nonce"))
                    target = query["redirect_uri"] + "?" + urlencode({"code": code, "state": query.get("state", "")})
                    return self.reply(302, headers={"Location": target})
                if url.path == "/userinfo":
                    token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                    if token not in provider.tokens:
                        return self.reply(401, {"error": "invalid_token"})
                    return self.reply(200, provider.person)
                return self.reply(404, {"error": "not_found"})

            def do_POST(self):
                length = int(self.headers.get("Content-Length", "0"))
                form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
                if urlsplit(self.path).path != "/token":
                    return self.reply(404, {"error": "not_found"})
                client_id, secret = form.get("client_id"), form.get("client_secret")
                basic = self.headers.get("Authorization", "")
                if basic.startswith("Basic "):
                    import base64
                    from urllib.parse import unquote

                    client_id, _, secret = base64.b64decode(basic[6:]).decode().partition(":")
                    client_id, secret = unquote(client_id), unquote(secret)
                if (client_id, secret) != (provider.client_id, provider.secret):
                    return self.reply(401, {"error": "invalid_client"})
                found = provider.codes.pop(form.get("code", ""), None)
                if found is None or found[0] != form.get("redirect_uri"):
                    return self.reply(400, {"error": "invalid_grant"})
                access = secrets.token_urlsafe(24)
                provider.tokens[access] = True
                now = int(time.time())
                claims = provider.person | {
                    "iss": provider.url,
                    "aud": provider.client_id,
                    "iat": now,
                    "exp": now + 300,
                }
                if found[1]:
                    claims["nonce"] = found[1]
                id_token = jwt.encode(claims, provider.key, algorithm="RS256", headers={"kid": provider.kid})
                return self.reply(
                    200, {"access_token": access, "token_type": "Bearer", "expires_in": 300, "id_token": id_token}
                )

        return Handler
