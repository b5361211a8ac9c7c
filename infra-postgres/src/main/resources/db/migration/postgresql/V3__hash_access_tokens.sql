-- Access tokens are stored hashed, never in plain text (docs/adr/0020-api-hashed-access-tokens.md).
-- Stored form: 'sha256$' || first 10 characters of the token (shown masked in lists) || '$' || hex SHA-256 of
-- the whole token. FeatBit stores the raw 'api-...' value: hash those rows in place. Tokens keep working,
-- because the API hashes the presented token the same way before looking it up.
update access_tokens
set token = 'sha256$' || left(token, 10) || '$' || encode(sha256(convert_to(token, 'UTF8')), 'hex')
where token like 'api-%';

create index if not exists ix_access_tokens_token on access_tokens (token);
