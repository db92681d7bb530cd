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
 * The pages the gateway serves itself: the shop (static/index.html, static/shop/), the
 * administrator console (static/console/) and Swagger UI (static/swagger-ui and its
 * WebJar). Their files are public — they hold nothing but code; the data comes from the
 * API, with a token — and each page gets a Content-Security-Policy that lets it run only
 * the gateway's own files and talk only to the gateway: no inline script or style, no
 * eval, nothing from another origin. Every other path keeps the API's
 * {@code default-src 'none'} ({@link SecurityConfiguration}).
 * <p>
 * The shop and the console need nothing more: no fonts, no {@code data:} images, no form
 * posted anywhere (their forms are handled by script). Swagger UI needs three grants
 * more: its fonts, {@code data:} images, and the one {@code <style>} element of its logo,
 * an inline SVG — the only style the browser blocks under {@code style-src 'self'}
 * (Chromium reports that one violation and no other; the {@code style} attributes Swagger
 * UI sets go through the CSSOM, which {@code style-src-attr} does not govern). That
 * element is allowed by its hash, the narrowest grant: not {@code 'unsafe-inline'}, which
 * would let any injected {@code <style>} or style attribute through, and no hash for a
 * style attribute ({@code 'unsafe-hashes'}). The hash is of Swagger UI's version
 * ({@code swagger-ui.version}): a version whose logo changes fails
 * {@code SwaggerUiBrowserIT}, whose message names the new hash.
 */
@Configuration(proxyBeanMethods = false)
class PageSecurityConfiguration {

	static final String PAGE_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
			+ "connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

	/** The text of the {@code <style>} element in Swagger UI's logo (5.34.0). */
	static final String LOGO_STYLE_HASH = "'sha256-RL3ie0nH+Lzz2YNqQN83mnU0J1ot4QL7b99vMdIX99w='";

	static final String SWAGGER_UI_POLICY = "default-src 'none'; script-src 'self'; style-src 'self' " + LOGO_STYLE_HASH
			+ "; img-src 'self' data:; font-src 'self'; connect-src 'self'; form-action 'self'; "
			+ "base-uri 'none'; frame-ancestors 'none'";

	// Both before the API's chain, which would otherwise match these paths too.
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE)
	SecurityWebFilterChain swaggerUiSecurityWebFilterChain(ServerHttpSecurity http) {
		return publicPages(http, SWAGGER_UI_POLICY, "/swagger-ui/**", "/webjars/swagger-ui/**");
	}

	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 1)
	SecurityWebFilterChain pagesSecurityWebFilterChain(ServerHttpSecurity http) {
		return publicPages(http, PAGE_POLICY, "/", "/index.html", "/shop/**", "/console", "/console/**");
	}

	private static SecurityWebFilterChain publicPages(ServerHttpSecurity http, String policy, String... paths) {
		http.securityMatcher(ServerWebExchangeMatchers.pathMatchers(paths))
			.csrf(ServerHttpSecurity.CsrfSpec::disable)
			.httpBasic(ServerHttpSecurity.HttpBasicSpec::disable)
			.formLogin(ServerHttpSecurity.FormLoginSpec::disable)
			.logout(ServerHttpSecurity.LogoutSpec::disable)
			.securityContextRepository(NoOpServerSecurityContextRepository.getInstance())
			.headers((headers) -> headers.contentSecurityPolicy((csp) -> csp.policyDirectives(policy))
				.referrerPolicy((referrer) -> referrer.policy(ReferrerPolicy.NO_REFERRER)))
			.authorizeExchange((exchanges) -> exchanges.anyExchange().permitAll());
		return http.build();
	}

}
