package com.example.platform.gateway.security;

import com.example.platform.gateway.config.PlatformGatewayProperties;
import reactor.core.publisher.Mono;

import org.springframework.http.HttpStatus;
import org.springframework.web.cors.CorsConfiguration;
import org.springframework.web.cors.reactive.CorsProcessor;
import org.springframework.web.cors.reactive.CorsUtils;
import org.springframework.web.cors.reactive.DefaultCorsProcessor;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * Cross-origin access for exactly the configured origins. A refused cross-origin request
 * or preflight is a 403 problem; an accepted preflight is answered here without a token,
 * as browsers send none.
 */
class StrictCorsFilter implements WebFilter {

	private final CorsConfiguration configuration;

	private final CorsProcessor processor = new DefaultCorsProcessor();

	StrictCorsFilter(PlatformGatewayProperties.Cors cors) {
		CorsConfiguration configuration = new CorsConfiguration();
		configuration.setAllowedOrigins(cors.allowedOrigins());
		configuration.setAllowedMethods(cors.allowedMethods());
		configuration.setAllowedHeaders(cors.allowedHeaders());
		configuration.setExposedHeaders(cors.exposedHeaders());
		configuration.setMaxAge(cors.maxAge());
		// Tokens travel in the Authorization header; cookies never authenticate.
		configuration.setAllowCredentials(false);
		this.configuration = configuration;
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!this.processor.process(this.configuration, exchange)) {
			return Mono.error(new ResponseStatusException(HttpStatus.FORBIDDEN,
					"Cross-origin requests from this origin, or with this method or these headers, are not allowed"));
		}
		if (CorsUtils.isPreFlightRequest(exchange.getRequest())) {
			return Mono.empty();
		}
		return chain.filter(exchange);
	}

}
