package com.example.platform.gateway.security;

import reactor.core.publisher.Mono;

import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

/**
 * With Swagger UI off ({@link SwaggerUiProperties}), its page, its files and the API
 * documents answer 404 problem+json like any unknown path, before security or routing
 * sees them.
 */
@Component
@EnableConfigurationProperties(SwaggerUiProperties.class)
class SwaggerUiSwitch implements WebFilter, Ordered {

	private static final String[] PATHS = { "/swagger-ui", "/webjars/swagger-ui/", "/v3/api-docs" };

	private final boolean enabled;

	SwaggerUiSwitch(SwaggerUiProperties properties) {
		this.enabled = properties.enabled();
	}

	@Override
	public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
		if (!this.enabled && isSwaggerUi(exchange.getRequest().getPath().value())) {
			return Mono.error(new ResponseStatusException(HttpStatus.NOT_FOUND, "No static resource here"));
		}
		return chain.filter(exchange);
	}

	private static boolean isSwaggerUi(String path) {
		for (String prefix : PATHS) {
			if (path.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public int getOrder() {
		// Ahead of Spring Security's WebFilterChainProxy (-100).
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
