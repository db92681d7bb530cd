package com.example.platform.web.openapi;

import java.util.Map;

import org.springframework.boot.EnvironmentPostProcessor;
import org.springframework.boot.SpringApplication;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * springdoc settings every service would otherwise repeat, overridable as usual.
 */
class OpenApiDefaultsEnvironmentPostProcessor implements EnvironmentPostProcessor {

	@Override
	public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
		environment.getPropertySources()
			.addLast(new MapPropertySource("platformOpenApiDefaults", Map.of(
					// OpenAPI 3.1: JSON Schema 2020-12, what the validators and
					// generators read.
					"springdoc.api-docs.version", "openapi_3_1",
					// Sorted keys: the committed copies diff cleanly when something
					// changes.
					"springdoc.writer-with-order-by-keys", "true",
					// The services answer JSON; springdoc's default would be */*.
					"springdoc.default-produces-media-type", "application/json",
					// springdoc would add each @ExceptionHandler of the services' advice
					// to every
					// operation, most with a made-up status; PlatformOpenApiCustomizer
					// adds the
					// errors that really apply instead.
					"springdoc.override-with-generic-response", "false",
					// Only what the gateway routes: the API and user-service's key set,
					// no
					// actuator, which is on the management port.
					"springdoc.paths-to-match", "/api/**,/.well-known/**",
					// From its cache (the second request on) springdoc names the URL the
					// request reached, this instance's, as the document's server, past
					// PlatformOpenApiCustomizer's relative servers: Swagger UI at the
					// gateway then sent "Try it out" straight to an instance, which its
					// CSP refused (found by SwaggerUiSystemIT in a real browser). Built
					// per request instead: documents are read rarely.
					"springdoc.cache.disabled", "true")));
	}

}
