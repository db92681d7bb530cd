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
 * {@code default-src 'none'}.
 * <p>
 * Styles: Swagger UI renders its logo as an inline SVG holding one {@code <style>}
 * element, the only style the browser blocks under {@code style-src 'self'} (Chromium
 * reports that one violation and no other; the {@code style} attributes Swagger UI sets
 * go through the CSSOM, which {@code style-src-attr} does not govern). That element is
 * allowed by its hash, the narrowest grant: not {@code 'unsafe-inline'}, which would let
 * any injected {@code <style>} or style attribute through, and no hash for a style
 * attribute ({@code 'unsafe-hashes'}). The hash is of Swagger UI's version
 * ({@code swagger-ui.version}): a version whose logo changes fails
 * {@code SwaggerUiBrowserIT}, whose message names the new hash.
 */
@Configuration(proxyBeanMethods = false)
class SwaggerUiSecurityConfiguration {

	/** The text of the {@code <style>} element in Swagger UI's logo (5.34.0). */
	static final String LOGO_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' "
			+ LOGO_STYLE_HASH + "; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
			+ "base-uri 'none'; frame-ancestors 'none'";

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
