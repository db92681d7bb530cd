package com.example.platform.gateway.security;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import com.example.platform.gateway.config.PlatformGatewayProperties;
import com.example.platform.tls.PlatformTls;
import com.example.platform.tokens.ClaimPolicy;
import com.example.platform.tokens.PinnedJwkSet;
import com.example.platform.tokens.PlatformSecurityProperties;
import com.example.platform.tokens.PublicPath;
import com.example.platform.tokens.RevokedSubjects;
import com.example.platform.tokens.Rs256Only;
import com.example.platform.tokens.VerifiedTokens;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKMatcher;
import com.nimbusds.jose.jwk.JWKSelector;
import com.nimbusds.jwt.SignedJWT;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.security.config.web.server.SecurityWebFiltersOrder;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtClaimNames;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtIssuerValidator;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.MappedJwtClaimSetConverter;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.security.oauth2.server.resource.authentication.JwtGrantedAuthoritiesConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtAuthenticationConverter;
import org.springframework.security.oauth2.server.resource.authentication.ReactiveJwtGrantedAuthoritiesConverterAdapter;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.savedrequest.NoOpServerRequestCache;

/**
 * The gateway as an OAuth2 resource server: every {@code /api/**} request needs a valid
 * RS256 token from user-service, admin routes need the ADMIN role. Services validate the
 * same token again; the gateway forwards the {@code Authorization} header unchanged.
 */
