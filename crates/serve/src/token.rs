//! Access tokens: JWTs the server issues and later recognises.
//!
//! Real clients need a JWT shape (three base64url segments, an `RS256` header; `az login
//! --identity` decodes the claims with PyJWT, signature unchecked, and reads `tid`). The third
//! segment is not an RSA signature but an HMAC-SHA256 of the first two under a key drawn at
//! start, so a forged or edited token is refused (401 `InvalidAuthenticationToken`) while no
//! real credential is ever made.

use base64::Engine as _;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use ring::hmac;
use serde_json::Value;

/// How long a token lives. Assumption: Entra ID access tokens last 60–90 minutes; hcsim
/// uses 60, as its console's `az account get-access-token` does.
pub const LIFETIME_S: u64 = 3600;

/// Why a bearer token was refused, each with ARM's code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenError {
    /// No `Authorization: Bearer` header (401 `AuthenticationFailed`).
    Missing,
    /// Not a token this server issued, or altered (401 `InvalidAuthenticationToken`).
    Invalid,
    /// Past its `exp` (401 `ExpiredAuthenticationToken`).
    Expired,
}

/// Issues and checks tokens with one key.
pub struct Tokens {
    key: hmac::Key,
}

impl std::fmt::Debug for Tokens {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Tokens(..)")
    }
}

impl Tokens {
    /// Tokens signed with `secret` (random per server run).
    pub fn new(secret: &[u8]) -> Tokens {
        Tokens {
            key: hmac::Key::new(hmac::HMAC_SHA256, secret),
        }
    }

    /// A JWT carrying `claims`.
    pub fn issue(&self, claims: &Value) -> String {
        let header = serde_json::json!({"typ": "JWT", "alg": "RS256", "kid": "hcsim-serve"});
        let signed = format!(
            "{}.{}",
            b64url(header.to_string().as_bytes()),
            b64url(claims.to_string().as_bytes())
        );
        let tag = hmac::sign(&self.key, signed.as_bytes());
        format!("{signed}.{}", b64url(tag.as_ref()))
    }

    /// The claims of `token` if this server issued it and it is valid at `now` (Unix seconds).
    pub fn check(&self, token: &str, now: u64) -> Result<Value, TokenError> {
        let mut parts = token.rsplitn(2, '.');
        let (Some(sig), Some(signed)) = (parts.next(), parts.next()) else {
            return Err(TokenError::Invalid);
        };
        let sig = b64url_decode(sig).ok_or(TokenError::Invalid)?;
        hmac::verify(&self.key, signed.as_bytes(), &sig).map_err(|_| TokenError::Invalid)?;
        let payload = signed.split('.').nth(1).ok_or(TokenError::Invalid)?;
        let bytes = b64url_decode(payload).ok_or(TokenError::Invalid)?;
        let claims: Value = serde_json::from_slice(&bytes).map_err(|_| TokenError::Invalid)?;
        let exp = claims["exp"].as_u64().ok_or(TokenError::Invalid)?;
        if now >= exp {
            return Err(TokenError::Expired);
        }
        Ok(claims)
    }
}

/// The bearer token of an `Authorization` header value.
pub fn bearer(header: Option<&str>) -> Result<&str, TokenError> {
    let h = header.ok_or(TokenError::Missing)?.trim();
    let (scheme, token) = h.split_once(' ').ok_or(TokenError::Missing)?;
    if !scheme.eq_ignore_ascii_case("bearer") || token.trim().is_empty() {
        return Err(TokenError::Missing);
    }
    Ok(token.trim())
}

/// RFC 4648 §5 base64url without padding.
pub fn b64url(bytes: &[u8]) -> String {
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Decodes base64url, padding and the standard alphabet's `+`/`/` tolerated (client
/// assertions and headers arrive in either form); `None` if not base64.
pub fn b64url_decode(text: &str) -> Option<Vec<u8>> {
    let url: String = text
        .trim_end_matches('=')
        .chars()
        .map(|c| match c {
            '+' => '-',
            '/' => '_',
            c => c,
        })
        .collect();
    URL_SAFE_NO_PAD.decode(url).ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_and_forgery() {
        let t = Tokens::new(b"k");
        let tok = t.issue(&serde_json::json!({"oid": "x", "tid": "t", "exp": 100}));
        assert_eq!(tok.split('.').count(), 3);
        assert_eq!(t.check(&tok, 50).unwrap()["oid"], "x");
        assert_eq!(t.check(&tok, 100), Err(TokenError::Expired));
        let forged = Tokens::new(b"other").issue(&serde_json::json!({"exp": 100}));
        assert_eq!(t.check(&forged, 50), Err(TokenError::Invalid));
        assert_eq!(t.check("not a token", 50), Err(TokenError::Invalid));
        assert_eq!(b64url_decode(&b64url(b"hello!?")).unwrap(), b"hello!?");
    }
}
