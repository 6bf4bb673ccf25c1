-- Provider endpoints as in the original story (DESIGN.md), unchanged so existing tooling keeps working.
-- api_key_secret_name names a key in a Kubernetes Secret; the key itself is never stored here.
CREATE TABLE api_configurations (
    id UUID PRIMARY KEY DEFAULT gen_random_uuid(),
    provider_name VARCHAR(100) NOT NULL,
    endpoint_url VARCHAR(500) NOT NULL,
    api_key_secret_name VARCHAR(200) NOT NULL,
    rate_limit_per_minute INTEGER NOT NULL DEFAULT 60,
    timeout_seconds INTEGER NOT NULL DEFAULT 30,
    retry_attempts INTEGER NOT NULL DEFAULT 3,
    circuit_breaker_enabled BOOLEAN DEFAULT true,
    created_at TIMESTAMP DEFAULT NOW(),
    updated_at TIMESTAMP DEFAULT NOW()
);
