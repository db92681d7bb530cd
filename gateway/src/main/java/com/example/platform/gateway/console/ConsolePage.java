package com.example.platform.gateway.console;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerResponse;

import static org.springframework.web.reactive.function.server.RequestPredicates.GET;

/**
 * The console's page at {@code /console/}: WebFlux serves {@code static/} files by their
 * exact path only, with no index page for a directory. Its script and style are files
 * next to it ({@code static/console/}), under the policy of
 * {@code PageSecurityConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
class ConsolePage {

	private static final Resource PAGE = new ClassPathResource("static/console/index.html");

	@Bean
	RouterFunction<ServerResponse> consolePageRoute() {
		return RouterFunctions.route(GET("/console/").or(GET("/console")),
				(request) -> ServerResponse.ok().contentType(MediaType.TEXT_HTML).bodyValue(PAGE));
	}

}
