package com.example.platform.web.openapi;

import java.util.List;

import org.springdoc.core.customizers.OpenApiCustomizer;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;

/**
 * Each servlet service's OpenAPI document ({@code /v3/api-docs}, by springdoc from the
 * controllers) with the platform's common parts added once, here.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(OpenApiCustomizer.class)
@ConditionalOnBooleanProperty(name = "springdoc.api-docs.enabled", matchIfMissing = true)
@EnableConfigurationProperties(PlatformApiProperties.class)
public class OpenApiAutoConfiguration {

	// The same list security-support permits without a token, so the document says
	// exactly which operations need one.
	@Bean
	OpenApiCustomizer platformOpenApiCustomizer(PlatformApiProperties api, Environment environment) {
		List<String> publicPaths = Binder.get(environment)
			.bind("platform.security.public-paths", Bindable.listOf(String.class))
			.orElse(List.of());
		return new PlatformOpenApiCustomizer(api, publicPaths,
				environment.getProperty("spring.application.name", "application"));
	}

}
