package com.example.platform.tokens;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How every validator of the platform, the gateway's and the services' alike, checks
 * bearer tokens and which paths need none: the one record for the shared
 * {@code platform.security} keys (user-service binds its own issuing settings, under the
 * same prefix, in its own record).
 *
 * @param issuer the {@code iss} every token must carry
 * @param audience the {@code aud} every token must contain
 * @param jwkSetUri where user-service publishes its signing keys: one or more plain URLs,
 * tried in order, and never resolved through the registry (a registered impostor could
 * otherwise serve its own keys); in compose and Kubernetes the user-service DNS name, in
 * the local run every user-service instance's address
 * @param jwkSetTimeout connect and read timeout of one key set fetch, so a slow
 * user-service cannot hold requests
 * @param jwkSetRefetchInterval the least time between two key set fetches caused by
 * tokens naming a key that is not held: a flood of made-up key ids costs one fetch per
 * interval, and a real new key is picked up within one interval after it is published
 * @param publicPaths {@code METHOD /pattern} entries reachable without a token, e.g.
 * {@code POST /api/users}
 * @param verifiedTokens how many verified tokens a validator remembers (about 2 KB each),
 * so repeated requests with one token skip its verification
 */
@Validated
@ConfigurationProperties("platform.security")
public record PlatformSecurityProperties(@DefaultValue("platform") @NotBlank String issuer,
		@DefaultValue("platform-api") @NotBlank String audience,
		@DefaultValue("http://localhost:8081/.well-known/jwks.json") @NotEmpty List<@NotNull URI> jwkSetUri,
		@DefaultValue("5s") @NotNull Duration jwkSetTimeout,
		@DefaultValue("10s") @NotNull Duration jwkSetRefetchInterval,
		@DefaultValue List<@NotNull @Pattern(regexp = PublicPath.FORMAT,
				message = "must be 'METHOD /path', e.g. 'POST /api/users'") String> publicPaths,
		@DefaultValue("10000") @Positive long verifiedTokens) {

}
