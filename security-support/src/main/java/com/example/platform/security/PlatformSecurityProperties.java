package com.example.platform.security;

import java.net.URI;
import java.time.Duration;
import java.util.List;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How a servlet service validates bearer tokens and which of its paths need none.
 *
 * @param issuer the {@code iss} every token must carry
 * @param audience the {@code aud} every token must contain
 * @param jwkSetUri where the signing keys are published; a service name as host is
 * resolved through discovery
 * @param jwkSetTimeout connect and read timeout of the key set fetch, so a slow
 * user-service cannot hold request threads
 * @param publicPaths {@code METHOD /pattern} entries reachable without a token, e.g.
 * {@code POST /api/users}
 * @param verifiedTokens how many verified tokens a service remembers (about 2 KB each),
 * so repeated requests with one token skip its verification
 */
@Validated
@ConfigurationProperties("platform.security")
public record PlatformSecurityProperties(@DefaultValue("platform") @NotBlank String issuer,
		@DefaultValue("platform-api") @NotBlank String audience,
		@DefaultValue("http://user-service/.well-known/jwks.json") @NotNull URI jwkSetUri,
		@DefaultValue("5s") @NotNull Duration jwkSetTimeout,
		@DefaultValue List<@NotNull @Pattern(regexp = PublicPath.FORMAT,
				message = "must be 'METHOD /path', e.g. 'POST /api/users'") String> publicPaths,
		@DefaultValue("10000") @Positive long verifiedTokens) {

}
