package com.example.platform.gateway.security;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.security.config.web.server.ServerHttpSecurity;
import org.springframework.security.web.server.SecurityWebFilterChain;
import org.springframework.security.web.server.context.NoOpServerSecurityContextRepository;
import org.springframework.security.web.server.header.ReferrerPolicyServerHttpHeadersWriter.ReferrerPolicy;
import org.springframework.security.web.server.util.matcher.ServerWebExchangeMatchers;

/**
 * Swagger UI's page and assets (static/swagger-ui and the swagger-ui WebJar): public, and
 * with a Content-Security-Policy that lets the page run, but only from the gateway's own
 * files. No inline script, no eval, nothing from another origin; requests ("Try it out",
 * the documents) only to the gateway itself. Every other path keeps the API's
 * {@code default-src 'none'}. Swagger UI applies one inline style, which this policy
 * blocks without visible effect (checked with headless Chromium).
 */
@Configuration(proxyBeanMethods = false)
class SwaggerUiSecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; base-uri 'none'; "
			+ "frame-ancestors 'none'";

	// Before the API's chain, which would otherwise match these paths too.
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain swaggerUiSecurityWebFilterChain(ServerHttpSecurity http) {
		http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/swagger-ui/**", "/webjars/swagger-ui/**"))
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(CONTENT_SECURITY_POLICY))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll());
		return http.build();
	}

}
