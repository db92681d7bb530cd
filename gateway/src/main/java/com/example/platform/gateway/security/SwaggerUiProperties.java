package com.example.platform.gateway.security;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Swagger UI at the gateway ({@code /swagger-ui/}) and the services' API documents
 * through it ({@code /v3/api-docs/*}).
 *
 * @param enabled whether they are served; the prod overlay turns them off, as they map
 * every operation for whoever asks, while the shop and the console stay
 */
@ConfigurationProperties("platform.gateway.swagger-ui")
public record SwaggerUiProperties(@DefaultValue("true") boolean enabled) {

}
