package com.example.platform.gateway.security;

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
 * How the gateway validates bearer tokens: the same keys as the services
 * ({@code platform.security.*}), so a token is judged alike at the edge and behind it.
 *
 * @param issuer the {@code iss} every token must carry
 * @param audience the {@code aud} every token must contain
 * @param jwkSetUri where user-service publishes its signing keys; a service name as host
 * is resolved through discovery
 * @param jwkSetTimeout how long a key set fetch may take, so a slow user-service cannot
 * hold requests
 * @param publicPaths {@code METHOD /pattern} entries reachable without a token
 * @param verifiedTokens how many verified tokens the gateway remembers (about 2 KB each),
 * so repeated requests with one token skip its verification ({@link VerifiedTokenCache})
 */
@Validated
@ConfigurationProperties("platform.security")
record GatewaySecurityProperties(@DefaultValue("platform") @NotBlank String issuer,
		@DefaultValue("platform-api") @NotBlank String audience,
		@DefaultValue("http://user-service/.well-known/jwks.json") @NotNull URI jwkSetUri,
		@DefaultValue("5s") @NotNull Duration jwkSetTimeout, @DefaultValue( {
				"POST /api/users", "POST /api/auth/token",
				"GET /.well-known/jwks.json" }) @NotNull List<@NotNull @Pattern(regexp = PublicPath.FORMAT,
						message = "must be 'METHOD /path', e.g. 'POST /api/users'") String> publicPaths,
		@DefaultValue("10000") @Positive long verifiedTokens){

}
