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
 * The shop (static/index.html and static/shop/): public files, whose page may run only
 * the gateway's own scripts and styles and talk only to the gateway (the API, same
 * origin). Narrower than Swagger UI's policy: no fonts, no {@code data:} images, no forms
 * posted anywhere (the shop's forms are handled by script). Every other path keeps the
 * API's {@code default-src 'none'}.
 */
@Configuration(proxyBeanMethods = false)
class ShopSecurityConfiguration {

	static final String CONTENT_SECURITY_POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; "
			+ "img-src 'self'; connect-src 'self'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

	// Before the API's chain, which would otherwise match these paths too.
	@Bean
	@Order(Ordered.HIGHEST_PRECEDENCE + 1)
	SecurityWebFilterChain shopSecurityWebFilterChain(ServerHttpSecurity http) {
		http.securityMatcher(ServerWebExchangeMatchers.pathMatchers("/", "/index.html", "/shop/**"))
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