@Configuration(proxyBeanMethods = false)
@EnableConfigurationProperties(PlatformSecurityProperties.class)
class SecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'";

	@Bean
	SecurityWebFilterChain securityWebFilterChain(ServerHttpSecurity http, PlatformSecurityProperties security,
			PlatformGatewayProperties gateway, ReactiveJwtDecoder jwtDecoder) {
		http
			// Bearer tokens only, never cookies: nothing for a forged cross-site request
			// to
			// ride on. Stateless: no session, no saved requests, no login pages.
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.requestCache((cache) -> cache.requestCache(NoOpServerRequestCache.getInstance()))
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			// Spring's CORS filter answers a refused preflight with an empty 403; this
			// one
			// renders it as problem+json like every other refusal.
			.cors(ServerHttpSecurity.CorsSpec::disable)
			.addFilterAt(new StrictCorsFilter(gateway.cors()), SecurityWebFiltersOrder.CORS)
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.authorizeExchange((exchanges) -> {
				security.publicPaths()
					.stream()
					.map(PublicPath::parse)
					.forEach((path) -> exchanges.pathMatchers(path.method(), path.pattern()).permitAll());
				exchanges.pathMatchers("/api/admin/**").hasRole("ADMIN");
				exchanges.pathMatchers("/api/**").authenticated();
				// Everything else is the public JWKS or matches no route and is answered
				// 404 by the gateway itself (GatewaySecurityIT keeps every route under
				// /api/ or public). Actuator is on the management port only.
				exchanges.anyExchange().permitAll();
			})
			.oauth2ResourceServer((resourceServer) -> resourceServer
				.jwt((jwt) -> jwt.jwtDecoder(jwtDecoder).jwtAuthenticationConverter(authenticationConverter()))
				.authenticationEntryPoint(BearerTokenProblems.entryPoint())
				.accessDeniedHandler(BearerTokenProblems.accessDeniedHandler()))
			.exceptionHandling((exceptions) -> exceptions.authenticationEntryPoint(BearerTokenProblems.entryPoint())
				.accessDeniedHandler(BearerTokenProblems.accessDeniedHandler()));
		return http.build();
	}

	/**
	 * Keys come only from the pinned locations ({@link PinnedJwkSet}: never through the
	 * load balancer, so an instance registered as user-service cannot serve its own),
	 * kept until a token names a key they lack, fetched again at most once per interval.
	 * Verified tokens are remembered until they expire ({@link VerifiedTokenCache}).
	 */
	@Bean
	ReactiveJwtDecoder jwtDecoder(PlatformSecurityProperties security, PinnedJwkSet platformJwkSet,
			RevokedSubjects revokedSubjects) {
		NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSource(keysFrom(platformJwkSet))
			// RS256 only: "alg": "none" and HS256 signed with the public key are refused.
			.jwsAlgorithm(SignatureAlgorithm.RS256)
			.build();
		return verifying(decoder, security, Clock.systemUTC(), revokedSubjects);
	}

	// Over mutual TLS when it is on, so the location must also prove it is the issuer.
	@Bean
	PinnedJwkSet platformJwkSet(PlatformSecurityProperties security, ObjectProvider<PlatformTls> tls) {
		PlatformTls platformTls = tls.getIfAvailable();
		return (platformTls != null) ? PinnedJwkSet.of(security, platformTls.bundle()) : PinnedJwkSet.of(security);
	}

	/**
	 * The keys a token names: those held are answered on the event loop, a fetch (a
	 * blocking call, at most once per interval) runs off it.
	 * @param keys the pinned key set
	 * @return the key lookup the reactive decoder calls for each token
	 */
	static Function<SignedJWT, Flux<JWK>> keysFrom(PinnedJwkSet keys) {
		return (jwt) -> {
			JWKSelector selector = new JWKSelector(JWKMatcher.forJWSHeader(jwt.getHeader()));
			List<JWK> held = keys.held(selector);
			if (!held.isEmpty()) {
				return Flux.fromIterable(held);
			}
			return Mono.fromCallable(() -> keys.get(selector, null))
				.subscribeOn(Schedulers.boundedElastic())
				.flatMapMany(Flux::fromIterable);
		};
	}

	@Bean
	RevokedSubjects revokedSubjects() {
		return new RevokedSubjects(Clock.systemUTC());
	}

	// The services announce deleted users on Redis, which the gateway has for its rate
	// limits.
	@Bean
	SubjectRevocationListener subjectRevocationListener(ReactiveRedisConnectionFactory redis,
			RevokedSubjects revokedSubjects) {
		return new SubjectRevocationListener(redis, revokedSubjects);
	}

	/**
	 * The platform's checks on a decoder's tokens, and the cache of those that passed.
	 * @param decoder checks signatures against the key set
	 * @param security the issuer and audience
	 * @param clock tells when a cached token has expired
	 * @param revoked subjects whose tokens are refused however valid
	 * @return the decoder the resource server uses
	 */
	static ReactiveJwtDecoder verifying(NimbusReactiveJwtDecoder decoder, PlatformSecurityProperties security,
			Clock clock, RevokedSubjects revoked) {
		decoder.setJwtValidator(ClaimPolicy.validator(security.issuer(), security.audience(), clock));
		// Spring Security's default turns iss into a URL where it can; the platform's
		// issuer is a plain name, so that failed, with an exception, on every token.
		decoder.setClaimSetConverter(MappedJwtClaimSetConverter
			.withDefaults(Map.of(JwtClaimNames.ISS, (issuer) -> (issuer != null) ? issuer.toString() : null)));
		ReactiveJwtDecoder rs256Only = (token) -> Mono.fromCallable(() -> Rs256Only.check(token))
			.flatMap(decoder::decode);
		return new VerifiedTokenCache(rs256Only,
				new VerifiedTokens(security.verifiedTokens(), ClaimPolicy.CLOCK_SKEW, clock), revoked);
	}

	static ReactiveJwtAuthenticationConverter authenticationConverter() {
		JwtGrantedAuthoritiesConverter roles = new JwtGrantedAuthoritiesConverter();
		roles.setAuthoritiesClaimName("roles");
		roles.setAuthorityPrefix("ROLE_");
		ReactiveJwtAuthenticationConverter converter = new ReactiveJwtAuthenticationConverter();
		converter.setJwtGrantedAuthoritiesConverter(new ReactiveJwtGrantedAuthoritiesConverterAdapter(roles));
		return converter;
	}

}
